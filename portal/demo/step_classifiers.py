"""Demo step 1: the classifier tables (sections ... KRP classes), inserted where missing.

A row is matched on its natural key (a section's name, a rubric's name within its
sub-section, ...), so rows that already exist, the demo's or anyone's, are reused, never
duplicated or changed.
"""
from sqlalchemy import Connection, Table, insert, select

from portal.demo.classifiers import KRP_CLASSES, REGIONS, classifiers
from portal.demo.ids import IdSequence
from portal.models import CompanyType, District, KrpName, Locality, Region, Rubric, Section, SubSection


def _ensure(conn: Connection, seed: str, table: Table, key_columns: tuple[str, ...], rows: list[dict]) -> tuple[list[int], int]:
    """Insert the rows whose key is missing; return every row's id in list order, and how
    many were inserted."""
    columns = [table.c[name] for name in key_columns]
    existing = {tuple(r[:-1]): r[-1] for r in conn.execute(select(*columns, table.c.id))}
    missing = [(n, row) for n, row in enumerate(rows) if tuple(row[k] for k in key_columns) not in existing]
    if missing:
        public_ids = IdSequence(seed, table.name).assign(conn, table, [n for n, _ in missing])
        conn.execute(insert(table), [dict(row, public_id=pid) for (_, row), pid in zip(missing, public_ids)])
        existing = {tuple(r[:-1]): r[-1] for r in conn.execute(select(*columns, table.c.id))}
    return [existing[tuple(row[k] for k in key_columns)] for row in rows], len(missing)


def load_classifiers(run) -> str:
    """Regions, localities, districts, sections, sub-sections, rubrics, types, KRP classes."""
    lists = classifiers()
    added = 0
    with run.engine.begin() as conn:
        def ensure(model, keys, rows):
            """Rows of one model, inserted where missing, counted in `added`."""
            nonlocal added
            ids, count = _ensure(conn, run.seed, model.__table__, keys, rows)
            added += count
            return ids

        region_ids = ensure(Region, ("region",), [{"region": name} for name in REGIONS])
        run.region_id = region_ids[0]
        localities = ensure(Locality, ("region_id", "locality"), [
            {"region_id": run.region_id, "locality": name, "kato": kato} for name, kato in lists.localities
        ])
        run.ids["localities"] = localities
        run.ids["districts"] = ensure(District, ("locality_id", "district"), [
            {"locality_id": localities[loc], "district": name, "kato": kato} for loc, name, kato in lists.districts
        ])
        sections = ensure(Section, ("section",), [{"section": name} for name in lists.sections])
        subs = ensure(SubSection, ("section_id", "sub_section"), [
            {"section_id": sections[sec], "sub_section": name} for sec, name in lists.sub_sections
        ])
        run.ids["rubrics"] = ensure(Rubric, ("sub_section_id", "rubric"), [
            {"sub_section_id": subs[sub], "rubric": name} for sub, name in lists.rubrics
        ])
        run.ids["types"] = ensure(CompanyType, ("type",), [{"type": name} for name in lists.types])
        krp = ensure(KrpName, ("code",), [{"code": code, "krp_name": name} for code, name in KRP_CLASSES])
        run.krp_ids = {code: krp[n] for n, (code, _) in enumerate(KRP_CLASSES)}
    if added:
        return f"Справочники: добавлено записей {added:,}".replace(",", " ")
    return "Справочники: уже загружены, ничего не изменено"
