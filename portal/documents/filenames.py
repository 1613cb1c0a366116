"""File names of issued PDFs, and a Content-Disposition every browser reads correctly."""
from urllib.parse import quote

from portal.documents.context import FILE_TITLES
from portal.models.issued import IssuedDocument

# Russian and Kazakh letters to Latin, for the ASCII `filename=` fallback of old clients.
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}


def transliterate(text: str) -> str:
    """`Счёт_на_оплату` → `Schet_na_oplatu`; anything else outside safe ASCII becomes `_`."""
    out = []
    for char in text:
        low = char.lower()
        if low in _TRANSLIT:
            latin = _TRANSLIT[low]
            out.append(latin.capitalize() if char != low else latin)
        elif char.isascii() and (char.isalnum() or char in "-_."):
            out.append(char)
        else:
            out.append("_")
    return "".join(out)


def pdf_filename(record: IssuedDocument) -> str:
    """`Счёт_на_оплату_2026-000123.pdf`."""
    return f"{FILE_TITLES.get(record.type, 'Документ')}_{record.number}.pdf"


def content_disposition(filename: str, disposition: str = "attachment") -> str:
    """RFC 6266: an ASCII `filename=` for old clients plus `filename*=UTF-8''...` (RFC 5987)."""
    fallback = transliterate(filename)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
