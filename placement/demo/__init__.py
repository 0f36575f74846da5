"""A clearly marked demo jobcenter, so that a newcomer sees the service working."""
