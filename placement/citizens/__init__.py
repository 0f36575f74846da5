"""Citizens in placements: name, case reference and target group; never a CPR number."""
