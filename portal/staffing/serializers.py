"""JSON shapes of staff management: members, invites and join requests."""
from portal.models import Company, Invite, JoinRequest, Staff, User
from portal.staffing.claims import REQUEST_LABELS
from portal.staffing.invites import STATUS_LABELS, invite_status
from portal.timeutil import iso


def account_json(user: User) -> dict:
    """The logged-in person."""
    return {
        "id": user.public_id,
        "email": user.email,
        "full_name": user.full_name,
        "must_change_password": user.must_change_password,
    }


def company_brief_json(company: Company) -> dict:
    """Enough to name a company in a list."""
    return {"id": company.public_id, "bin": company.bin, "company_name": company.company_name}


def member_json(staff: Staff) -> dict:
    """A colleague: the seed's staff keys plus the name and e-mail people need to recognise them."""
    return {
        "user": staff.user.public_id,
        "full_name": staff.user.full_name,
        "email": staff.user.email,
        "role": staff.role,
        "phone_number": staff.phone_number,
        "must_change_password": staff.user.must_change_password,
    }


def invite_json(invite: Invite, link: str | None = None) -> dict:
    """An invite; `link` only in the answer that created it (the token is not stored)."""
    status = invite_status(invite)
    data = {
        "id": invite.public_id,
        "email": invite.email,
        "role": invite.role,
        "status": status,
        "status_label": STATUS_LABELS[status],
        "created": iso(invite.created),
        "expires_at": iso(invite.expires_at),
        "used_at": iso(invite.used_at),
        "used_by": invite.used_by.public_id if invite.used_by else None,
    }
    if link is not None:
        data["link"] = link
    return data


def join_request_json(join: JoinRequest) -> dict:
    """A request to join a company."""
    return {
        "id": join.public_id,
        "user": join.user.public_id,
        "full_name": join.user.full_name,
        "email": join.user.email,
        "company": company_brief_json(join.company),
        "status": join.status,
        "status_label": REQUEST_LABELS[join.status],
        "message": join.message,
        "created": iso(join.created),
        "decided_at": iso(join.decided_at),
    }
