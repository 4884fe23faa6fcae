"""The audit trail as a hash chain, with a seal of each approved record in it.

Every audit row carries `hash`: the SHA-256 of its own content and the previous row's hash, as
in a transparency log. Rows are numbered and chained as they are written, one writer at a time
(SQLite's write lock; a transaction-scoped advisory lock on PostgreSQL). On SQLite the app
writes them (`append`); on PostgreSQL the database's own functions do (migration 0015), as
the transaction commits (0017), hashing each row with `ccsc_audit_link`, the SQL twin of
`link`. When a meeting's
minutes are approved, a `seal` row records the SHA-256 of its whole record (`locks.RECORD`),
so a record changed later by any means, with the triggers dropped or the file edited with
another tool, no longer matches its seal.

`verify` recomputes both; `db.check` reports what it finds. What it cannot see: rows cut
from the end of the trail after the last seal, since nothing comes after them to vouch for them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, inspect, select, text

from ccsc_gov.core.store import schema
from ccsc_gov.core.store.locks import APPROVED, RECORD, expected_triggers

GENESIS = "0" * 64
SEAL = "seal"
# The key of PostgreSQL's advisory lock that makes audit writers take turns.
CHAIN_LOCK = 0x636373632D617564  # "ccsc-aud"

AUDIT = schema.audit
_FIELDS = ("id", "at", "who", "what", "table_name", "row_key", "before", "after", "note")


def _field(value: Any) -> str:
    """One field as `link` encodes it: "-|" for NULL, else its length in characters, a colon,
    the text and a bar (so no two different rows encode alike, whatever their text holds)."""
    if value is None:
        return "-|"
    text = value.strftime("%Y-%m-%dT%H:%M:%S") if isinstance(value, dt.datetime) else str(value)
    return f"{len(text)}:{text}|"


def link(previous: str, row: Mapping[Any, Any]) -> str:
    """The hash of an audit row: its content and the hash of the row before it. PostgreSQL's
    `ccsc_audit_link` computes the same, byte for byte."""
    encoded = _field(previous) + "".join(_field(row[f]) for f in _FIELDS)
    return hashlib.sha256(encoded.encode()).hexdigest()


def append(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Write audit rows at the end of the chain, numbered and hashed, in the caller's
    transaction: the app's own on SQLite, and on PostgreSQL a migration's (run by the schema's
    owner; no role used day to day may insert into `audit`)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    last = conn.execute(
        select(AUDIT.c.id, AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1)
    ).first()
    next_id, previous = (last.id + 1, last.hash or "") if last else (1, GENESIS)
    postgres = conn.dialect.name == "postgresql"
    # On PostgreSQL the server vouches for the login each change came from.
    login = f" ({conn.execute(text('SELECT session_user')).scalar()})" if postgres else ""
    chained = []
    for offset, row in enumerate(rows):
        row = {**row, "id": next_id + offset, "who": row["who"] + login}
        row["hash"] = previous = link(previous, row)
        chained.append(row)
    conn.execute(insert(AUDIT), chained)


def record_columns(conn: Connection) -> dict[str, list[str]]:
    """The columns of each record table that a seal covers: all but the edit version, and
    only what is frozen of a row whose later life goes on (an action's)."""
    present = set(inspect(conn).get_table_names())
    return {
        lock.table: list(lock.frozen)
        if lock.frozen is not None
        else [c["name"] for c in inspect(conn).get_columns(lock.table) if c["name"] != "version"]
        for lock in RECORD
        if lock.table in present
    }


def record_digest(conn: Connection, meeting_id: int, columns: Mapping[str, Sequence[str]]) -> str:
    """The SHA-256 of a meeting's whole record, over the given columns of each table."""
    digest = hashlib.sha256()
    for lock in RECORD:
        if lock.table not in columns:
            continue
        names = list(columns[lock.table])
        where = lock.meeting_of.format(row=lock.table)
        rows = conn.execute(
            text(f"SELECT {', '.join(names)} FROM {lock.table} WHERE {where} = :meeting"),
            {"meeting": meeting_id},
        )
        encoded = sorted(json.dumps(list(r), default=str, ensure_ascii=False) for r in rows)
        digest.update(json.dumps([lock.table, names, encoded], ensure_ascii=False).encode())
    return digest.hexdigest()


def seal_row(conn: Connection, meeting_id: int) -> dict[str, Any]:
    """The content of the audit row that seals a meeting's approved record."""
    columns = record_columns(conn)
    return {
        "what": SEAL,
        "table_name": "meeting",
        "row_key": str(meeting_id),
        "before": None,
        "after": json.dumps(
            {"sha256": record_digest(conn, meeting_id, columns), "columns": columns},
            sort_keys=True,
        ),
        "note": "The approved record's fingerprint.",
    }


def _describe(row: Mapping[str, Any]) -> str:
    return (
        f"audit record {row['id']} ({row['what']} of {row['table_name']} {row['row_key']} "
        f"by {row['who']} at {row['at']})"
    )


def _guards_missing(conn: Connection) -> list[str]:
    """The triggers guarding the record and the audit trail (and on PostgreSQL writing the
    trail) that are gone or disabled."""
    if conn.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
    present = set(conn.execute(text(query)).scalars())
    return [
        (
            f"The trigger {name} on table {table} is missing or disabled: changes to the "
            "table are not written to the audit trail"
            if name == f"ccsc_audit_{table}"
            else f"The guard {name} on table {table} is missing or disabled: the table is not "
            "protected"
        )
        + " until the database is restored from a sound backup."
        for name, table in expected_triggers(conn.dialect.name).items()
        if name not in present
    ]


def verify(conn: Connection) -> list[str]:
    """What does not fit the chain, its seals or the guards, in plain words; empty when all is
    sound."""
    problems = _guards_missing(conn)
    previous = GENESIS
    seals: dict[int, tuple[int, dict[str, Any]]] = {}
    rows: Iterable[Any] = conn.execute(select(AUDIT).order_by(AUDIT.c.id)).mappings()
    broken = False
    for row in rows:
        if not broken and row["hash"] != link(previous, row):
            broken = True
            problems.append(
                f"The audit trail was altered outside ccsc-gov: {_describe(row)} does not fit "
                "the chain (it, or the record before it, was changed, added or removed)."
            )
        previous = row["hash"] or ""
        if row["what"] == SEAL and row["row_key"].isdigit():
            try:
                seals[int(row["row_key"])] = (row["id"], json.loads(row["after"] or ""))
            except ValueError:
                continue
    approved = conn.execute(
        text("SELECT id, ref FROM meeting WHERE status = :approved ORDER BY id"),
        {"approved": APPROVED},
    )
    for meeting_id, ref in approved:
        if meeting_id not in seals:
            problems.append(
                f"Meeting {ref} is marked approved, but its approval is not in the audit trail: "
                "it was changed outside ccsc-gov."
            )
            continue
        seal_id, seal = seals[meeting_id]
        if record_digest(conn, meeting_id, seal.get("columns", {})) != seal.get("sha256"):
            problems.append(
                f"The approved record of meeting {ref} has changed since its approval (sealed "
                f"in audit record {seal_id}): it was changed outside ccsc-gov."
            )
    return problems
