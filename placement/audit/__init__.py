"""The append-only audit trail of every read and change of a citizen's data."""
