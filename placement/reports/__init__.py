"""The shared progress report: assembled once, shown as a page and rendered to PDF for each audience."""
