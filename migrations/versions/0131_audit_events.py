"""The audit log of company accounts; on PostgreSQL a trigger refuses UPDATE and DELETE of its rows.

SQLite gets no such trigger: the test suite empties every table between tests with DELETE,
and the application itself has no path that changes or deletes an event.

Revision ID: 0131_audit_events
Revises: 0130_login_sessions
"""
import sqlalchemy as sa
from alembic import op

revision = "0131_audit_events"
down_revision = "0130_login_sessions"
branch_labels = None
depends_on = None

REFUSE = """
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
"""


def upgrade():
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=50), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=45), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_audit_events_company_id_companies")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events") as batch:
        batch.create_index("ix_audit_events_company_recent", ["company_id", "id"], unique=False)
        batch.create_index(batch.f("ix_audit_events_user_id"), ["user_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(REFUSE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_events_append_only ON audit_events; DROP FUNCTION audit_events_append_only();")
    with op.batch_alter_table("audit_events") as batch:
        batch.drop_index(batch.f("ix_audit_events_user_id"))
        batch.drop_index("ix_audit_events_company_recent")
    op.drop_table("audit_events")
