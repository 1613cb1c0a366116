"""PostgreSQL keeps how many companies carry each link word (a rubric, sub-section, section, type).

The plain company list filtered by a section counted its 120,000 companies on every request:
over half a second through the link tables, as long through the GIN index (which must visit
every row it lists). `link_word_counts` holds the count per word, kept by statement-level
triggers on `companies` (the link words of 0103_search_links change only there; TRUNCATE
empties it), so a one-filter list reads its count from one row. SQLite counts the FTS5 posting list instead
(milliseconds), and has no such table.

Concurrent writers that add companies to one section queue on its counter row until commit,
as they already do on `row_counts`.

Revision ID: 0104_link_word_counts
Revises: 0103_search_links
"""
from alembic import op

revision = "0104_link_word_counts"
down_revision = "0103_search_links"
branch_labels = None
depends_on = None

FUNCTIONS = """
CREATE FUNCTION link_word_counts_apply(deltas jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO link_word_counts AS kept (word, companies)
  SELECT key, value::bigint FROM jsonb_each_text(deltas)
  ON CONFLICT (word) DO UPDATE SET companies = kept.companies + excluded.companies
$$;

CREATE FUNCTION link_word_counts_added() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM link_word_counts_apply(jsonb_object_agg(word, n))
  FROM (SELECT word, count(*) AS n FROM added, unnest(string_to_array(link_terms, ' ')) AS word GROUP BY word) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION link_word_counts_removed() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM link_word_counts_apply(jsonb_object_agg(word, -n))
  FROM (SELECT word, count(*) AS n FROM removed, unnest(string_to_array(link_terms, ' ')) AS word GROUP BY word) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION link_word_counts_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM link_word_counts;
  RETURN NULL;
END $$;

CREATE FUNCTION link_word_counts_changed() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
  PERFORM link_word_counts_apply(jsonb_object_agg(word, n))
  FROM (
    SELECT word, sum(delta) AS n FROM (
      SELECT unnest(string_to_array(a.link_terms, ' ')) AS word, 1 AS delta
      FROM added a LEFT JOIN removed r ON r.id = a.id WHERE r.link_terms IS DISTINCT FROM a.link_terms
      UNION ALL
      SELECT unnest(string_to_array(r.link_terms, ' ')), -1
      FROM removed r LEFT JOIN added a ON a.id = r.id WHERE a.link_terms IS DISTINCT FROM r.link_terms
    ) AS changes GROUP BY word HAVING sum(delta) <> 0
  ) AS d
  HAVING count(*) > 0;
  RETURN NULL;
END $$;
"""
TRIGGERS = (
    ("companies_link_word_counts_insert", "AFTER INSERT ON companies REFERENCING NEW TABLE AS added "
     "FOR EACH STATEMENT EXECUTE FUNCTION link_word_counts_added()"),
    ("companies_link_word_counts_delete", "AFTER DELETE ON companies REFERENCING OLD TABLE AS removed "
     "FOR EACH STATEMENT EXECUTE FUNCTION link_word_counts_removed()"),
    ("companies_link_word_counts_truncate", "AFTER TRUNCATE ON companies "
     "FOR EACH STATEMENT EXECUTE FUNCTION link_word_counts_emptied()"),
    ("companies_link_word_counts_update", "AFTER UPDATE ON companies REFERENCING OLD TABLE AS removed "
     "NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION link_word_counts_changed()"),
)
FUNCTION_NAMES = ("link_word_counts_changed()", "link_word_counts_emptied()", "link_word_counts_removed()", "link_word_counts_added()",
                  "link_word_counts_apply(jsonb)")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE link_word_counts (word text PRIMARY KEY, companies bigint NOT NULL)")
    op.execute(FUNCTIONS)
    op.execute("INSERT INTO link_word_counts (word, companies) "
               "SELECT word, count(*) FROM companies, unnest(string_to_array(link_terms, ' ')) AS word GROUP BY word")
    for name, definition in TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {definition}")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON companies")
    for name in FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}")
    op.execute("DROP TABLE link_word_counts")
