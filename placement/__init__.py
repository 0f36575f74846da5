"""Company placements made measurable: the Litestar service."""
