"""Housekeeping: forget what is no longer owed to anyone (the clock's `housekeeping` job).

- idempotency keys answer for 24 hours; kept IDEMPOTENCY_KEEP_HOURS (25 by default, never less
  than 24) so a retry arriving right at the boundary still finds its row;
- webhook deliveries (with their attempts, by the foreign key's cascade) kept WEBHOOKS_KEEP_DAYS
  after they were made, once delivered or failed: one still pending or being sent is never
  deleted, however old;
- account e-mails (sign-up and reset links, notes, claim codes: each row names its recipient)
  kept ACCOUNT_MAILS_KEEP_DAYS after they were queued, once sent, written to the outbox or
  failed: one still pending (a retry owed) is never deleted;
- tombstones kept SYNC_TOMBSTONES_KEEP_DAYS; `/smart_doc/deleted/` refuses an `updated_after`
  older than that (410), since the deletes before it are forgotten (portal.smart_docs.tombstones).

Rows go HOUSEKEEPING_BATCH at a time, each batch its own short transaction, so a large backlog
never holds its locks for long. The DELETE repeats the SELECT's condition: a delivery resent by
hand between the two is pending again and stays.
"""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from portal.extensions import db
from portal.mailing.delivery import FINAL as FINISHED_MAIL_STATES
from portal.models import AccountMail, IdempotencyKey, Tombstone, WebhookDelivery
from portal.smart_docs.tombstones import horizon as tombstone_horizon
from portal.timeutil import now_utc
from portal.web.idempotency import TTL

log = logging.getLogger(__name__)

FINISHED_DELIVERY_STATES = ("delivered", "failed")


@dataclass
class Pruned:
    idempotency_keys: int = 0
    webhook_deliveries: int = 0
    tombstones: int = 0
    account_mails: int = 0

    def line(self) -> str:
        return (f"удалено: ключей идемпотентности {self.idempotency_keys}, доставок вебхуков "
                f"{self.webhook_deliveries}, надгробий {self.tombstones}, писем аккаунтов {self.account_mails}")


def _batch() -> int:
    return max(int(current_app.config.get("HOUSEKEEPING_BATCH", 1000)), 1)


def delete_in_batches(model, *where, batch: int | None = None) -> int:
    """Delete the rows of `model` matching `where`, `batch` ids per transaction; how many went."""
    batch = batch or _batch()
    total = 0
    while True:
        ids = db.session.execute(select(model.id).where(*where).limit(batch)).scalars().all()
        if not ids:
            break
        result = db.session.execute(delete(model).where(model.id.in_(ids), *where)
                                    .execution_options(synchronize_session=False))
        db.session.commit()
        total += result.rowcount
        if len(ids) < batch:
            break
    return total


def idempotency_cutoff(now: datetime) -> datetime:
    hours = max(float(current_app.config.get("IDEMPOTENCY_KEEP_HOURS", 25)), TTL.total_seconds() / 3600)
    return now - timedelta(hours=hours)


def delivery_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=float(current_app.config.get("WEBHOOKS_KEEP_DAYS", 30)))


def account_mail_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=float(current_app.config.get("ACCOUNT_MAILS_KEEP_DAYS", 30)))


def prune(now: datetime | None = None, batch: int | None = None) -> Pruned:
    """One pass over the four tables."""
    now = now or now_utc()
    done = Pruned()
    done.idempotency_keys = delete_in_batches(IdempotencyKey, IdempotencyKey.created < idempotency_cutoff(now),
                                              batch=batch)
    done.webhook_deliveries = delete_in_batches(
        WebhookDelivery, WebhookDelivery.created < delivery_cutoff(now),
        WebhookDelivery.state.in_(FINISHED_DELIVERY_STATES), batch=batch)
    done.tombstones = delete_in_batches(Tombstone, Tombstone.updated < tombstone_horizon(now), batch=batch)
    done.account_mails = delete_in_batches(
        AccountMail, AccountMail.created < account_mail_cutoff(now), AccountMail.status.in_(FINISHED_MAIL_STATES),
        batch=batch)
    return done
