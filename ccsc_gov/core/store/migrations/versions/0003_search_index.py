"""a search index over minutes, decisions and actions

One row per agenda item (its title, public title and minute), per decision (its text) and per
action (its description), kept in step by triggers on those tables, so every way of changing
the record (the app, the command line, a script) keeps the index right. The index row of a
source row has a fixed key, the source id times four plus the kind's number, so a trigger
finds it without a scan.

SQLite: an FTS5 table with the unicode61 tokenizer, diacritics removed ("Muller" finds
"Müller"). PostgreSQL: a plain table with a weighted tsvector under a GIN index.

The triggers only write to the index, so they never meet the locks of revision 0002 (those
refuse the change before it happens, and then these never run). Like those, they are dropped
when batch mode rebuilds agenda_item, decision or action in SQLite: a later migration that
rebuilds one of those tables must create its index triggers again, as written here.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from dataclasses import dataclass

from ccsc_gov.core.store.migrations.dialect_sql import run_for_dialect

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLE = "search_index"


@dataclass(frozen=True)
class Source:
    table: str
    kind: str
    number: int  # the index row's key is id * 4 + number
    # SQL for the indexed title and text; {row} is NEW (in a trigger) or the table's name.
    title: str
    text: str
    # The columns whose change alters what is indexed.
    columns: tuple[str, ...]

    def key(self, row: str) -> str:
        return f"{row}.id * 4 + {self.number}"

    def values(self, row: str) -> str:
        return (
            f"{self.key(row)}, '{self.kind}', {row}.id, "
            f"{self.title.format(row=row)}, {self.text.format(row=row)}"
        )


SOURCES = (
    Source(
        "agenda_item",
        "minute",
        1,
        # The public title of a confidential item is found too, after its real title.
        "CASE WHEN {row}.public_title = '' THEN {row}.title "
        "ELSE {row}.title || ' — ' || {row}.public_title END",
        "{row}.minutes",
        ("title", "public_title", "minutes"),
    ),
    Source("decision", "decision", 2, "''", "{row}.text", ("text",)),
    Source("action", "action", 3, "''", "{row}.description", ("description",)),
)

COLUMNS = "kind, source_id, title, text"


def _populate(key_column: str) -> list[str]:
    return [
        f"INSERT INTO {TABLE} ({key_column}, {COLUMNS}) "
        f"SELECT {source.values(source.table)} FROM {source.table}"
        for source in SOURCES
    ]


# ---------------------------------------------------------------- SQLite


def _sqlite_statements() -> list[str]:
    statements = [
        # Prefix indexes make the as-you-type search of a word's first letters cheap.
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(kind UNINDEXED, source_id UNINDEXED, title, "
        "text, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    ]
    for source in SOURCES:
        insert = f"INSERT INTO {TABLE} (rowid, {COLUMNS}) VALUES ({source.values('NEW')});"
        delete = f"DELETE FROM {TABLE} WHERE rowid = {source.key('OLD')};"
        name = f"search_{source.table}"
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} FOR EACH ROW "
            f"BEGIN {insert} END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(source.columns)} "
            f"ON {source.table} FOR EACH ROW BEGIN {delete} {insert} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} FOR EACH ROW "
            f"BEGIN {delete} END",
        ]
    return statements + _populate("rowid")


def _sqlite_drops() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS search_{source.table}_{event}"
        for source in SOURCES
        for event in ("insert", "update", "delete")
    ] + [f"DROP TABLE IF EXISTS {TABLE}"]


# ---------------------------------------------------------------- PostgreSQL

# The 'simple' configuration: no stemming and no stop words, as FTS5's unicode61 does.
_PG_DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, text), 'B')"
)


def _pg_statements() -> list[str]:
    statements = [
        f"""CREATE TABLE {TABLE} (
    id BIGINT PRIMARY KEY,
    kind VARCHAR(16) NOT NULL,
    source_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    document TSVECTOR GENERATED ALWAYS AS ({_PG_DOCUMENT}) STORED
)""",
        f"CREATE INDEX ix_{TABLE}_document ON {TABLE} USING GIN (document)",
    ]
    for source in SOURCES:
        function = f"ccsc_search_{source.table}"
        statements += [
            f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM {TABLE} WHERE id = {source.key("OLD")};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO {TABLE} (id, {COLUMNS}) VALUES ({source.values("NEW")});
    END IF;
    RETURN NULL;
END
$$""",
            f"CREATE TRIGGER {function} AFTER INSERT OR DELETE OR UPDATE OF "
            f"{', '.join(source.columns)} ON {source.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        ]
    return statements + _populate("id")


def _pg_drops() -> list[str]:
    return [
        f"DROP FUNCTION IF EXISTS ccsc_search_{source.table}() CASCADE" for source in SOURCES
    ] + [f"DROP TABLE IF EXISTS {TABLE}"]


def upgrade() -> None:
    run_for_dialect(
        sqlite=_sqlite_statements,
        postgresql=_pg_statements,
        refusal="There is no search index for {dialect}.",
    )


def downgrade() -> None:
    run_for_dialect(sqlite=_sqlite_drops, postgresql=_pg_drops)
