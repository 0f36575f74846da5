"""Who may do what: the one policy module and the scoped queries every slice goes through."""
