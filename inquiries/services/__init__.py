"""Every write with side effects on inquiries, one module per concern: submission (a company sends the form),
outbox (the inquiries' emails as the outbox sends them), workflow (status, assignee, notes, history), digest (the
handlers' daily digest), replies (answering from the portal) and privacy (anonymising). Import from the module."""
