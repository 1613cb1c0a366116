"""Background work runs on a task queue; its jobs and their progress are kept in `task_jobs`,
and an e-mail attempt in flight holds a lease (`document_mails.lease_until`) so that a worker
killed mid-send is retried once the lease runs out, and never twice while it is still sending.

Revision ID: 0140_task_jobs
Revises: 0107_form_blanks
"""
import sqlalchemy as sa
from alembic import op

revision = "0140_task_jobs"
down_revision = "0107_form_blanks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "task_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("company_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=120), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')",
                           name=op.f("ck_task_jobs_task_state_known")),
        sa.ForeignKeyConstraint(["parent_id"], ["task_jobs.id"], ondelete="CASCADE",
                                name=op.f("fk_task_jobs_parent_id_task_jobs")),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], ondelete="CASCADE",
                                name=op.f("fk_task_jobs_company_id_companies")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL",
                                name=op.f("fk_task_jobs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_jobs")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_task_jobs_dedupe_key")),
    )
    with op.batch_alter_table("task_jobs") as batch:
        batch.create_index(batch.f("ix_task_jobs_parent_id"), ["parent_id"], unique=False)
        batch.create_index("ix_task_jobs_company_state", ["company_id", "state"], unique=False)
        batch.create_index("ix_task_jobs_state_lease", ["state", "lease_until"], unique=False)
    with op.batch_alter_table("document_mails") as batch:
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("document_mails") as batch:
        batch.drop_column("lease_until")
    with op.batch_alter_table("task_jobs") as batch:
        batch.drop_index("ix_task_jobs_state_lease")
        batch.drop_index("ix_task_jobs_company_state")
        batch.drop_index(batch.f("ix_task_jobs_parent_id"))
    op.drop_table("task_jobs")
