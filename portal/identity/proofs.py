"""A company's proof of identity: recording it, asking for it, and saying it on documents.

Until a company is proven its staff may read the directory and build drafts, but nothing
that speaks in the company's name: issuing documents, inviting staff, changing its settings.
"""
from datetime import datetime

from sqlalchemy import select

from portal.extensions import db
from portal.models.accounts import Staff
from portal.models.identity import (
    METHOD_DIRECTOR,
    METHOD_EDS_HEAD,
    METHOD_EDS_SIGNER,
    METHOD_EMAIL,
    CompanyProof,
)
from portal.timeutil import now_utc, to_almaty
from portal.errors import ApiError

AUTHORITY = {
    METHOD_EDS_HEAD: "Компания подтверждена ЭЦП первого руководителя",
    METHOD_EDS_SIGNER: "Компания подтверждена ЭЦП лица с правом подписи",
    METHOD_EMAIL: "Компания подтверждена кодом, отправленным на адрес из справочника",
    METHOD_DIRECTOR: "Полномочия подтверждены директором компании",
}
NOT_RECORDED = "способ подтверждения не записан"
UNPROVEN = ("пока компания не подтверждена. Подтвердите её ЭЦП первого руководителя или кодом, "
            "отправленным на адрес из справочника (страница «Найти свою компанию»).")


def proof_of(company_id: int) -> CompanyProof | None:
    """The company's proof, if it has one."""
    return db.session.execute(select(CompanyProof).where(CompanyProof.company_id == company_id)).scalar_one_or_none()


def is_proven(company_id: int) -> bool:
    """Whether the company's identity has been established."""
    return proof_of(company_id) is not None


def require_proven(actor: Staff | None, action: str = "действовать от имени компании") -> Staff | None:
    """Refuse (403) an action in the name of a company that has not been proven."""
    if actor is not None and not is_proven(actor.company_id):
        raise ApiError(403, f"Нельзя {action}, {UNPROVEN}")
    return actor


def record_proof(company_id: int, method: str, user_id: int | None, detail: str = "") -> CompanyProof:
    """Store how the company was proven, replacing an earlier proof (not committed)."""
    proof = proof_of(company_id)
    if proof is None:
        proof = CompanyProof(company_id=company_id)
        db.session.add(proof)
    proof.method, proof.user_id, proof.detail, proof.proven_at = method, user_id, detail[:300], now_utc()
    return proof


def authority_columns(company_id: int) -> dict:
    """What an issued document records of its issuer's authority at issue time."""
    proof = proof_of(company_id)
    return {"authority_method": proof.method if proof else None, "authority_at": proof.proven_at if proof else None}


def authority_text(method: str | None, at: datetime | None) -> str:
    """«Компания подтверждена ЭЦП первого руководителя 12.03.2026», or «способ … не записан»."""
    if not method or method not in AUTHORITY:
        return NOT_RECORDED
    return f"{AUTHORITY[method]} {to_almaty(at):%d.%m.%Y}" if at else AUTHORITY[method]
