"""Units of measurement from the classifier of units (МКЕИ МК 002-97, the ОКЕИ codes) with their codes.

The builder and the catalogue forms offer this list; a unit typed that is not in it stays a
free entry without a code (for «рейс», which the classifier has no code for, as 1C allows).
Codes checked against public reproductions of ОКЕИ (see README, «Единицы измерения»).
"""

# (code, short name as printed, full name); the code is blank where the classifier has none.
UNITS: tuple[tuple[str, str, str], ...] = (
    ("796", "шт", "Штука"),
    ("166", "кг", "Килограмм"),
    ("163", "г", "Грамм"),
    ("168", "т", "Тонна"),
    ("112", "л", "Литр"),
    ("006", "м", "Метр"),
    ("055", "м²", "Квадратный метр"),
    ("113", "м³", "Кубический метр"),
    ("018", "пог. м", "Погонный метр"),
    ("356", "ч", "Час"),
    ("876", "усл. ед.", "Условная единица"),
    ("839", "компл.", "Комплект"),
    ("778", "упак.", "Упаковка"),
    ("", "рейс", "Рейс"),
)
# Spellings people type for the same unit.
ALIASES = {
    "усл.": "усл. ед.", "усл": "усл. ед.", "услуга": "усл. ед.", "м2": "м²", "кв.м": "м²", "кв. м": "м²",
    "м3": "м³", "куб.м": "м³", "куб. м": "м³", "час": "ч", "компл": "компл.", "комплект": "компл.",
    "упак": "упак.", "упаковка": "упак.", "штука": "шт", "шт.": "шт",
}
CODES = {short: code for code, short, _ in UNITS}


def unit_code(measure: str) -> str:
    """The classifier code of a unit as typed (`кг` → `166`), or blank for a free entry."""
    text = " ".join((measure or "").split()).lower()
    return CODES.get(ALIASES.get(text, text), "")


def unit_choices() -> list[dict]:
    """The list as the pages and `/smart_doc/units/` show it."""
    return [{"code": code or None, "name": short, "full_name": full} for code, short, full in UNITS]
