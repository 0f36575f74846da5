"""Pure domain of company placements: factors, question bank, progress and the recommendation."""
