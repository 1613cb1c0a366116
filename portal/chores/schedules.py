"""Recurring schedules: making one from a template document, changing, pausing, resuming.

The template's content is snapshotted into a `ScheduleVersion` when the schedule is made and
whenever a director takes the template again («Обновить шаблон» after editing the draft):
runs use the version current when their period came due, so editing the draft later changes
nothing already made, and an issued document never changes anyway. Nothing here commits but
the functions named so; the views answer.
"""
from datetime import date, datetime

from sqlalchemy import func, select

from portal.chores import periods
from portal.documents.issue_request import parse_recipients
from portal.errors import ApiError, ValidationFailed
from portal.extensions import db
from portal.models import SmartDocument, Staff
from portal.models.base import PUBLIC_ID_RE
from portal.models.chores import ACTIONS, TEMPLATE_TYPES, RecurringSchedule, ScheduleRun, ScheduleVersion
from portal.smart_docs.documents import document_input, get_document
from portal.smart_docs.types import DOC_TYPES
from portal.timeutil import now_utc, today_almaty

TYPE_TITLES = {"ip": "Счёт на оплату", "aw": "Акт выполненных работ", "co": "Коммерческое предложение"}
EVERY = {1: "ежемесячно", 3: "ежеквартально", 12: "ежегодно"}
TRUE = {True, "1", "true", "on", "yes", 1}
FALSE = {False, "0", "false", "off", "no", "", None, 0}


def every_text(schedule: RecurringSchedule) -> str:
    """«ежемесячно, 31-го (последний день)», «каждые 2 мес., 5-го»."""
    every = EVERY.get(schedule.every_months, f"каждые {schedule.every_months} мес.")
    day = "в последний день месяца" if schedule.last_day else f"{schedule.day}-го числа"
    return f"{every}, {day}"


def snapshot(doc: SmartDocument) -> dict:
    """The template as plain JSON: its input fields, the due-date offset and its lines."""
    kind = DOC_TYPES[doc.doc_type]
    data = document_input(doc)
    data.pop(kind.lines_key, None)
    data.pop("date", None)
    offset = (doc.date_of_expire - doc.date).days if getattr(doc, "date_of_expire", None) else None
    data.pop("date_of_expire", None)
    lines = []
    for line in getattr(doc, kind.lines.relation):
        if kind.lines.name == "work":
            lines.append({"item_id": line.work_id, "name": line.work.name, "count": str(line.count),
                          "price": str(line.price), "another_info": line.another_info or "",
                          "completion_offset": (line.date_of_completion - doc.date).days
                          if line.date_of_completion else None})
        else:
            lines.append({"item_id": line.product_id, "name": line.product.name, "count": str(line.count),
                          "price": str(line.price)})
    return {"doc_type": doc.doc_type, "source": doc.public_id, "data": data, "expire_offset": offset,
            "line_kind": kind.lines.name, "lines": lines}


def _date(value, field: str, errors: dict, required: bool) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if value in (None, ""):
        if required:
            errors[field] = ["Укажите дату."]
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors[field] = ["Дата в виде ГГГГ-ММ-ДД или ДД.ММ.ГГГГ."]
    return None


def _int(value, field: str, errors: dict, low: int, high: int, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        number = int(str(value).strip())
    except ValueError:
        errors[field] = [f"Целое число от {low} до {high}."]
        return default
    if not low <= number <= high:
        errors[field] = [f"Целое число от {low} до {high}."]
    return number


def _bool(value, field: str, errors: dict) -> bool:
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    errors[field] = ["Ожидается true или false."]
    return False


def clean_settings(data: dict, base: RecurringSchedule | None = None) -> dict:
    """The schedule's settings from a form or JSON (fields not sent keep `base`'s values)."""
    errors: dict[str, list[str]] = {}

    def given(name):
        return name in data

    def current(name, default):
        return getattr(base, name) if base is not None else default

    values: dict = {}
    name = data.get("name") if given("name") else current("name", "")
    values["name"] = " ".join(str(name or "").split())[:200]
    values["every_months"] = _int(data.get("every_months"), "every_months", errors, 1, 12,
                                  current("every_months", 1)) if given("every_months") else current("every_months", 1)
    values["day"] = _int(data.get("day"), "day", errors, 1, 31, current("day", 1)) if given("day") else current("day", 1)
    values["last_day"] = _bool(data.get("last_day"), "last_day", errors) if given("last_day") else current("last_day", False)
    values["start_date"] = (_date(data.get("start_date"), "start_date", errors, True) if given("start_date")
                            else current("start_date", today_almaty()))
    values["end_date"] = (_date(data.get("end_date"), "end_date", errors, False) if given("end_date")
                          else current("end_date", None))
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        errors["end_date"] = ["Дата окончания не может быть раньше начала."]
    action = data.get("action") if given("action") else current("action", "draft")
    if action not in ACTIONS:
        errors["action"] = ["draft (создать черновик) или issue (создать и выпустить)."]
    values["action"] = action
    form = data.get("form") if given("form") else current("form", "pr")
    if form not in ("pu", "pr"):
        errors["form"] = ["Форма: pu (публичный) или pr (закрытый)."]
    values["form"] = form
    if given("email_recipients"):
        emails, email_errors = parse_recipients(data.get("email_recipients"))
        if email_errors:
            errors["email_recipients"] = email_errors
        values["email_recipients"] = emails
    else:
        values["email_recipients"] = current("email_recipients", [])
    if values["email_recipients"] and values["action"] != "issue":
        errors.setdefault("email_recipients", []).append("Письмо уходит только с выпущенным PDF: выберите «создать и выпустить».")
    if errors:
        raise ValidationFailed(errors)
    return values


def _require_director(staff: Staff) -> None:
    if not staff.is_director:
        raise ApiError(403, "Расписания меняет только директор компании.")


def _template(staff: Staff, doc_type, source) -> SmartDocument:
    errors = {}
    if doc_type not in TEMPLATE_TYPES:
        errors["doc_type"] = ["Шаблоном может быть счёт на оплату (ip), акт (aw) или коммерческое предложение (co)."]
    doc = None
    if not errors:
        if not isinstance(source, str) or not PUBLIC_ID_RE.match(source):
            errors["source"] = ["Укажите документ-шаблон."]
        else:
            doc = get_document(staff.company_id, doc_type, source)
            if doc is None:
                errors["source"] = ["Документ этого типа не найден в вашей компании."]
    if errors:
        raise ValidationFailed(errors)
    return doc


def create_schedule(staff: Staff, data: dict, base_url: str) -> RecurringSchedule:
    """A new schedule of a template document with its first version (director only; flushed, not committed)."""
    _require_director(staff)
    doc = _template(staff, data.get("doc_type"), data.get("source"))
    values = clean_settings(data)
    values["name"] = values["name"] or f"{TYPE_TITLES[doc.doc_type]}: {doc.counterparty.company_name}"[:200]
    schedule = RecurringSchedule(company_id=staff.company_id, staff_id=staff.id, doc_type=doc.doc_type,
                                 source_public_id=doc.public_id, base_url=base_url, paused=False, version=1,
                                 **values)
    schedule.next_run = periods.next_after(schedule.start_date, schedule.every_months, schedule.day,
                                           schedule.last_day, None, schedule.end_date)
    db.session.add(schedule)
    db.session.flush()
    db.session.add(ScheduleVersion(schedule_id=schedule.id, version=1, content=snapshot(doc)))
    db.session.flush()
    return schedule


def find_schedule(company_id: int, public_id: str, *, lock: bool = False) -> RecurringSchedule:
    """The company's schedule; anyone else's is a 404."""
    if not isinstance(public_id, str) or not PUBLIC_ID_RE.match(public_id):
        raise ApiError(404, "Расписание не найдено.")
    query = select(RecurringSchedule).where(RecurringSchedule.company_id == company_id,
                                            RecurringSchedule.public_id == public_id)
    if lock:
        query = query.with_for_update()
    schedule = db.session.execute(query).scalar_one_or_none()
    if schedule is None:
        raise ApiError(404, "Расписание не найдено.")
    return schedule


def last_period(schedule: RecurringSchedule) -> date | None:
    """The latest period already written as a run."""
    return db.session.execute(select(func.max(ScheduleRun.period_start))
                              .where(ScheduleRun.schedule_id == schedule.id)).scalar()


def _replan(schedule: RecurringSchedule) -> None:
    """After a change of dates: the next run is the first period after the last one already run."""
    schedule.next_run = periods.next_after(schedule.start_date, schedule.every_months, schedule.day,
                                           schedule.last_day, last_period(schedule), schedule.end_date)


def update_schedule(staff: Staff, schedule: RecurringSchedule, data: dict) -> RecurringSchedule:
    """Change when and how the schedule runs (runs already made stay as they are)."""
    _require_director(staff)
    values = clean_settings(data, schedule)
    values["name"] = values["name"] or schedule.name
    for key, value in values.items():
        setattr(schedule, key, value)
    schedule.updated = now_utc()
    _replan(schedule)
    db.session.flush()
    return schedule


def set_paused(staff: Staff, schedule: RecurringSchedule, paused: bool) -> RecurringSchedule:
    """Pause or resume. A resumed schedule does not make the periods that passed while paused:
    its next run is the first period from today on."""
    _require_director(staff)
    if schedule.paused == paused:
        raise ApiError(409, "Расписание уже приостановлено." if paused else "Расписание уже работает.")
    schedule.paused = paused
    schedule.updated = now_utc()
    if not paused:
        after = max(filter(None, [last_period(schedule), _yesterday()]))
        schedule.next_run = periods.next_after(schedule.start_date, schedule.every_months, schedule.day,
                                               schedule.last_day, after, schedule.end_date)
    db.session.flush()
    return schedule


def _yesterday() -> date:
    from datetime import timedelta

    return today_almaty() - timedelta(days=1)


def take_template(staff: Staff, schedule: RecurringSchedule) -> ScheduleVersion:
    """A new version from the template document as it is now; later runs use it."""
    _require_director(staff)
    doc = get_document(staff.company_id, schedule.doc_type, schedule.source_public_id)
    if doc is None:
        raise ApiError(409, "Документ-шаблон удалён: создайте новое расписание из другого документа.")
    schedule.version += 1
    schedule.updated = now_utc()
    version = ScheduleVersion(schedule_id=schedule.id, version=schedule.version, content=snapshot(doc))
    db.session.add(version)
    db.session.flush()
    return version


def current_version(schedule_id: int, version: int) -> ScheduleVersion:
    return db.session.execute(select(ScheduleVersion).where(ScheduleVersion.schedule_id == schedule_id,
                                                            ScheduleVersion.version == version)).scalar_one()
