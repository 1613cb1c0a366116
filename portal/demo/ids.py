"""Public ids for the demo data: deterministic, collision-free, and cheap at a million rows.

Row n of a table gets the n-th value of a keyed permutation of the 32-bit numbers, written as 8
hex digits. A permutation never repeats, so the loader's own rows cannot collide with each
other and no set of used ids has to be kept in memory; the ids still look random. Rows created
outside the loader (the app's own `new_public_id()`) may hold a value the permutation reaches
later, so every batch is checked against its table, and a taken id is replaced by a value from
a second range of the permutation that primary values never use (the semantics of
`portal.models.base.free_public_ids`: check against the table, retry, never crash).
"""
import hashlib

from sqlalchemy import Connection, Table

from portal.demo.bulk import existing_values

_MASK = 0xFFFFFFFF
_FALLBACK = 1 << 31  # inputs from here on are only used to replace taken ids
_ATTEMPTS = 64


def _mix(x: int) -> int:
    """A bijective 32-bit mixer: xor-shifts and odd multiplications are each invertible."""
    x ^= x >> 16
    x = (x * 0x7FEB352D) & _MASK
    x ^= x >> 15
    x = (x * 0x846CA68B) & _MASK
    x ^= x >> 16
    return x


class IdSequence:
    """The public ids of one table for one demo seed."""

    def __init__(self, seed: str, table: str):
        """Key the permutation by seed and table, so each table gets its own sequence."""
        digest = hashlib.sha256(f"{seed}:public-id:{table}".encode()).digest()
        self._xor = int.from_bytes(digest[:4], "big")
        self._add = int.from_bytes(digest[4:8], "big")

    def candidate(self, number: int, attempt: int = 0) -> str:
        """The id of row `number` (below 2**31), or its `attempt`-th replacement."""
        if attempt:
            number = _FALLBACK | ((number * _ATTEMPTS + attempt) & (_FALLBACK - 1))
        value = _mix((_mix(number ^ self._xor) + self._add) & _MASK)
        return f"{value:08x}"

    def assign(self, conn: Connection, table: Table, numbers: list[int], candidates: list[str] | None = None) -> list[str]:
        """Ids for rows `numbers`, checked against `table` so none is already taken.
        `candidates`, when given, are the rows' `candidate(n)` computed beforehand."""
        ids = list(candidates) if candidates is not None else [self.candidate(n) for n in numbers]
        pending = list(range(len(numbers)))
        for attempt in range(1, _ATTEMPTS + 1):
            taken = existing_values(conn, table.c.public_id, [ids[k] for k in pending])
            pending = [k for k in pending if ids[k] in taken]
            if not pending:
                return ids
            for k in pending:
                ids[k] = self.candidate(numbers[k], attempt)
        raise RuntimeError(f"no free public id for rows of {table.name}")
