"""Kazakhstan phone numbers in one written form: `+7(7xx)xxx-xx-xx`.

People type `8 701 123 45 67`, `+7 (727) 1234567`, `87011234567` or `7011234567`; the staff list
shows them side by side, so they are stored as one format. Kazakhstan's numbers are +7 with a
ten-digit national number whose area or operator code starts with 7 (7xx: 700–708, 747, 771…
mobiles, 7172, 727… cities); +7 3xx/4xx/8xx/9xx are Russia's and are not accepted as a Kazakh phone.
No Flask here: the staff rules, the data migration and the tests all call it.
"""
import re

FORMAT = "+7(7xx)xxx-xx-xx"
MESSAGE = f"Телефон в формате {FORMAT}: 10 цифр после +7, код начинается с 7."
_ALLOWED = re.compile(r"^[\d\s()+\-.]*$")


def normalise_phone(text: str | None) -> str | None:
    """`text` written as `+7(7xx)xxx-xx-xx`; None for an empty value; ValueError(MESSAGE) otherwise."""
    if text is None or not text.strip():
        return None
    if not _ALLOWED.match(text) or text.count("+") > 1 or ("+" in text and not text.strip().startswith("+")):
        raise ValueError(MESSAGE)
    digits = re.sub(r"\D", "", text)
    if "+" in text and (len(digits) != 11 or digits[0] != "7"):
        raise ValueError(MESSAGE)  # after + comes the country code: +7 and ten digits
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]  # 8 is the old trunk prefix, 7 the country code
    if len(digits) != 10 or digits[0] != "7":
        raise ValueError(MESSAGE)
    return f"+7({digits[:3]}){digits[3:6]}-{digits[6:8]}-{digits[8:]}"


def normalised_or_kept(text: str | None) -> str | None:
    """For stored data: the one format when the value reads as a Kazakh number, else as it was."""
    try:
        return normalise_phone(text)
    except ValueError:
        return text.strip() or None if text else None
