"""lock approved minutes in the database itself

Once a meeting's minutes are approved, its record may not change: the meeting row, and the
agenda items, attendance, withdrawals, declarations, decisions, carried actions, referrals and
progress notes that belong to it. Its actions keep their later life (status, due date,
completion, closure at a later meeting), but not what was recorded: their description, item
and reference, and their owners. Triggers refuse the rest, so that no script, however it
reaches the database, can rewrite approved minutes.

SQLite drops a table's triggers when batch mode rebuilds the table: a later migration that
rebuilds one of these tables must create that table's triggers again, as written here.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from dataclasses import dataclass

from ccsc_gov.core.store.migrations.dialect_sql import run_for_dialect

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

APPROVED = "minutes approved"


@dataclass(frozen=True)
class Lock:
    table: str
    what: str  # how the message names a row of the table
    # SQL giving the id of the meeting a row belongs to; {row} is OLD or NEW.
    meeting_of: str
    # Columns whose change is refused; None: every change (and any insert or delete).
    frozen: tuple[str, ...] | None = None
    inserts: bool = True


_VIA_ITEM = "(SELECT meeting_id FROM agenda_item WHERE id = {row}.item_id)"
_VIA_ACTION = (
    "(SELECT agenda_item.meeting_id FROM action JOIN agenda_item ON agenda_item.id = "
    "action.item_id WHERE action.id = {row}.action_id)"
)

LOCKS = (
    Lock("agenda_item", "This agenda item", "{row}.meeting_id"),
    Lock("attendance", "This attendance record", "{row}.meeting_id"),
    Lock("carried_action", "This action-log entry", "{row}.meeting_id"),
    Lock("action_note", "This progress note", "{row}.meeting_id"),
    Lock("withdrawal", "This withdrawal", _VIA_ITEM),
    Lock("declaration", "This declaration of interest", _VIA_ITEM),
    Lock("decision", "This decision", _VIA_ITEM),
    Lock("referral", "This referral", _VIA_ITEM),
    Lock("action", "This action", _VIA_ITEM, frozen=("id", "ref", "item_id", "description")),
    Lock("action_owner", "The owners of this action", _VIA_ACTION),
)


def _message(what: str) -> str:
    return (
        f"{what} belongs to a meeting whose minutes have been approved: the record is locked "
        "and cannot be changed."
    )


MEETING_MESSAGE = (
    "The minutes of this meeting have been approved: the meeting is locked and cannot be changed."
)


def _locked(lock: Lock, row: str) -> str:
    meeting = lock.meeting_of.format(row=row)
    return f"EXISTS (SELECT 1 FROM meeting WHERE id = {meeting} AND status = '{APPROVED}')"


def _sqlite_changed(columns: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns) + ")"


def _sqlite_statements() -> list[str]:
    raise_meeting = f"SELECT RAISE(ABORT, '{MEETING_MESSAGE}');"
    return [
        f"CREATE TRIGGER lock_meeting_update BEFORE UPDATE ON meeting FOR EACH ROW "
        f"WHEN OLD.status = '{APPROVED}' BEGIN {raise_meeting} END",
        f"CREATE TRIGGER lock_meeting_delete BEFORE DELETE ON meeting FOR EACH ROW "
        f"WHEN OLD.status = '{APPROVED}' BEGIN {raise_meeting} END",
        *sqlite_locks(LOCKS),
    ]


def sqlite_locks(locks: tuple[Lock, ...]) -> list[str]:
    """The SQLite triggers that lock these tables' rows of an approved meeting (later
    migrations that add tables to the record lock them with this too)."""
    statements: list[str] = []
    for lock in locks:
        refuse = f"BEGIN SELECT RAISE(ABORT, '{_message(lock.what)}'); END"
        update = f"({_locked(lock, 'OLD')} OR {_locked(lock, 'NEW')})"
        if lock.frozen is not None:
            update = f"{_sqlite_changed(lock.frozen)} AND {update}"
        statements += [
            f"CREATE TRIGGER lock_{lock.table}_update BEFORE UPDATE ON {lock.table} "
            f"FOR EACH ROW WHEN {update} {refuse}",
            f"CREATE TRIGGER lock_{lock.table}_delete BEFORE DELETE ON {lock.table} "
            f"FOR EACH ROW WHEN {_locked(lock, 'OLD')} {refuse}",
        ]
        if lock.inserts:
            statements.append(
                f"CREATE TRIGGER lock_{lock.table}_insert BEFORE INSERT ON {lock.table} "
                f"FOR EACH ROW WHEN {_locked(lock, 'NEW')} {refuse}"
            )
    return statements


def _sqlite_drops() -> list[str]:
    names = ["lock_meeting_update", "lock_meeting_delete"]
    return [*(f"DROP TRIGGER IF EXISTS {name}" for name in names), *sqlite_lock_drops(LOCKS)]


def sqlite_lock_drops(locks: tuple[Lock, ...]) -> list[str]:
    names: list[str] = []
    for lock in locks:
        names += [f"lock_{lock.table}_update", f"lock_{lock.table}_delete"]
        if lock.inserts:
            names.append(f"lock_{lock.table}_insert")
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


# PostgreSQL: a trigger's WHEN cannot hold a subquery, so each table gets a small function.
# The error code makes the refusal an integrity error there as it is in SQLite.
_PG_RAISE = "RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';"


def _pg_statements() -> list[str]:
    return [
        f"""CREATE FUNCTION ccsc_lock_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = '{APPROVED}' THEN
        {_PG_RAISE.format(message=MEETING_MESSAGE)}
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$""",
        "CREATE TRIGGER ccsc_lock_meeting BEFORE UPDATE OR DELETE ON meeting "
        "FOR EACH ROW EXECUTE FUNCTION ccsc_lock_meeting()",
        *pg_locks(LOCKS),
    ]


def pg_locks(locks: tuple[Lock, ...]) -> list[str]:
    """The PostgreSQL functions and triggers that lock these tables' rows of an approved
    meeting."""
    statements: list[str] = []
    for lock in locks:
        refuse = _PG_RAISE.format(message=_message(lock.what))
        unchanged = (
            "FALSE"
            if lock.frozen is None
            else " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in lock.frozen)
        )
        statements += [
            f"""CREATE FUNCTION ccsc_lock_{lock.table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF {unchanged} THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        IF {_locked(lock, "OLD")} THEN
            {refuse}
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF {_locked(lock, "NEW")} THEN
            {refuse}
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$""",
            f"CREATE TRIGGER ccsc_lock_{lock.table} BEFORE "
            f"{'INSERT OR ' if lock.inserts else ''}UPDATE OR DELETE ON {lock.table} "
            f"FOR EACH ROW EXECUTE FUNCTION ccsc_lock_{lock.table}()",
        ]
    return statements


def _pg_drops() -> list[str]:
    return ["DROP FUNCTION IF EXISTS ccsc_lock_meeting() CASCADE", *pg_lock_drops(LOCKS)]


def pg_lock_drops(locks: tuple[Lock, ...]) -> list[str]:
    return [f"DROP FUNCTION IF EXISTS ccsc_lock_{lock.table}() CASCADE" for lock in locks]


def upgrade() -> None:
    run_for_dialect(
        sqlite=_sqlite_statements,
        postgresql=_pg_statements,
        refusal="Approved minutes cannot be locked on {dialect}.",
    )


def downgrade() -> None:
    run_for_dialect(sqlite=_sqlite_drops, postgresql=_pg_drops)
