"""The audit log of company accounts: `record_event` writes, `log` reads for the director's page."""
