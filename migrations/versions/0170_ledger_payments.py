"""The ledger of invoices for payment (#19): what each issued invoice owes, its payments and their
history, and the acts and waybills that close an invoice. Invoices issued before this revision
get their ledger rows here (nothing paid yet; the due date from the source's date_of_expire).

Revision ID: 0170_ledger_payments
Revises: 0131_audit_events
"""
import sqlalchemy as sa
from alembic import op

revision = "0170_ledger_payments"
down_revision = "0131_audit_events"
branch_labels = None
depends_on = None


# One ledger row per invoice for payment already issued; the source may be gone (no due date then).
BACKFILL = """
INSERT INTO ledger_invoices (document_id, company_id, counterparty_id, counterparty_bin, counterparty_name,
                             number, amount, paid, payment_status, credit, doc_date, due_date, paid_at,
                             annul_reason, created)
SELECT d.id, d.company_sender_id, d.company_recipient_id, COALESCE(d.recipient_bin, ''),
       COALESCE(d.recipient_name, ''), d.number, d.total_sum, 0,
       CASE WHEN d.total_sum <= 0 THEN 'paid' ELSE 'unpaid' END, 0, d.doc_date,
       (SELECT s.date_of_expire FROM sd_documents s
         WHERE s.company_id = d.company_sender_id AND s.doc_type = 'ip' AND s.public_id = d.content_id),
       CASE WHEN d.total_sum <= 0 THEN d.created END, '', d.created
FROM issued_documents d
WHERE d.type = 'ip'
"""


def upgrade():
    op.create_table('ledger_invoices',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('counterparty_id', sa.Integer(), nullable=True),
    sa.Column('counterparty_bin', sa.String(length=12), nullable=False),
    sa.Column('counterparty_name', sa.String(length=500), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('paid', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('payment_status', sa.String(length=8), nullable=False),
    sa.Column('credit', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('annulled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('annul_reason', sa.String(length=500), nullable=False),
    sa.Column('annulled_by', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('paid >= 0', name=op.f('ck_ledger_invoices_ledger_paid_not_negative')),
    sa.CheckConstraint('credit >= 0', name=op.f('ck_ledger_invoices_ledger_credit_not_negative')),
    sa.CheckConstraint("payment_status IN ('unpaid', 'partial', 'paid', 'annulled')", name=op.f('ck_ledger_invoices_ledger_status_known')),
    sa.ForeignKeyConstraint(['annulled_by'], ['users.id'], name=op.f('fk_ledger_invoices_annulled_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_ledger_invoices_company_id_companies')),
    sa.ForeignKeyConstraint(['counterparty_id'], ['companies.id'], name=op.f('fk_ledger_invoices_counterparty_id_companies')),
    sa.ForeignKeyConstraint(['document_id'], ['issued_documents.id'], name=op.f('fk_ledger_invoices_document_id_issued_documents')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_ledger_invoices'))
    )
    with op.batch_alter_table('ledger_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_invoices_company_credit', ['company_id', 'credit', 'counterparty_bin', 'counterparty_name'], unique=False)
        batch_op.create_index('ix_ledger_invoices_company_status_bin', ['company_id', 'payment_status', 'counterparty_bin', 'due_date', 'counterparty_name', 'amount', 'paid'], unique=False)
        batch_op.create_index('ix_ledger_invoices_company_month', ['company_id', 'doc_date', 'payment_status', 'amount'], unique=False)
        batch_op.create_index('ix_ledger_invoices_company_status_date', ['company_id', 'payment_status', 'doc_date', 'document_id'], unique=False)
        batch_op.create_index('ix_ledger_invoices_company_status_due', ['company_id', 'payment_status', 'due_date', 'counterparty_bin', 'counterparty_name', 'amount', 'paid'], unique=False)

    op.create_table('ledger_invoice_closings',
    sa.Column('closing_document_id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['closing_document_id'], ['issued_documents.id'], name=op.f('fk_ledger_invoice_closings_closing_document_id_issued_documents')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_ledger_invoice_closings_company_id_companies')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_ledger_invoice_closings_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invoice_id'], ['ledger_invoices.document_id'], name=op.f('fk_ledger_invoice_closings_invoice_id_ledger_invoices')),
    sa.PrimaryKeyConstraint('closing_document_id', name=op.f('pk_ledger_invoice_closings'))
    )
    with op.batch_alter_table('ledger_invoice_closings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_invoice_closings_company_id'), ['company_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_invoice_closings_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('ledger_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=8), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('statement_line_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("method IN ('transfer', 'cash', 'card', 'kaspi')", name=op.f('ck_ledger_payments_ledger_payment_method_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_ledger_payments_ledger_payment_amount_positive')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_ledger_payments_company_id_companies')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_ledger_payments_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['document_id'], ['ledger_invoices.document_id'], name=op.f('fk_ledger_payments_document_id_ledger_invoices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_payments'))
    )
    with op.batch_alter_table('ledger_payments', schema=None) as batch_op:
        batch_op.create_index('ix_ledger_payments_company_live', ['company_id', 'deleted_at', 'paid_on', 'amount'], unique=False)
        batch_op.create_index('ix_ledger_payments_company_paid_on', ['company_id', 'paid_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_payments_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_payments_statement_line_id'), ['statement_line_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_payments_public_id'), ['public_id'], unique=True)

    op.create_table('ledger_payment_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('company_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('old_values', sa.JSON(), nullable=True),
    sa.Column('new_values', sa.JSON(), nullable=True),
    sa.CheckConstraint("action IN ('created', 'edited', 'deleted')", name=op.f('ck_ledger_payment_changes_ledger_change_action_known')),
    sa.ForeignKeyConstraint(['company_id'], ['companies.id'], name=op.f('fk_ledger_payment_changes_company_id_companies')),
    sa.ForeignKeyConstraint(['document_id'], ['ledger_invoices.document_id'], name=op.f('fk_ledger_payment_changes_document_id_ledger_invoices')),
    sa.ForeignKeyConstraint(['payment_id'], ['ledger_payments.id'], name=op.f('fk_ledger_payment_changes_payment_id_ledger_payments')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ledger_payment_changes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_payment_changes'))
    )
    with op.batch_alter_table('ledger_payment_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_payment_changes_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ledger_payment_changes_payment_id'), ['payment_id'], unique=False)
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table('ledger_payment_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_payment_changes_payment_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_payment_changes_document_id'))

    op.drop_table('ledger_payment_changes')
    with op.batch_alter_table('ledger_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_payments_public_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_payments_statement_line_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_payments_document_id'))
        batch_op.drop_index('ix_ledger_payments_company_paid_on')
        batch_op.drop_index('ix_ledger_payments_company_live')

    op.drop_table('ledger_payments')
    with op.batch_alter_table('ledger_invoice_closings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_invoice_closings_invoice_id'))
        batch_op.drop_index(batch_op.f('ix_ledger_invoice_closings_company_id'))

    op.drop_table('ledger_invoice_closings')
    with op.batch_alter_table('ledger_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_ledger_invoices_company_status_due')
        batch_op.drop_index('ix_ledger_invoices_company_status_date')
        batch_op.drop_index('ix_ledger_invoices_company_month')
        batch_op.drop_index('ix_ledger_invoices_company_status_bin')
        batch_op.drop_index('ix_ledger_invoices_company_credit')

    op.drop_table('ledger_invoices')
