"""Logging in and out: server-side sessions in the database, the brute-force limit, and deny-by-default."""
