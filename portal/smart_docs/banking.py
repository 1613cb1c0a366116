"""Kazakh bank details: IIK (a KZ IBAN), BIC, KBe and KNP.

Each check returns the normalised value or raises BankingError with a message for the user.
"""
import re

IIK_RE = re.compile(r"^KZ\d{2}\d{3}[0-9A-Z]{13}$")
# ISO 9362: bank (4 letters), country (2 letters), location (2), optional branch (3).
BIC_RE = re.compile(r"^[A-Z]{4}[A-Z]{2}[0-9A-Z]{2}([0-9A-Z]{3})?$")
KBE_RE = re.compile(r"^[12][1-9]$")
KNP_RE = re.compile(r"^\d{3}$")

# Confirmed payment-purpose codes, offered as suggestions; other 3-digit codes are accepted.
KNP_SUGGESTIONS = (
    ("710", "Оплата за товары"),
    ("911", "Налог"),
    ("912", "Пеня по налогу"),
    ("010", "Обязательные пенсионные взносы"),
    ("012", "Социальные отчисления"),
    ("121", "Взносы на медицинское страхование"),
    ("122", "Отчисления на медицинское страхование"),
)
KBE_SUGGESTIONS = (
    ("17", "Резидент, негосударственная нефинансовая организация (ТОО)"),
    ("19", "Резидент, физическое лицо или ИП"),
    ("14", "Резидент, банк"),
    ("27", "Нерезидент, негосударственная нефинансовая организация"),
)


class BankingError(ValueError):
    """A bank detail that fails its format or check digits."""


def _compact(raw: str) -> str:
    """Upper-case and drop the spaces people paste with account numbers."""
    return re.sub(r"\s+", "", str(raw or "")).upper()


def iban_checksum_ok(iban: str) -> bool:
    """ISO 13616 mod-97: move the first four characters to the end, letters as 10..35."""
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


def clean_iik(raw: str) -> str:
    """A Kazakh IIK: 20 characters, `KZ`, check digits, bank code, 13 characters; mod-97 valid."""
    value = _compact(raw)
    if len(value) != 20:
        raise BankingError(f"ИИК состоит из 20 символов (KZ и 18 знаков), а введено {len(value)}.")
    if not value.startswith("KZ"):
        raise BankingError("ИИК в Казахстане начинается с KZ.")
    if not IIK_RE.match(value):
        raise BankingError("Неверный формат ИИК: KZ, 2 контрольные цифры, 3 цифры кода банка, 13 букв или цифр.")
    if not iban_checksum_ok(value):
        raise BankingError("Неверные контрольные цифры ИИК: проверьте номер счёта.")
    return value


def clean_bic(raw: str) -> str:
    """A BIC (SWIFT code): 8 or 11 letters and digits, e.g. TBKBKZKA."""
    value = _compact(raw)
    if len(value) not in (8, 11):
        raise BankingError("БИК состоит из 8 или 11 символов, например TBKBKZKA.")
    if not BIC_RE.match(value):
        raise BankingError("Неверный формат БИК: 4 буквы банка, 2 буквы страны, 2 знака города (и 3 знака филиала).")
    return value


def clean_kbe(raw: str) -> str:
    """KBe: residency (1 or 2) then the economic sector (1-9), e.g. 17 for a TOO."""
    value = _compact(raw)
    if not KBE_RE.match(value):
        raise BankingError("КБе — две цифры: 1 (резидент) или 2 (нерезидент), затем сектор экономики 1–9, например 17.")
    return value


def clean_knp(raw: str) -> str:
    """KNP: three digits (known codes are suggested in the form; unknown ones are allowed)."""
    value = _compact(raw)
    if not KNP_RE.match(value):
        raise BankingError("КНП — три цифры, например 710 (оплата за товары).")
    return value
