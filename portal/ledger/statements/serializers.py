"""JSON shapes of bank statements, their lines and the proposed matches."""
from flask import url_for

from portal.ledger.payments import remaining
from portal.ledger.statements.confirming import LineView, StatementView
from portal.models.ledger import LedgerInvoice
from portal.models.statements import FORMATS, LINE_STATES, BankStatement
from portal.smart_docs.money import money_str
from portal.timeutil import iso


def statement_json(statement: BankStatement) -> dict:
    return {
        "id": statement.public_id,
        "file_name": statement.file_name,
        "format": statement.file_format,
        "format_text": FORMATS.get(statement.file_format, statement.file_format),
        "bank": statement.bank,
        "account": statement.account,
        "period_start": statement.period_start.isoformat() if statement.period_start else None,
        "period_end": statement.period_end.isoformat() if statement.period_end else None,
        "lines_in_file": statement.lines_in_file,
        "lines_new": statement.lines_new,
        "uploaded_at": iso(statement.uploaded_at),
        "url": url_for("ledger.statement_detail", public_id=statement.public_id, _external=True),
    }


def invoice_json(inv: LedgerInvoice | None) -> dict | None:
    if inv is None:
        return None
    return {"id": inv.document.public_id, "number": inv.number, "date": inv.doc_date.isoformat(),
            "counterparty": {"name": inv.counterparty_name, "bin": inv.counterparty_bin},
            "amount": money_str(inv.amount), "remaining": money_str(remaining(inv))}


def line_json(view: LineView) -> dict:
    line = view.line
    return {
        "id": line.public_id,
        "position": line.position,
        "date": line.op_date.isoformat(),
        "direction": line.direction,
        "amount": money_str(line.amount),
        "doc_number": line.doc_number,
        "payer": {"name": line.payer_name, "bin": line.payer_bin, "account": line.payer_account},
        "purpose": line.purpose,
        "knp": line.knp,
        "state": view.state,
        "state_text": LINE_STATES[view.state],
        "proposal": ({"invoice": invoice_json(view.proposed), "confidence": line.confidence, "reason": line.reason,
                      "preselected": view.ticked} if view.proposed is not None and view.state == "open" else None),
        "payment_id": line.payment_id,
    }


def statement_view_json(view: StatementView) -> dict:
    return {**statement_json(view.statement), "counts": view.counts, "lines": [line_json(v) for v in view.lines]}
