"""The confirm page's data and its one write: the ticked matches become payments, all or none.

Each confirmed line becomes `record_payment(method="transfer", reference=<bank document
number>, statement_line_id=<line>)` and the line keeps the payment's id, in one transaction:
a line refused (another company's invoice, an annulled one, an overpayment not confirmed, a
line already settled) rolls back every payment of the submission and is named in the answer.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import or_, select

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.payments import record_payment, remaining
from portal.ledger.statements.matching import PRETICK
from portal.models.base import PUBLIC_ID_RE
from portal.models.issued import IssuedDocument
from portal.models.ledger import LedgerInvoice
from portal.models.statements import BankStatement, StatementLine


@dataclass
class LineView:
    line: StatementLine
    proposed: LedgerInvoice | None
    options: list[LedgerInvoice] = field(default_factory=list)  # the payer's open invoices, for «change invoice»

    @property
    def state(self) -> str:
        if self.line.direction == "out":
            return "outgoing"
        return "paid" if self.line.payment_id else "open"

    @property
    def ticked(self) -> bool:
        return self.state == "open" and self.proposed is not None and self.line.confidence >= PRETICK


@dataclass
class StatementView:
    statement: BankStatement
    lines: list[LineView]

    @property
    def counts(self) -> dict[str, int]:
        result = {"open": 0, "paid": 0, "outgoing": 0, "proposed": 0}
        for view in self.lines:
            result[view.state] += 1
            result["proposed"] += view.state == "open" and view.proposed is not None
        return result


def find_statement(company_id: int, public_id: str) -> BankStatement:
    """The company's statement; another company's (or a malformed id) is a 404."""
    statement = None
    if PUBLIC_ID_RE.match(public_id or ""):
        statement = db.session.execute(select(BankStatement).where(
            BankStatement.company_id == company_id, BankStatement.public_id == public_id)).scalar_one_or_none()
    if statement is None:
        raise ApiError(404, "Выписка не найдена.")
    return statement


def statement_view(company_id: int, public_id: str) -> StatementView:
    statement = find_statement(company_id, public_id)
    lines = list(db.session.execute(select(StatementLine).where(StatementLine.statement_id == statement.id)
                                    .order_by(StatementLine.position, StatementLine.id)).scalars())
    wanted_ids = {ln.proposed_document_id for ln in lines if ln.proposed_document_id}
    bins = {ln.payer_bin for ln in lines if ln.payer_bin and ln.direction == "in" and not ln.payment_id}
    found = db.session.execute(select(LedgerInvoice).where(
        LedgerInvoice.company_id == company_id,
        or_(LedgerInvoice.document_id.in_(wanted_ids or [0]),
            (LedgerInvoice.counterparty_bin.in_(bins or [""])) & LedgerInvoice.annulled_at.is_(None)
            & LedgerInvoice.paid_at.is_(None)))
        .order_by(LedgerInvoice.doc_date, LedgerInvoice.document_id)).unique().scalars().all()
    by_id = {inv.document_id: inv for inv in found}
    by_bin: dict[str, list[LedgerInvoice]] = {}
    for inv in found:
        if inv.annulled_at is None and inv.paid_at is None:
            by_bin.setdefault(inv.counterparty_bin, []).append(inv)
    views = []
    for ln in lines:
        proposed = by_id.get(ln.proposed_document_id) if ln.proposed_document_id else None
        options = list(by_bin.get(ln.payer_bin, [])) if ln.direction == "in" else []
        if proposed is not None and proposed not in options:
            options.insert(0, proposed)
        views.append(LineView(ln, proposed, options))
    return StatementView(statement, views)


def _invoice_by_ref(company_id: int, ref: str) -> LedgerInvoice | None:
    """An invoice named by its number (`2026-000001`) or its issued document's id."""
    ref = (ref or "").strip()
    query = select(LedgerInvoice).join(IssuedDocument, IssuedDocument.id == LedgerInvoice.document_id).where(
        LedgerInvoice.company_id == company_id,
        or_(LedgerInvoice.number == ref, IssuedDocument.public_id == ref))
    return db.session.execute(query.order_by(LedgerInvoice.doc_date.desc())).unique().scalars().first()


def confirm(company_id: int, user_id: int | None, public_id: str, choices: list[dict]) -> list:
    """`choices`: [{"line": <line id>, "invoice": <number or document id>, "confirm_overpayment": bool}]."""
    statement = find_statement(company_id, public_id)
    if not choices:
        raise ValidationFailed({"matches": ["Отметьте хотя бы одну строку выписки."]})
    errors: dict[str, list[str]] = {}
    payments = []
    lines = {ln.public_id: ln for ln in db.session.execute(select(StatementLine).where(
        StatementLine.statement_id == statement.id).with_for_update()).scalars()}
    seen = set()
    for choice in choices:
        key = f"line_{choice.get('line')}"
        line = lines.get(str(choice.get("line") or ""))
        if line is None:
            errors[key] = ["Такой строки нет в этой выписке."]
            continue
        if line.public_id in seen:
            errors[key] = ["Строка отмечена дважды."]
            continue
        seen.add(line.public_id)
        if line.direction != "in":
            errors[key] = ["Это списание, а не поступление: его не разнести на счёт."]
            continue
        if line.payment_id:
            errors[key] = ["Строка уже разнесена."]
            continue
        invoice = _invoice_by_ref(company_id, str(choice.get("invoice") or ""))
        if invoice is None:
            errors[key] = [f"Счёт «{choice.get('invoice') or ''}» не найден среди счетов компании."]
            continue
        try:
            with db.session.begin_nested():
                payment = record_payment(
                    company_id, invoice.document_id, paid_on=line.op_date, amount=Decimal(line.amount),
                    method="transfer", reference=line.doc_number, note=f"Выписка {statement.file_name}"[:500],
                    user_id=user_id, confirm_overpayment=bool(choice.get("confirm_overpayment")),
                    statement_line_id=line.id)
                line.payment_id = payment.id
                payments.append(payment)
        except ValidationFailed as exc:
            errors[key] = [m for messages in exc.errors.values() for m in messages]
        except ApiError as exc:
            errors[key] = [exc.detail]
    if errors:
        db.session.rollback()
        raise ValidationFailed(errors)
    db.session.commit()
    return payments


def remaining_of(inv: LedgerInvoice) -> Decimal:
    return remaining(inv)
