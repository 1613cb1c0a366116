"""Exact money sums in SQL on both databases.

SQLite keeps a Numeric column as a floating-point number and SUM adds floats (a thousand 0.10s
are not 100.00 there), so a money aggregate is a sum of whole tiyn: each amount rounded to an
integer first, which is exact. PostgreSQL's numeric SUM is exact already and is left as it is.
"""
from decimal import Decimal

from sqlalchemy import BigInteger, cast, func

from portal.extensions import db

ZERO = Decimal("0.00")


def tiyn_sum(column):
    """SQL: the sum of a money column in tiyn (NULL over no rows)."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.sum(cast(func.round(column * 100), BigInteger))
    return func.sum(column) * 100


def tenge(tiyn) -> Decimal:
    """Whole tiyn (a tiyn sum, a running total) as Decimal tenge; NULL is zero."""
    return (Decimal(int(tiyn or 0)) / 100).quantize(ZERO)
