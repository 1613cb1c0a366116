"""The demo loader: a list of steps run in order, each idempotent on its own.

`load_demo(session, companies=N, progress=print)` is the entry point the CLI, the tests and the
benchmark call. The parts it runs are listed in STEPS; other areas add theirs there (a
market-data snapshot, sample documents, ...).
"""
import importlib
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

# The demo parts in the order they run: (name, "module:function"). A step takes the DemoRun and
# returns a one-line summary, and must be idempotent (a second run changes nothing). To add a
# demo part (a market-data snapshot, sample documents, ...), add its line here.
STEPS: tuple[tuple[str, str], ...] = (
    ("classifiers", "portal.demo.step_classifiers:load_classifiers"),
    ("companies", "portal.demo.step_companies:load_companies"),
    ("accounts", "portal.demo.step_accounts:load_accounts"),
    ("market", "portal.market.demo:demo_step"),
    ("smart_docs", "portal.smart_docs.demo:demo_step"),
)
_EXTRA_STEPS: list[tuple[str, Step]] = []


def register_step(name: str, step: Step) -> None:
    """Add a demo part at run time, after the listed ones (for plug-ins and tests)."""
    if name in {n for n, _ in STEPS} | {n for n, _ in _EXTRA_STEPS}:
        raise ValueError(f"demo step {name!r} is already registered")
    _EXTRA_STEPS.append((name, step))


def steps() -> list[tuple[str, Step]]:
    """Every step, resolved, in running order (imported late: the CLI starts fast)."""
    resolved = []
    for name, target in STEPS:
        module, function = target.split(":")
        resolved.append((name, getattr(importlib.import_module(module), function)))
    return resolved + _EXTRA_STEPS


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
