"""Company search speed at a million companies: p50/p95 per query kind, in the service and for
the full HTTP answer of the search page's htmx fragment; and the time to build the index.
The typo kinds (a letter missing, two swapped, one wrong, the issue's «стрй», «транзт») find
nothing as typed, so each timing includes the «Возможно, вы искали» fallback.

Load a database first (outside the repository), then run:

    DATABASE_URL=sqlite:////tmp/search-bench/sqlite/bench.db .venv/bin/flask --app wsgi db upgrade heads
    DATABASE_URL=sqlite:////tmp/search-bench/sqlite/bench.db .venv/bin/flask --app wsgi demo-data --companies 1000000
    DATABASE_URL=sqlite:////tmp/search-bench/sqlite/bench.db .venv/bin/python bench/search.py [--runs 20] [--no-rebuild] [--only typo | --skip typo]

(the same with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/search_bench). The queries are
drawn from the loaded names with a fixed seed, so two runs on the same data ask the same things.
"""
import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.directory.search import normalise, rebuild_index, search_companies  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Company, District, Locality, Rubric, Section, SubSection, User, company_rubrics  # noqa: E402
from portal.staffing.accounts import create_user, issue_token  # noqa: E402
from portal.web.pagination import PageRequest  # noqa: E402

BENCH_USER = "search-bench@example.kz"


def _words(rng: random.Random, sample: list[str], predicate, count: int) -> list[str]:
    """Words of loaded names that satisfy `predicate`, drawn with the bench's seed."""
    pool = sorted({w for name in sample for w in name.split() if predicate(w)})
    return rng.sample(pool, min(count, len(pool)))


def typo(rng: random.Random, word: str, kind: str) -> str:
    """`word` with one typing slip at a random place: a letter left out, two neighbours
    swapped, or one letter replaced by another."""
    at = rng.randrange(len(word) - 1)
    if kind == "missing":
        return word[:at] + word[at + 1:]
    if kind == "swapped":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    letter = rng.choice([ch for ch in "абвгдежзиклмнопрстуфхцчшыэюя" if ch != word[at]])
    return word[:at] + letter + word[at + 1:]


def query_set(rng: random.Random) -> dict[str, list[dict]]:
    """Queries by kind, drawn from the companies actually loaded."""
    total = db.session.execute(select(func.max(Company.id))).scalar_one()
    ids = [rng.randint(1, total) for _ in range(400)]
    rows = db.session.execute(select(Company.company_name, Company.company_name_search, Company.bin).where(Company.id.in_(ids))).all()
    keys = [row.company_name_search or "" for row in rows]
    raw_words = _words(rng, [normalise(r.company_name).replace("ё", "е") for r in rows], lambda w: len(w) > 3, 400)
    kazakh = _words(rng, [r.company_name.lower() for r in rows], lambda w: any(ch in "әғқңөұүһі" for ch in w), 10)
    two_word = [k.split() for k in keys if len(k.split()) >= 2]
    rng.shuffle(two_word)
    counts = dict(db.session.execute(
        select(company_rubrics.c.rubric_id, func.count()).group_by(company_rubrics.c.rubric_id)
    ).all())
    popular = sorted(counts, key=counts.get, reverse=True)[:5]
    rubric_ids = dict(db.session.execute(select(Rubric.id, Rubric.public_id).where(Rubric.id.in_(popular))).all())
    districts = db.session.execute(select(District.public_id).limit(5)).scalars().all()
    # The largest section and sub-section (by rubric links): the widest filters a person picks.
    by_section = (select(SubSection.section_id, func.count()).join(Rubric, Rubric.sub_section_id == SubSection.id)
                  .join(company_rubrics, company_rubrics.c.rubric_id == Rubric.id).group_by(SubSection.section_id))
    section_id = max(db.session.execute(by_section).all(), key=lambda row: row[1])[0]
    section = db.session.execute(select(Section.public_id).where(Section.id == section_id)).scalar_one()
    by_sub = (select(Rubric.sub_section_id, func.count()).join(company_rubrics, company_rubrics.c.rubric_id == Rubric.id)
              .group_by(Rubric.sub_section_id))
    sub_id = max(db.session.execute(by_sub).all(), key=lambda row: row[1])[0]
    sub_section = db.session.execute(select(SubSection.public_id).where(SubSection.id == sub_id)).scalar_one()
    rare = [w for w in raw_words if not w.isdigit()][:10]
    # The locality with the most companies, as a place filter that narrows almost nothing.
    locality = db.session.execute(
        select(Locality.public_id).join(Company, Company.locality_id == Locality.id)
        .group_by(Locality.id).order_by(func.count().desc()).limit(1)
    ).scalar_one()
    # A cascade as the page sends it: the largest section and the largest sub-section in it.
    in_section = by_sub.join(SubSection, SubSection.id == Rubric.sub_section_id).where(SubSection.section_id == section_id)
    inner_id = max(db.session.execute(in_section).all(), key=lambda row: row[1])[0]
    inner = db.session.execute(select(SubSection.public_id).where(SubSection.id == inner_id)).scalar_one()
    cascade = {"section": section, "sub_section": inner}
    typo_words = [w for w in rare if len(w) >= 5][:6]
    return {
        "typo: the issue's (стрй, транзт, ...)": [{"search": q} for q in ["стрй", "транзт", "тарнзит", "евразя"]],
        "typo: a missing letter": [{"search": typo(rng, w, "missing")} for w in typo_words],
        "typo: two letters swapped": [{"search": typo(rng, w, "swapped")} for w in typo_words],
        "typo: a wrong letter": [{"search": typo(rng, w, "wrong")} for w in typo_words],
        "typo + a correct word": [{"search": f"{b} {typo(rng, a, 'missing')}"}
                                  for a, b in (pair[:2] for pair in two_word[:6])],
        "common word (ТОО, строй, компания)": [{"search": q} for q in ["ТОО", "строй", "компания", "ИП", "транс"]],
        "rare word": [{"search": w} for w in rare],
        "two-word prefixes": [{"search": f"{a[:4]} {b[:3]}"} for a, b in (pair[:2] for pair in two_word[:10])],
        "Kazakh letters": [{"search": w} for w in kazakh] or [{"search": "қазақ"}],
        "BIN prefix (4-12 digits)": [{"search": r.bin[: rng.choice([4, 6, 8, 12])]} for r in rows[:10]],
        "1-2 letters": [{"search": q} for q in ["а", "ев", "қа", "т", "ст"]],
        "garbage / punctuation": [{"search": q} for q in ["!!!", "ж" * 1000, "qzx vbn mlk", "'; drop --", "«»—"]],
        "word + rubric/district filter": (
            [{"search": "строй", "rubric": rubric_ids[r]} for r in popular[:3]]
            + [{"search": w, "district": d} for w, d in zip(["компания", "тоо"], districts)]
        ),
        "word + largest section/sub-section": (
            [{"search": w, "section": section} for w in ["строй", "компания", rare[0], "ст"]]
            + [{"search": w, "sub_section": sub_section} for w in ["строй", "тоо", rare[1]]]
        ),
        "word + largest city + section cascade": (
            [{"search": w, "locality": locality, **cascade} for w in ["строй", "тоо", rare[2], "ст"]]
            + [{"search": w, "locality": locality, "rubric": rubric_ids[popular[0]]} for w in ["компания", "ип"]]
        ),
    }


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the timings fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(call, runs: int) -> list[float]:
    """Milliseconds of each run after one warm-up."""
    call()
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        result.append((time.perf_counter() - start) * 1000)
        db.session.rollback()
    return result


def bench_token() -> str:
    """An API key of a bench-only user (HTML fragments accept token auth like any page)."""
    user = db.session.execute(select(User).where(User.email == BENCH_USER)).scalar_one_or_none()
    if user is None:
        user = create_user(BENCH_USER, "bench-password-1234", "Bench")
    return issue_token(user)


def index_build_seconds() -> float:
    """Rebuild the whole full-text index (SQLite FTS5 rows; PostgreSQL's three indexes)."""
    start = time.perf_counter()
    if db.session.get_bind().dialect.name == "sqlite":
        rebuild_index()
    else:
        for name in ("ix_companies_search_tsv", "ix_companies_search_trgm", "ix_companies_legal_form"):
            db.session.execute(text(f"REINDEX INDEX {name}"))
    db.session.commit()
    return time.perf_counter() - start


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-rebuild", action="store_true", help="skip the index build timing")
    parser.add_argument("--only", default="", help="run only the query kinds whose name contains this text")
    parser.add_argument("--skip", default="", help="leave out the query kinds whose name contains this text")
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to the loaded bench database.")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        companies = db.session.execute(select(func.count()).select_from(Company)).scalar_one()
        dialect = db.session.get_bind().dialect.name
        print(f"{dialect}: {companies:,} companies, {options.runs} runs per query after a warm-up\n")
        headers = {"Authorization": f"Token {bench_token()}", "HX-Request": "true", "Accept": "text/html"}
        client = app.test_client()
        wanted = PageRequest(page=1, page_size=20)
        print(f"{'query kind':38} {'n':>3} {'service p50':>12} {'p95':>8} {'HTTP p50':>10} {'p95':>8}  example")
        for kind, queries in query_set(random.Random(20261126)).items():
            if options.only not in kind or (options.skip and options.skip in kind):
                continue
            service, http = [], []
            for args in queries:
                # as the page asks (with the typo fallback when a text finds little)
                service += timed(lambda: search_companies(args, wanted, with_similar=True), options.runs)
                response = client.get("/clients/clients/", query_string=args, headers=headers)
                assert response.status_code == 200, (args, response.status_code)
                http += timed(lambda: client.get("/clients/clients/", query_string=args, headers=headers), options.runs)
            example = str(queries[0])[:60]
            print(f"{kind:38} {len(queries):>3} {statistics.median(service):>9.1f} ms {percentile(service, .95):>5.1f} ms"
                  f" {statistics.median(http):>7.1f} ms {percentile(http, .95):>5.1f} ms  {example}")
        if not options.no_rebuild:
            print(f"\nfull-text index build for {companies:,} companies: {index_build_seconds():.1f} s")


if __name__ == "__main__":
    main()
