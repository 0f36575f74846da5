"""The consultant's overview of the caseload: what needs attention this week."""
