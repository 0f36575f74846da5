"""The citizen's own page (/mig) and when their data was used (/mig/brug-af-data, /api/me/data-use)."""
