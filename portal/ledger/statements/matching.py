"""Proposing which open invoice an incoming bank payment settles, with a confidence (0–100).

Evidence, added up per candidate invoice:
- its full number in «Назначение платежа» (`2026-000001`, also `2026/1`): 60;
- only its sequence after a marker (`№ 000001`, `счет 1`, `сч.№12`, `инвойс 7`): 40;
- the payer's BIN is the invoice's counterparty: 30;
- the amount is exactly what is left to pay: 25 (less than that, a partial payment: 5).
Candidates are the invoices of the payer's BIN and those whose number the purpose names; with
neither, an invoice whose remainder alone equals the amount is proposed at 20 when it is the
only one. Lines are taken in file order and each proposal lowers that invoice's remainder, so
two payments of one invoice are proposed as full plus nothing more, not twice in full.

A line whose day, amount and payer match a payment already on record (the same operation
imported from another format, where the hash differs, or typed in by hand) is still proposed
but at most at 30, below the tick: the accountant decides, nothing is preselected twice.

Pure functions over plain values: the import and the bench call them with invoices loaded in
one query (`load_open_invoices`).
"""
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

NUMBER = re.compile(r"(\d{4})-(\d+)")
PRETICK = 55  # at or above this the confirm page ticks the match; below, the accountant decides
FULL_NUMBER = re.compile(r"(?<!\d)(20\d{2})\s*[-/]\s*0*(\d{1,6})(?!\d)")
MARKED = re.compile(r"(?:№|\bN\b|\bNo\.?|#|\bсч[её]т\w*(?:\s+на\s+оплату)?|\bсч\.?|\bинв\w*|\binvoice)"
                    r"\s*(?:№|N|#)?\s*0*(\d{1,6})(?!\d)", re.IGNORECASE)


@dataclass
class OpenInvoice:
    document_id: int
    number: str
    counterparty_bin: str
    remaining: Decimal
    doc_date: date

    @property
    def key(self) -> tuple[int, int] | None:
        match = NUMBER.fullmatch(self.number or "")
        return (int(match[1]), int(match[2])) if match else None


@dataclass
class Proposal:
    document_id: int | None
    confidence: int
    reason: str


def numbers_in(purpose: str) -> tuple[set[tuple[int, int]], set[int]]:
    """Full invoice numbers (year, sequence) and bare sequences the purpose mentions."""
    full = {(int(y), int(s)) for y, s in FULL_NUMBER.findall(purpose)}
    without_full = FULL_NUMBER.sub(" ", purpose)
    return full, {int(s) for s in MARKED.findall(without_full)}


class Matcher:
    """The company's open invoices, indexed by BIN, full number and sequence."""

    def __init__(self, invoices: list[OpenInvoice], recorded: set[tuple] | None = None):
        self.recorded = recorded or set()  # (day, amount, payer BIN) of payments already on record
        self.remaining = {inv.document_id: inv.remaining for inv in invoices}
        self.invoices = {inv.document_id: inv for inv in invoices}
        self.by_bin: dict[str, list[int]] = {}
        self.by_key: dict[tuple[int, int], list[int]] = {}
        self.by_seq: dict[int, list[int]] = {}
        self.by_amount: dict[Decimal, list[int]] = {}
        for inv in invoices:
            if inv.counterparty_bin:
                self.by_bin.setdefault(inv.counterparty_bin, []).append(inv.document_id)
            key = inv.key
            if key:
                self.by_key.setdefault(key, []).append(inv.document_id)
                self.by_seq.setdefault(key[1], []).append(inv.document_id)
            self.by_amount.setdefault(inv.remaining, []).append(inv.document_id)

    def propose(self, payer_bin: str, amount: Decimal, purpose: str, on: date | None = None) -> Proposal:
        full, seqs = numbers_in(purpose or "")
        scores: dict[int, tuple[int, list[str]]] = {}

        def add(doc_id: int, points: int, why: str):
            score, reasons = scores.get(doc_id, (0, []))
            scores[doc_id] = (score + points, reasons + [why])

        for key in full:
            for doc_id in self.by_key.get(key, []):
                add(doc_id, 60, "номер в назначении")
        for seq in seqs:
            for doc_id in self.by_seq.get(seq, []):
                if doc_id not in scores:
                    add(doc_id, 40, "№ в назначении")
        for doc_id in self.by_bin.get(payer_bin, []) if payer_bin else []:
            add(doc_id, 30, "БИН плательщика")
        for doc_id in list(scores):
            left = self.remaining[doc_id]
            if left <= 0:
                add(doc_id, -40, "уже оплачен")
            elif amount == left:
                add(doc_id, 25, "сумма")
            elif amount < left:
                add(doc_id, 5, "частичная оплата")
        if not scores:
            exact = [d for d in self.by_amount.get(amount, []) if self.remaining[d] == amount]
            if len(exact) == 1:
                scores[exact[0]] = (20, ["только сумма"])
        if not scores:
            return Proposal(None, 0, "нет подходящего счёта")
        best = max(scores, key=lambda d: (scores[d][0], -self.invoices[d].doc_date.toordinal(), -d))
        score, reasons = scores[best]
        if score <= 0:
            return Proposal(None, 0, "нет подходящего счёта")
        self.remaining[best] -= min(amount, max(self.remaining[best], Decimal("0")))
        if (on, amount, payer_bin) in self.recorded:
            return Proposal(best, min(30, score), "похожий платёж уже записан, " + ", ".join(reasons))
        return Proposal(best, min(100, score), ", ".join(reasons))


def load_open_invoices(company_id: int) -> list[OpenInvoice]:
    """Every invoice of the company not annulled and not fully paid, in one query."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models.ledger import LedgerInvoice

    rows = db.session.execute(
        select(LedgerInvoice.document_id, LedgerInvoice.number, LedgerInvoice.counterparty_bin, LedgerInvoice.amount,
               LedgerInvoice.paid, LedgerInvoice.doc_date)
        .where(LedgerInvoice.company_id == company_id, LedgerInvoice.annulled_at.is_(None),
               LedgerInvoice.paid_at.is_(None))
    ).all()
    return [OpenInvoice(d, n or "", b or "", Decimal(a) - Decimal(p), dd) for d, n, b, a, p, dd in rows]


def recorded_payments(company_id: int, start: date, end: date) -> set[tuple]:
    """(day, amount, payer BIN) of the company's live payments between two days."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models.ledger import LedgerInvoice, Payment

    rows = db.session.execute(
        select(Payment.paid_on, Payment.amount, LedgerInvoice.counterparty_bin)
        .join(LedgerInvoice, LedgerInvoice.document_id == Payment.document_id)
        .where(Payment.company_id == company_id, Payment.deleted_at.is_(None), Payment.paid_on >= start,
               Payment.paid_on <= end)
    ).all()
    return {(on, Decimal(amount), bin_ or "") for on, amount, bin_ in rows}
