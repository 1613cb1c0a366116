"""What the staff pages show: one builder per page, and its JSON serializer."""
from portal.models import User
from portal.staffing.claims import own_requests, pending_requests
from portal.staffing.invites import company_invites
from portal.staffing.serializers import company_brief_json, invite_json, join_request_json, member_json
from portal.staffing.service import company_members, require_company, staff_of
from portal.identity.claiming import pending_claim
from portal.identity.proofs import is_proven


def staff_page_data(user: User) -> dict:
    """The company's staff for everyone in it; invites and join requests for its directors."""
    me = require_company(staff_of(user))
    manage = me.is_director
    return {
        "me": me,
        "company": me.company,
        "can_manage": manage,
        "members": company_members(me.company_id),
        "requests": pending_requests(me.company_id) if manage else [],
        "invites": company_invites(me.company_id) if manage else [],
    }


def staff_page_json(data: dict) -> dict:
    """`GET /staff/` as JSON."""
    return {
        "company": company_brief_json(data["company"]),
        "me": member_json(data["me"]),
        "can_manage": data["can_manage"],
        "members": [member_json(member) for member in data["members"]],
        "join_requests": [join_request_json(join) for join in data["requests"]],
        "invites": [invite_json(invite) for invite in data["invites"]],
    }


def claim_page_data(user: User) -> dict:
    """A user without a company: their position (if any) and their requests to join."""
    me = staff_of(user)
    return {
        "me": me, "company": me.company if me else None, "requests": own_requests(user),
        "claim": pending_claim(user), "proven": is_proven(me.company_id) if me else False,
    }


def claim_page_json(data: dict) -> dict:
    """`GET /staff/claim/` as JSON."""
    return {
        "company": company_brief_json(data["company"]) if data["company"] else None,
        "join_requests": [join_request_json(join) for join in data["requests"]],
        "claim": {"id": data["claim"].public_id, "company": company_brief_json(data["claim"].company)}
        if data["claim"] else None,
        "company_proven": data["proven"],
    }
