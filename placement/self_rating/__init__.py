"""The citizen's own weekly rating of their sub-goals, kept apart from the observers' weekly log."""
