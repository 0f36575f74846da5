"""The weekly log: one entry per placement, ISO week and observer, written in about a minute on a phone."""
