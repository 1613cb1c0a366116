"""The directory's text rules: how a name or a search text is normalised, what a company's
stored search key is, and how a search text is read (words, legal forms, a BIN prefix).

Plain functions of text, with no database: the `Company` model keeps its stored key with
`search_key` (portal.models.directory), and the search (portal.directory.search) parses
the query and ranks with the same rules, so what Python writes and what it looks for agree.
"""
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MIN_BIN_DIGITS = 4
KEY_LENGTH = 500

# Kazakh letters folded to the Russian letters people type on a Russian keyboard, and ё to е.
FOLD = str.maketrans({"ё": "е", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"})
LEGAL_FORMS = frozenset({
    "тоо", "ип", "ао", "ооо", "оао", "зао", "пао", "гкп", "ргп", "кгп", "гу", "кгу", "кх", "фх",
    "llp", "llc", "ltd", "jsc",
    # Kazakh: ЖШС = ТОО, ЖК = ИП («АҚ» = АО is left out: folded to «ак», it is also a word of names).
    "жшс", "жк",
})
# Written-out forms, replaced by their abbreviation before the words are split.
LEGAL_PHRASES = (
    ("товарищество с ограниченной ответственностью", "тоо"),
    ("общество с ограниченной ответственностью", "ооо"),
    ("индивидуальный предприниматель", "ип"),
    ("акционерное общество", "ао"),
    ("крестьянское хозяйство", "кх"),
    ("фермерское хозяйство", "фх"),
    ("государственное учреждение", "гу"),
    ("limited liability partnership", "llp"),
    ("joint stock company", "jsc"),
)

# Python's \w is letters and digits of every script (and "_", which is punctuation here).
NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str | None) -> str:
    """The search form of a text: lower case, ё→е, Kazakh letters folded, only letters and digits.

    Letters and digits are what SQLite's unicode61 tokenizer and PostgreSQL's parser keep as
    word characters, so the words Python produces are the words the indexes hold.
    """
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(FOLD)
    words = NON_WORD.sub(" ", folded).strip()
    for phrase, short in LEGAL_PHRASES:
        if phrase in words:
            words = re.sub(rf"(?<!\w){phrase}(?!\w)", short, words)
    return words


def _core_words(text: str | None) -> list[str]:
    """Normalised words without legal forms."""
    return [word for word in normalise(text).split() if word not in LEGAL_FORMS]


def search_key(company_name: str | None, *other_names: str | None) -> str:
    """What `company_name_search` stores: the name's words without the legal form, then any
    further words of the alternative and directory names (so those names are found too)."""
    words = _core_words(company_name)
    seen = set(words)
    for name in other_names:
        for word in _core_words(name):
            if word not in seen:
                seen.add(word)
                words.append(word)
    key = " ".join(words)
    return key if len(key) <= KEY_LENGTH else key[:KEY_LENGTH].rsplit(" ", 1)[0]


@dataclass(frozen=True)
class ParsedQuery:
    """What a search box text asks for."""

    text: str
    terms: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    bin_prefix: str | None = None
    # Match the terms as whole words, not prefixes: the typo fallback's corrected words are
    # whole words of the index's vocabulary (portal.directory.search.typos).
    whole_words: bool = False

    @property
    def core(self) -> str:
        """The words as one string, comparable with a stored key for an exact-name match."""
        return " ".join(self.terms)

    @property
    def is_blank(self) -> bool:
        """No text at all: no search, the plain list."""
        return not self.text.strip()

    @property
    def is_searchable(self) -> bool:
        """Something to look for: a word, a BIN prefix or a legal form."""
        return bool(self.terms or self.forms or self.bin_prefix)

    @property
    def forms_only(self) -> bool:
        """Only legal forms were typed: list the companies of those forms."""
        return bool(self.forms) and not self.terms and not self.bin_prefix

    @property
    def exact_bin(self) -> str | None:
        """A full 12-digit BIN."""
        return self.bin_prefix if self.bin_prefix and len(self.bin_prefix) == 12 else None


def parse_query(raw: str | None) -> ParsedQuery:
    """Split a search text into word prefixes, legal forms and a BIN prefix (see
    portal.directory.search for the rules)."""
    text = (raw or "")[:MAX_QUERY_CHARS]
    terms: list[str] = []
    forms: list[str] = []
    bin_prefix = None
    for word in normalise(text).split():
        if word in LEGAL_FORMS:
            if word not in forms:
                forms.append(word)
        elif bin_prefix is None and word.isascii() and word.isdigit() and MIN_BIN_DIGITS <= len(word) <= 12:
            bin_prefix = word
        else:
            word = word[:MAX_TERM_CHARS]
            if word not in terms and len(terms) < MAX_TERMS:
                terms.append(word)
    return ParsedQuery(text=text, terms=tuple(terms), forms=tuple(forms), bin_prefix=bin_prefix)
