"""The ledger's running totals (portal.models.ledger_totals) stay equal to the sums worked out from
scratch (portal.ledger.totals.rebuild_totals) after every kind of write: issue (through the API and
the issuing listener), due dates set later, partial, full and over payments, edits that move a
payment to another month or change its amount, deletes, annulment, a bank statement confirmed.
Money sums are exact to the tiyn on SQLite too."""
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import select, text

from portal.extensions import db
from portal.ledger import payments as ledger
from portal.ledger.invoices import mark_annulled
from portal.ledger.receivables import receivables
from portal.ledger.totals import TABLES, rebuild_totals
from portal.models import IssuedDocument, LedgerInvoice
from portal.paging import PageRequest
from tests import factories
from tests.ledger_support import make_invoice
from tests.test_ledger_statements import TOTAL, URL, invoices, lines_of, upload  # noqa: F401
from tests.test_documents_support import headers  # noqa: F401

D = Decimal
TODAY = date(2026, 11, 30)


def _tables() -> dict[str, set]:
    """Every row of the totals, leaving out rows that add up to nothing (a delta can leave one at zero)."""
    found = {}
    for table in TABLES:
        rows = db.session.execute(text(f"SELECT * FROM {table}")).mappings().all()
        found[table] = {tuple(sorted((k, str(v)) for k, v in row.items()))
                        for row in rows if any(v for k, v in row.items() if k not in ("company_id", "month", "due_date",
                                                                                        "counterparty_bin",
                                                                                        "counterparty_name"))}
    return found


def assert_totals_exact() -> None:
    db.session.commit()
    kept = _tables()
    rebuild_totals()
    assert kept == _tables()
    db.session.rollback()


def _pay(company, inv, amount, day, **extra):
    payment = ledger.record_payment(company.id, inv.document_id, paid_on=day, amount=D(amount), method="transfer",
                                    **extra)
    db.session.commit()
    return payment


def test_every_write_keeps_the_totals_exact(company):
    x = factories.make_company(name='ТОО "ИКС"')
    y = factories.make_company(name='ТОО "ИГРЕК"')
    a = make_invoice(company, x, "1000.00", date(2026, 10, 1), date(2026, 10, 20))
    b = make_invoice(company, x, "250.55", date(2026, 11, 3))  # no due date
    c = make_invoice(company, y, "99.99", date(2026, 9, 5), date(2026, 12, 31))
    assert_totals_exact()
    assert db.session.execute(text("SELECT COUNT(*) FROM ledger_month_totals")).scalar_one() == 3

    first = _pay(company, a, "300.00", date(2026, 10, 25))
    _pay(company, a, "700.00", date(2026, 11, 2))  # paid in full
    _pay(company, c, "120.00", date(2026, 11, 2), confirm_overpayment=True)  # 20.01 over: a credit
    assert_totals_exact()

    ledger.edit_payment(company.id, first.id, amount=D("200.10"), paid_on=date(2026, 9, 30))  # back to partial
    db.session.commit()
    assert_totals_exact()
    ledger.delete_payment(company.id, first.id)
    db.session.commit()
    b.due_date = date(2026, 11, 10)  # a due date set after issue moves the debt between aging rows
    db.session.commit()
    assert_totals_exact()

    _pay(company, b, "50.00", date(2026, 11, 20))
    mark_annulled(b, "дубль", None, at=datetime(2026, 11, 28, tzinfo=timezone.utc))  # its 50.00 is a credit now
    db.session.commit()
    assert_totals_exact()

    # A rolled-back write leaves the totals as they were.
    _pay(company, c, "1.00", date(2026, 11, 21), confirm_overpayment=True)
    ledger.record_payment(company.id, a.document_id, paid_on=date(2026, 11, 22), amount=D("5.00"), method="cash",
                          confirm_overpayment=True)
    db.session.rollback()
    assert_totals_exact()

    data = receivables(company.id, TODAY)
    assert data.owed == D("300.00") and data.credit == D("71.01")  # 21.01 over on c, 50.00 on the annulled b
    assert [m.issued for m in data.months][-3:] == [D("99.99"), D("1000.00"), D("0.00")]
    assert [m.paid for m in data.months][-3:] == [D("0.00"), D("0.00"), D("871.00")]


def test_issue_through_the_api_and_a_confirmed_statement_keep_the_totals(client, headers, invoices):  # noqa: F811
    assert_totals_exact()
    made = upload(client, headers, "kaspi_1c_cp1251.txt")
    lines = lines_of(client, headers, made["id"])[:3]
    body = {"matches": [{"line": ln["id"], "invoice": ln["proposal"]["invoice"]["number"]} for ln in lines]}
    assert client.post(f"{URL}{made['id']}/confirm/", json=body, headers=headers).status_code == 200
    db.session.expire_all()
    assert_totals_exact()
    company_id = invoices["2026-000001"].company_id
    paid = sum((inv.paid for inv in db.session.execute(select(LedgerInvoice)).unique().scalars()), D(0))
    month = {(m.year, m.month): m for m in receivables(company_id, date(2026, 12, 3)).months}[(2026, 12)]
    assert month.paid == paid and paid > TOTAL


def test_sums_are_exact_to_the_tiyn_with_many_small_amounts(company):
    """600 invoices of 0.10 and 0.20 and payments of 0.10: float sums would miss by a fraction of a tiyn
    and round wrong after many more rows; integer tiyn add up exactly (600 × 0.15 = 90.00)."""
    x = factories.make_company(name='ТОО "МЕЛОЧЬ"')
    rows = []
    for n in range(600):
        amount = "0.10" if n % 2 else "0.20"
        record = IssuedDocument(
            doc_id=f"8{n:012d}", type="ip", form="pu", content_id=f"m{n:07x}", year=2026, seq=10_000 + n,
            number=f"2026-9{n:05d}", title="Счёт на оплату", doc_date=date(2026, 11, 1), total_sum=D(amount),
            nds_percent=D(0), nds_sum=D(0), company_sender_id=company.id, company_recipient_id=x.id,
            sender_name=company.company_name, sender_bin=company.bin, recipient_name=x.company_name,
            recipient_bin=x.bin, email_recipients=[], verify_url="http://localhost/v/", sha256="0" * 64, size=1,
            created=datetime(2026, 11, 1, tzinfo=timezone.utc))
        rows.append(record)
    db.session.add_all(rows)
    db.session.commit()
    for record in rows[:300]:
        ledger.record_payment(company.id, record.id, paid_on=date(2026, 11, 2), amount=D("0.10"), method="cash")
    db.session.commit()
    assert_totals_exact()
    data = receivables(company.id, TODAY)
    assert data.owed == D("60.00")  # 90.00 issued − 30.00 paid
    assert data.months[-1].issued == D("90.00") and data.months[-1].paid == D("30.00")
    assert data.counterparties.items[0].owed == D("60.00") and data.counterparties.items[0].overdue == D("0.00")
    # The invoice's own `paid` is a sum of its payments too.
    inv = db.session.get(LedgerInvoice, rows[0].id)
    for _ in range(2):
        ledger.record_payment(company.id, inv.document_id, paid_on=date(2026, 11, 3), amount=D("0.05"), method="cash")
    db.session.commit()
    assert inv.paid == D("0.20") and inv.payment_status == "paid"


def test_counterparties_are_paged_so_none_is_invisible(company):
    buyers = [factories.make_company(name=f'ТОО "ПОКУПАТЕЛЬ {n}"') for n in range(7)]
    for n, buyer in enumerate(buyers):
        make_invoice(company, buyer, f"{100 + n}.00", date(2026, 11, 1), date(2026, 11, 10))
    pages = [receivables(company.id, TODAY, PageRequest(p, 3)).counterparties for p in (1, 2, 3)]
    assert [p.count for p in pages] == [7, 7, 7] and [len(p.items) for p in pages] == [3, 3, 1]
    owed = [c.owed for p in pages for c in p.items]
    assert owed == sorted(owed, reverse=True) and len({c.bin for p in pages for c in p.items}) == 7
    assert pages[0].items[0].overdue == D("106.00")
