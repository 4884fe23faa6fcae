"""The command line: a thin layer over the same core services the GUI uses."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ccsc_gov import __version__
from ccsc_gov.cli.circulation import add_circulation_commands
from ccsc_gov.cli.export import add_export_commands
from ccsc_gov.cli.papers import add_paper_commands
from ccsc_gov.cli.records import add_record_commands
from ccsc_gov.cli.resolutions import add_resolution_commands
from ccsc_gov.cli.review import add_review_commands
from ccsc_gov.cli.running import Command, run
from ccsc_gov.cli.support import opened, print_records, reading
from ccsc_gov.cli.window import cmd_gui, window_options
from ccsc_gov.core.governance.errors import InvalidInput
from ccsc_gov.core.services.meeting_list import list_meetings
from ccsc_gov.core.settings.start import resume_collection
from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.db import check
from ccsc_gov.core.store.models import ActionStatus
from ccsc_gov.core.store.restore import restore_backup

if TYPE_CHECKING:
    from ccsc_gov.core.services.decisions import DecisionView

log = logging.getLogger(__name__)


def cmd_bodies(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.body_list import list_bodies

    with reading(args) as session:
        bodies = list_bodies(session)
    print_records(
        bodies,
        as_json=args.json,
        record=lambda b: {
            "code": b.code,
            "name": b.name,
            "kind": b.kind,
            "parent": b.parent,
            "independent_chair": b.independent_chair,
            "retired": b.retired,
        },
        line=lambda b: (
            b.code,
            b.name,
            f"reports to {b.parent}" if b.parent else "",
            "independent chair" if b.independent_chair else "",
            "retired" if b.retired else "",
        ),
    )
    return 0


def _when(value: dt.datetime) -> str:
    return value.strftime("%a %d %b %Y %H:%M")


def cmd_meetings(args: argparse.Namespace) -> int:
    with reading(args) as session:
        meetings = list_meetings(session, body=args.body, with_quorum=args.json)
    print_records(
        meetings,
        as_json=args.json,
        record=lambda m: {
            "ref": m.ref,
            "body": m.body,
            "start": m.start,
            "end": m.end,
            "location": m.location,
            "status": m.status,
            "quorate": m.quorate,
            "minutes_status": m.minutes_stage,
            "approved_at": m.approved_at,
        },
        line=lambda m: (m.ref, m.body, _when(m.start), m.status),
        empty="No meetings yet.",
    )
    return 0


def cmd_items(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.agenda import agenda
    from ccsc_gov.core.services.attendance import attendance_recorded, items_quorum
    from ccsc_gov.core.services.common import meeting_by_ref

    with reading(args) as session:
        items = agenda(session, meeting=args.ref)
        meeting_id = meeting_by_ref(session, args.ref).id
        quorate = (
            {q.item_id: q.answer.quorate for q in items_quorum(session, meeting_id=meeting_id)}
            if attendance_recorded(session, meeting_id=meeting_id)
            else {}
        )
    print_records(
        items,
        as_json=args.json,
        record=lambda i: {
            "number": i.number,
            "ref": i.ref,
            "title": i.title,
            "public_title": i.public_title,
            "purpose": i.purpose,
            "presenter": i.presenter,
            "duration": i.duration,
            "papers": i.papers,
            "confidentiality": i.confidentiality,
            "minutes": i.minutes,
            "quorate": quorate.get(i.id),
            "referral": i.referral,
        },
        line=lambda i: (
            ("  " if i.parent_id else "") + i.number,
            i.title,
            i.purpose,
            i.presenter,
            "" if i.confidentiality.value == "open" else i.confidentiality,
            "inquorate" if quorate.get(i.id) is False else "",
        ),
    )
    return 0


def cmd_actions(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.actions import list_actions

    with reading(args) as session:
        rows = list_actions(
            session, body=args.body, status=args.status, overdue=True if args.overdue else None
        )
    print_records(
        rows,
        as_json=args.json,
        record=lambda a: {
            "ref": a.ref,
            "body": a.body,
            "description": a.description,
            "owners": list(a.owners),
            "due": a.due,
            "original_due": a.original_due,
            "status": a.status,
            "overdue": a.overdue,
            "origin_meeting": a.origin_meeting,
            "origin_item": a.origin_item,
            "latest_note": a.latest_note,
        },
        line=lambda a: (
            a.ref,
            a.description,
            "; ".join(a.owners),
            a.due or "",
            a.status,
            "OVERDUE" if a.overdue else "",
        ),
        empty="No actions match.",
    )
    return 0


def cmd_decisions(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.decisions import list_decisions

    with reading(args) as session:
        rows = list_decisions(session, body=args.body)
    print_records(
        rows,
        as_json=args.json,
        record=lambda d: {
            "ref": d.ref,
            "body": d.body,
            "meeting": d.meeting,
            "item": d.item_number,
            "outcome": d.outcome,
            "text": d.text,
            "referred_to": d.referred_to,
            "referred_from": d.referred_from,
            "review_date": d.review_date,
            **_how(d),
        },
        line=lambda d: (d.ref, d.outcome, d.text),
        empty="No decisions yet.",
    )
    return 0


def _how(decision: DecisionView) -> dict[str, object]:
    """How a decision was taken; between meetings, with the tally or the reason and consultees."""
    how: dict[str, object] = {"how": decision.how.value}
    taken = decision.between
    if taken is not None:
        how["taken_on"] = taken.taken_on
        if taken.tally:
            how["tally"] = taken.tally
        else:
            how.update(
                reason=taken.reason, consulted=list(taken.consulted), taken_by=taken.taken_by
            )
    return how


def cmd_init(args: argparse.Namespace) -> int:
    with opened(args, create=True) as database:
        print(f"{database.display_name} holds a ccsc-gov database, ready for use.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with opened(args, create=False, upgrade=False) as database:
        problems = check(database)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{database.display_name} has {len(problems)} problem(s).", file=sys.stderr)
        return 1
    print(f"{database.display_name} is sound.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with opened(args, create=False) as database:
        backup_file(database, Path(args.output))
    print(f"Backed up {database.display_name} to {args.output}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    kept = restore_backup(Path(args.backup), target=args.db)
    if kept is None:
        print(f"Restored {args.backup}; it is now the database (there was none before).")
    else:
        print(f"Restored {args.backup}. The database it replaced is kept as {kept}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ccsc_gov.core.demo.history import build_demo

    if args.years < 1 or args.years > 30:
        raise InvalidInput("--years must be between 1 and 30.")
    with opened(args, create=True) as database:
        with database.reading() as session:
            if list_meetings(session):
                raise InvalidInput(
                    f"{database.display_name} already holds meetings; the demo needs a new "
                    "database."
                )
        summary = build_demo(database, years=args.years, seed=args.seed, until=args.until)
    print(
        f"Built {args.years} years of demo history in {database.display_name}: "
        f"{summary.meetings} meetings, {summary.decisions} decisions, {summary.actions} actions."
    )
    return 0


def _status(text: str) -> ActionStatus:
    try:
        return ActionStatus(text.strip().lower().replace("_", " ").replace("-", " "))
    except ValueError:
        known = ", ".join(s.value for s in ActionStatus)
        raise argparse.ArgumentTypeError(f"“{text}” is not an action status ({known})") from None


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-03-10") from None


def build_parser() -> argparse.ArgumentParser:
    db_option = window_options()
    parser = argparse.ArgumentParser(
        prog="ccsc-gov",
        parents=[db_option],
        description="Governance of the Centre: bodies, meetings, minutes, decisions and actions. "
        "With no command, opens the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"ccsc-gov {__version__}")
    parser.set_defaults(command=cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(name: str, command: Command, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[db_option], help=help_text, description=help_text)
        p.set_defaults(command=command)
        return p

    add("bodies", cmd_bodies, "list the bodies and their reporting lines").add_argument(
        "--json", action="store_true", help="print JSON"
    )
    p = add("meetings", cmd_meetings, "list meetings, one a line")
    p.add_argument("--body", metavar="CODE", help="only this body's meetings")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("items", cmd_items, "a meeting's agenda, item by item")
    p.add_argument("ref", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("actions", cmd_actions, "the action log")
    p.add_argument("--body", metavar="CODE", help="only this body's actions")
    p.add_argument(
        "--status",
        type=_status,
        metavar="STATUS",
        help="only actions in this status: " + ", ".join(s.value for s in ActionStatus),
    )
    p.add_argument("--overdue", action="store_true", help="only overdue actions")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add("decisions", cmd_decisions, "decisions with their referrals")
    p.add_argument("--body", metavar="CODE", help="only this body's decisions")
    p.add_argument("--json", action="store_true", help="print JSON")
    add("init", cmd_init, "make a new database (or bring an existing one up to date)")
    add("check", cmd_check, "check the database's integrity and schema")
    p = add("backup", cmd_backup, "write an online backup of the database")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the backup file")
    p = add("demo", cmd_demo, "fill a new database with a fictional, realistic history")
    p.add_argument("--years", type=int, default=3, help="years of history (default 3)")
    p.add_argument("--seed", type=int, default=1, help="the same seed gives the same history")
    p.add_argument(
        "--until",
        type=_date,
        default=None,
        metavar="DATE",
        help="the history ends on this day (default today)",
    )
    p = add("restore", cmd_restore, "replace the database by a backup that passes check")
    p.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    add_export_commands(sub, db_option)
    add_record_commands(sub, db_option)
    add_circulation_commands(sub, db_option)
    add_review_commands(sub, db_option)
    add_paper_commands(sub, db_option)
    add_resolution_commands(sub, db_option)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    if args.command is not cmd_gui:
        resume_collection()  # the window resumes it once it is painted
    return run(args.command, args)


if __name__ == "__main__":
    sys.exit(main())
