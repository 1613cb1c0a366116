"""Who owes what: totals, aging buckets, per counterparty with credits and the monthly figures,
against sums worked out by hand; the page, its JSON and the chart."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.ledger.invoices import mark_annulled
from portal.ledger import payments as ledger
from portal.ledger.receivables import receivables
from tests import factories
from tests.ledger_support import make_invoice

TODAY = date(2026, 11, 30)
D = Decimal


@pytest.fixture
def book(company):
    """Eight invoices to two counterparties (figures in the comments are what each still owes)."""
    x = factories.make_company(name='ТОО "ИКС"')
    y = factories.make_company(name='ТОО "ИГРЕК"')
    inv = {}
    inv[1] = make_invoice(company, x, "1000.00", date(2026, 11, 1), date(2026, 12, 10))   # 1000.00, not due
    inv[2] = make_invoice(company, x, "2500.50", date(2026, 10, 1), date(2026, 11, 15))   # 2000.25, 15 days late
    inv[3] = make_invoice(company, y, "300.10", date(2026, 9, 1), date(2026, 10, 1))      # 60 days late
    inv[4] = make_invoice(company, y, "400.00", date(2026, 8, 1), date(2026, 9, 1))       # 90 days late
    inv[5] = make_invoice(company, x, "50.00", date(2026, 7, 1), date(2026, 8, 31))       # 91 days late
    inv[6] = make_invoice(company, y, "100.00", date(2026, 11, 20), date(2026, 11, 30))   # paid + 20.00 over
    inv[7] = make_invoice(company, x, "70.00", date(2026, 11, 10))                        # annulled after 30.00
    inv[8] = make_invoice(company, y, "10.00", date(2026, 11, 5), date(2026, 11, 29))     # 1 day late

    def pay(n, amount, day, **extra):
        ledger.record_payment(company.id, inv[n].document_id, paid_on=day, amount=D(amount), method="transfer", **extra)
        db.session.commit()

    pay(2, "500.25", date(2026, 11, 20))
    pay(6, "100.00", date(2026, 11, 25))
    pay(6, "20.00", date(2026, 11, 26), confirm_overpayment=True)
    pay(7, "30.00", date(2026, 11, 12))
    mark_annulled(inv[7], "дубль", None, at=datetime(2026, 11, 28, tzinfo=timezone.utc))
    db.session.commit()
    return {"x": x, "y": y, "inv": inv}


def test_totals_and_aging_buckets(company, book):
    data = receivables(company.id, TODAY)
    assert data.owed == D("3760.35")
    assert data.overdue == D("2760.35") and data.overdue_count == 5
    assert data.open_count == 6
    assert data.credit == D("50.00")
    assert [(code, amount, count) for code, _, amount, count in data.buckets] == [
        ("current", D("1000.00"), 1),
        ("d0_30", D("2010.25"), 2),
        ("d31_60", D("300.10"), 1),
        ("d61_90", D("400.00"), 1),
        ("d90_plus", D("50.00"), 1),
    ]


def test_per_counterparty_with_credits(company, book):
    rows = {c.bin: c for c in receivables(company.id, TODAY).counterparties.items}
    x, y = rows[book["x"].bin], rows[book["y"].bin]
    assert (x.owed, x.overdue, x.open_invoices, x.credit) == (D("3050.25"), D("2050.25"), 3, D("30.00"))
    assert (y.owed, y.overdue, y.open_invoices, y.credit) == (D("710.10"), D("710.10"), 3, D("20.00"))
    assert x.balance == D("3020.25")
    assert [c.bin for c in receivables(company.id, TODAY).counterparties.items] == [book["x"].bin, book["y"].bin]


def test_months_issued_and_paid(company, book):
    months = {(m.year, m.month): m for m in receivables(company.id, TODAY).months}
    assert len(months) == 12 and min(months) == (2025, 12) and max(months) == (2026, 11)
    assert months[(2026, 11)].issued == D("1110.00")  # the annulled 70.00 is not counted
    assert months[(2026, 11)].paid == D("650.25")
    assert months[(2026, 10)].issued == D("2500.50") and months[(2026, 10)].paid == D("0.00")
    assert months[(2026, 8)].issued == D("400.00") and months[(2026, 7)].issued == D("50.00")


def test_overdue_moves_with_the_date(company, book):
    later = receivables(company.id, date(2026, 12, 11))  # invoice 1 is late by one day now
    assert later.overdue == D("3760.35")
    assert dict((code, amount) for code, _, amount, _ in later.buckets)["current"] == D("0.00")


def test_another_company_sees_none_of_it(company, book, other_director):
    from tests.test_documents_support import staff_of_user
    other = receivables(staff_of_user(other_director).company_id, TODAY)
    assert other.owed == D("0.00") and other.counterparties.items == [] and other.credit == D("0.00")


def test_page_json_and_chart(client, director, login, token_headers, book):
    headers = token_headers("director@test.kz", "director-pass")
    body = client.get("/ledger/receivables/", headers=headers).get_json()
    assert body["credit"] == "50.00" and len(body["aging"]) == 5 and len(body["months"]) == 12
    assert {c["bin"] for c in body["counterparties"]["results"]} == {book["x"].bin, book["y"].bin}
    # Against today's real date every past due date is overdue: the total owed does not depend on it.
    assert body["owed"] == "3760.35"
    login("director@test.kz", "director-pass")
    html = client.get("/ledger/receivables/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<svg" in html and html.count('class="ledger-chart__issued"') == 24  # the wide chart and the phone's
    assert "3\u202f760,35" in html and "ТОО &#34;ИКС&#34;" in html
    assert 'style="' not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # the CSP forbids inline style
