"""What a company sees of its background work: its issue runs, failed e-mails, and retries.

Plain functions for the HTML and JSON views of `/tasks/`. Every lookup is by the caller's
company: another company's job or e-mail is simply not found (404 in the views).
"""
from sqlalchemy import select

from portal.documents.mail import send_again
from portal.extensions import db
from portal.models import Staff
from portal.models.issued import IssuedDocument, MailDelivery
from portal.models.tasks import TaskJob
from portal.tasks import ledger
from portal.tasks.issuing import run_records
from portal.timeutil import iso

RECENT = 50


def visible_job(staff: Staff, job_id: int) -> TaskJob | None:
    """A run of the caller's company that the caller may see: the one who started it, or a director."""
    job = db.session.get(TaskJob, job_id)
    if job is None or job.company_id != staff.company_id or job.parent_id is not None:
        return None
    if job.user_id != staff.user_id and not staff.is_director:
        return None
    return job


def company_runs(company_id: int, limit: int = RECENT) -> list[TaskJob]:
    """The company's latest runs, newest first."""
    return list(db.session.execute(
        select(TaskJob).where(TaskJob.company_id == company_id, TaskJob.parent_id.is_(None))
        .order_by(TaskJob.id.desc()).limit(limit)
    ).scalars())


def failed_mails(company_id: int, limit: int = RECENT) -> list[MailDelivery]:
    """E-mails of the company's documents that were given up, newest first."""
    return list(db.session.execute(
        select(MailDelivery).join(IssuedDocument, MailDelivery.document_id == IssuedDocument.id)
        .where(IssuedDocument.company_sender_id == company_id, MailDelivery.status == "failed")
        .order_by(MailDelivery.id.desc()).limit(limit)
    ).scalars())


def company_mail(company_id: int, mail_id: int) -> MailDelivery | None:
    """One e-mail of the company's documents (None for another company's)."""
    mail = db.session.get(MailDelivery, mail_id)
    if mail is None or mail.document.company_sender_id != company_id:
        return None
    return mail


def retry_mail(staff: Staff, mail: MailDelivery) -> MailDelivery:
    """Send a failed e-mail again: a new e-mail to the same addresses (the failed one stays as history)."""
    new_mail, _ = send_again(mail.document, list(mail.recipients), staff.user_id)
    return new_mail


def retry_run(job: TaskJob) -> list[int]:
    """Start the failed parts of a run again."""
    return ledger.retry_by_hand(job)


def run_json(job: TaskJob, with_documents: bool = True) -> dict:
    """A run as the API answers it: state, progress, the last error, and what it issued."""
    state = ledger.progress(job)
    body = {
        "id": job.id,
        "kind": job.kind,
        "title": job.title,
        "state": state.state,
        "total": state.total,
        "done": state.done,
        "percent": state.percent,
        "attempts": state.attempts,
        "last_error": state.last_error or None,
        "created": iso(job.created),
        "url": f"/tasks/{job.id}/",
    }
    if with_documents:
        body["issued"] = [{"public_id": r.public_id, "content_id": r.content_id, "doc_id": r.doc_id, "number": r.number}
                          for r in run_records(job)] if state.done else []
    return body


def failed_mail_json(mail: MailDelivery) -> dict:
    """A failed e-mail for the director's list."""
    return {"id": mail.id, "document": mail.document.public_id, "number": mail.document.number,
            "recipients": list(mail.recipients), "attempts": mail.attempts, "last_error": mail.last_error or None,
            "created": iso(mail.created)}
