"""Stand-in for the audit log the `sessions` branch writes: same module path and signature.

Only so that this branch runs on its own; at merge the `sessions` branch's version (a table in
the database, read by the director) replaces this file. Here events go to the Python log.
"""
import logging

log = logging.getLogger("portal.audit")


def record_event(company_id: int | None, user_id: int | None, event: str, details: dict | None = None) -> None:
    """Note an event about a company and a user (the real version adds it to the transaction)."""
    log.info("audit company=%s user=%s event=%s details=%s", company_id, user_id, event, details or {})
