"""Fast draws from a seeded `random.Random`: `random()` plus arithmetic, which costs a fraction
of `choice`/`randrange`/`choices` and is just as reproducible. The loader makes about a hundred
draws per company, a hundred million at the million-company scale."""
import random
from bisect import bisect
from typing import Sequence, TypeVar

T = TypeVar("T")


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.random() * len(items))]


def below(rng: random.Random, limit: int) -> int:
    """An integer in [0, limit)."""
    return int(rng.random() * limit)


def between(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], both included."""
    return low + int(rng.random() * (high - low + 1))


def weighted(rng: random.Random, cum_weights: Sequence[float]) -> int:
    """An index drawn with the given cumulative weights."""
    return bisect(cum_weights, rng.random() * cum_weights[-1])


def digits(rng: random.Random, count: int) -> str:
    """`count` random decimal digits."""
    return f"{int(rng.random() * 10 ** count):0{count}d}"
