"""BIN and IIN: the 12-digit numbers of organisations and people, and their check digit.

Both use the same rule (see shared/reference/kazakhstan.md): the weighted sum of the first
eleven digits with weights 1..11, modulo 11; when that gives 10, a second pass with weights
3..11, 1, 2; a second 10 means the number is never issued.
"""
from datetime import date

FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

# Digit 5 of a BIN: the kind of organisation.
RESIDENT_LEGAL_ENTITY = 4
NON_RESIDENT_LEGAL_ENTITY = 5
JOINT_ENTREPRENEUR = 6
# Digit 6 of a BIN: which part of the organisation.
HEAD_OFFICE = 0
BRANCH = 1
REPRESENTATIVE_OFFICE = 2
PEASANT_FARM = 3


def check_digit(first11: str) -> int | None:
    """The check digit for eleven digits, or None when no valid number starts with them."""
    if len(first11) != 11 or not (first11.isascii() and first11.isdigit()):
        raise ValueError("eleven ASCII digits expected")
    digits = [ord(c) - 48 for c in first11]
    value = sum(d * w for d, w in zip(digits, FIRST_WEIGHTS)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, SECOND_WEIGHTS)) % 11
        if value == 10:
            return None
    return value


def is_valid_bin(value: object) -> bool:
    """Whether `value` is a 12-digit BIN or IIN whose check digit is right.

    Only the shape and the check digit are tested: the date digits are not, because real
    numbers issued before the rules settled do not always follow them.
    """
    if not isinstance(value, str) or len(value) != 12 or not (value.isascii() and value.isdigit()):
        return False
    return check_digit(value[:11]) == ord(value[11]) - 48


is_valid_iin = is_valid_bin


def complete(first11: str) -> str | None:
    """Append the check digit to eleven digits; None when that prefix can never be issued."""
    digit = check_digit(first11)
    return None if digit is None else first11 + str(digit)


def make_bin(registered: date, serial: int, kind: int = RESIDENT_LEGAL_ENTITY, part: int = HEAD_OFFICE) -> str | None:
    """A BIN registered in `registered`'s month: YYMM, kind, part, a 5-digit serial, check.

    Returns None when this serial gives a number that cannot be issued (about 1 in 120).
    """
    if not 0 <= serial <= 99999:
        raise ValueError("the serial has five digits")
    return complete(f"{registered:%y%m}{kind}{part}{serial:05d}")


def century_sex_digit(born: date, female: bool) -> int:
    """Digit 7 of an IIN: 1/2 for the 1800s, 3/4 for the 1900s, 5/6 for the 2000s; odd is male."""
    base = {18: 1, 19: 3, 20: 5}[born.year // 100]
    return base + (1 if female else 0)


def make_iin(born: date, female: bool, serial: int) -> str | None:
    """A person's IIN: YYMMDD, century and sex, a 4-digit serial, check; None if not issuable."""
    if not 0 <= serial <= 9999:
        raise ValueError("the serial has four digits")
    return complete(f"{born:%y%m%d}{century_sex_digit(born, female)}{serial:04d}")
