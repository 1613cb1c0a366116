"""Builders and readers for the printed-form layout tests (no tests here).

A document of each type is made through the JSON API and its real print context built once;
the layout cases then vary its lines (cloned from the real ones, so any key the context gains is
kept) with the largest amounts the forms must hold and Kazakh names of every length. A PDF is
read back two ways: poppler's pdftotext gives each page's text (fast enough for every line count:
which page each block lands on, whether a number was broken or run into its neighbour), and
pdfplumber gives word boxes and the drawn rules (a word crossing a cell border, a rule outside
the margins or behind the QR code).
"""
import bisect
import io
import re
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

import pdfplumber

from portal.documents.context import build_context, stamp
from portal.documents.qr import qr_data_uri, verification_url
from portal.smart_docs.documents import get_document
from portal.smart_docs.words import amount_in_words, count_in_words
from tests.test_documents_support import staff_of_user

MONEY = Decimal("999999999999.99")
QUANTITY = Decimal("999999.999")
# As pdftotext reads them (thin spaces become spaces): whole, never broken or run together.
MONEY_TEXT = re.compile(r"(?<![\d,.])999 999 999 999,99(?![\d,])")
QUANTITY_TEXT = re.compile(r"(?<![\d,.])999 ?999[,.]999(?![\d,])")
# Kazakh names of every length: short ones stay on one line, long ones wrap to two or three.
NAMES = (
    "Қағаз A",
    "Ұялы байланыс қызметі «Әуе» (ӘҒҚҢӨҰҮҺІ)",
    "Жөндеу жұмыстары: ғимараттың шатырын, қасбетін және ішкі қабырғаларын сырлау, "
    "ұңғыма қазу, һ-тәрізді арқалықтарды орнату (ӘҒҚҢӨҰҮҺІ әғқңөұүһі)",
    "Үстел",
    "Іргетас құю және нығайту жұмыстары, Өскемен қаласы",
)
# Signers whose position and name wrap in their slots.
SIGNER = {"name": "Жақсыбекова-Нұрмағамбетова Гүлнар Серікқызы",
          "position": "Главный бухгалтер по налоговому учёту филиала"}


def row_mark(n: int) -> str:
    """The first word of line n's name: finds the row in the text (unique, never split)."""
    return f"№{n}"


def source_context(sources: dict, doc_type: str, user) -> dict:
    """The real print context of the source document of `doc_type`, stamped as an issue stamps it."""
    staff = staff_of_user(user)
    doc = get_document(staff.company_id, doc_type, sources[doc_type]["id"])
    url = verification_url("https://portal.example.kz/", "1709260907251")
    return stamp(build_context(doc), number="2026-000123", doc_id="1709260907251", verify_url=url,
                 qr=qr_data_uri(url), issued_at=datetime(2026, 11, 26, 9, 30, tzinfo=timezone.utc))


def _largest(key: str, value):
    """The largest value the forms must hold in a field: quantities and amounts; anything else as is."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or key in {"n", "nds_percent", "line_count"}:
        return value
    return QUANTITY if "quantity" in key or "requested" in key else MONEY if isinstance(value, Decimal) else value


def with_lines(context: dict, count: int) -> dict:
    """The context with `count` lines cloned from its first one, every amount and quantity at its largest."""
    template = {key: _largest(key, value) for key, value in context["lines"][0].items()}
    lines = [{**template, "n": i + 1, "name": f"{row_mark(i + 1)} {NAMES[i % len(NAMES)]}", "description": ""}
             for i in range(count)]
    totals = {key: _largest(key, value) for key, value in context.items()}
    return {
        **totals, "lines": lines, "line_count": count, "signers": {name: SIGNER for name in context["signers"]},
        "amount_words": amount_in_words(MONEY), "quantity_words": count_in_words(QUANTITY),
    }


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text as pdftotext lays it out, thin and no-break spaces made plain."""
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True)
    text = result.stdout.decode("utf-8").replace("\u202f", " ").replace("\u00a0", " ")
    return text.split("\f")[:-1]


@dataclass
class Page:
    """One page as pdfplumber reads it: words with boxes, drawn rules as boxes, images, width."""

    words: list[dict]
    rules: list[tuple[float, float, float, float]]
    slots: list[tuple[float, float, float, float]]  # the ruled signature and party slots (.ruled)
    images: list[dict]
    width: float

    def verticals(self) -> list[tuple[float, float, float, float]]:
        return [rule for rule in self.rules if rule[3] - rule[1] > rule[2] - rule[0]]


def _dark(colour) -> bool:
    """A dark grey or black fill colour (a pattern, such as a gradient, is not a rule)."""
    channels = colour if isinstance(colour, (tuple, list)) else (colour,)
    return all(isinstance(channel, (int, float)) and channel < 0.5 for channel in channels)


def drawn_rules(page) -> list[tuple[float, float, float, float]]:
    """Every rule drawn on a page, as (x0, top, x1, bottom) boxes.

    WeasyPrint strokes collapsed table borders as lines, and fills other borders as the area
    between a box's outer and inner rectangles (two filled rectangles, even-odd): each such pair
    gives its non-empty side strips. Light filled rectangles are backgrounds, not rules.
    """
    rules = [(line["x0"], line["top"], line["x1"], line["bottom"]) for line in page.lines]
    filled = [rect for rect in page.rects if rect["fill"] and _dark(rect["non_stroking_color"])]
    for rect in filled:
        if rect["width"] <= 3 or rect["height"] <= 3:
            rules.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    big = [rect for rect in filled if rect["width"] > 3 and rect["height"] > 3]
    for outer in big:
        for inner in big:
            if inner is outer or not (outer["x0"] - 0.05 <= inner["x0"] and inner["x1"] <= outer["x1"] + 0.05
                                      and outer["top"] - 0.05 <= inner["top"] and inner["bottom"] <= outer["bottom"] + 0.05):
                continue
            strips = (
                (outer["x0"], outer["top"], outer["x1"], inner["top"]),
                (outer["x0"], inner["bottom"], outer["x1"], outer["bottom"]),
                (outer["x0"], outer["top"], inner["x0"], outer["bottom"]),
                (inner["x1"], outer["top"], outer["x1"], outer["bottom"]),
            )
            rules += [strip for strip in strips if strip[2] - strip[0] > 0.1 and strip[3] - strip[1] > 0.1]
    return rules


def ruled_slots(page) -> list[tuple[float, float, float, float]]:
    """Boxes filled with a pattern: the slots ruled under every line of their text (a gradient)."""
    return [(rect["x0"], rect["top"], rect["x1"], rect["bottom"]) for rect in page.rects
            if rect["fill"] and isinstance(rect["non_stroking_color"], str)]


def read_pages(pdf: bytes) -> list[Page]:
    """Word boxes, drawn rules, ruled slots and images of each page."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [Page(page.extract_words(), drawn_rules(page), ruled_slots(page), page.images, float(page.width))
                for page in document.pages]


def words_across_rules(page: Page, gap: float = 1.0) -> list[str]:
    """Words that touch or cross a vertical rule running beside them (a cell border)."""
    verticals = sorted(page.verticals())
    xs = [rule[0] for rule in verticals]
    bad = []
    for word in page.words:
        start = bisect.bisect_left(xs, word["x0"] - gap - 2)
        for x0, top, x1, bottom in verticals[start:bisect.bisect_right(xs, word["x1"] + gap)]:
            beside = top <= word["top"] + 1 and bottom >= word["bottom"] - 1
            if beside and word["x0"] - gap < x1 and x0 < word["x1"] + gap:
                bad.append(f"{word['text']!r} at x {word['x0']:.1f}–{word['x1']:.1f} meets the rule at {x0:.1f}")
                break
    return bad


def rules_outside(page: Page, left: float, right: float) -> list[str]:
    """Rules that run into the page's left or right margin (`left`, `right`: the margins in pt)."""
    limit = page.width - right
    return [f"rule {x0:.1f}–{x1:.1f} at y {top:.1f} runs into the margin"
            for x0, top, x1, bottom in page.rules + page.slots if x0 < left - 1 or x1 > limit + 1]


def rules_behind_images(page: Page) -> list[str]:
    """Rules drawn across an image (the QR code)."""
    return [f"rule {x0:.1f}–{x1:.1f} at y {top:.1f} crosses the QR code"
            for image in page.images for x0, top, x1, bottom in page.rules + page.slots
            if x0 < image["x1"] and x1 > image["x0"] and top < image["bottom"] and bottom > image["top"]]
