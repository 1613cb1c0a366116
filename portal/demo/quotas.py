"""How many e-mails and phones each demo company has: the seed's ratios (7,970 e-mails and
17,980 phones for 9,532 companies) exactly at the seed's scale, and in proportion at any other."""
import random
from functools import lru_cache

from portal.demo.draw import below
from portal.demo.known import KNOWN_COMPANIES

# The seed's directory: its e-mail and phone counts per company are kept at every scale.
SEED_COMPANIES = 9532
SEED_EMAILS = 7970
SEED_PHONES = 17980
# Contacts are dealt out per block of four companies (4 divides 9,532), so the seed-scale
# totals are exact while a company's count still varies (0-3 e-mails, 1-5 phones).
BLOCK = 4


def _spread(rng: random.Random, quota: int, fixed: dict[int, int], size: int, minimum: int) -> list[int]:
    """Deal `quota` contacts to `size` companies: fixed counts as given, the others at least
    `minimum` while it lasts, the rest at random."""
    counts = [fixed.get(k, 0) for k in range(size)]
    free = [k for k in range(size) if k not in fixed]
    left = quota - sum(counts)
    if left < 0 or (left and not free):
        raise ValueError("the fixed contacts do not fit the block's quota")
    for k in free:
        if left >= minimum:
            counts[k] += minimum
            left -= minimum
    for _ in range(left):
        counts[free[below(rng, len(free))]] += 1
    return counts


def _quota(total: int, block: int) -> int:
    """Contacts of one kind in block `block`: the seed's ratio, exact at every block end."""
    return total * BLOCK * (block + 1) // SEED_COMPANIES - total * BLOCK * block // SEED_COMPANIES


@lru_cache(maxsize=64)  # consecutive companies share a block; older blocks are never asked again
def contact_counts(seed: str, block: int) -> tuple[list[int], list[int]]:
    """(e-mail counts, phone counts) of the four companies of a block."""
    rng = random.Random(f"{seed}:contacts:{block}")
    fixed_emails: dict[int, int] = {}
    fixed_phones: dict[int, int] = {}
    for k in range(BLOCK):
        index = block * BLOCK + k
        if index < len(KNOWN_COMPANIES):
            known = KNOWN_COMPANIES[index]
            if known.get("emails") is not None:
                fixed_emails[k] = len(known["emails"])
            if known.get("phones") is not None:
                fixed_phones[k] = len(known["phones"])
    mails = _spread(rng, _quota(SEED_EMAILS, block), fixed_emails, BLOCK, 0)
    numbers = _spread(rng, _quota(SEED_PHONES, block), fixed_phones, BLOCK, 1)
    return mails, numbers
