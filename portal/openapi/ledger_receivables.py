"""OpenAPI description of the ledger's receivables: who owes the company what as of today, by
age and by counterparty, and what was invoiced and paid month by month."""
from portal.ledger.receivables import BUCKETS
from portal.openapi.conventions import PAGE_PARAMETERS, describe, json_ref
from portal.openapi.ledger_payments import DATE, INVALID, MONEY, operation

SCHEMAS = {
    "Receivables": {
        "type": "object",
        "properties": {
            "date": DATE, "owed": MONEY, "overdue": MONEY, "open_invoices": {"type": "integer"},
            "overdue_invoices": {"type": "integer"}, "credit": MONEY,
            "aging": {"type": "array", "items": {"type": "object", "properties": {
                "bucket": {"type": "string", "enum": [code for code, *_ in BUCKETS]}, "label": {"type": "string"},
                "amount": MONEY, "invoices": {"type": "integer"}}, "required": ["bucket", "amount", "invoices"]}},
            "counterparties": {
                "type": "object", "description": "A page of the counterparties that owe or have a credit, those owing "
                "most first (query parameters `page`, `page_size`).",
                "properties": {
                    "count": {"type": "integer"}, "next": {"type": "string", "format": "uri", "nullable": True},
                    "previous": {"type": "string", "format": "uri", "nullable": True},
                    "results": {"type": "array", "items": {"type": "object", "properties": {
                        "bin": {"type": "string"}, "name": {"type": "string"}, "owed": MONEY,
                        "overdue": MONEY, "open_invoices": {"type": "integer"}, "credit": MONEY,
                        "balance": MONEY}, "required": ["bin", "name", "owed", "overdue", "credit"]}}},
                "required": ["count", "next", "previous", "results"]},
            "counterparty_count": {"type": "integer"},
            "months": {"type": "array", "description": "The last 12 months: invoices issued (not annulled) and payments received.",
                       "items": {"type": "object", "properties": {"month": {"type": "string", "pattern": r"^\d{4}-\d{2}$"},
                                                                  "issued": MONEY, "paid": MONEY},
                                 "required": ["month", "issued", "paid"]}},
        },
        "required": ["date", "owed", "overdue", "credit", "aging", "counterparties", "months"],
    },
}

describe(SCHEMAS, {
    "Receivables": "Who owes the company what, as of today.",
    "Receivables.date": ("Today (Asia/Almaty): the day the figures are for.", "2026-12-03"),
    "Receivables.owed": ("Owed on every open invoice, tenge.", "1250000.00"),
    "Receivables.overdue": ("Of that, past the due dates, tenge.", "320000.00"),
    "Receivables.open_invoices": ("Invoices not fully paid.", 14),
    "Receivables.overdue_invoices": ("Of them, past the due date.", 3),
    "Receivables.credit": ("Overpayments the company holds, tenge.", "15000.00"),
    "Receivables.aging": "What is owed by how long it is overdue.",
    "Receivables.aging[].bucket": "The age bucket's code.",
    "Receivables.aging[].label": ("The bucket in words.", "1–30 дней"),
    "Receivables.aging[].amount": ("Owed in it, tenge.", "200000.00"),
    "Receivables.aging[].invoices": ("Invoices in it.", 2),
    "Receivables.counterparties.count": ("Counterparties owing or in credit, all pages.", 9),
    "Receivables.counterparties.next": ("The next page; null on the last.", "http://portal.example.kz/ledger/receivables/?page=2"),
    "Receivables.counterparties.previous": ("The previous page; null on the first.", None),
    "Receivables.counterparties.results": "This page's counterparties.",
    "Receivables.counterparties.results[].bin": ("BIN.", "130540000013"),
    "Receivables.counterparties.results[].name": ("Name.", "ТОО «Евразия Трейд»"),
    "Receivables.counterparties.results[].owed": ("Owed, tenge.", "46871.24"),
    "Receivables.counterparties.results[].overdue": ("Of that overdue, tenge.", "0.00"),
    "Receivables.counterparties.results[].open_invoices": ("Their open invoices.", 1),
    "Receivables.counterparties.results[].credit": ("Their overpayments, tenge.", "0.00"),
    "Receivables.counterparties.results[].balance": ("owed − credit, tenge.", "46871.24"),
    "Receivables.counterparty_count": ("Counterparties owing or in credit (the same as `counterparties.count`).", 9),
    "Receivables.months[].month": ("The month.", "2026-11"),
    "Receivables.months[].issued": ("Invoiced that month, tenge.", "540000.00"),
    "Receivables.months[].paid": ("Received that month, tenge.", "410000.00"),
})

PATHS = {
    "/ledger/receivables/": {
        "get": operation("Who owes the company what: totals, aging, per counterparty with credits, issued and paid by month",
                         {"200": {"description": "Receivables", "content": json_ref("Receivables")}, "400": INVALID}),
        "parameters": PAGE_PARAMETERS,
    },
}
