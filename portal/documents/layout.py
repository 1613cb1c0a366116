"""Widths of the printed forms' number columns: each as wide as the longest value it prints.

The line tables use the fixed table layout (pdf.css): WeasyPrint takes the column widths from the
`<col>` classes and never measures the cells, which keeps a 60-line render fast. A number never
wraps (`white-space: nowrap`), so its column must hold the widest value it shows, in bold (the
totals row) at the table's 8.5pt; the name column takes what is left, so a document of small
amounts keeps a wide name column and one of 999 999 999 999,99 still fits. Widths come in steps
of two characters, the classes `w-d8` … `w-d22` of pdf.css (the width of the widest amount or
quantity of that many characters, plus the cell's padding).
"""
from decimal import ROUND_HALF_UP, Decimal

# The number columns of the line tables: the line fields a column may print (a form prints one
# of them) and the document totals printed at its foot.
MONEY_COLUMNS = {
    "price": (("price",), ()),
    "price_without_nds": (("price_without_nds",), ()),
    "sum": (("sum", "sum_with_nds"), ("total", "lines_total")),
    "sum_without_nds": (("sum_without_nds",), ("total_without_nds",)),
    "nds": (("nds",), ("nds_sum",)),
}
QUANTITY_COLUMNS = {
    "quantity": (("quantity",), ("total_quantity",)),
    "quantity_requested": (("quantity_requested",), ("total_requested",)),
}
STEPS = (8, 10, 12, 14, 16, 18, 20, 22)  # characters; the narrowest also fits the columns' headers


def _grouped(value, places: int) -> str:
    """`value` as the forms print it: thousands parted by a thin space, `places` decimals after a comma."""
    amount = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{amount:,.{places}f}".partition(".")
    return whole.replace(",", "\u202f") + ("," + fraction if fraction else "")


def money_text(value) -> str:
    """An amount as the `money` filter prints it (`1 234 567,50`)."""
    return _grouped(value, 2)


def quantity_text(value) -> str:
    """A quantity as the forms print it at most: thousands grouped, up to three decimals."""
    text = _grouped(value, 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def width_class(texts) -> str:
    """The `w-d…` class of a column whose longest printed value is the longest of `texts`."""
    longest = max((len(text) for text in texts), default=0)
    return f"w-d{next((step for step in STEPS if step >= longest), STEPS[-1])}"


def _column_values(context: dict, fields: tuple[str, ...], totals: tuple[str, ...]) -> list:
    """The numbers a column prints: its fields on every line and its totals."""
    values = [line.get(field) for line in context.get("lines", ()) for field in fields]
    values += [context.get(name) for name in totals]
    return [value for value in values if isinstance(value, (int, Decimal)) and not isinstance(value, bool)]


def number_columns(context: dict) -> dict[str, str]:
    """The width class of each number column of a document's line table (`sum`, `quantity`, …)."""
    columns = {name: width_class(money_text(value) for value in _column_values(context, *sources))
               for name, sources in MONEY_COLUMNS.items()}
    columns.update({name: width_class(quantity_text(value) for value in _column_values(context, *sources))
                    for name, sources in QUANTITY_COLUMNS.items()})
    return columns
