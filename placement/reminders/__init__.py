"""Weekly reminders: who has not logged this week is reminded once, and each consultant gets a digest."""
