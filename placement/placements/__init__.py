"""Planning placements: the placement, its weekly hours plan, its page and the consultant's caseload."""
