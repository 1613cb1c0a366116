"""Payments on issued invoices (portal.ledger.payments): states on every path, history, tiyn, walls."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.ledger.invoices import mark_annulled
from portal.ledger import payments as ledger
from portal.models import IssuedDocument, LedgerInvoice, Payment, PaymentChange
from tests.test_documents_support import buyer, headers, issue_doc, sources, staff_of_user  # noqa: F401

TODAY = date(2026, 11, 27)


def _invoice(client, headers, sources) -> LedgerInvoice:
    issued = issue_doc(client, headers, sources["ip"], "ip")
    record = db.session.execute(select(IssuedDocument).where(IssuedDocument.public_id == issued["id"])).unique().scalar_one()
    return db.session.get(LedgerInvoice, record.id)


@pytest.fixture
def inv(client, headers, sources):
    return _invoice(client, headers, sources)


def _pay(inv, amount, **extra):
    values = dict(paid_on=TODAY, amount=Decimal(amount), method="transfer")
    values.update(extra)
    payment = ledger.record_payment(inv.company_id, inv.document_id, **values)
    db.session.commit()
    return payment


def test_issuing_an_invoice_opens_its_ledger_row_with_the_due_date(inv, sources, buyer):
    assert inv is not None
    assert inv.amount == Decimal(sources["ip"]["total_sum"])
    assert inv.paid == Decimal("0.00") and inv.paid_at is None and inv.annulled_at is None
    assert inv.due_date == date(2026, 12, 6) and inv.doc_date == date(2026, 11, 26)
    assert inv.counterparty_bin == buyer.bin and inv.number
    assert ledger.invoice_state(inv, TODAY) == "unpaid"
    assert inv.document_id in {i.document_id for i in db.session.execute(ledger.open_invoices(inv.company_id)).scalars()}


def test_other_types_get_no_ledger_row(client, headers, sources):
    issue_doc(client, headers, sources["aw"], "aw")
    assert db.session.execute(select(LedgerInvoice)).first() is None


def test_partial_then_full_payment(inv):
    total = Decimal(inv.amount)
    _pay(inv, "1000.01")
    assert inv.paid == Decimal("1000.01")
    assert ledger.remaining(inv) == total - Decimal("1000.01")
    assert ledger.invoice_state(inv, TODAY) == "partial"
    assert inv.paid_at is None
    _pay(inv, str(total - Decimal("1000.01")), method="kaspi")
    assert inv.paid == total and ledger.remaining(inv) == Decimal("0.00")
    assert ledger.invoice_state(inv, TODAY) == "paid" and inv.paid_at is not None
    assert inv.document_id not in {i.document_id for i in db.session.execute(ledger.open_invoices(inv.company_id)).scalars()}
    # Paid stays paid after the due date.
    assert ledger.invoice_state(inv, date(2027, 1, 1)) == "paid"


def test_overdue_by_date_only_while_something_is_owed(inv):
    assert ledger.invoice_state(inv, date(2026, 12, 6)) == "unpaid"  # the due day itself is not late
    assert ledger.invoice_state(inv, date(2026, 12, 7)) == "overdue"
    _pay(inv, "10.00")
    assert ledger.invoice_state(inv, date(2026, 12, 7)) == "overdue"
    assert ledger.invoice_state(inv, date(2026, 12, 6)) == "partial"


def test_overpayment_needs_confirmation_and_names_the_remaining_sum(inv):
    _pay(inv, "100.00")
    left = ledger.remaining(inv)
    with pytest.raises(ValidationFailed) as caught:
        ledger.record_payment(inv.company_id, inv.document_id, paid_on=TODAY, amount=left + Decimal("0.01"),
                              method="cash")
    message = caught.value.errors["amount"][0]
    whole, frac = f"{left:.2f}".split(".")
    assert f"{int(whole):,}".replace(",", "\u202f") + "," + frac in message
    db.session.rollback()
    assert db.session.execute(select(Payment)).scalars().all().__len__() == 1
    _pay(inv, str(left + Decimal("0.01")), confirm_overpayment=True)
    assert ledger.invoice_state(inv, TODAY) == "paid"
    assert ledger.remaining(inv) == Decimal("0.00") and ledger.overpaid(inv) == Decimal("0.01")


def test_amounts_are_rounded_half_up_to_the_tiyn(inv):
    payment = _pay(inv, "0.005")
    assert payment.amount == Decimal("0.01") and inv.paid == Decimal("0.01")
    _pay(inv, "0.10")
    _pay(inv, "0.20")
    assert inv.paid == Decimal("0.31")  # no float drift


@pytest.mark.parametrize("values, field", [
    ({"amount": Decimal("0")}, "amount"),
    ({"amount": Decimal("-5")}, "amount"),
    ({"amount": Decimal("0.004")}, "amount"),
    ({"amount": "abc"}, "amount"),
    ({"amount": Decimal("1e20")}, "amount"),
    ({"paid_on": None}, "paid_on"),
    ({"paid_on": date(2999, 1, 1)}, "paid_on"),
    ({"method": "barter"}, "method"),
    ({"reference": "x" * 101}, "reference"),
])
def test_bad_values_are_named_and_nothing_is_written(inv, values, field):
    args = dict(paid_on=TODAY, amount=Decimal("10.00"), method="transfer")
    args.update(values)
    with pytest.raises(ValidationFailed) as caught:
        ledger.record_payment(inv.company_id, inv.document_id, **args)
    assert field in caught.value.errors
    db.session.rollback()
    assert db.session.execute(select(Payment)).first() is None
    assert db.session.get(LedgerInvoice, inv.document_id).paid == Decimal("0.00")


def test_edit_and_delete_keep_history_and_move_the_state(inv, director):
    payment = _pay(inv, str(inv.amount), user_id=director.id, reference="PP-1")
    assert ledger.invoice_state(inv, TODAY) == "paid"
    ledger.edit_payment(inv.company_id, payment.id, amount=Decimal("500.00"), note="часть", user_id=director.id)
    db.session.commit()
    assert inv.paid == Decimal("500.00") and inv.paid_at is None
    assert ledger.invoice_state(inv, TODAY) == "partial"
    ledger.delete_payment(inv.company_id, payment.id, user_id=director.id)
    db.session.commit()
    assert inv.paid == Decimal("0.00") and ledger.invoice_state(inv, TODAY) == "unpaid"
    assert db.session.get(Payment, payment.id).deleted_at is not None  # kept, only marked
    changes = ledger.payment_history(inv.company_id, inv.document_id)
    assert [c.action for c in changes] == ["created", "edited", "deleted"]
    assert changes[1].old_values["amount"] == f"{inv.amount:.2f}" and changes[1].new_values["amount"] == "500.00"
    assert changes[1].new_values["note"] == "часть" and changes[1].old_values["reference"] == "PP-1"
    assert changes[2].old_values["amount"] == "500.00" and changes[2].new_values is None
    assert all(c.user_id == director.id and c.at is not None for c in changes)
    with pytest.raises(ApiError):
        ledger.edit_payment(inv.company_id, payment.id, amount=Decimal("1.00"))


def test_edit_above_the_remaining_needs_confirmation(inv):
    first = _pay(inv, "100.00")
    _pay(inv, str(Decimal(inv.amount) - Decimal("100.00")))
    with pytest.raises(ValidationFailed) as caught:
        ledger.edit_payment(inv.company_id, first.id, amount=Decimal("100.01"))
    assert "amount" in caught.value.errors
    db.session.rollback()
    ledger.edit_payment(inv.company_id, first.id, amount=Decimal("100.01"), confirm_overpayment=True)
    db.session.commit()
    assert ledger.overpaid(inv) == Decimal("0.01")


def test_annulled_invoice_refuses_payments(inv):
    mark_annulled(inv, "ошибка", None)
    db.session.commit()
    assert ledger.invoice_state(inv, TODAY) == "annulled"
    with pytest.raises(ValidationFailed) as caught:
        ledger.record_payment(inv.company_id, inv.document_id, paid_on=TODAY, amount=Decimal("1.00"), method="cash")
    assert "document" in caught.value.errors


def test_another_company_cannot_reach_the_invoice_or_its_payments(inv, other_director):
    payment = _pay(inv, "10.00")
    other_company = staff_of_user(other_director).company_id
    for call in (
        lambda: ledger.record_payment(other_company, inv.document_id, paid_on=TODAY, amount=Decimal("1"), method="cash"),
        lambda: ledger.edit_payment(other_company, payment.id, amount=Decimal("1")),
        lambda: ledger.delete_payment(other_company, payment.id),
    ):
        with pytest.raises(ApiError) as caught:
            call()
        assert caught.value.status == 404
    db.session.rollback()
    assert db.session.execute(select(PaymentChange)).scalars().all().__len__() == 1


def test_the_migration_backfills_invoices_issued_before_it(inv):
    import importlib.util
    import pathlib

    from sqlalchemy import delete, text

    path = pathlib.Path(__file__).parent.parent / "migrations" / "versions" / "0170_ledger_payments.py"
    spec = importlib.util.spec_from_file_location("m0170", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = (inv.document_id, inv.company_id, inv.counterparty_bin, inv.number, inv.amount, inv.due_date)
    db.session.execute(delete(LedgerInvoice))
    db.session.commit()
    db.session.execute(text(module.BACKFILL))
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(LedgerInvoice, expected[0])
    assert (row.document_id, row.company_id, row.counterparty_bin, row.number, row.amount, row.due_date) == expected
    assert row.paid == Decimal("0.00") and row.paid_at is None and row.annulled_at is None


def test_payment_status_and_credit_follow_every_write(inv):
    assert (inv.payment_status, inv.credit) == ("unpaid", Decimal("0.00"))
    first = _pay(inv, "10.00")
    assert (inv.payment_status, inv.credit) == ("partial", Decimal("0.00"))
    _pay(inv, str(ledger.remaining(inv) + Decimal("5.00")), confirm_overpayment=True)
    assert (inv.payment_status, inv.credit) == ("paid", Decimal("5.00"))
    ledger.delete_payment(inv.company_id, first.id)
    db.session.commit()
    assert (inv.payment_status, inv.credit) == ("partial", Decimal("0.00"))
    mark_annulled(inv, "ошибка", None)
    db.session.commit()
    assert (inv.payment_status, inv.credit) == ("annulled", inv.paid)
