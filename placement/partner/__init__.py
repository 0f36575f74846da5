"""The company contact's and mentor's start page: their placements, this week's log, the weeks missing, the plan."""
