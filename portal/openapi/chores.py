"""OpenAPI description of recurring documents (`/recurring/`) and payment reminders (`/reminders/`,
`/ledger/invoices/{id}/reminders/`). Every path answers HTML to a browser and JSON to API clients."""
from portal.chores.periods import PLACEHOLDERS as PERIOD_PLACEHOLDERS
from portal.chores.reminders import PLACEHOLDERS as TEXT_PLACEHOLDERS
from portal.models.base import PUBLIC_ID_PATTERN
from portal.models.chores import ACTIONS, REMINDER_STATES, RUN_STATES, TEMPLATE_TYPES
from portal.openapi.conventions import describe, path_id

_AUTH = [{"tokenAuth": []}, {"sessionAuth": []}]
_DATE = {"type": "string", "format": "date", "example": "2026-12-01"}
_ID = path_id("id", "Public id of the schedule, rule or invoice (its `id`).", "9b3e5d7f")
_PERIOD = {"name": "period", "in": "path", "required": True, "description": "The run's `period_start`.",
           "schema": {"type": "string", "format": "date", "example": "2026-11-05"}}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _errors(*codes: str, not_found: str = "Another company's or an unknown id.") -> dict:
    texts = {"400": ("A bad value, named by its field.", "ValidationError"), "401": ("No credentials.", "Error"),
             "403": ("Not a director (or no company).", "Error"), "404": (not_found, "Error"),
             "409": ("Not possible in the current state.", "Error")}
    return {code: {"description": texts[code][0], "content": _json(texts[code][1])} for code in codes}


def _op(summary: str, ok: str, schema: str | None, *errors: str, body: str | None = None, params=None,
        description: str = "") -> dict:
    operation = {"summary": summary, "security": _AUTH, "responses": {
        ok: {"description": "OK", **({"content": _json(schema)} if schema else {})}, **_errors(*errors)}}
    if description:
        operation["description"] = description
    if params:
        operation["parameters"] = params
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    return operation


_SETTINGS = {
    "name": {"type": "string", "maxLength": 200},
    "every_months": {"type": "integer", "minimum": 1, "maximum": 12, "description": "1 monthly, 3 quarterly, 12 yearly."},
    "day": {"type": "integer", "minimum": 1, "maximum": 31, "description": "A day the month lacks becomes its last day."},
    "last_day": {"type": "boolean"},
    "start_date": _DATE,
    "end_date": {**_DATE, "nullable": True},
    "action": {"type": "string", "enum": list(ACTIONS), "description": "draft: create a draft; issue: create and issue."},
    "form": {"type": "string", "enum": ["pu", "pr"]},
    "email_recipients": {"type": "array", "items": {"type": "string", "format": "email"}, "maxItems": 10,
                         "description": "Only with action=issue: the PDF is e-mailed there."},
}

SCHEMAS = {
    "ScheduleInput": {
        "type": "object",
        "description": "Texts of the template (line names, contract, terms) may carry " + ", ".join(PERIOD_PLACEHOLDERS)
                       + " («{период}» → «за ноябрь 2026»).",
        "properties": {"doc_type": {"type": "string", "enum": list(TEMPLATE_TYPES)},
                       "source": {"type": "string", "pattern": PUBLIC_ID_PATTERN}, **_SETTINGS},
        "required": ["doc_type", "source", "start_date"],
    },
    "ScheduleChange": {"type": "object", "properties": _SETTINGS},
    "ScheduleRun": {
        "type": "object",
        "properties": {
            "period_start": _DATE, "state": {"type": "string", "enum": list(RUN_STATES)}, "version": {"type": "integer"},
            "attempts": {"type": "integer"}, "last_error": {"type": "string"},
            "draft": {"type": "string", "nullable": True},
            "document": {"type": "object", "nullable": True, "properties": {
                "id": {"type": "string"}, "number": {"type": "string"}, "date": _DATE, "url": {"type": "string"}}},
            "finished_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
    "Schedule": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": PUBLIC_ID_PATTERN}, "doc_type": {"type": "string"},
            "source": {"type": "string"}, **_SETTINGS, "every_text": {"type": "string"},
            "paused": {"type": "boolean"}, "version": {"type": "integer"},
            "next_runs": {"type": "array", "items": _DATE}, "url": {"type": "string"},
            "runs": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleRun"},
                     "description": "On the schedule's own page: the latest 100 runs, newest first."},
            "versions": {"type": "array", "items": {"type": "object"}},
        },
    },
    "ScheduleList": {"type": "object", "properties": {
        "count": {"type": "integer"}, "results": {"type": "array", "items": {"$ref": "#/components/schemas/Schedule"}}}},
    "ReminderRuleInput": {
        "type": "object",
        "description": "Text placeholders: " + ", ".join(TEXT_PLACEHOLDERS) + ".",
        "properties": {"days": {"type": "integer", "minimum": -60, "maximum": 365,
                                "description": "Days after the due date; negative: before it."},
                       "subject": {"type": "string", "maxLength": 200}, "text": {"type": "string", "maxLength": 4000},
                       "active": {"type": "boolean"}},
    },
    "ReminderRule": {"type": "object", "properties": {
        "id": {"type": "string"}, "days": {"type": "integer"}, "days_text": {"type": "string"},
        "subject": {"type": "string"}, "text": {"type": "string"}, "active": {"type": "boolean"}}},
    "ReminderRuleList": {"type": "object", "properties": {
        "count": {"type": "integer"}, "results": {"type": "array", "items": {"$ref": "#/components/schemas/ReminderRule"}},
        "placeholders": {"type": "array", "items": {"type": "string"}}}},
    "InvoiceReminders": {"type": "object", "properties": {
        "invoice": {"type": "string"}, "state": {"type": "string"}, "excluded": {"type": "boolean"},
        "recipients": {"type": "array", "items": {"type": "string"}},
        "results": {"type": "array", "items": {"type": "object", "properties": {
            "created": {"type": "string", "format": "date-time"}, "by_hand": {"type": "boolean"},
            "rule": {"type": "string", "nullable": True}, "days": {"type": "integer", "nullable": True},
            "state": {"type": "string", "enum": list(REMINDER_STATES)}, "state_text": {"type": "string"},
            "recipients": {"type": "array", "items": {"type": "string"}},
            "delivery": {"type": "object", "nullable": True, "properties": {
                "status": {"type": "string", "enum": ["queued", "sent", "outbox", "pending", "failed"]},
                "detail": {"type": "string"}}}}}}}},
    "ReminderExclusionInput": {"type": "object", "properties": {"excluded": {"type": "boolean"}},
                               "required": ["excluded"]},
}

_SETTING_NOTES = {
    "name": ("A name for the schedule.", "Абонентское обслуживание"),
    "every_months": (None, 1),
    "day": (None, 1),
    "last_day": ("Run on the month's last day instead of `day`.", False),
    "start_date": ("The first period's date.", "2026-12-01"),
    "end_date": ("No runs after it; null: no end.", None),
    "action": (None, "issue"),
    "form": ("Issued form: `pu` public details, `pr` existence only.", "pr"),
    "email_recipients": (None, ["buh@eurasia-trade.kz"]),
}
_DELIVERY = "InvoiceReminders.results[].delivery"
describe(SCHEMAS, {
    "ScheduleInput.doc_type": "The template's type: " + ", ".join(TEMPLATE_TYPES) + ".",
    "ScheduleInput.source": ("Public id of the smart document to repeat (its copy is the template).", "c3b2a1f0"),
    **{f"{schema}.{name}": note for schema in ("ScheduleInput", "ScheduleChange", "Schedule")
       for name, note in _SETTING_NOTES.items()},
    "ScheduleChange": "Schedule settings to change; fields not sent stay.",
    "ScheduleRun": "One period's run of a schedule.",
    "ScheduleRun.period_start": ("The period it is for.", "2026-12-01"),
    "ScheduleRun.state": "Where the run stands: " + ", ".join(RUN_STATES) + ".",
    "ScheduleRun.version": ("The template version it used.", 1),
    "ScheduleRun.attempts": ("Attempts made.", 1),
    "ScheduleRun.last_error": ("Why the last attempt failed (blank if none did).", ""),
    "ScheduleRun.draft": ("Public id of the draft it made.", "c3b2a1f0"),
    "ScheduleRun.document": "The issued document it made (action=issue); null otherwise.",
    "ScheduleRun.document.id": ("Public id of the issued record.", "5f2c9a1e"),
    "ScheduleRun.document.number": ("Its number.", "2026-000151"),
    "ScheduleRun.document.date": ("Its date.", "2026-12-01"),
    "ScheduleRun.document.url": ("Its page.", "http://portal.example.kz/smart_doc/documents/5f2c9a1e/"),
    "ScheduleRun.finished_at": ("When it finished.", "2026-12-01T06:00:12+05:00"),
    "Schedule": "A recurring schedule: a template document made or issued every period.",
    "Schedule.id": ("Public id of the schedule (/recurring/{id}/).", "9b3e5d7f"),
    "Schedule.doc_type": ("The template's type.", "ip"),
    "Schedule.source": ("Public id of the smart document it was made from.", "c3b2a1f0"),
    "Schedule.every_text": ("The period in words.", "ежемесячно, 1-го числа"),
    "Schedule.paused": ("Whether it is paused.", False),
    "Schedule.version": ("The current template version.", 1),
    "Schedule.next_runs": ("The next run dates.", ["2026-12-01", "2027-01-01", "2027-02-01"]),
    "Schedule.url": ("Its page.", "http://portal.example.kz/recurring/9b3e5d7f/"),
    "Schedule.versions": ("Template versions, newest first (number, when taken, by whom).",
                          [{"version": 1, "created": "2026-11-26T10:00:00+05:00"}]),
    "ScheduleList": "The company's schedules.",
    "ScheduleList.count": ("How many.", 2),
    "ScheduleList.results": "The schedules.",
    "ReminderRuleInput.days": (None, 3),
    "ReminderRuleInput.subject": ("The e-mail's subject.", "Напоминание об оплате счёта {номер}"),
    "ReminderRuleInput.text": ("The e-mail's text.", "Добрый день! Напоминаем, что срок оплаты счёта {номер} — {срок}."),
    "ReminderRuleInput.active": ("Off: kept but not sent.", True),
    "ReminderRule": "When and what a payment reminder says.",
    "ReminderRule.id": ("Public id of the rule (/reminders/{id}/).", "9b3e5d7f"),
    "ReminderRule.days": ("Days after the due date; negative: before it.", 3),
    "ReminderRule.days_text": ("The same in words.", "через 3 дня после срока"),
    "ReminderRule.subject": ("The e-mail's subject.", "Напоминание об оплате счёта {номер}"),
    "ReminderRule.text": ("The e-mail's text.", "Добрый день! Напоминаем, что срок оплаты счёта {номер} — {срок}."),
    "ReminderRule.active": ("Off: kept but not sent.", True),
    "ReminderRuleList": "The company's reminder rules.",
    "ReminderRuleList.count": ("How many.", 2),
    "ReminderRuleList.results": "The rules, by days.",
    "ReminderRuleList.placeholders": ("What the texts may carry.", list(TEXT_PLACEHOLDERS)),
    "InvoiceReminders": "An invoice's payment reminders.",
    "InvoiceReminders.invoice": ("Public id of the issued invoice.", "5f2c9a1e"),
    "InvoiceReminders.state": ("The invoice's payment state.", "unpaid"),
    "InvoiceReminders.excluded": ("Automatic reminders are off for it.", False),
    "InvoiceReminders.recipients": ("Where reminders go.", ["buh@eurasia-trade.kz"]),
    "InvoiceReminders.results": "Reminders sent or due, newest first.",
    "InvoiceReminders.results[].created": ("When it was made.", "2026-12-09T09:00:00+05:00"),
    "InvoiceReminders.results[].by_hand": ("Sent with «Напомнить сейчас».", False),
    "InvoiceReminders.results[].rule": ("Public id of its rule; null by hand.", "9b3e5d7f"),
    "InvoiceReminders.results[].days": ("The rule's days.", 3),
    "InvoiceReminders.results[].state": "Its state.",
    "InvoiceReminders.results[].state_text": ("The state in words.", "Отправлено"),
    "InvoiceReminders.results[].recipients": ("Where it went.", ["buh@eurasia-trade.kz"]),
    _DELIVERY: ("Its e-mail's delivery; null before it is queued.", None),
    _DELIVERY + ".status": "Delivery status (as an issued document's e-mail).",
    _DELIVERY + ".detail": ("The status in words.", "Отправлено"),
    "ReminderExclusionInput": "Switch automatic reminders for an invoice.",
    "ReminderExclusionInput.excluded": ("True: no automatic reminders for it.", True),
})

PATHS = {
    "/recurring/": {
        "get": _op("The company's recurring schedules with their next run dates", "200", "ScheduleList", "401", "403"),
        "post": _op("Make a schedule of an invoice, act or commercial offer (director)", "201", "Schedule",
                    "400", "401", "403", body="ScheduleInput"),
    },
    "/recurring/{id}/": {
        "get": _op("A schedule: next runs, the documents each run made, template versions", "200", "Schedule",
                   "401", "403", "404", params=[_ID]),
        "patch": _op("Change a schedule (director); fields not sent stay", "200", "Schedule", "400", "401", "403",
                     "404", params=[_ID], body="ScheduleChange"),
        "post": _op("Change a schedule from a form (director)", "200", "Schedule", "400", "401", "403", "404",
                    params=[_ID], body="ScheduleChange"),
    },
    "/recurring/{id}/pause/": {"post": _op("Pause (director)", "200", "Schedule", "401", "403", "404", "409",
                                           params=[_ID])},
    "/recurring/{id}/resume/": {"post": _op("Resume (director): the next run is the first period from today",
                                            "200", "Schedule", "401", "403", "404", "409", params=[_ID])},
    "/recurring/{id}/template/": {"post": _op(
        "Take the template document as it is now as a new version (director)", "200", "Schedule", "401", "403",
        "404", "409", params=[_ID], description="Later runs use the new version; documents already made never change.")},
    "/recurring/{id}/runs/{period}/retry/": {"post": _op(
        "Make a failed run again (director)", "202", "ScheduleRun", "401", "403", "404", "409", params=[_ID, _PERIOD],
        description="Only a run in state `failed`: it goes back to `pending` with fresh attempts and a job makes it "
                    "(202: queued; the schedule's `runs` show when it is done). A run pending, running or done is a 409. "
                    "However often it is retried, its period gets one document.")},
    "/reminders/": {
        "get": _op("The company's reminder rules and the placeholders their texts may use", "200", "ReminderRuleList",
                   "401", "403"),
        "post": _op("Add a reminder rule (director)", "201", "ReminderRule", "400", "401", "403",
                    body="ReminderRuleInput"),
    },
    "/reminders/{id}/": {
        "get": _op("A reminder rule", "200", "ReminderRule", "401", "403", "404", params=[_ID]),
        "patch": _op("Change a rule (director)", "200", "ReminderRule", "400", "401", "403", "404", params=[_ID],
                     body="ReminderRuleInput"),
        "post": _op("Change a rule from a form (director)", "200", "ReminderRule", "400", "401", "403", "404",
                    params=[_ID], body="ReminderRuleInput"),
        "delete": _op("Remove a rule (director); its reminders stay listed", "204", None, "401", "403", "404",
                      params=[_ID]),
    },
    "/reminders/{id}/delete/": {"post": _op("Remove a rule from a form (director)", "204", None, "401", "403", "404",
                                            params=[_ID])},
    "/ledger/invoices/{id}/reminders/": {
        "get": _op("An invoice's reminders with their delivery state", "200", "InvoiceReminders", "401", "403", "404",
                   params=[_ID]),
        "post": _op("«Напомнить сейчас»: send one reminder by hand (any staff member)", "201", "InvoiceReminders",
                    "401", "403", "404", "409", params=[_ID]),
    },
    "/ledger/invoices/{id}/reminders/exclusion/": {"post": _op(
        "Switch automatic reminders off or on for the invoice (director)", "200", "InvoiceReminders", "400", "401",
        "403", "404", params=[_ID], body="ReminderExclusionInput")},
}
