"""`/ledger/export.xlsx` and `/ledger/export.csv`: the registry under the page's filters, as a file."""
from datetime import datetime

from flask import Response, request
from flask_login import login_required

from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff
from portal.ledger.export import MIMETYPES, registry_rows, registry_table, render
from portal.ledger.filters import read_filters

from portal.timeutil import ALMATY


def file_response(body: bytes, fmt: str, stem: str) -> Response:
    """A download named for what it holds and when (Almaty time), never cached."""
    stamp = datetime.now(ALMATY).strftime("%Y-%m-%d_%H%M")
    response = Response(body, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}_{stamp}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/export.<any(xlsx, csv):fmt>")
@login_required
def registry_export(fmt: str):
    """The same filters as the registry page; a bad one is a 400 naming it (as on the page's JSON)."""
    staff = current_staff()
    rows = registry_rows(staff.company_id, read_filters(request.args))
    return file_response(render(registry_table(rows), fmt), fmt, "reestr")


@bp.get("/payments/export.<any(xlsx, csv):fmt>")
@login_required
def payments_export(fmt: str):
    """The payments list under the same filters as /ledger/payments/."""
    from portal.ledger.export import payments_table
    from portal.ledger.payment_list import read_payment_filters

    staff = current_staff()
    table = payments_table(staff.company_id, read_payment_filters(request.args))
    return file_response(render(table, fmt), fmt, "platezhi")
