"""The `audit` and `import` commands: reading the audit trail, and importing people from CSV."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccsc_gov.cli.support import opened, print_records, reading, terminal_progress

if TYPE_CHECKING:
    from ccsc_gov.core.services.audit_log import AuditEntry


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-03-10") from None


DETAIL_LIMIT = 60  # characters of each side of an update shown in the table (all in --json)


def _compact(values: dict[str, Any] | None, keys: tuple[str, ...]) -> str:
    text = json.dumps({k: (values or {}).get(k) for k in keys}, ensure_ascii=False)
    return text if len(text) <= DETAIL_LIMIT else text[: DETAIL_LIMIT - 1] + "…"


def _detail(entry: AuditEntry) -> str:
    """An audit record's note, or what an update changed: “status: held → minutes drafted”."""
    changed = entry.changed if entry.what == "update" else ()
    shown = f"{_compact(entry.before, changed)} → {_compact(entry.after, changed)}"
    return entry.note or (shown if changed else "")


def cmd_audit(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.audit_log import audit_trail

    with reading(args, create=False) as session:
        entries = audit_trail(session, since=args.since, table=args.table)
    print_records(
        entries,
        as_json=args.json,
        record=lambda e: {
            "id": e.id,
            "at": e.at,
            "who": e.who,
            "what": e.what,
            "table": e.table,
            "row": e.row,
            "before": e.before,
            "after": e.after,
            "note": e.note,
        },
        line=lambda e: (e.at.isoformat(sep=" "), e.who, e.what, e.table, e.row, _detail(e)),
        empty="Nothing in the audit trail" + (f" since {args.since}." if args.since else "."),
    )
    return 0


def cmd_import_people(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.people_import import import_people, read_file

    path = Path(args.file).expanduser()
    data = read_file(path)
    with opened(args) as database, database.transaction() as session:
        summary = import_people(
            session,
            data=data,
            source=str(path),
            checking=terminal_progress("Checking"),
            progress=terminal_progress("Importing"),
        )
    print(summary.told(str(path)))
    return 0


def add_record_commands(sub: Any, db_option: argparse.ArgumentParser) -> None:
    """Add `audit` and `import people` to the command line's subcommands."""
    help_text = "list the audit trail: who changed what, when, from what to what"
    p = sub.add_parser("audit", parents=[db_option], help=help_text, description=help_text)
    p.set_defaults(command=cmd_audit)
    p.add_argument(
        "--since", type=_date, metavar="DATE", help="only changes from this day on (2026-03-10)"
    )
    p.add_argument("--table", metavar="TABLE", help="only changes to this table, e.g. meeting")
    p.add_argument("--json", action="store_true", help="print JSON, with every value before/after")

    help_text = "import records from a file"
    p = sub.add_parser("import", parents=[db_option], help=help_text, description=help_text)
    kinds = p.add_subparsers(title="what to import", metavar="WHAT", required=True)
    help_text = "people and their memberships from a CSV file (see the README for the columns)"
    p = kinds.add_parser("people", parents=[db_option], help=help_text, description=help_text)
    p.set_defaults(command=cmd_import_people)
    p.add_argument("file", metavar="FILE.csv", help="a CSV file saved as UTF-8")
