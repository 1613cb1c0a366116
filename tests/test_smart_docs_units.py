"""Money, VAT, amounts in words and bank details: hand-checked examples."""
import datetime as dt
from decimal import Decimal

import pytest

from portal.smart_docs import banking
from portal.smart_docs.money import MoneyError, parse_price
from portal.smart_docs.totals import default_vat_rate, document_totals, line_sum, vat_included
from portal.smart_docs.words import amount_in_words, count_in_words


def test_line_sum_rounds_half_up_to_the_tiyn():
    assert line_sum(Decimal("0.05"), 3) == Decimal("0.15")
    assert line_sum(Decimal("1234.56"), 7) == Decimal("8641.92")


@pytest.mark.parametrize(
    "total, rate, vat",
    [
        (Decimal("1160.00"), 16, Decimal("160.00")),   # 1160 × 16 / 116
        (Decimal("1120.00"), 12, Decimal("120.00")),   # 1120 × 12 / 112
        (Decimal("100.00"), 12, Decimal("10.71")),     # 10.714… → 10.71
        (Decimal("0.29"), 16, Decimal("0.04")),        # 0.04 exactly
        (Decimal("1.00"), 16, Decimal("0.14")),        # 0.1379… → 0.14
        (Decimal("29.00"), 16, Decimal("4.00")),       # 4.0 exactly
        (Decimal("0.58"), 16, Decimal("0.08")),        # 0.08
        (Decimal("999.99"), 0, Decimal("0.00")),       # «Без НДС»
    ],
)
def test_vat_included_in_total(total, rate, vat):
    assert vat_included(total, rate) == vat


def test_vat_rounds_the_half_tiyn_up():
    # 0.42 × 12 / 112 = 0.045 exactly: half-up gives 0.05 (banker's rounding would give 0.04).
    assert vat_included(Decimal("0.42"), 12) == Decimal("0.05")
    # 0.14 × 12 / 112 = 0.015 exactly → 0.02.
    assert vat_included(Decimal("0.14"), 12) == Decimal("0.02")


def test_default_rate_follows_the_document_date():
    assert default_vat_rate(dt.date(2025, 12, 31)) == 12
    assert default_vat_rate(dt.date(2026, 1, 1)) == 16
    assert default_vat_rate(dt.date(2026, 11, 26)) == 16
    assert default_vat_rate(dt.date(2030, 1, 1), (("1900-01-01", 12), ("2026-01-01", 16), ("2030-01-01", 20))) == 20


def test_document_totals():
    # (unit price with VAT, quantity): 1500 × 2 and 250.50 × 3.
    totals = document_totals([(Decimal("1500.00"), 2), (Decimal("250.50"), 3)], 16)
    assert totals.total_sum == Decimal("3751.50")
    # Per row: 1500 / 1.16 = 1293.10 × 2 = 2586.20 (VAT 413.80); 250.50 / 1.16 = 215.95 × 3 = 647.85
    # (VAT 103.65); the document's VAT is the VAT column's total.
    assert [row.vat for row in totals.rows] == [Decimal("413.80"), Decimal("103.65")]
    assert totals.nds_sum == Decimal("517.45")
    assert (totals.line_count, totals.total_quantity, totals.total_count) == (2, 5, 5)
    assert document_totals([], 16).total_sum == Decimal("0.00")


@pytest.mark.parametrize(
    "amount, words",
    [
        ("0", "Ноль тенге 00 тиын"),
        ("1", "Один тенге 00 тиын"),
        ("21", "Двадцать один тенге 00 тиын"),
        ("120000", "Сто двадцать тысяч тенге 00 тиын"),
        ("1000000.01", "Один миллион тенге 01 тиын"),
        ("999999999.99", "Девятьсот девяносто девять миллионов девятьсот девяносто девять тысяч "
                         "девятьсот девяносто девять тенге 99 тиын"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_amount_in_words_is_not_fooled_by_an_int():
    assert amount_in_words(1000) == "Одна тысяча тенге 00 тиын"  # not «Десять тенге»
    assert count_in_words(21) == "Двадцать один"


@pytest.mark.parametrize("raw, expected", [("21.00", "21.00"), ("0", "0.00"), (21.5, "21.50"), (7, "7.00"),
                                           ("1 500,5", "1500.50"), ("999999999.99", "999999999.99")])
def test_price_accepted(raw, expected):
    assert str(parse_price(raw)) == expected


@pytest.mark.parametrize("raw", ["abc", "-1", "1.005", 1.005, "NaN", "Infinity", "1e10", True, None, "", [],
                                 "1000000000.00", float("nan"), float("inf"),
                                 1.7976931348623155e308, "1e400", "0.001e-30"])
def test_price_rejected(raw):
    with pytest.raises(MoneyError):
        parse_price(raw)


@pytest.mark.parametrize("iik", ["KZ417812870193980012", "KZ86125KZT5004100100", "kz24 4350 0000 1234 4567"])
def test_iik_valid(iik):
    assert banking.clean_iik(iik).startswith("KZ")


@pytest.mark.parametrize("iik, message", [
    ("KZ417812870193980013", "контрольные"),       # one digit changed
    ("KZ41781287019398001", "20 символов"),         # too short
    ("DE89370400440532013000", "20 символов"),      # a German IBAN is 22 characters
    ("RU417812870193980012", "начинается с KZ"),
    ("KZ41ABC2870193980012", "формат"),            # bank code must be digits
])
def test_iik_invalid(iik, message):
    with pytest.raises(banking.BankingError, match=message):
        banking.clean_iik(iik)


def test_bic_kbe_knp():
    assert banking.clean_bic("tbkbkzka") == "TBKBKZKA"
    assert banking.clean_bic("HSBKKZKXXXX") == "HSBKKZKXXXX"
    for bad in ("TBKBKZK", "TBKBKZKA1", "1BKBKZKA"):
        with pytest.raises(banking.BankingError):
            banking.clean_bic(bad)
    assert banking.clean_kbe("17") == "17" and banking.clean_kbe("29") == "29"
    for bad in ("10", "31", "7", "177", "ab"):
        with pytest.raises(banking.BankingError):
            banking.clean_kbe(bad)
    assert banking.clean_knp("710") == "710" and banking.clean_knp("123") == "123"
    for bad in ("71", "7100", "7a0"):
        with pytest.raises(banking.BankingError):
            banking.clean_knp(bad)
