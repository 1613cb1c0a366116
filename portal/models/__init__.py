"""All models, imported so that Alembic and the app see the whole schema."""
from portal.models.accounts import ROLE_DIRECTOR, ROLE_WORKER, ROLES, ApiToken, Staff, User
from portal.models.base import PublicIdMixin, free_public_ids, new_public_id
from portal.models.counters import row_counts, table_stats
from portal.models.directory import (
    DirectoryVersion,
    Company,
    CompanyType,
    District,
    Email,
    KrpName,
    Locality,
    PhoneNumber,
    Region,
    Rubric,
    Section,
    SubSection,
    company_rubrics,
    company_types,
)
from portal.models.staffing import CompanyClaim, Invite, JoinRequest
from portal.models.market import ExchangeRate, FetchLog, NewsItem, SchedulerLease
from portal.models.smart_docs import (
    Actor,
    Beneficiary,
    Product,
    ProductCount,
    SmartDocument,
    WaybillProduct,
    Work,
    WorkCount,
)
from portal.models.doc_settings import CounterpartyVat, DocSettings
from portal.models.idempotency import IdempotencyKey
from portal.models.issued import DocumentCounter, IssuedDocument, IssuedFile, MailDelivery, issued_document_viewers
from portal.models.ledger import InvoiceClosing, LedgerInvoice, Payment, PaymentChange
from portal.models.ledger_totals import LedgerCounterpartyTotal, LedgerDueTotal, LedgerMonthTotal
from portal.models.tasks import JOB_STATES, TaskJob
from portal.models.chores import (InvoiceReminder, RecurringSchedule, ReminderExclusion, ReminderRule, ScheduleRun,
                                  ScheduleVersion)
from portal.models.identity import CompanyProof, EdsChallenge, EdsLink, EmailCode, IdentityClaim
from portal.models.sessions import AccountMail, LoginSession, PasswordReset, Signup
from portal.models.audit import AuditEvent
from portal.demo.models import DemoProgress
from portal.models.statements import BankStatement, StatementLine, StatementMapping
from portal.models.sync import Tombstone
from portal.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint
