"""Bank statement lines are known by what identifies the operation in any format (date, direction,
amount, payer, payment order number), so the same payment imported from a bank's 1C file and
from its CSV/XLSX is kept once: the lines already stored get the new key.

A company may already hold one operation twice (imported in both formats before this revision):
the first line takes the new key, the later ones keep theirs, so the unique key still holds.

Revision ID: 0221_statement_line_identity
Revises: 0220_ledger_totals
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0221_statement_line_identity"
down_revision = "0220_ledger_totals"
branch_labels = None
depends_on = None


def _operation_hash(op_date, direction, amount, doc_number, payer_bin, payer_account, purpose) -> str:
    """A frozen copy of portal.ledger.statements.parsed.operation_hash."""
    number = (doc_number or "").strip().lstrip("0")
    payer = payer_bin or (payer_account or "").replace(" ", "").upper()
    parts = ["2", str(op_date)[:10], direction, f"{amount:.2f}", payer, number]
    if not number:
        parts.append(" ".join((purpose or "").split()).lower())
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def upgrade():
    from decimal import Decimal

    bind = op.get_bind()
    lines = sa.table("bank_statement_lines", sa.column("id", sa.Integer), sa.column("company_id", sa.Integer),
                     sa.column("line_hash", sa.String), sa.column("op_date", sa.Date), sa.column("direction", sa.String),
                     sa.column("amount", sa.Numeric(16, 2)), sa.column("doc_number", sa.String),
                     sa.column("payer_bin", sa.String), sa.column("payer_account", sa.String),
                     sa.column("purpose", sa.String))
    rows = bind.execute(sa.select(lines).order_by(lines.c.id)).all()
    taken = {(row.company_id, row.line_hash) for row in rows}
    for row in rows:
        new = _operation_hash(row.op_date, row.direction, Decimal(str(row.amount)).quantize(Decimal("0.01")),
                              row.doc_number, row.payer_bin, row.payer_account, row.purpose)
        if new == row.line_hash or (row.company_id, new) in taken:
            continue
        taken.add((row.company_id, new))
        bind.execute(sa.update(lines).where(lines.c.id == row.id).values(line_hash=new))


def downgrade():
    # The old keys cannot be told from the new ones' inputs alone: lines keep the new key.
    pass
