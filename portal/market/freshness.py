"""How old stored values are, in words a reader expects: «обновлено 2 часа назад»."""
from datetime import datetime, timedelta, timezone


def plural(number: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 час, 2 часа, 5 часов, 21 час, 11 часов."""
    n = abs(number) % 100
    if 11 <= n <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


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
