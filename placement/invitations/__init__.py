"""Invitations: the consultant brings the company contact, the mentor and the citizen into a placement."""
