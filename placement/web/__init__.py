"""What every page shares: rendering, error pages, form parsing and the display filters."""
