"""E-mail delivery shared by every area that sends mail: SMTP and the outbox (`smtp`), and rows
of e-mails attempted by the task queue and retried by the scheduler (`delivery`)."""
