"""What became of the citizen after a placement: outcomes at its end and three and six months later."""
