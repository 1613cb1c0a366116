"""JSON shapes of claims, proofs, challenges and linked ИИН."""
from portal.identity.claiming import CLAIM_LABELS
from portal.identity.proofs import authority_text
from portal.staffing.serializers import company_brief_json, join_request_json, member_json
from portal.timeutil import iso


def proof_json(proof) -> dict | None:
    """How a company was proven, or None."""
    if proof is None:
        return None
    return {"method": proof.method, "text": authority_text(proof.method, proof.proven_at),
            "proven_at": iso(proof.proven_at), "by": proof.user.public_id if proof.user else None}


def code_json(code) -> dict | None:
    """The code in play: where it went and until when (never the code)."""
    if code is None:
        return None
    return {"sent_to": code.masked, "expires_at": iso(code.expires_at), "attempts": code.attempts}


def claim_json(data: dict) -> dict:
    """`GET /identity/claims/<id>/`: the claim and the proofs it can take."""
    claim = data["claim"]
    return {
        "id": claim.public_id,
        "status": claim.status,
        "status_label": CLAIM_LABELS[claim.status],
        "method": claim.method,
        "company": company_brief_json(claim.company),
        "created": iso(claim.created),
        "decided_at": iso(claim.decided_at),
        "emails": [{"id": row.public_id, "masked": row.masked} for row in data["emails"]],
        "director_on_portal": data["director_on_portal"],
        "code": code_json(data["code"]),
        "company_proof": proof_json(data["proof"]),
    }


def settled_json(settled, next_url: str) -> dict:
    """What a proof led to."""
    return {
        "outcome": settled.outcome,
        "claim": {"id": settled.claim.public_id, "status": settled.claim.status, "method": settled.claim.method},
        "staff": member_json(settled.staff) if settled.staff else None,
        "join_request": join_request_json(settled.request) if settled.request else None,
        "next": next_url,
    }


def challenge_json(challenge) -> dict:
    """A challenge to sign: the text (sign its UTF-8 bytes) and until when it works."""
    return {"challenge": challenge.text, "expires_at": iso(challenge.expires_at)}


def link_json(link) -> dict:
    """The user's linked ИИН."""
    if link is None:
        return {"linked": False, "iin": None, "holder": None, "linked_at": None}
    return {"linked": True, "iin": link.iin, "holder": link.holder, "linked_at": iso(link.linked_at)}
