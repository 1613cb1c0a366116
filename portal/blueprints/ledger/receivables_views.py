"""`/ledger/receivables/`: who owes the company what (page and JSON; its counterparties are paged)."""
from flask_login import login_required

from portal.blueprints.ledger.views import bp
from portal.blueprints.smart_docs.common import current_staff
from portal.errors import ApiError
from portal.ledger.chart import COMPACT_HEIGHT, COMPACT_WIDTH, build_month_chart, short_money
from portal.ledger.payment_json import receivables_json
from portal.ledger.receivables import receivables
from portal.timeutil import today_almaty
from portal.web.negotiation import negotiate
from portal.web.pagination import page_request


@bp.get("/receivables/")
@login_required
def receivables_page():
    """Totals owed and overdue, aging, per counterparty with credits (`page`, `page_size`), and issued vs paid by month."""
    data = receivables(current_staff().company_id, today_almaty(), page_request())
    if data.counterparties.page > data.counterparties.num_pages:
        raise ApiError(404, "Неверная страница.")
    return negotiate(data, receivables_json, "ledger/receivables.html", partial="ledger/_receivable_rows.html",
                     chart=build_month_chart(data.months),
                     compact_chart=build_month_chart(data.months, COMPACT_WIDTH, COMPACT_HEIGHT, label_every=3),
                     short_money=short_money)
