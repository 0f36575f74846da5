"""Planning and following placements: the plan, the weekly hours, sub-goals with small steps, and decisions."""
