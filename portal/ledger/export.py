"""Exports of the registry (and, once payments exist, of payments) to XLSX and CSV.

Both writers take the same table: a header and rows of plain values (str, Decimal, date).
XLSX keeps types: Decimal becomes a numeric cell formatted `#,##0.00`, a date a date cell
`DD.MM.YYYY`. openpyxl writes in write-only mode (rows are streamed, not kept as cell objects),
which is what keeps 10,000 rows well under the 3 s budget (bench/ledger_import.py).

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

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.filters import STATUSES, RegistryFilters
from portal.ledger.registry import (DRAFT_ORDER, ISSUED_ORDER, RegistryRow, _draft_query, _draft_row, _issued_query,
                                    _issued_row, _issues_of, _sort_key)
from portal.errors import ValidationFailed
from portal.models import SmartDocument
from portal.models.issued import IssuedDocument
from portal.smart_docs.money import round_tiyn

# An export is a file for people: past this it is a data dump, which the JSON API pages through.
MAX_ROWS = 100_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
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
    """Every registry row under the filters, in the registry's order, at most MAX_ROWS."""
    if wanted.errors:
        raise ValidationFailed(wanted.errors)
    rows: list[RegistryRow] = []
    if wanted.kind in ("", "issued"):
        query = (select(IssuedDocument).where(*_issued_query(company_id, wanted))
                 .order_by(*ISSUED_ORDER[wanted.sort]).limit(MAX_ROWS))
        rows.extend(_issued_row(r) for r in db.session.execute(query).unique().scalars())
    if wanted.kind in ("", "drafts"):
        query = (select(SmartDocument).where(*_draft_query(company_id, wanted))
                 .order_by(*DRAFT_ORDER[wanted.sort]).limit(MAX_ROWS))
        drafts = list(db.session.execute(query).unique().scalars())
        issues = _issues_of(company_id, drafts)
        rows.extend(_draft_row(d, issues.get((d.doc_type, d.public_id), [])) for d in drafts)
    rows.sort(key=_sort_key(wanted.sort))
    return rows[:MAX_ROWS]


def registry_table(rows: list[RegistryRow]) -> Table:
    """The registry as a table: what the page's columns show, a BIN and a total as their own cells."""
    header = ["Документ", "Номер", "Дата", "Контрагент", "БИН контрагента", "Сумма, ₸", "Статус", "Выпущен как"]
    body = [[r.title, r.number or "", r.doc_date, r.counterparty_name, r.counterparty_bin, round_tiyn(r.total),
             STATUSES[r.status], ", ".join(i["number"] for i in r.issued_as)] for r in rows]
    return Table("Реестр", header, body)


def _xlsx_value(sheet, value, bold: bool = False):
    """Plain text streams as it is; typed values (and bold headers) need a cell with a style."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and not bold:
        if not value.startswith(FORMULA_STARTS):
            return value
        cell = WriteOnlyCell(sheet, value=neutralise(value))
        # openpyxl would store a string beginning with "=" as a formula; it is text.
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, (date, datetime)):
        cell.number_format = DATE_FORMAT
    if bold:
        cell.font = Font(bold=True)
    return cell


def to_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook of one sheet, the header in bold and frozen."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate([28, 14, 12, 40, 16, 16, 22, 24, 20, 20][: len(table.header)], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_xlsx_value(sheet, h, bold=True) for h in table.header])
    for row in table.rows:
        sheet.append([_xlsx_value(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
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
