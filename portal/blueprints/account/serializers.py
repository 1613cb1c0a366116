"""JSON shapes of the account's security pages."""
from portal.timeutil import iso


def token_json(token) -> dict:
    """An API token as its owner sees it (the key itself is shown only when created)."""
    return {"id": token.public_id, "name": token.name, "created": iso(token.created),
            "last_used_at": iso(token.last_used_at)}


def login_json(live) -> dict:
    """An open login of the account."""
    row = live.row
    return {"created": iso(row.created), "expires_at": iso(row.expires_at), "remembered": row.remembered,
            "ip": row.ip, "user_agent": row.user_agent, "current": live.current}
