"""Amounts in words, as Kazakh invoices write them: «Сто двадцать тысяч тенге 00 тиын»."""
from decimal import Decimal

from num2words import num2words

from portal.smart_docs.money import round_tiyn
from portal.smart_docs.quantity import normal


def amount_in_words(amount: Decimal) -> str:
    """Tenge in Russian words, tiyn as two digits, first letter capitalised.

    num2words must get a Decimal: an int is read as tiyn (1000 → «десять тенге»).
    With `cents=False` it writes the tiyn as digits; invoices use the invariable «тиын»,
    so the declined word num2words puts last is replaced.
    """
    value = round_tiyn(Decimal(amount))
    if value < 0:
        raise ValueError("amount_in_words takes a non-negative amount")
    text = num2words(value, lang="ru", to="currency", currency="KZT", cents=False, separator="")
    head, _, _tiyn_word = text.rpartition(" ")
    return (head[:1].upper() + head[1:]) + " тиын"


def count_in_words(count) -> str:
    """A quantity in words («Двадцать один», «Две целых пять десятых»), for the waybill's «Всего отпущено (прописью)»."""
    value = normal(Decimal(count))
    text = num2words(int(value) if value == value.to_integral_value() else value, lang="ru")
    return text[:1].upper() + text[1:]
