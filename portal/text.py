"""Russian wording shared by every area: plural forms and how counts are written.

Plain functions, so services (the company card, the freshness line) and templates (through
`portal.web.templating`) word things the same way.
"""


def plural(number: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for `number`: 1 год, 2 года, 5 лет, 11 лет, 21 год, 112 лет."""
    n = abs(number) % 100
    if 11 <= n <= 14:
        return many
    if n % 10 == 1:
        return one
    if 2 <= n % 10 <= 4:
        return few
    return many


def format_count(value: int) -> str:
    """`12345` → `12 345`, thousands parted by a narrow no-break space as Russian text does."""
    return f"{value:,}".replace(",", "\u202f")
