"""The leader's start page; management information comes in the next release."""
