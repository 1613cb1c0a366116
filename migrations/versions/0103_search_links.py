"""The search index also holds each company's rubrics, sub-sections, sections and types.

A word search with a large section or sub-section filter had two large lists to intersect:
«строй» matches 16,683 of a million companies, the largest sub-section holds 30,000. Reading
either and checking the other row by row visited every match (up to 170 ms). With the links as
words of the index (`_s12` section, `_u45` sub-section, `_r678` rubric, `_t9` type), the index
intersects its own posting lists: `строй* AND _u45`.

`companies.link_terms` holds those words, sorted and space-separated, so both databases index
them from the company's own row. Triggers keep it in step with the link tables, with a rubric
moved to another sub-section and a sub-section moved to another section. An insert only
recomputes a company whose words lack the new link's ones: the demo loader writes the final
words with the company, so its link rows cost a check each, not a rewrite. On PostgreSQL that
check probes each company by key from a scalar subquery: a transition table has no statistics,
and joined it let the planner scan all companies once per statement of a bulk load. JIT is
off in the triggers: their cost estimates pass its threshold, and compiling costs more than
the checks.

SQLite: `companies_fts` is rebuilt with a third column `links`; the tokenizer keeps `_` inside
words (a normalised query word never contains one, so no text search can reach link words).
PostgreSQL: the generated `search_tsv` also holds the words as lexemes (one GIN index serves
both; re-adding the column rewrites the table once: about a minute at a million companies).

Revision ID: 0103_search_links
Revises: 0102_link_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0103_search_links"
down_revision = "0102_link_indexes"
branch_labels = None
depends_on = None

# Every link word of company {c}, sorted as Python's sorted() sorts them (code points).
TERMS = """(
  SELECT '_r' || cr.rubric_id AS term FROM company_rubrics cr WHERE cr.company_id = {c}
  UNION SELECT '_u' || r.sub_section_id FROM company_rubrics cr JOIN rubrics r ON r.id = cr.rubric_id
    WHERE cr.company_id = {c}
  UNION SELECT '_s' || s.section_id FROM company_rubrics cr JOIN rubrics r ON r.id = cr.rubric_id
    JOIN sub_sections s ON s.id = r.sub_section_id WHERE cr.company_id = {c}
  UNION SELECT '_t' || ct.type_id FROM company_types ct WHERE ct.company_id = {c}
)"""
SQLITE_TERMS = "coalesce((SELECT group_concat(term, ' ') FROM (SELECT term FROM " + TERMS + " ORDER BY term)), '')"

SQLITE_NAME = "coalesce({row}company_name_search, {row}company_name, '')"
SQLITE_FORM = "substr(trim({row}company_name), 1, instr(trim({row}company_name) || ' ', ' ') - 1)"
OLD_FTS = "name, legal_form, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3', detail = column"
NEW_FTS = ("name, legal_form, links, tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\", "
           "prefix = '1 2 3', detail = column")
FTS_TRIGGERS = ("companies_fts_insert", "companies_fts_delete", "companies_fts_update")


def _has(words: str, term: str) -> str:
    """SQL: whether the space-separated `words` hold `term`."""
    return f"instr(' ' || {words} || ' ', ' ' || {term} || ' ') > 0"


def upgrade():
    op.add_column("companies", sa.Column("link_terms", sa.Text(), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        _sqlite_upgrade()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_downgrade()
    else:
        _sqlite_downgrade()
    op.drop_column("companies", "link_terms")


# SQLite -------------------------------------------------------------------------------------

def _sqlite_fts(columns: str, with_links: bool) -> None:
    """(Re)create companies_fts, fill it from companies and add its sync triggers."""
    for name in FTS_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS companies_fts")
    op.execute(f"CREATE VIRTUAL TABLE companies_fts USING fts5({columns})")
    names = "rowid, name, legal_form" + (", links" if with_links else "")

    def values(row: str) -> str:
        links = f", {row}link_terms" if with_links else ""
        return f"{row}id, {SQLITE_NAME.format(row=row)}, {SQLITE_FORM.format(row=row)}{links}"

    op.execute(f"INSERT INTO companies_fts ({names}) SELECT {values('')} FROM companies")
    op.execute(f"CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN "
               f"INSERT INTO companies_fts ({names}) VALUES ({values('new.')}); END")
    op.execute("CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN "
               "DELETE FROM companies_fts WHERE rowid = old.id; END")
    watched = "id, company_name, company_name_search" + (", link_terms" if with_links else "")
    op.execute(f"CREATE TRIGGER companies_fts_update AFTER UPDATE OF {watched} ON companies BEGIN "
               "DELETE FROM companies_fts WHERE rowid = old.id; "
               f"INSERT INTO companies_fts ({names}) VALUES ({values('new.')}); END")


def _sqlite_refresh(where: str) -> str:
    """SQL: recompute link_terms of the companies `where` selects (only those that change)."""
    terms = SQLITE_TERMS.format(c="companies.id")
    return f"UPDATE companies SET link_terms = {terms} WHERE ({where}) AND link_terms IS NOT {terms};"


def _sqlite_upgrade():
    op.execute("UPDATE companies SET link_terms = " + SQLITE_TERMS.format(c="companies.id")
               + " WHERE id IN (SELECT company_id FROM company_rubrics UNION SELECT company_id FROM company_types)")
    _sqlite_fts(NEW_FTS, with_links=True)
    # The check is the trigger's WHEN clause, one lookup of the company and the rubric: as the
    # body's UPDATE ... WHERE it cost a minute per million companies of the demo load. A NULL
    # word (a rubric without a sub-section) counts as present: it is never indexed.
    has_rubric = " AND ".join(
        f"coalesce({_has('c.link_terms', word)}, 1)"
        for word in ("'_r' || r.id", "'_u' || r.sub_section_id", "'_s' || s.section_id")
    )
    rubric_known = (f"coalesce((SELECT {has_rubric} FROM companies c JOIN rubrics r ON r.id = new.rubric_id "
                    "LEFT JOIN sub_sections s ON s.id = r.sub_section_id WHERE c.id = new.company_id), 0)")
    type_word = "'_t' || new.type_id"
    type_known = f"coalesce((SELECT {_has('link_terms', type_word)} FROM companies WHERE id = new.company_id), 0)"
    op.execute(f"CREATE TRIGGER company_rubrics_links_insert AFTER INSERT ON company_rubrics WHEN NOT {rubric_known} "
               f"BEGIN {_sqlite_refresh('id = new.company_id')} END")
    op.execute(f"CREATE TRIGGER company_types_links_insert AFTER INSERT ON company_types WHEN NOT {type_known} "
               f"BEGIN {_sqlite_refresh('id = new.company_id')} END")
    for table in ("company_rubrics", "company_types"):
        op.execute(f"CREATE TRIGGER {table}_links_delete AFTER DELETE ON {table} BEGIN "
                   f"{_sqlite_refresh('id = old.company_id')} END")
        op.execute(f"CREATE TRIGGER {table}_links_update AFTER UPDATE ON {table} BEGIN "
                   f"{_sqlite_refresh('id IN (old.company_id, new.company_id)')} END")
    op.execute("CREATE TRIGGER rubrics_links_move AFTER UPDATE OF sub_section_id ON rubrics BEGIN "
               + _sqlite_refresh("id IN (SELECT company_id FROM company_rubrics WHERE rubric_id = new.id)") + " END")
    op.execute("CREATE TRIGGER sub_sections_links_move AFTER UPDATE OF section_id ON sub_sections BEGIN "
               + _sqlite_refresh("id IN (SELECT cr.company_id FROM company_rubrics cr JOIN rubrics r ON r.id = cr.rubric_id "
                                 "WHERE r.sub_section_id = new.id)") + " END")


SQLITE_LINK_TRIGGERS = (
    "company_rubrics_links_insert", "company_types_links_insert", "company_rubrics_links_delete",
    "company_types_links_delete", "company_rubrics_links_update", "company_types_links_update",
    "rubrics_links_move", "sub_sections_links_move",
)


def _sqlite_downgrade():
    for name in SQLITE_LINK_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _sqlite_fts(OLD_FTS, with_links=False)


# PostgreSQL ---------------------------------------------------------------------------------

WORDS = "to_tsvector('simple'::regconfig, coalesce(company_name_search, company_name))"
OLD_TSV = f"{WORDS} || array_to_tsvector(company_search_prefixes({WORDS}))"
NEW_TSV = f"{OLD_TSV} || array_to_tsvector(string_to_array(link_terms, ' '))"

PG_FUNCTIONS = f"""
CREATE FUNCTION company_link_terms(company_key integer) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(term, ' ' ORDER BY term COLLATE "C"), '') FROM {TERMS.format(c="company_key")} AS terms
$$;

CREATE FUNCTION companies_refresh_link_terms(ids integer[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
  UPDATE companies SET link_terms = company_link_terms(id)
  WHERE id = ANY(ids) AND link_terms IS DISTINCT FROM company_link_terms(id)
$$;

CREATE FUNCTION company_rubrics_links_added() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM companies_refresh_link_terms(array_agg(DISTINCT n.company_id)) FROM added n
  WHERE NOT coalesce(
    (SELECT string_to_array(c.link_terms, ' ') FROM companies c WHERE c.id = n.company_id)
    @> (SELECT ARRAY['_r' || r.id, '_u' || r.sub_section_id, '_s' || s.section_id]
        FROM rubrics r LEFT JOIN sub_sections s ON s.id = r.sub_section_id WHERE r.id = n.rubric_id),
    false);
  RETURN NULL;
END $$;

CREATE FUNCTION company_types_links_added() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM companies_refresh_link_terms(array_agg(DISTINCT n.company_id)) FROM added n
  WHERE NOT coalesce(
    (SELECT string_to_array(c.link_terms, ' ') FROM companies c WHERE c.id = n.company_id) @> ARRAY['_t' || n.type_id],
    false);
  RETURN NULL;
END $$;

CREATE FUNCTION company_links_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM companies_refresh_link_terms(array_agg(DISTINCT company_id)) FROM removed;
  RETURN NULL;
END $$;

CREATE FUNCTION company_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM companies_refresh_link_terms(array_agg(DISTINCT company_id))
  FROM (SELECT company_id FROM removed UNION SELECT company_id FROM added) AS touched;
  RETURN NULL;
END $$;

CREATE FUNCTION rubrics_links_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM companies_refresh_link_terms(array_agg(DISTINCT cr.company_id))
  FROM company_rubrics cr JOIN rubrics r ON r.id = cr.rubric_id
  WHERE (TG_TABLE_NAME = 'rubrics' AND r.id = NEW.id) OR (TG_TABLE_NAME = 'sub_sections' AND r.sub_section_id = NEW.id);
  RETURN NULL;
END $$;
"""
PG_TRIGGERS = (
    ("company_rubrics_links_insert", "AFTER INSERT ON company_rubrics REFERENCING NEW TABLE AS added "
     "FOR EACH STATEMENT EXECUTE FUNCTION company_rubrics_links_added()"),
    ("company_types_links_insert", "AFTER INSERT ON company_types REFERENCING NEW TABLE AS added "
     "FOR EACH STATEMENT EXECUTE FUNCTION company_types_links_added()"),
    ("company_rubrics_links_delete", "AFTER DELETE ON company_rubrics REFERENCING OLD TABLE AS removed "
     "FOR EACH STATEMENT EXECUTE FUNCTION company_links_removed()"),
    ("company_types_links_delete", "AFTER DELETE ON company_types REFERENCING OLD TABLE AS removed "
     "FOR EACH STATEMENT EXECUTE FUNCTION company_links_removed()"),
    ("company_rubrics_links_update", "AFTER UPDATE ON company_rubrics REFERENCING OLD TABLE AS removed "
     "NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION company_links_changed()"),
    ("company_types_links_update", "AFTER UPDATE ON company_types REFERENCING OLD TABLE AS removed "
     "NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION company_links_changed()"),
    ("rubrics_links_move", "AFTER UPDATE OF sub_section_id ON rubrics FOR EACH ROW "
     "WHEN (OLD.sub_section_id IS DISTINCT FROM NEW.sub_section_id) EXECUTE FUNCTION rubrics_links_moved()"),
    ("sub_sections_links_move", "AFTER UPDATE OF section_id ON sub_sections FOR EACH ROW "
     "WHEN (OLD.section_id IS DISTINCT FROM NEW.section_id) EXECUTE FUNCTION rubrics_links_moved()"),
)
PG_FUNCTION_NAMES = (
    "rubrics_links_moved()", "company_links_changed()", "company_links_removed()", "company_types_links_added()",
    "company_rubrics_links_added()", "companies_refresh_link_terms(integer[])", "company_link_terms(integer)",
)


def _postgresql_search_tsv(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_companies_search_tsv")
    op.execute("ALTER TABLE companies DROP COLUMN search_tsv")
    op.execute(f"ALTER TABLE companies ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute("CREATE INDEX ix_companies_search_tsv ON companies USING gin (search_tsv)")


def _postgresql_upgrade():
    op.execute(PG_FUNCTIONS)
    op.execute("UPDATE companies SET link_terms = company_link_terms(id) "
               "WHERE id IN (SELECT company_id FROM company_rubrics UNION SELECT company_id FROM company_types)")
    _postgresql_search_tsv(NEW_TSV)
    for name, definition in PG_TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {definition}")
    op.execute("ANALYZE companies")


def _postgresql_downgrade():
    for name, definition in PG_TRIGGERS:
        table = definition.split(" ON ")[1].split()[0]
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    for name in PG_FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    _postgresql_search_tsv(OLD_TSV)
