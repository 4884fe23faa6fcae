"""The tables of a meeting's record, and the triggers that lock it once its minutes are approved.

`RECORD` is the one list of them: the migrations build each table's triggers from it, and
`seal.py` hashes an approved meeting's record over it. A table that a later change adds to a
meeting's record (papers, say) gets a `Lock` here, and its migration calls
`lock_statements(dialect, only=(its table,))` to build its triggers.

Every way a statement can touch a locked row is guarded, on SQLite and PostgreSQL alike:
UPDATE and DELETE of it; INSERT of a row into a locked meeting; and INSERT (with SQLite's
REPLACE, or PostgreSQL's ON CONFLICT) or SQLite's UPDATE OR REPLACE of a row that collides with
a locked row on any of its unique keys, which would otherwise delete the locked row without
firing its DELETE trigger. On PostgreSQL, TRUNCATE of any record table is refused outright.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, UniqueConstraint

from ccsc_gov.core.store import schema

APPROVED = "minutes approved"


@dataclass(frozen=True)
class Lock:
    table: str
    what: str  # how the refusal names a row of the table (the subject of "belongs")
    # SQL giving the id of the meeting a row belongs to; {row} is the row's name (NEW, OLD...).
    meeting_of: str
    # Columns whose change is refused; None: every change (and any insert or delete).
    frozen: tuple[str, ...] | None = None


_VIA_ITEM = "(SELECT meeting_id FROM agenda_item WHERE id = {row}.item_id)"
_VIA_ACTION = (
    "(SELECT agenda_item.meeting_id FROM action JOIN agenda_item ON agenda_item.id = "
    "action.item_id WHERE action.id = {row}.action_id)"
)

MEETING = Lock("meeting", "This meeting", "{row}.id")

# The meeting row and every table that belongs to a meeting's record.
RECORD = (
    MEETING,
    Lock("agenda_item", "This agenda item", "{row}.meeting_id"),
    Lock("attendance", "This attendance record", "{row}.meeting_id"),
    Lock("carried_action", "This action-log entry", "{row}.meeting_id"),
    Lock("action_note", "This progress note", "{row}.meeting_id"),
    Lock("withdrawal", "This withdrawal", _VIA_ITEM),
    Lock("declaration", "This declaration of interest", _VIA_ITEM),
    Lock("decision", "This decision", _VIA_ITEM),
    Lock("referral", "This referral", _VIA_ITEM),
    # An approved action lives on (status, due date, closure), but not what was recorded.
    Lock("action", "This action", _VIA_ITEM, frozen=("id", "ref", "item_id", "description")),
    Lock("action_owner", "An owner of this action", _VIA_ACTION),
    Lock("minutes_review", "This review of the minutes", "{row}.meeting_id"),
    Lock("reported_decision", "This decision reported to the meeting", _VIA_ITEM),
    Lock("paper", "This paper", _VIA_ITEM),
    Lock(
        "paper_version",
        "This version of a paper",
        "(SELECT agenda_item.meeting_id FROM paper JOIN agenda_item ON agenda_item.id = "
        "paper.item_id WHERE paper.id = {row}.paper_id)",
    ),
)

TRUNCATE_MESSAGE = (
    "Records are removed row by row, so that approved minutes stay locked: TRUNCATE is refused."
)


def message(lock: Lock) -> str:
    if lock is MEETING:
        return (
            "The minutes of this meeting have been approved: the meeting is locked and cannot "
            "be changed."
        )
    return (
        f"{lock.what} belongs to a meeting whose minutes have been approved: the record is "
        "locked and cannot be changed."
    )


def unique_keys(table: str) -> list[tuple[str, ...]]:
    """The columns of each key a row of `table` must not share with another row."""
    found: Table = schema.full_metadata().tables[table]
    keys = [tuple(c.name for c in found.primary_key.columns)]
    keys += [
        tuple(c.name for c in constraint.columns)
        for constraint in found.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    keys += [(c.name,) for c in found.columns if c.unique]
    keys += [tuple(c.name for c in index.columns) for index in found.indexes if index.unique]
    return list(dict.fromkeys(keys))


def locked(lock: Lock, row: str) -> str:
    """SQL true when the row named `row` belongs to an approved meeting."""
    meeting = lock.meeting_of.format(row=row)
    return f"EXISTS (SELECT 1 FROM meeting WHERE id = {meeting} AND status = '{APPROVED}')"


def _collides(lock: Lock, *, updating: bool) -> str:
    """SQL true when NEW shares a unique key with a locked row (other than OLD, on update)."""
    same_key = " OR ".join(
        "(" + " AND ".join(f"prior.{c} = NEW.{c}" for c in key) + ")"
        for key in unique_keys(lock.table)
    )
    pk = unique_keys(lock.table)[0]
    other = (
        " AND NOT (" + " AND ".join(f"prior.{c} = OLD.{c}" for c in pk) + ")" if updating else ""
    )
    return (
        f"EXISTS (SELECT 1 FROM {lock.table} AS prior WHERE ({same_key}){other} "
        f"AND {locked(lock, 'prior')})"
    )


def _sqlite_changed(columns: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns) + ")"


def _sqlite_lock(lock: Lock) -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{message(lock)}'); END"
    changed = f"{_sqlite_changed(lock.frozen)} AND " if lock.frozen is not None else ""
    update = f"({changed}({locked(lock, 'OLD')} OR {locked(lock, 'NEW')}))"
    table = lock.table
    return [
        f"CREATE TRIGGER lock_{table}_update BEFORE UPDATE ON {table} FOR EACH ROW "
        f"WHEN {update} OR {_collides(lock, updating=True)} {refuse}",
        f"CREATE TRIGGER lock_{table}_delete BEFORE DELETE ON {table} FOR EACH ROW "
        f"WHEN {locked(lock, 'OLD')} {refuse}",
        f"CREATE TRIGGER lock_{table}_insert BEFORE INSERT ON {table} FOR EACH ROW "
        f"WHEN {locked(lock, 'NEW')} OR {_collides(lock, updating=False)} {refuse}",
    ]


# PostgreSQL: a trigger's WHEN cannot hold a subquery, so each table gets a small function.
# The error code makes the refusal an integrity error there as it is in SQLite.
def _pg_raise(text: str) -> str:
    return f"RAISE EXCEPTION '{text}' USING ERRCODE = 'restrict_violation';"


def _pg_lock(lock: Lock) -> list[str]:
    refuse = _pg_raise(message(lock))
    unchanged = (
        "FALSE"
        if lock.frozen is None
        else " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in lock.frozen)
    )
    table = lock.table
    return [
        f"""CREATE FUNCTION ccsc_lock_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF {locked(lock, "NEW")} OR {_collides(lock, updating=False)} THEN
            {refuse}
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND {unchanged} THEN
        RETURN NEW;
    END IF;
    IF {locked(lock, "OLD")} THEN
        {refuse}
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF {locked(lock, "NEW")} THEN
        {refuse}
    END IF;
    RETURN NEW;
END
$$""",
        f"CREATE TRIGGER ccsc_lock_{table} BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION ccsc_lock_{table}()",
        f"CREATE TRIGGER ccsc_no_truncate_{table} BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION ccsc_refuse_truncate()",
    ]


PG_REFUSE_TRUNCATE = f"""CREATE OR REPLACE FUNCTION ccsc_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    {_pg_raise(TRUNCATE_MESSAGE)}
END
$$"""


def _chosen(only: Sequence[str] | None) -> list[Lock]:
    return [lock for lock in RECORD if only is None or lock.table in only]


def lock_statements(dialect: str, *, only: Sequence[str] | None = None) -> list[str]:
    """The SQL that locks the record tables (all, or `only` these) on `dialect`."""
    if dialect == "sqlite":
        return [s for lock in _chosen(only) for s in _sqlite_lock(lock)]
    return [PG_REFUSE_TRUNCATE] + [s for lock in _chosen(only) for s in _pg_lock(lock)]


def unlock_statements(dialect: str, *, only: Sequence[str] | None = None) -> list[str]:
    """The SQL that drops what `lock_statements` made."""
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS lock_{lock.table}_{event}"
            for lock in _chosen(only)
            for event in ("update", "delete", "insert")
        ]
    return [
        f"DROP FUNCTION IF EXISTS ccsc_lock_{lock.table}() CASCADE" for lock in _chosen(only)
    ] + [
        f"DROP TRIGGER IF EXISTS ccsc_no_truncate_{lock.table} ON {lock.table}"
        for lock in _chosen(only)
    ]


def audited_tables() -> list[str]:
    """The tables whose every change PostgreSQL's own triggers write into the audit trail: every
    table of the app's but the trail itself (migrations 0015 and 0017; a table added later gets
    its trigger from its own migration, `audit_trigger(table)`)."""
    return [name for name in schema.full_metadata().tables if name != "audit"]


def audit_trigger(table: str) -> str:
    """The SQL of the PostgreSQL trigger that writes `table`'s changes into the audit trail.
    It fires when the transaction commits (deferred, migration 0017), with each row as the
    change left it: the trail's lock is then held only while the server chains and commits,
    never while a clerk's program works between two statements."""
    return (
        f"CREATE CONSTRAINT TRIGGER ccsc_audit_{table} AFTER INSERT OR UPDATE OR DELETE ON "
        f"{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ccsc_audit_row()"
    )


AUDIT_TRIGGERS = {
    "sqlite": ("audit_append_only_update", "audit_append_only_delete", "audit_append_only_insert"),
    "postgresql": ("ccsc_audit_append_only", "ccsc_audit_no_truncate"),
}


def expected_triggers(dialect: str) -> dict[str, str]:
    """Each trigger that guards the record and the audit trail (and, on PostgreSQL, writes the
    trail), by name, with its table."""
    if dialect == "sqlite":
        names = {
            f"lock_{lock.table}_{event}": lock.table
            for lock in RECORD
            for event in ("update", "delete", "insert")
        }
    else:
        names = {f"ccsc_lock_{lock.table}": lock.table for lock in RECORD}
        names |= {f"ccsc_no_truncate_{lock.table}": lock.table for lock in RECORD}
        names |= {f"ccsc_audit_{table}": table for table in audited_tables()}
    return names | {name: "audit" for name in AUDIT_TRIGGERS[dialect]}
