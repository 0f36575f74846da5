"""Sub-goals of a placement, tied to a factor A–E, with their small steps."""
