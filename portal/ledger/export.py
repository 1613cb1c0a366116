"""Exports of the registry (and, once payments exist, of payments) to XLSX and CSV.

Both writers take the same table: a header and rows of plain values (str, Decimal, date).
XLSX keeps types: Decimal becomes a numeric cell formatted `#,##0.00`, a date a date cell
`DD.MM.YYYY`. XlsxWriter writes it (in memory, no temporary files): openpyxl, without
lxml, serialises through pure-Python XML and took 3–7 s for 10,000 rows on this machine, past
the 3 s budget; XlsxWriter takes a fraction of that (bench/ledger_import.py). openpyxl stays
for reading XLSX statements and, in the tests, reading exports back.

CSV is written for Russian-locale Excel, the program Kazakh accountants open it with: UTF-8
with a BOM (without it Excel reads the bytes as Windows-1251 and Kazakh letters ә, ғ, қ, ң, ө,
ұ, ү, һ, і are lost), `;` as the separator and `,` as the decimal mark (Russian Excel's list
separator is `;` because `,` is its decimal mark; a `,`-separated file opens as one column),
dates as ДД.ММ.ГГГГ, which that Excel reads as dates.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a CR is a formula to a spreadsheet
(CSV injection); such cells get a leading `'`, in both formats, so they stay text.
"""
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.filters import STATUSES, RegistryFilters
from portal.ledger.payments import STATES as PAYMENT_STATES, invoice_state
from portal.ledger.registry import (DRAFT_ORDER, ISSUED_ORDER, RegistryRow, draft_row, issues_of, registry_where,
                                    sort_key)
from portal.models.ledger import INVOICE_TYPE, LedgerInvoice
from portal.timeutil import today_almaty
from portal.errors import ValidationFailed
from portal.models import SmartDocument
from portal.models.issued import IssuedDocument
from portal.smart_docs.money import round_tiyn

# An export is a file for people: past this it is a data dump, which the JSON API pages through.
MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
WIDTHS = [28, 14, 12, 40, 16, 16, 22, 24, 20, 20]
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass
class Table:
    """What an export writes: a sheet title, column headers, rows of str / Decimal / date / None."""

    title: str
    header: list[str]
    rows: list[list]


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, kept as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def registry_rows(company_id: int, wanted: RegistryFilters) -> list[RegistryRow]:
    """Every registry row under the filters, in the registry's order, at most MAX_ROWS.

    Issued documents are read as plain columns, not ORM objects: an export of 10,000 rows
    would otherwise pay for their joined companies and users, three times the workbook itself.
    """
    rows: list[RegistryRow] = []
    today = today_almaty()
    where = registry_where(company_id, wanted, today)
    if where.issued is not None:
        d = IssuedDocument
        query = (select(d.public_id, d.type, d.title, d.number, d.doc_date, d.recipient_name, d.recipient_bin,
                        d.total_sum, d.content_id, d.id)
                 .where(*where.issued).order_by(*ISSUED_ORDER[wanted.sort]).limit(MAX_ROWS))
        rows.extend(RegistryRow("issued", pid, kind, title, number, day, name or "", bin_ or "", total, "issued",
                                content, row_id=row_id)
                    for pid, kind, title, number, day, name, bin_, total, content, row_id in db.session.execute(query))
    if where.drafts is not None:
        query = (select(SmartDocument).where(*where.drafts)
                 .order_by(*DRAFT_ORDER[wanted.sort]).limit(MAX_ROWS))
        drafts = list(db.session.execute(query).unique().scalars())
        issues = issues_of(company_id, drafts)
        rows.extend(draft_row(d, issues.get((d.doc_type, d.public_id), [])) for d in drafts)
    rows.sort(key=sort_key(wanted.sort))
    rows = rows[:MAX_ROWS]
    _payment_states(rows, today)
    return rows


def _payment_states(rows: list[RegistryRow], today: date) -> None:
    """Each issued invoice's payment state, from the ledger's columns (the rule is invoice_state's;
    plain rows, because loading 10,000 ledger objects cost more than the workbook)."""
    wanted = {r.row_id: r for r in rows if r.kind == "issued" and r.doc_type == INVOICE_TYPE}
    ids = list(wanted)
    for start in range(0, len(ids), 5000):
        found = db.session.execute(
            select(LedgerInvoice.document_id, LedgerInvoice.annulled_at, LedgerInvoice.paid, LedgerInvoice.amount,
                   LedgerInvoice.due_date).where(LedgerInvoice.document_id.in_(ids[start:start + 5000])))
        for values in found:
            wanted[values.document_id].payment_state = invoice_state(values, today)


def registry_table(rows: list[RegistryRow]) -> Table:
    """The registry as a table: what the page's columns show, a BIN and a total as their own cells."""
    header = ["Документ", "Номер", "Дата", "Контрагент", "БИН контрагента", "Сумма, ₸", "Статус", "Выпущен как",
              "Оплата"]
    body = [[r.title, r.number or "", r.doc_date, r.counterparty_name, r.counterparty_bin, round_tiyn(r.total),
             STATUSES.get(r.status, r.status), ", ".join(i["number"] for i in r.issued_as),
             PAYMENT_STATES.get(r.payment_state, "") if r.payment_state else ""] for r in rows]
    return Table("Реестр", header, body)


def to_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook of one sheet, the header in bold and frozen.

    Each value is written by its type, so a string is always a text cell (XlsxWriter's
    `write_string` never reads `=…` as a formula; the `'` is added as well, as in CSV, so the
    file is safe in whatever program re-saves it as CSV).
    """
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(table.title[:31])
    bold, money, day = (book.add_format({"bold": True}), book.add_format({"num_format": MONEY_FORMAT}),
                        book.add_format({"num_format": DATE_FORMAT}))
    for index, width in enumerate(WIDTHS[: len(table.header)]):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    for col, name in enumerate(table.header):
        sheet.write_string(0, col, name, bold)
    for row_index, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(row_index, col, neutralise(value))
            elif isinstance(value, Decimal):
                # Excel keeps IEEE doubles: exact to the tiyn for any sum below 10^13 tenge.
                sheet.write_number(row_index, col, float(round_tiyn(value)), money)
            elif isinstance(value, (date, datetime)):
                sheet.write_datetime(row_index, col, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write(row_index, col, value)
    book.close()
    return out.getvalue()


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{round_tiyn(value):.2f}".replace(".", ",")
    if isinstance(value, (date, datetime)):
        return value.strftime("%d.%m.%Y")
    return neutralise(str(value))


def to_csv(table: Table) -> bytes:
    """The table as `;`-separated UTF-8 with a BOM, CRLF line ends (what Excel writes itself)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_value(h) for h in table.header])
    writer.writerows([_csv_value(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render(table: Table, fmt: str) -> bytes:
    return to_xlsx(table) if fmt == "xlsx" else to_csv(table)


def payments_table(company_id: int, wanted) -> Table:
    """The payments list under its filters (portal.ledger.payment_list), every row, newest first."""
    from portal.ledger.payment_list import _where
    from portal.models.ledger import PAYMENT_METHODS, LedgerInvoice, Payment

    if wanted.errors:
        raise ValidationFailed(wanted.errors)
    query = (select(Payment.paid_on, Payment.amount, Payment.method, LedgerInvoice.number, LedgerInvoice.doc_date,
                    LedgerInvoice.counterparty_name, LedgerInvoice.counterparty_bin, Payment.reference, Payment.note)
             .join(LedgerInvoice, LedgerInvoice.document_id == Payment.document_id)
             .where(*_where(company_id, wanted)).order_by(Payment.paid_on.desc(), Payment.id.desc()).limit(MAX_ROWS))
    header = ["Дата оплаты", "Сумма, ₸", "Способ", "Счёт №", "Дата счёта", "Контрагент", "БИН контрагента",
              "Документ банка", "Примечание"]
    rows = [[paid_on, round_tiyn(amount), PAYMENT_METHODS.get(method, method), number, doc_date, name, bin_,
             reference, note] for paid_on, amount, method, number, doc_date, name, bin_, reference, note
            in db.session.execute(query)]
    return Table("Платежи", header, rows)
