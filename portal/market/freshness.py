"""How old stored values are, in words a reader expects: «обновлено 2 часа назад»."""
from datetime import datetime, timedelta, timezone

from portal.text import plural


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; the portal stores UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def age_words(then: datetime, now: datetime) -> str:
    """`обновлено 2 часа назад`, `обновлено 3 дня назад`, `обновлено только что`."""
    seconds = max(0, int((aware(now) - aware(then)).total_seconds()))
    if seconds < 60:
        return "обновлено только что"
    for size, forms in ((86400, ("день", "дня", "дней")), (3600, ("час", "часа", "часов")),
                        (60, ("минуту", "минуты", "минут"))):
        if seconds >= size:
            count = seconds // size
            return f"обновлено {count} {plural(count, *forms)} назад"
    return "обновлено только что"


def is_stale(then: datetime, now: datetime, hours: float) -> bool:
    """Older than the configured threshold."""
    return aware(now) - aware(then) > timedelta(hours=hours)
