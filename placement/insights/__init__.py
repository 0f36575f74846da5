"""Management information: figures summed over many placements, never one citizen, and the monthly report."""
