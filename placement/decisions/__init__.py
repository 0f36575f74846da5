"""The decisions a consultant records at a follow-up: continue, adjust, extend or end."""
