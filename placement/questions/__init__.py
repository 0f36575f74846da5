"""The progression factors and their question bank, as JSON and as a page to read before a conversation."""
