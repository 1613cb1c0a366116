"""Staff phones in one format (+7(7xx)xxx-xx-xx) and postal codes with their leading zero.

Phones were stored as typed; the rule now normalises on the way in (portal/kz/phone.py), and
this brings the rows written before it to the same form (a value that is not a Kazakh number is
kept as it was). Kazakhstan's postal codes are six digits, and the ones starting with 0 (Astana
01…, Almaty 05…) lost that zero wherever they had passed through a number: five digits always
mean a lost zero. Nothing to undo: downgrade leaves the data as it is.

Revision ID: 0200_one_format_phones_postcodes
Revises: 0180_bank_statements
"""
import sqlalchemy as sa
from alembic import op

revision = "0200_one_format_phones_postcodes"
down_revision = "0180_bank_statements"
branch_labels = None
depends_on = None


def upgrade():
    from portal.kz.phone import normalised_or_kept

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, phone_number FROM staff WHERE phone_number IS NOT NULL")).all()
    for row_id, phone in rows:
        wanted = normalised_or_kept(phone)
        if wanted != phone:
            bind.execute(sa.text("UPDATE staff SET phone_number = :phone WHERE id = :id"), {"phone": wanted, "id": row_id})
    five_digits = ("index_ex ~ '^[0-9]{5}$'" if bind.dialect.name == "postgresql"
                   else "index_ex GLOB '[0-9][0-9][0-9][0-9][0-9]'")
    bind.execute(sa.text(f"UPDATE companies SET index_ex = '0' || index_ex WHERE length(index_ex) = 5 AND {five_digits}"))


def downgrade():
    pass
