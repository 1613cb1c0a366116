"""JSON shapes of schedules, runs, reminder rules and an invoice's reminders."""
from flask import url_for

from portal.chores.pages import InvoiceReminders, RulesView, ScheduleView
from portal.chores.reminders import STATE_TEXTS, days_text
from portal.chores.schedules import every_text
from portal.models.chores import ReminderRule, ScheduleRun
from portal.timeutil import iso


def _day(value):
    return value.isoformat() if value else None


def run_json(run: ScheduleRun) -> dict:
    issued = run.issued
    return {
        "period_start": run.period_start.isoformat(), "state": run.state, "version": run.version,
        "attempts": run.attempts, "last_error": run.last_error or "", "draft": run.draft_public_id,
        "document": None if issued is None else {
            "id": issued.public_id, "number": issued.number, "date": issued.doc_date.isoformat(),
            "url": url_for("documents.documents_detail", public_id=issued.public_id, _external=True)},
        "finished_at": iso(run.finished_at),
    }


def schedule_json(view: ScheduleView, with_runs: bool = False) -> dict:
    s = view.schedule
    body = {
        "id": s.public_id, "name": s.name, "doc_type": s.doc_type, "source": s.source_public_id,
        "every_months": s.every_months, "day": s.day, "last_day": s.last_day, "every_text": every_text(s),
        "start_date": _day(s.start_date), "end_date": _day(s.end_date), "action": s.action, "form": s.form,
        "email_recipients": list(s.email_recipients or []), "paused": s.paused, "version": s.version,
        "next_runs": [_day(d) for d in view.upcoming],
        "url": url_for("chores.schedule_detail", public_id=s.public_id, _external=True),
    }
    if with_runs:
        body["runs"] = [run_json(run) for run in view.runs]
        body["versions"] = [{"version": v.version, "created": iso(v.created)} for v in view.versions]
    return body


def schedules_json(views: list[ScheduleView]) -> dict:
    return {"count": len(views), "results": [schedule_json(view) for view in views]}


def detail_json(view: ScheduleView) -> dict:
    return schedule_json(view, with_runs=True)


def rule_json(rule: ReminderRule) -> dict:
    return {"id": rule.public_id, "days": rule.days, "days_text": days_text(rule.days), "subject": rule.subject,
            "text": rule.text, "active": rule.active}


def rules_json(view: RulesView) -> dict:
    return {"count": len(view.rules), "results": [rule_json(rule) for rule in view.rules],
            "placeholders": list(view.placeholders)}


def invoice_reminders_json(view: InvoiceReminders) -> dict:
    items = []
    for item in view.items:
        delivery = view.delivery(item)
        rule = view.rules.get(item.rule_id) if item.rule_id else None
        items.append({
            "created": iso(item.created), "by_hand": item.days is None,
            "rule": rule.public_id if rule else None,
            "days": item.days, "state": item.state, "state_text": STATE_TEXTS[item.state],
            "recipients": list(item.mail.recipients) if item.mail else [],
            "delivery": None if delivery is None else {"status": delivery.status, "detail": delivery.detail},
        })
    return {"invoice": view.invoice.document.public_id, "state": view.state, "excluded": view.excluded,
            "recipients": view.recipients, "results": items}
