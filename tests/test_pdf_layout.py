"""The printed forms hold the largest numbers and keep their closing blocks together at any length.

For each of the five types, the same real document is printed with 1 to 60 lines (every count)
at 999 999 999 999,99 per amount and 999 999,999 per quantity, with Kazakh names:
- every amount and quantity is printed whole, once per cell, never broken or run into the next
  column (pdftotext would read «…999,9999 999…»);
- a continuing table repeats its header on every page it reaches;
- the totals open no page: the last row is above them on their page;
- the amount in words, the signatures, «М.П.», the form's footnotes and the verification note
  are on the totals' page.
pdfplumber then reads word boxes and rules of the one-page print, the first two-page one and
the longest: no word meets a cell border, no rule runs into the margins or behind the QR code.
"""
import re
from dataclasses import dataclass

import pytest

from portal.documents.render import render_pdf
from tests.pdf_layout import (
    MONEY_TEXT, QUANTITY_TEXT, page_texts, read_pages, row_mark, rules_behind_images, rules_outside,
    source_context, with_lines, words_across_rules,
)
from tests.test_documents_support import buyer, headers, sources  # noqa: F401  (fixtures)

MM = 72 / 25.4
LINE_COUNTS = range(1, 61)


@dataclass(frozen=True)
class Form:
    """What a type prints: its header's mark, its blocks' marks, how many numbers each line holds."""

    header: str
    totals: str
    closing: tuple[str, ...]
    money_per_line: int
    quantities_per_line: int
    margins: tuple[float, float]  # left, right, in mm (pdf.css @page)


CLOSING = ("В том числе НДС", "расшифровка подписи", r"М\.П\.", "Документ выпущен на B2B-портале")
FORMS = {
    "ip": Form("Наименование", "Итого:", (*CLOSING, "Всего к оплате:", "Всего наименований"), 2, 1, (15, 12)),
    "co": Form("Наименование", "Итого:", (*CLOSING, "Сумма предложения:", "Всего наименований"), 2, 1, (15, 12)),
    "aw": Form("Наименование работ", "Итого", (*CLOSING, "Стоимость выполненных работ", "Дата подписания",
                                              r"\*\*\* ?Заполняется"), 2, 1, (12, 12)),
    "wb": Form("Наименование, характеристика", "Итого",
               (*CLOSING, "Всего отпущено количество", r"на сумму \(прописью\)"), 3, 2, (12, 12)),
    "in": Form("Наименование товаров", "Всего по счёту", (*CLOSING, "Всего к оплате"), 4, 1, (12, 12)),
}


def block_problems(form: Form, pages: list[str], count: int) -> list[str]:
    """What is wrong with where the rows and blocks of a print landed."""
    problems = []
    text = "\n".join(pages)
    money = len(MONEY_TEXT.findall(text))
    if money < count * form.money_per_line:
        problems.append(f"{money} whole amounts for {count * form.money_per_line} amount cells")
    quantities = len(QUANTITY_TEXT.findall(text))
    if quantities < count * form.quantities_per_line:
        problems.append(f"{quantities} whole quantities for {count * form.quantities_per_line} quantity cells")
    for n in range(1, count + 1):
        found = [i for i, page in enumerate(pages) if re.search(rf"{row_mark(n)}(?!\d)", page)]
        if len(found) != 1:
            problems.append(f"row {n} is on pages {[i + 1 for i in found]}")
    for i, page in enumerate(pages, start=1):
        first_row = re.search(r"№\d+ ", page)
        if first_row and form.header not in page[:first_row.start()]:
            problems.append(f"page {i} continues the table without its header")
    last = len(pages) - 1
    totals = [i for i, page in enumerate(pages) if re.search(form.totals, page)]
    if totals != [last]:
        problems.append(f"«{form.totals}» on pages {[i + 1 for i in totals]} of {len(pages)}")
    else:
        page = pages[last]
        row = re.search(rf"{row_mark(count)}(?!\d)", page)
        if row is None or row.start() > re.search(form.totals, page).start():
            problems.append(f"«{form.totals}» opens page {last + 1} without a row above it")
    for mark in form.closing:
        where = [i + 1 for i, page in enumerate(pages) if re.search(mark, page)]
        if where != [last + 1]:
            problems.append(f"«{mark}» on pages {where}, the totals on page {last + 1}")
    return problems


def drawing_problems(pdf: bytes, form: Form) -> list[str]:
    """Words across cell borders, rules in the margins or behind the QR code, page by page."""
    problems = []
    left, right = (value * MM for value in form.margins)
    for number, page in enumerate(read_pages(pdf), start=1):
        found = words_across_rules(page) + rules_outside(page, left, right) + rules_behind_images(page)
        problems += [f"page {number}: {problem}" for problem in found]
    return problems


@pytest.mark.parametrize("doc_type", list(FORMS))
def test_every_line_count_holds_its_numbers_and_keeps_its_blocks_together(app, sources, director, doc_type):
    form = FORMS[doc_type]
    base = source_context(sources, doc_type, director)
    problems, prints = [], {}
    with app.test_request_context():
        for count in LINE_COUNTS:
            pdf = render_pdf(doc_type, with_lines(base, count))
            pages = page_texts(pdf)
            prints.setdefault(len(pages), (count, pdf))
            problems += [f"{count} lines: {problem}" for problem in block_problems(form, pages, count)]
    # pdfplumber takes ~1 s a page here: the one-page print, the first that needs two pages, 60 lines.
    checked = dict([prints[min(prints)], prints.get(2, prints[min(prints)]), (LINE_COUNTS[-1], pdf)])
    for count, pdf in sorted(checked.items()):
        problems += [f"{count} lines, {problem}" for problem in drawing_problems(pdf, form)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_the_offer_is_signed_under_the_signers_own_role_without_a_contract_line(app, sources, director):
    context = source_context(sources, "co", director)
    assert context["contract"]  # the source has one; an offer still does not print it
    head = {"name": "Ахметов Ерлан Серікұлы", "position": "Директор"}
    with app.test_request_context():
        text = " ".join(page_texts(render_pdf("co", {**context, "signers": {**context["signers"], "head": head}})))
        executor_only = " ".join(page_texts(render_pdf("co", context)))
    assert "Договор" not in text and "Без договора" not in text
    assert re.search(r"Директор\s.*Ахметов Ерлан Серікұлы", text, re.S) and "Руководитель" not in text
    executor = context["signers"]["executor"]
    assert re.search(rf"{executor['position']}\s.*{executor['name']}", executor_only, re.S)
    assert "Руководитель" not in executor_only


def test_the_act_prints_the_footnotes_of_the_approved_form(app, sources, director):
    with app.test_request_context():
        text = " ".join(" ".join(page.split()) for page in page_texts(render_pdf("aw", source_context(sources, "aw", director))))
    assert "АКТ ВЫПОЛНЕННЫХ РАБОТ (ОКАЗАННЫХ УСЛУГ)*" in text
    assert "* Применяется для приемки-передачи выполненных работ (оказанных услуг), за исключением " \
           "строительно-монтажных работ." in text
    assert "** Заполняется в случае, если даты выполненных работ (оказанных услуг) приходятся на различные " \
           "периоды" in text
    assert "*** Заполняется в случае наличия отчета о научных исследованиях, маркетинговых, " \
           "консультационных и прочих услугах." in text


def test_a_number_column_is_as_wide_as_its_longest_value_totals_included():
    from decimal import Decimal

    from portal.documents.layout import number_columns

    lines = [{"price": Decimal("1500.00"), "sum": Decimal("3000.00"), "quantity": Decimal("2.5")},
             {"price": Decimal("999999999999.99"), "sum": Decimal("7.00"), "quantity": 3}]
    columns = number_columns({"lines": lines, "total": Decimal("999999999.99"), "total_quantity": Decimal("1234567.125")})
    assert columns["price"] == "w-d18"  # 999 999 999 999,99
    assert columns["sum"] == "w-d14"  # the total: 999 999 999,99
    assert columns["quantity"] == "w-d14"  # the total: 1 234 567,125 (13 characters)
    assert number_columns({"lines": lines[:1]})["price"] == "w-d8"  # 1 500,00, and no narrower than a header
