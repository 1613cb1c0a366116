"""BIN/IIN check digits (portal.kz.bin) against the numbers in shared/reference/kazakhstan.md."""
from datetime import date

import pytest

from portal.kz.bin import FIRST_WEIGHTS, check_digit, is_valid_bin, make_bin, make_iin

VALID = [
    "120240004698",
    "110940008664",
    "070540011550",
    "180540034205",
    "120440025390",
    "940140000385",
    "011140001654",
]


@pytest.mark.parametrize("number", VALID)
def test_reference_numbers_are_valid(number):
    assert is_valid_bin(number)


def test_second_pass_example_really_needs_the_second_pass():
    first = sum(int(d) * w for d, w in zip("01114000165", FIRST_WEIGHTS)) % 11
    assert first == 10
    assert check_digit("01114000165") == 4


def _one_digit_changes(number: str):
    """Every number that differs from `number` in exactly one position: (position, number)."""
    for position in range(12):
        for digit in "0123456789":
            if digit != number[position]:
                yield position, number[:position] + digit + number[position + 1:]


@pytest.mark.parametrize("number", VALID)
def test_a_changed_check_digit_is_invalid(number):
    for position, changed in _one_digit_changes(number):
        if position == 11:
            assert not is_valid_bin(changed), changed


@pytest.mark.parametrize("number", VALID)
def test_a_changed_digit_is_invalid_unless_it_lands_on_the_second_pass(number):
    # Weights 1..10 are non-zero modulo the prime 11, so changing one of the first ten digits
    # always moves the first-pass sum; the change can only go unnoticed when the sum becomes 10
    # and the second pass happens to agree (or, for a number that itself needed the second
    # pass, when the moved first-pass sum equals its check digit). Digit 11 has weight 11 = 0 (mod 11) in the first
    # pass, so the check cannot see a change there unless the second pass is used: the
    # reference's "change any digit and it is invalid" is true only for these cases.
    caught = 0
    for position, changed in _one_digit_changes(number):
        first = sum(int(d) * w for d, w in zip(changed[:11], FIRST_WEIGHTS)) % 11
        if position < 10 and first not in (10, int(number[11])):
            assert not is_valid_bin(changed), changed
            caught += 1
    assert caught >= 80


@pytest.mark.parametrize(
    "value",
    ["", "12024000469", "1202400046980", "12024000469A", "1202 0004698", "１２０２４０００４６９８", None, 120240004698],
)
def test_wrong_shape_is_invalid(value):
    assert not is_valid_bin(value)


def test_prefix_that_can_never_be_issued():
    # Find an 11-digit prefix whose two passes both give 10: no check digit exists for it.
    never = next(
        f"1204400{n:04d}" for n in range(10000) if check_digit(f"1204400{n:04d}") is None
    )
    assert all(not is_valid_bin(never + d) for d in "0123456789")


def test_make_bin_encodes_registration_month_and_kind():
    number = next(b for s in range(1, 50) if (b := make_bin(date(2012, 4, 28), s)))
    assert number.startswith("120440") and is_valid_bin(number)


def test_make_iin_encodes_birth_date_century_and_sex():
    number = next(i for s in range(50) if (i := make_iin(date(1985, 3, 7), True, s)))
    assert number[:7] == "8503074" and is_valid_bin(number)
    number = next(i for s in range(50) if (i := make_iin(date(2001, 12, 31), False, s)))
    assert number[:7] == "0112315" and is_valid_bin(number)
