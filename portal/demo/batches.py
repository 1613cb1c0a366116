"""Batches of demo companies, prepared for insertion, possibly in a worker process.

Preparing is everything that does not need the database: generating the companies, giving the
rows their classifier keys, and computing candidate public ids. The loader's process only checks
BINs and ids against the tables and inserts, so on two cores generation and writing overlap.
"""
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Iterator

from portal.demo.generator import MAX_CONTACTS, DemoCompany, generate
from portal.demo.ids import IdSequence

# Worker processes that prepare batches while the loader writes; a few batches at most exist
# at once, so memory stays flat whatever the number of companies.
WORKERS = max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class RowKeys:
    """Database keys of the classifier rows, by list position (sent to the workers)."""

    localities: list[int]
    districts: list[int]
    rubrics: list[int]
    types: list[int]
    krp: dict[str, int]
    region: int


class BinCandidates:
    """A company's candidate BINs that can travel between processes: the first few are computed
    where the company was prepared; should the loader need more (all taken), the company is
    generated again and its own sequence continued, so the outcome never depends on where it
    was generated."""

    AHEAD = 3

    def __init__(self, seed: str, index: int, candidates: Iterator[str]):
        """Take the first AHEAD candidates of the company's live sequence."""
        self._seed = seed
        self._index = index
        self._first = list(islice(candidates, self.AHEAD))
        self._given = 0
        self._more: Iterator[str] | None = None

    def __iter__(self) -> "BinCandidates":
        """An iterator of candidates, like the generator it replaces."""
        return self

    def __next__(self) -> str:
        """The next candidate: computed ones first, then the company's own sequence."""
        if self._given < len(self._first):
            self._given += 1
            return self._first[self._given - 1]
        if self._more is None:
            self._more = islice(generate(self._seed, self._index).bins, len(self._first), None)
        return next(self._more)

    def __getstate__(self) -> dict:
        """Pickle the computed candidates, not a live generator."""
        return {**self.__dict__, "_more": None}


def prepare(seed: str, start: int, end: int, keys: RowKeys) -> list[DemoCompany]:
    """Companies start .. end-1 with complete rows (but for the BIN) and candidate public ids."""
    companies = IdSequence(seed, "companies")
    emails = IdSequence(seed, "emails")
    phones = IdSequence(seed, "phone_numbers")
    batch = []
    for index in range(start, end):
        company = generate(seed, index)
        company.bins = BinCandidates(seed, index, company.bins)
        company.row.update(
            public_id=companies.candidate(index),
            bin=None,
            krp_id=keys.krp[company.krp_code],
            region_id=keys.region,
            locality_id=keys.localities[company.locality],
            district_id=keys.districts[company.district] if company.district is not None else None,
        )
        company.rubrics = [keys.rubrics[r] for r in company.rubrics]
        company.types = [keys.types[t] for t in company.types]
        company.email_ids = [emails.candidate(index * MAX_CONTACTS + k) for k in range(len(company.emails))]
        company.phone_ids = [phones.candidate(index * MAX_CONTACTS + k) for k in range(len(company.phones))]
        batch.append(company)
    return batch


def prepared_batches(seed: str, start: int, target: int, size: int, keys: RowKeys) -> Iterator[tuple[int, list[DemoCompany]]]:
    """(end, companies) for each batch of `size`, in order; with three batches or more, worker
    processes prepare the following batches while the caller writes this one."""
    ranges = [(low, min(low + size, target)) for low in range(start, target, size)]
    if len(ranges) < 3:
        for low, high in ranges:
            yield high, prepare(seed, low, high, keys)
        return
    # fork: the workers start at once with the modules already imported; they never touch
    # the parent's database connections.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        pending: deque = deque()
        upcoming = iter(ranges)
        for low, high in islice(upcoming, WORKERS + 1):
            pending.append((high, pool.submit(prepare, seed, low, high, keys)))
        while pending:
            high, future = pending.popleft()
            following = next(upcoming, None)
            if following:
                pending.append((following[1], pool.submit(prepare, seed, *following, keys)))
            yield high, future.result()
