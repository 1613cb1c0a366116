"""`/ledger/reconciliation/`: акт сверки with a counterparty — choose BIN and period, preview, issue."""
from flask import Response, flash, request, url_for
from flask_login import login_required
from sqlalchemy import distinct, select

from portal.blueprints.documents.common import public_base_url
from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff, payload
from portal.documents.serializers import owner_record_json
from portal.errors import ValidationFailed
from portal.extensions import db
from portal.ledger.reconciliation import read_request
from portal.ledger.reconciliation_issue import issue_reconciliation, preview_context
from portal.models.ledger import LedgerInvoice
from portal.smart_docs.money import money_str
from portal.web.answers import answer_write, render_fragment
from portal.web.negotiation import is_htmx, negotiate, wants_json


def _counterparties(company_id: int) -> list[tuple[str, str]]:
    rows = db.session.execute(select(distinct(LedgerInvoice.counterparty_bin), LedgerInvoice.counterparty_name)
                              .where(LedgerInvoice.company_id == company_id, LedgerInvoice.counterparty_bin != "")
                              .order_by(LedgerInvoice.counterparty_name)).all()
    seen: dict[str, str] = {}
    for bin_, name in rows:
        seen.setdefault(bin_, name)
    return sorted(seen.items(), key=lambda item: item[1])


def preview_json(context: dict | None) -> dict | None:
    if context is None:
        return None
    return {
        "counterparty": {"bin": context["buyer"]["bin"], "name": context["buyer"]["name"]},
        "date_from": context["start"].isoformat(), "date_to": context["end"].isoformat(),
        "opening": money_str(context["opening"]), "debit": money_str(context["debit"]),
        "credit": money_str(context["credit"]), "closing": money_str(context["closing"]),
        "balance_text": context["balance_text"],
        "entries": [{"date": e.on.isoformat(), "document": e.document, "debit": money_str(e.debit),
                     "credit": money_str(e.credit)} for e in context["entries"]],
    }


@bp.get("/reconciliation/")
@login_required
def reconciliation():
    """The form; with a BIN and a period, the act's figures below it (JSON: the figures alone)."""
    staff = current_staff()
    args = request.args
    context, errors, status = None, {}, 200
    if any(args.get(k) for k in ("counterparty", "date_from", "date_to")) or wants_json():
        try:
            context = preview_context(staff, *read_request(args))
        except ValidationFailed as exc:
            if wants_json():
                raise
            errors, status = exc.errors, 400
    return negotiate(context, preview_json, "ledger/reconciliation.html", partial="ledger/_reconciliation.html",
                     status=status, errors=errors, values=args, counterparties=_counterparties(staff.company_id))


@bp.post("/reconciliation/")
@login_required
def reconciliation_issue():
    """Issue the act as a PDF with its number, QR and verification; 201 with the issued record."""
    staff = current_staff()
    data = payload()
    try:
        bin_, start, end = read_request(data)
        record = issue_reconciliation(staff, bin_, start, end, public_base_url(), form=str(data.get("form") or "pr"))
    except ValidationFailed as exc:
        if wants_json():
            raise
        context = {"errors": exc.errors, "values": data, "counterparties": _counterparties(staff.company_id),
                   "data": None}
        return render_fragment("ledger/_reconciliation.html" if is_htmx() else "ledger/reconciliation.html",
                               status=400, **context)
    target = url_for("documents.documents_detail", public_id=record.public_id)
    message = f"Акт сверки № {record.number} выпущен."
    if is_htmx() and not wants_json():
        # The issued document's own page is where the PDF is: htmx goes there, not into this fragment.
        flash(message, "success")
        return Response(status=201, headers={"HX-Redirect": target})
    return answer_write(owner_record_json(record), message, redirect_to=target, status=201)
