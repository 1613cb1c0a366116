"""Company names: the legal form, the name in capitals as the register writes it, and the
title-case name of the city directory («ТОО "ЕВРАЗИЯ ТРАНЗИТ СЕРВИС"» / «Евразия Транзит Сервис»)."""
import random
from dataclasses import dataclass
from itertools import accumulate

from portal.demo.activities import Activity
from portal.demo.draw import between, pick, weighted
from portal.demo.people import KAZAKH_MEN, KAZAKH_WOMEN
from portal.demo.words import (
    ACRONYM_LETTERS,
    ACRONYM_LETTERS_LATIN,
    ACRONYMS,
    ADJECTIVES,
    COMMON,
    COMMON_LATIN,
    GENDER_FORM,
    QUOTED,
    SUFFIXES,
    SUFFIXES_LATIN,
    SYLLABLES,
    SYLLABLES_LATIN,
)

# The Kazakh forms of the legal forms, used by some companies' `alternative_name`.
KAZAKH_FORM = {"ТОО": "ЖШС", "АО": "АҚ", "ИП": "ЖК"}

# Rank r of the common words is chosen with weight 1/(r+1): a few words are shared by
# hundreds of companies, most by a handful.
_COMMON_CUM = list(accumulate(1 / (rank + 1) for rank in range(len(COMMON))))
_LATIN_CUM = list(accumulate(1 / (rank + 1) for rank in range(len(COMMON_LATIN))))

_PATTERNS = (
    ("common_activity", 26),
    ("common_activity_suffix", 12),
    ("latin", 16),
    ("coined", 12),
    ("coined_activity", 10),
    ("descriptive", 7),
    ("first_name", 7),
    ("acronym", 7),
    ("nested", 3),
)
_PATTERN_NAMES = [name for name, _ in _PATTERNS]
_PATTERN_CUM = list(accumulate(weight for _, weight in _PATTERNS))
_KEEP_UPPER = frozenset(ACRONYMS)


@dataclass(frozen=True)
class CompanyName:
    """A name in both spellings."""

    form: str
    inner: str
    ex: str

    @property
    def full(self) -> str:
        """`ТОО "NAME"`, as `company_name` shows it."""
        return f'{self.form} "{self.inner}"'


def title_case(text: str, acronyms: frozenset[str] = _KEEP_UPPER) -> str:
    """«ҚАЙРАТ-СТРОЙ KZ» → «Қайрат-Строй KZ»: words title-cased, abbreviations kept."""
    words = []
    for word in text.split(" "):
        if word == "И":  # «АЙДАР И К» → «Айдар и К»
            words.append("и")
            continue
        parts = [p if p.strip('"') in acronyms else p.title() for p in word.split("-")]
        words.append("-".join(parts))
    return " ".join(words)


def _common(rng: random.Random) -> str:
    """A shared Kazakh or Russian word, the most frequent ones most often."""
    return COMMON[weighted(rng, _COMMON_CUM)]


def _common_latin(rng: random.Random) -> str:
    """A shared Latin brand word."""
    return COMMON_LATIN[weighted(rng, _LATIN_CUM)]


def coined(rng: random.Random, latin: bool = False) -> str:
    """A rare made-up word of two or three syllables («ТАЛМАС», «VELTRON»)."""
    syllables = SYLLABLES_LATIN if latin else SYLLABLES
    count = 2 if rng.random() < 0.7 else 3
    chosen = [pick(rng, syllables)]
    while len(chosen) < count:
        syllable = pick(rng, syllables)
        if syllable != chosen[-1]:  # «САНСАН» reads as a typo
            chosen.append(syllable)
    return "".join(chosen)


def _acronym(rng: random.Random, latin: bool = False) -> str:
    """A known abbreviation or three random capitals («АБК», «KBS»)."""
    if rng.random() < 0.3:
        return pick(rng, ACRONYMS)
    letters = ACRONYM_LETTERS_LATIN if latin else ACRONYM_LETTERS
    return "".join(pick(rng, letters) for _ in range(pick(rng, (2, 3, 3, 4))))


def _join(rng: random.Random, first: str, second: str) -> str:
    """Two words, now and then hyphenated as registrations often are."""
    return f"{first}-{second}" if rng.random() < 0.25 else f"{first} {second}"


def _number(rng: random.Random, year: int) -> str:
    """The registration year or a small number, as some names carry («ДАНА-2007», «СМУ-7»)."""
    return str(year) if rng.random() < 0.6 else str(between(rng, 1, 99))


def _legal_entity_name(rng: random.Random, activity: Activity, year: int) -> tuple[str, set[str]]:
    """The quoted part of a ТОО/АО name, and the abbreviations in it."""
    pattern = _PATTERN_NAMES[weighted(rng, _PATTERN_CUM)]
    acronyms: set[str] = set()
    if pattern == "common_activity":
        return _join(rng, _common(rng), pick(rng, activity.words)), acronyms
    if pattern == "common_activity_suffix":
        return f"{_common(rng)} {pick(rng, activity.words)} {pick(rng, SUFFIXES)}", acronyms
    if pattern == "latin":
        first = _common_latin(rng) if rng.random() < 0.6 else coined(rng, latin=True)
        name = f"{first} {pick(rng, activity.latin)}"
        if rng.random() < 0.5:
            name += " " + pick(rng, SUFFIXES_LATIN)
        return name, acronyms
    if pattern == "coined":
        word = coined(rng)
        return (f"{word}-{_number(rng, year)}" if rng.random() < 0.25 else word), acronyms
    if pattern == "coined_activity":
        return _join(rng, coined(rng), pick(rng, activity.words)), acronyms
    if pattern == "descriptive":
        gender, phrase = pick(rng, activity.phrases)
        adjective = pick(rng, ADJECTIVES)[GENDER_FORM[gender]]
        return f"{adjective} {phrase}", acronyms
    if pattern == "first_name":
        first = pick(rng, KAZAKH_MEN + KAZAKH_WOMEN)
        tail = pick(rng, ("И К", _number(rng, year), pick(rng, activity.words), pick(rng, SUFFIXES)))
        return (f"{first}-{tail}" if tail.isdigit() else f"{first} {tail}"), acronyms
    if pattern == "acronym":
        latin = rng.random() < 0.4
        letters = _acronym(rng, latin)
        acronyms.add(letters)
        if rng.random() < 0.35:
            return f"{letters}-{_number(rng, year)}", acronyms
        tail = pick(rng, activity.latin if latin else activity.words)
        return _join(rng, letters, tail), acronyms
    gender, phrase = pick(rng, activity.phrases)
    return f'{phrase} "{pick(rng, QUOTED)}"', acronyms


def company_name(rng: random.Random, form: str, activity: Activity, owner: str | None, year: int) -> CompanyName:
    """A name for a company of this legal form; an ИП is named after its owner («SURNAME NAME»)."""
    acronyms: set[str] = set()
    if form == "ИП" and owner and rng.random() < 0.9:
        inner = owner
    elif form == "ИП":
        inner = _join(rng, _common(rng), pick(rng, activity.words))
    else:
        inner, acronyms = _legal_entity_name(rng, activity, year)
    ex = title_case(inner.replace('"', ""), _KEEP_UPPER | acronyms)
    return CompanyName(form, inner, ex)
