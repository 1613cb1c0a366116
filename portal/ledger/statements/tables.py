"""CSV and XLSX statements: a table whose columns the accountant names once per bank.

Banks' Excel and CSV exports differ in column names, order and in how they show the side:
one signed amount, an amount with a «Дебет/Кредит» column, or separate credit and debit
columns. The mapping says which header is which field; the header row is the first row that
holds every mapped header (banks put their name, account and period above the table).
"""
import csv
import io
from datetime import date, datetime

from portal.ledger.statements.parsed import (ParsedLine, ParsedStatement, StatementError, clean_bin, clip,
                                             parse_amount, parse_date)

FIELDS = {
    "date": "Дата операции",
    "amount": "Сумма (со знаком или с направлением)",
    "credit": "Кредит (поступило)",
    "debit": "Дебет (списано)",
    "direction": "Направление (Дебет/Кредит)",
    "payer_name": "Плательщик",
    "payer_bin": "БИН/ИИН плательщика",
    "purpose": "Назначение платежа",
    "reference": "Номер документа",
}
INCOMING = {"кредит", "приход", "поступление", "зачисление", "in", "credit", "cr", "c", "+", "к", "кт"}
OUTGOING = {"дебет", "расход", "списание", "out", "debit", "dr", "d", "-", "д", "дт"}
MAX_ROWS = 20_000
TOTALS = ("итого", "всего", "обороты", "остаток", "total")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(data: bytes, file_format: str) -> list[list]:
    """The table's cells, row by row (XLSX cells keep their types: dates and numbers)."""
    if file_format == "xlsx":
        from openpyxl import load_workbook  # only uploads of XLSX pay for the import

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken zip or XML
            raise StatementError(f"файл XLSX не читается ({exc.__class__.__name__}).") from None
        sheet = book.worksheets[0]
        rows = [list(row) for _, row in zip(range(MAX_ROWS + 50), sheet.iter_rows(values_only=True))]
        book.close()
        return rows
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1251", errors="replace")
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count)
    try:
        return [row for _, row in zip(range(MAX_ROWS + 50), csv.reader(io.StringIO(text, newline=""),
                                                                        delimiter=delimiter))]
    except csv.Error as exc:  # a NUL byte, an unclosed quote at the end: not a table
        raise StatementError(f"файл CSV не читается: {exc}.") from None


def header_candidates(rows: list[list]) -> tuple[int, list[str]]:
    """The row that looks like the header (the first with three filled text cells) and its names."""
    for index, row in enumerate(rows[:30]):
        cells = [_text(c) for c in row]
        if sum(1 for c, raw in zip(cells, row) if c and isinstance(raw, str)) >= 3:
            return index, cells
    raise StatementError("в файле не найдена строка заголовков (названия столбцов).")


def _header_row(rows: list[list], columns: dict[str, str]) -> tuple[int, dict[str, int]]:
    wanted = {f: name.strip().lower() for f, name in columns.items() if name and name.strip()}
    for index, row in enumerate(rows[:30]):
        names = [_text(c).lower() for c in row]
        if all(name in names for name in wanted.values()):
            return index, {f: names.index(name) for f, name in wanted.items()}
    missing = ", ".join(f"«{n}»" for n in columns.values() if n)
    raise StatementError(f"в файле нет строки заголовков со столбцами {missing}.")


def check_mapping(columns: dict) -> dict[str, list[str]]:
    """What a mapping lacks: a date, and an amount (signed or with direction) or credit/debit columns."""
    errors: dict[str, list[str]] = {}
    if not columns.get("date"):
        errors["date"] = ["Выберите столбец с датой."]
    if not (columns.get("amount") or columns.get("credit")):
        errors["amount"] = ["Выберите столбец суммы или столбец «Кредит»."]
    if columns.get("amount") and (columns.get("credit") or columns.get("debit")):
        errors["credit"] = ["Либо одна сумма, либо столбцы «Кредит»/«Дебет», не всё сразу."]
    return errors


def _side(row: list, cols: dict[str, int], line: int):
    def cell(name):
        return row[cols[name]] if name in cols and cols[name] < len(row) else None

    if "credit" in cols:
        credit, debit = cell("credit"), cell("debit")
        if _text(credit):
            return "in", parse_amount(credit, line, "кредит")
        if _text(debit):
            return "out", parse_amount(debit, line, "дебет")
        return None, None
    raw = cell("amount")
    if not _text(raw):
        return None, None
    amount = parse_amount(raw, line)
    if "direction" in cols:
        side = _text(cell("direction")).lower().rstrip(".")
        if side in INCOMING:
            return "in", abs(amount)
        if side in OUTGOING:
            return "out", abs(amount)
        raise StatementError(f"направление «{_text(cell('direction'))}»: ожидается Кредит или Дебет.", line)
    return ("in" if amount > 0 else "out"), abs(amount)


def parse_table(data: bytes, file_format: str, columns: dict[str, str]) -> ParsedStatement:
    """Read the table under the mapping; the row numbers in messages are the spreadsheet's."""
    rows = read_rows(data, file_format)
    header, cols = _header_row(rows, columns)
    result = ParsedStatement(file_format, [])
    for index in range(header + 1, len(rows)):
        row, line = rows[index], index + 1
        if not any(_text(c) for c in row):
            continue
        if len(result.lines) >= MAX_ROWS:
            raise StatementError(f"больше {MAX_ROWS} строк: разбейте выписку по периодам.", line)
        raw_date = row[cols["date"]] if cols["date"] < len(row) else None
        if (not _text(raw_date) and not isinstance(raw_date, (date, datetime))) \
                or _text(raw_date).lower().startswith(TOTALS):
            # Banks close their tables with «Итого»/«Остаток» rows: the operations end there.
            break
        direction, amount = _side(row, cols, line)
        if direction is None or amount == 0:
            continue
        get = lambda name: _text(row[cols[name]]) if name in cols and cols[name] < len(row) else ""  # noqa: E731
        result.lines.append(ParsedLine(
            position=line, op_date=parse_date(raw_date, line), direction=direction, amount=amount,
            doc_number=clip(get("reference"), 50), payer_name=clip(get("payer_name"), 500),
            payer_bin=clean_bin(get("payer_bin")), purpose=clip(get("purpose"), 1000),
        ))
    if not result.lines:
        raise StatementError("в таблице нет ни одной операции под строкой заголовков.", header + 1)
    return result
