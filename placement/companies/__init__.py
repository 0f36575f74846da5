"""Companies that host placements, identified by a validated CVR number."""
