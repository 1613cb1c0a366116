"""Period arithmetic of recurring documents and the placeholders their texts may carry.

A schedule runs every `every_months` months (1 monthly, 3 quarterly, 12 yearly, any N between)
on day `day` of the month, counted from the month of its start date. A day the month does not
have (31 in April, 29–31 in February) becomes the month's last day, and `last_day` asks for the
last day always. The k-th run date is computed from the start, never from the previous run, so
a 31st clamped to the 30th comes back to the 31st in the next long month.

Placeholders in the template's texts (line names, contract, terms) are replaced with the period
of the run date («{период}» → «за ноябрь 2026»):

| placeholder | example (run on 2026-11-05, monthly) |
|---|---|
| `{период}` | `за ноябрь 2026` (quarterly: `за 4 квартал 2026`; yearly: `за 2026 год`; N months: `за ноябрь 2026 – январь 2027`) |
| `{месяц}` | `ноябрь` |
| `{месяца}` | `ноября` (genitive: «до 10 ноября») |
| `{год}` | `2026` |
| `{квартал}` | `4` |
| `{дата}` | `05.11.2026` (the run date) |
| `{следующий_месяц}` | `декабрь` |
"""
import calendar
from datetime import date

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")
MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")
PLACEHOLDERS = ("{период}", "{месяц}", "{месяца}", "{год}", "{квартал}", "{дата}", "{следующий_месяц}")
MAX_RUNS = 1200  # a hundred years of monthly runs: a bound on any loop over periods


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    """(year, month) moved by `months` (negative allowed)."""
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def month_day(year: int, month: int, day: int, last_day: bool) -> date:
    """Day `day` of the month, or its last day when the month is shorter or `last_day` is asked."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if last_day else min(day, last))


def nth_run(start: date, every_months: int, day: int, last_day: bool, n: int) -> date:
    """The n-th possible run date (n = 0 is in the start's month, maybe before the start)."""
    year, month = add_months(start.year, start.month, n * every_months)
    return month_day(year, month, day, last_day)


def first_run(start: date, every_months: int, day: int, last_day: bool) -> date:
    """The first run date on or after the start."""
    candidate = nth_run(start, every_months, day, last_day, 0)
    return candidate if candidate >= start else nth_run(start, every_months, day, last_day, 1)


def runs_between(start: date, every_months: int, day: int, last_day: bool, after: date | None,
                 until: date, end: date | None = None, limit: int = MAX_RUNS) -> list[date]:
    """Run dates on or after the start, strictly after `after` (when given), up to `until` and the end date."""
    dates: list[date] = []
    for n in range(limit * 2):
        run = nth_run(start, every_months, day, last_day, n)
        if run < start or (after is not None and run <= after):
            continue
        if run > until or (end is not None and run > end) or len(dates) >= limit:
            break
        dates.append(run)
    return dates


def next_after(start: date, every_months: int, day: int, last_day: bool, after: date | None,
               end: date | None = None) -> date | None:
    """The first run date after `after` (or the first of all), None when the end date is passed."""
    if after is None:
        run = first_run(start, every_months, day, last_day)
    else:
        months = (after.year - start.year) * 12 + (after.month - start.month)
        n = max(months // every_months, 0)
        while True:
            run = nth_run(start, every_months, day, last_day, n)
            if run > after and run >= start:
                break
            n += 1
    return None if end is not None and run > end else run


def upcoming(start: date, every_months: int, day: int, last_day: bool, after: date | None, end: date | None,
             count: int = 5) -> list[date]:
    """The next `count` run dates after `after` (for the schedule page)."""
    dates: list[date] = []
    current = after
    while len(dates) < count:
        run = next_after(start, every_months, day, last_day, current, end)
        if run is None:
            break
        dates.append(run)
        current = run
    return dates


def period_words(run: date, every_months: int) -> str:
    """«за ноябрь 2026», «за 4 квартал 2026», «за 2026 год», «за ноябрь 2026 – январь 2027»."""
    if every_months == 12:
        return f"за {run.year} год"
    if every_months == 3 and run.month in (1, 4, 7, 10):
        return f"за {(run.month - 1) // 3 + 1} квартал {run.year}"
    if every_months == 1:
        return f"за {MONTHS[run.month - 1]} {run.year}"
    year, month = add_months(run.year, run.month, every_months - 1)
    return f"за {MONTHS[run.month - 1]} {run.year} – {MONTHS[month - 1]} {year}"


def fill(text: str, run: date, every_months: int) -> str:
    """The text with every placeholder of the run's period replaced (unknown braces stay as typed)."""
    if not text or "{" not in text:
        return text
    next_year, next_month = add_months(run.year, run.month, 1)
    values = {
        "{период}": period_words(run, every_months), "{месяц}": MONTHS[run.month - 1],
        "{месяца}": MONTHS_GENITIVE[run.month - 1], "{год}": str(run.year),
        "{квартал}": str((run.month - 1) // 3 + 1), "{дата}": f"{run:%d.%m.%Y}",
        "{следующий_месяц}": MONTHS[next_month - 1],
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text
