"""The registry's status filter and column know the invoices' payment states."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from portal.extensions import db
from portal.ledger.invoices import mark_annulled
from portal.ledger import payments as ledger
from portal.ledger.filters import read_filters
from portal.ledger.registry import registry_page
from portal.paging import PageRequest
from tests import factories
from tests.ledger_support import make_invoice

TODAY = date(2026, 11, 30)


@pytest.fixture
def five(company):
    """One invoice in each state as of TODAY, and an act (no payment state)."""
    buyer = factories.make_company(name='ТОО "ПОКУПАТЕЛЬ"')
    made = {
        "unpaid": make_invoice(company, buyer, "100.00", date(2026, 11, 1), date(2026, 12, 31)),
        "partial": make_invoice(company, buyer, "200.00", date(2026, 11, 2), None),
        "paid": make_invoice(company, buyer, "300.00", date(2026, 11, 3), date(2026, 11, 10)),
        "overdue": make_invoice(company, buyer, "400.00", date(2026, 11, 4), date(2026, 11, 29)),
        "annulled": make_invoice(company, buyer, "500.00", date(2026, 11, 5), date(2026, 11, 6)),
    }
    make_invoice(company, buyer, "600.00", date(2026, 11, 6), doc_type="aw")
    for state, amount in (("partial", "50.00"), ("paid", "300.00"), ("overdue", "1.00")):
        ledger.record_payment(company.id, made[state].document_id, paid_on=date(2026, 11, 20),
                              amount=Decimal(amount), method="transfer")
    mark_annulled(made["annulled"], "ошибка", None, at=datetime(2026, 11, 7, tzinfo=timezone.utc))
    db.session.commit()
    return made


def _rows(company, **args):
    return registry_page(company.id, read_filters(args), PageRequest(1, 50), today=TODAY).items


@pytest.mark.parametrize("state", ["unpaid", "partial", "paid", "overdue", "annulled"])
def test_each_state_filters_to_its_invoice(company, five, state):
    rows = _rows(company, status=state)
    assert [r.row_id for r in rows] == [five[state].document_id]
    assert rows[0].payment_state == state
    assert ledger.invoice_state(five[state], TODAY) == state  # the SQL and the Python agree


def test_column_shows_states_and_other_filters_still_combine(company, five):
    rows = _rows(company, kind="issued")
    assert sorted((r.doc_type, r.payment_state) for r in rows) == sorted(
        [("ip", s) for s in five] + [("aw", None)])
    assert [r.payment_state for r in _rows(company, status="overdue", amount_min="300")] == ["overdue"]
    assert _rows(company, status="overdue", amount_max="300") == []
    assert _rows(company, status="paid", kind="drafts") == []


def test_json_and_page(client, director, login, token_headers, five):
    headers = token_headers("director@test.kz", "director-pass")
    body = client.get("/ledger/", query_string={"status": "annulled"}, headers=headers).get_json()
    assert body["count"] == 1 and body["results"][0]["payment_state"] == "annulled"
    assert body["results"][0]["payment_state_text"] == "аннулирован"
    acts = client.get("/ledger/", query_string={"type": "aw"}, headers=headers).get_json()
    assert acts["results"][0]["payment_state"] is None
    login("director@test.kz", "director-pass")
    html = client.get("/ledger/?kind=issued", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "ledger-state--annulled" in html and "Счёт просрочен" in html  # the badge and the filter's option


def test_a_number_with_its_year_matches_from_the_start_only(company, five):
    numbers = sorted(inv.number for inv in five.values())
    first = numbers[0]
    assert [r.number for r in _rows(company, kind="issued", number=first)] == [first]
    year, seq = first.split("-")
    assert len(_rows(company, kind="issued", number=f"{year}-")) == 6  # every document of that year
    assert _rows(company, kind="issued", number=f"{int(year) + 1}-") == []
    assert [r.number for r in _rows(company, kind="issued", number=seq)] == [first]  # digits alone: contains
    assert [r.number for r in _rows(company, status=next(iter(five)), number=five["unpaid"].number)] == \
        [five["unpaid"].number]
