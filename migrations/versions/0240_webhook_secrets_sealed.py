"""Webhook signing secrets stored sealed (Fernet, portal/webhooks/vault.py), never in plaintext.

`secret` becomes `secret_sealed`: each existing secret is sealed with the key derived from the
app's WEBHOOKS_SECRET_KEY or SECRET_KEY, so endpoints keep signing with the same secret and
receivers change nothing. The downgrade opens them again.

SQLite is altered in place (ADD/DROP COLUMN), never by batch mode's copy of the table: with
foreign keys enforced, dropping the old table would cascade to every delivery and attempt. In
place, a NOT NULL column needs a default there ('', overwritten at once).

Revision ID: 0240_webhook_secrets_sealed
Revises: 0230_search_words
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "0240_webhook_secrets_sealed"
down_revision = "0230_search_words"
branch_labels = None
depends_on = None

TABLE = "webhook_endpoints"


def _replace_column(old: str, new: str, length: int, convert) -> None:
    """Add `new` NOT NULL, fill it from `old` through `convert`, drop `old`."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    column = sa.Column(new, sa.String(length=length), nullable=not sqlite, server_default="" if sqlite else None)
    with op.batch_alter_table(TABLE, recreate="never") as batch:
        batch.add_column(column)
    rows = sa.table(TABLE, sa.column("id", sa.Integer), sa.column(old, sa.String), sa.column(new, sa.String))
    conn = op.get_bind()
    for row_id, value in conn.execute(sa.select(rows.c.id, rows.c[old])).all():
        conn.execute(rows.update().where(rows.c.id == row_id).values({new: convert(value)}))
    with op.batch_alter_table(TABLE, recreate="never") as batch:
        if not sqlite:
            batch.alter_column(new, existing_type=sa.String(length=length), nullable=False)
        batch.drop_column(old)


def upgrade():
    from portal.webhooks.vault import seal

    config = current_app.config
    _replace_column("secret", "secret_sealed", 300, lambda secret: seal(secret, config))


def downgrade():
    from portal.webhooks.vault import reveal

    config = current_app.config
    _replace_column("secret_sealed", "secret", 100, lambda sealed: reveal(sealed, config))
