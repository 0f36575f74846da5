"""Progress of a placement: the series, small steps, disagreements and the recommendation, per the viewer's rights."""
