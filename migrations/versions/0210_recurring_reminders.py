"""Recurring documents and payment reminders (#20): schedules with their template versions and
runs (unique per schedule and period), reminder rules, reminders (unique per invoice and rule),
exclusions; a reminder's own subject and text on its e-mail row.

Revision ID: 0210_recurring_reminders
Revises: 0200_one_format_phones_postcodes
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0210_recurring_reminders'
down_revision = '0200_one_format_phones_postcodes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reminder_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('public_id', sa.String(length=8), nullable=False),
    sa.CheckConstraint('days BETWEEN -60 AND 365', name=op.f('ck_reminder_rules_reminder_days_range')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_reminder_rules_company_id_companies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_rules')),
    sa.UniqueConstraint('company_id', 'days', name='uq_reminder_rules_company_days')
    )
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_rules_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_rules_public_id'), ['public_id'], unique=True)

    op.create_table('recurring_schedules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('doc_type', sa.String(length=2), nullable=False),
    sa.Column('source_public_id', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('every_months', sa.Integer(), nullable=False),
    sa.Column('day', sa.Integer(), nullable=False),
    sa.Column('last_day', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('form', sa.String(length=2), nullable=False),
    sa.Column('email_recipients', sa.JSON(), nullable=False),
    sa.Column('base_url', sa.String(length=300), nullable=False),
    sa.Column('paused', sa.Boolean(), nullable=False),
    sa.Column('next_run', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.Column('public_id', sa.String(length=8), nullable=False),
    sa.CheckConstraint("action IN ('draft', 'issue')", name=op.f('ck_recurring_schedules_recurring_action_known')),
    sa.CheckConstraint('day BETWEEN 1 AND 31', name=op.f('ck_recurring_schedules_recurring_day_known')),
    sa.CheckConstraint('every_months BETWEEN 1 AND 12', name=op.f('ck_recurring_schedules_recurring_every_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_recurring_schedules_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_recurring_schedules_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_schedules'))
    )
    with op.batch_alter_table('recurring_schedules', schema=None) as batch_op:
        batch_op.create_index('ix_recurring_due', ['paused', 'next_run'], unique=False)
        batch_op.create_index(batch_op.f('ix_recurring_schedules_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recurring_schedules_public_id'), ['public_id'], unique=True)

    op.create_table('invoice_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.Integer(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("state IN ('pending', 'mailed', 'skipped', 'no_address')", name=op.f('ck_invoice_reminders_reminder_state_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_invoice_reminders_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['ledger_invoices.document_id'], name=op.f('fk_invoice_reminders_document_id_ledger_invoices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mail_id'], ['document_mails.id'], name=op.f('fk_invoice_reminders_mail_id_document_mails'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rule_id'], ['reminder_rules.id'], name=op.f('fk_invoice_reminders_rule_id_reminder_rules'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_invoice_reminders_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_reminders')),
    sa.UniqueConstraint('document_id', 'rule_id', name='uq_invoice_reminders_invoice_rule')
    )
    with op.batch_alter_table('invoice_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_reminders_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoice_reminders_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_invoice_reminders_state', ['state', 'id'], unique=False)

    op.create_table('recurring_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('draft_public_id', sa.String(length=8), nullable=True),
    sa.Column('issued_document_id', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'running', 'done', 'failed')", name=op.f('ck_recurring_runs_recurring_run_state_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_recurring_runs_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issued_document_id'], ['issued_documents.id'], name=op.f('fk_recurring_runs_issued_document_id_issued_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['schedule_id'], ['recurring_schedules.id'], name=op.f('fk_recurring_runs_schedule_id_recurring_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_runs')),
    sa.UniqueConstraint('schedule_id', 'period_start', name='uq_recurring_runs_schedule_period')
    )
    with op.batch_alter_table('recurring_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recurring_runs_company_id'), ['company_id'], unique=False)
        batch_op.create_index('ix_recurring_runs_state', ['state', 'schedule_id', 'period_start'], unique=False)

    op.create_table('recurring_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('schedule_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['schedule_id'], ['recurring_schedules.id'], name=op.f('fk_recurring_versions_schedule_id_recurring_schedules'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_versions')),
    sa.UniqueConstraint('schedule_id', 'version', name='uq_recurring_versions_schedule_version')
    )
    op.create_table('reminder_exclusions',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_reminder_exclusions_company_id_companies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['document_id'], ['ledger_invoices.document_id'], name=op.f('fk_reminder_exclusions_document_id_ledger_invoices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_exclusions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_reminder_exclusions'))
    )
    with op.batch_alter_table('reminder_exclusions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_exclusions_company_id'), ['company_id'], unique=False)

    with op.batch_alter_table('document_mails', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('body', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('document_mails', schema=None) as batch_op:
        batch_op.drop_column('body')
        batch_op.drop_column('subject')

    with op.batch_alter_table('reminder_exclusions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_exclusions_company_id'))

    op.drop_table('reminder_exclusions')
    op.drop_table('recurring_versions')
    with op.batch_alter_table('recurring_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_recurring_runs_state')
        batch_op.drop_index(batch_op.f('ix_recurring_runs_company_id'))

    op.drop_table('recurring_runs')
    with op.batch_alter_table('invoice_reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_invoice_reminders_state')
        batch_op.drop_index(batch_op.f('ix_invoice_reminders_document_id'))
        batch_op.drop_index(batch_op.f('ix_invoice_reminders_company_id'))

    op.drop_table('invoice_reminders')
    with op.batch_alter_table('recurring_schedules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recurring_schedules_public_id'))
        batch_op.drop_index(batch_op.f('ix_recurring_schedules_company_id'))
        batch_op.drop_index('ix_recurring_due')

    op.drop_table('recurring_schedules')
    with op.batch_alter_table('reminder_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_rules_public_id'))
        batch_op.drop_index(batch_op.f('ix_reminder_rules_company_id'))

    op.drop_table('reminder_rules')
