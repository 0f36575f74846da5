"""Email: an outbox written with the action that causes a mail, a sender that delivers it, and the mails."""
