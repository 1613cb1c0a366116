"""Importing a statement file: read it, keep the operations not seen before, propose matches.

One transaction: the statement, its new lines and their proposals are committed together or
not at all (a broken file writes nothing). A line already kept for the company (same
`line_hash`, from this file or an earlier one) is skipped, so a statement imported twice
records nothing the second time; two uploads racing are held apart by the unique key.
"""
import base64
import binascii
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.errors import ValidationFailed
from portal.ledger.events import statement_imported
from portal.extensions import db
from portal.ledger.statements.matching import Matcher, load_open_invoices, recorded_payments
from portal.ledger.statements.onec import looks_like_1c, parse_1c
from portal.ledger.statements.parsed import ParsedStatement, StatementError
from portal.ledger.statements.tables import FIELDS, check_mapping, header_candidates, parse_table, read_rows
from portal.models.statements import BankStatement, StatementLine, StatementMapping
from portal.timeutil import now_utc

MAX_BYTES = 5 * 1024 * 1024


class NeedsMapping(ValidationFailed):
    """A CSV/XLSX statement of a bank whose columns are not known yet: here are the file's headers."""

    def __init__(self, headers: list[str], errors: dict[str, list[str]] | None = None):
        super().__init__(errors or {"columns": ["Укажите, в каких столбцах дата, сумма и плательщик."]})
        self.headers = headers


@dataclass
class ImportResult:
    statement: BankStatement | None
    lines_in_file: int
    lines_new: int
    seen_in: list[BankStatement] = field(default_factory=list)  # statements that already held the rest


def bank_key(bank: str) -> str:
    return " ".join((bank or "").split()).upper()[:100]


def file_format(file_name: str, data: bytes) -> str:
    if looks_like_1c(data):
        return "1c"
    if data[:2] == b"PK":
        return "xlsx"
    if (file_name or "").lower().endswith((".xlsx", ".xls")):
        raise ValidationFailed({"file": ["Файл назван как Excel, но не XLSX (старый .xls сохраните как .xlsx)."]})
    return "csv"


def decode_upload(raw: str) -> bytes:
    """The file re-sent by the mapping form (base64 in a hidden field)."""
    try:
        return base64.b64decode(raw.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ValidationFailed({"file": ["Файл повреждён при повторной отправке: выберите его снова."]}) from None


def remembered_columns(company_id: int, bank: str) -> dict | None:
    row = db.session.execute(select(StatementMapping).where(
        StatementMapping.company_id == company_id, StatementMapping.bank_key == bank_key(bank))).scalar_one_or_none()
    return dict(row.columns) if row else None


def _remember(company_id: int, bank: str, columns: dict) -> None:
    row = db.session.execute(select(StatementMapping).where(
        StatementMapping.company_id == company_id, StatementMapping.bank_key == bank_key(bank))).scalar_one_or_none()
    if row is None:
        db.session.add(StatementMapping(company_id=company_id, bank_key=bank_key(bank), columns=columns))
    else:
        row.columns, row.updated = columns, now_utc()


def read_statement(company_id: int, file_name: str, data: bytes, bank: str = "",
                   columns: dict | None = None) -> ParsedStatement:
    """The parsed file, or a 400 naming the line (`file`) or what the mapping lacks."""
    if not data:
        raise ValidationFailed({"file": ["Выберите файл выписки."]})
    if len(data) > MAX_BYTES:
        raise ValidationFailed({"file": ["Файл больше 5 МБ: выгрузите выписку за меньший период."]})
    fmt = file_format(file_name, data)
    try:
        if fmt == "1c":
            parsed = parse_1c(data)
            parsed.bank = bank.strip()[:100] or parsed.bank
            return parsed
        if not bank_key(bank):
            raise ValidationFailed({"bank": ["Для CSV/XLSX укажите банк (БИК или название): по нему запоминаются столбцы."]})
        chosen = {k: v for k, v in (columns or {}).items() if k in FIELDS and v} or remembered_columns(company_id, bank)
        if not chosen:
            raise NeedsMapping(header_candidates(read_rows(data, fmt))[1])
        problems = check_mapping(chosen)
        if problems:
            raise NeedsMapping(header_candidates(read_rows(data, fmt))[1], problems)
        parsed = parse_table(data, fmt, chosen)
        parsed.bank = bank.strip()[:100]
        _remember(company_id, bank, chosen)
        return parsed
    except StatementError as exc:
        raise ValidationFailed({"file": [str(exc)]}) from None


def import_statement(company_id: int, user_id: int | None, file_name: str, data: bytes, bank: str = "",
                     columns: dict | None = None) -> ImportResult:
    parsed = read_statement(company_id, file_name, data, bank, columns)
    hashes = [line.line_hash() for line in parsed.lines]
    seen: set[str] = set()
    for start in range(0, len(hashes), 500):
        seen |= set(db.session.execute(select(StatementLine.line_hash).where(
            StatementLine.company_id == company_id, StatementLine.line_hash.in_(hashes[start:start + 500]))).scalars())
    fresh, taken = [], set(seen)
    for line, digest in zip(parsed.lines, hashes):
        if digest not in taken:
            taken.add(digest)
            fresh.append((line, digest))
    seen_in = []
    if seen:
        seen_in = list(db.session.execute(select(BankStatement).where(BankStatement.id.in_(
            select(StatementLine.statement_id).where(StatementLine.company_id == company_id,
                                                     StatementLine.line_hash.in_(list(seen)[:500]))))
            .order_by(BankStatement.id)).scalars())
    if not fresh:
        db.session.commit()  # the remembered mapping, if the file brought one
        return ImportResult(None, len(parsed.lines), 0, seen_in)
    statement = BankStatement(company_id=company_id, uploaded_by=user_id, file_name=(file_name or "")[:255],
                              file_format=parsed.file_format, bank=parsed.bank, account=parsed.account,
                              period_start=parsed.period_start, period_end=parsed.period_end,
                              lines_in_file=len(parsed.lines), lines_new=len(fresh))
    db.session.add(statement)
    days = [line.op_date for line, _ in fresh]
    matcher = Matcher(load_open_invoices(company_id), recorded_payments(company_id, min(days), max(days)))
    for line, digest in fresh:
        row = StatementLine(company_id=company_id, statement=statement, position=line.position, line_hash=digest,
                            op_date=line.op_date, direction=line.direction, amount=line.amount,
                            doc_number=line.doc_number, payer_name=line.payer_name, payer_bin=line.payer_bin,
                            payer_account=line.payer_account, purpose=line.purpose, knp=line.knp)
        if line.direction == "in":
            proposal = matcher.propose(line.payer_bin, line.amount, line.purpose, line.op_date)
            row.proposed_document_id, row.confidence, row.reason = (proposal.document_id, proposal.confidence,
                                                                    proposal.reason[:200])
        db.session.add(row)
    db.session.flush()
    statement_imported(statement)  # in this transaction: a refused import owes nothing
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed({"file": ["Эту выписку сейчас загружает кто-то ещё: обновите страницу."]}) from None
    return ImportResult(statement, len(parsed.lines), len(fresh), seen_in)
