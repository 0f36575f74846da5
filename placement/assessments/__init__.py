"""The citizen's self-assessments (A–E), the consultant's view (F) and the citizen's consent to share health answers."""
