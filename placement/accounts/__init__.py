"""Accounts: people with one role, their passwords and their sessions."""
