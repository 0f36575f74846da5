"""Administration: accounts of the jobcenter's own staff and handing a caseload over; never case data."""
