"""General pages: the start page and the language switch."""
