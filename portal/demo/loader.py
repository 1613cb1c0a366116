"""The demo loader: a list of steps run in order, each idempotent on its own.

`load_demo(session, companies=N, progress=print)` is the entry point the CLI, the tests and the
benchmark call. Other areas add their own demo parts with `register_step` (a market-data
snapshot, sample documents, ...); a step receives the `DemoRun` and returns a one-line summary.
"""
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portal.demo.quotas import SEED_COMPANIES

DEFAULT_SEED = "portal-demo-2026"
DEFAULT_BATCH = 2000

Reporter = Callable[[str], None]


@dataclass
class DemoRun:
    """What a step needs: where to write, how much, and how to tell the user."""

    session: Session
    engine: Engine
    companies: int
    seed: str = DEFAULT_SEED
    batch_size: int = DEFAULT_BATCH
    report: Reporter = lambda message: None
    # Filled by the classifier step for the steps after it: list position → database id.
    ids: dict[str, list[int]] = field(default_factory=dict)
    krp_ids: dict[str, int] = field(default_factory=dict)
    region_id: int | None = None


Step = Callable[[DemoRun], str]
_STEPS: list[tuple[str, Step]] = []


def register_step(name: str, step: Step) -> None:
    """Add a demo part; steps run in registration order, each must be idempotent."""
    if any(existing == name for existing, _ in _STEPS):
        raise ValueError(f"demo step {name!r} is already registered")
    _STEPS.append((name, step))


def steps() -> list[tuple[str, Step]]:
    """The registered steps, the directory's own first."""
    _register_builtin_steps()
    return list(_STEPS)


def _register_builtin_steps() -> None:
    """The directory: classifiers, then companies with contacts, then the demo accounts."""
    if any(name == "classifiers" for name, _ in _STEPS):
        return
    from portal.demo.step_accounts import load_accounts
    from portal.demo.step_classifiers import load_classifiers
    from portal.demo.step_companies import load_companies

    _STEPS[:0] = [("classifiers", load_classifiers), ("companies", load_companies), ("accounts", load_accounts)]


def load_demo(
    session: Session,
    companies: int = SEED_COMPANIES,
    progress: Reporter | None = None,
    seed: str = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH,
) -> dict[str, str]:
    """Load (or complete) the demo data; returns each step's summary line.

    Running it again changes nothing; a bigger `companies` adds only the missing companies;
    a smaller one changes nothing and says so.
    """
    if companies < 0:
        raise ValueError("companies must not be negative")
    run = DemoRun(session=session, engine=session.get_bind(), companies=companies, seed=seed,
                  batch_size=batch_size, report=progress or (lambda message: None))
    summary: dict[str, str] = {}
    for name, step in steps():
        started = time.perf_counter()
        line = step(run)
        summary[name] = line
        run.report(f"{line} ({time.perf_counter() - started:.1f} с)")
    return summary


def loaded_companies(session: Session) -> int:
    """How many demo companies are in the database."""
    from portal.demo.models import DemoProgress

    value = session.execute(select(DemoProgress.loaded).where(DemoProgress.part == "companies")).scalar()
    return value or 0
