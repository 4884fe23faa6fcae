"""The `review` commands: what a chair's returned review copy changes, and taking it in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ccsc_gov.cli.support import opened, print_json, reading

if TYPE_CHECKING:  # the writers are imported when a review command runs, not at every start
    from ccsc_gov.core.export.chairs_review import PieceChange, ReviewReport
    from ccsc_gov.core.export.review_copy import TrackedChange


def _when(change: TrackedChange) -> str:
    return f", {change.at:%Y-%m-%d %H:%M}" if change.at else ""


def _how(change: PieceChange) -> str:
    if not change.changed:
        return "commented on"
    ways = []
    if change.tracked:
        ways.append("changed with Track Changes")
    if change.untracked:
        ways.append("edited without Track Changes")
    how = " and ".join(ways) or "changed"
    if change.placed_by_text:
        how += " (found by item number and heading: its marks were lost)"
    if not change.may_take_in:
        how += " — changed in the file, not taken in"
    elif change.already_in:
        how += " — already in the record"
    elif change.newer_in_record:
        how += " — the record has changed since the copy was made"
    return how


def _lines(report: ReviewReport) -> list[str]:
    lines = [
        f"The chair's review of the minutes of {report.meeting_ref} ({report.file_name}), "
        f"made from record version {report.made_from or 'unknown'}; the record is at "
        f"{report.record_version}."
    ]
    lines += report.notes
    if report.approved:
        lines.append("These minutes have been approved: nothing can be taken in.")
    if not report.changes:
        lines.append("The file changes nothing.")
    for change in report.changes:
        lines.append(f"{change.id}  {change.what}: {_how(change)}")
        if change.changed:
            lines.append(f"    before: {change.sent}")
            lines.append(f"    after:  {change.returned}")
            if change.newer_in_record:
                lines.append(f"    now:    {change.now}")
        for tracked in change.tracked:
            lines.append(f"    {tracked.kind} “{tracked.text}” ({tracked.author}{_when(tracked)})")
        for comment in change.comments:
            when = f", {comment.at:%Y-%m-%d %H:%M}" if comment.at else ""
            lines.append(f"    comment ({comment.author}{when}): {comment.text}")
    for what in report.unplaced:
        lines.append(f"Could not be placed: {what}.")
    for comment in report.other_comments:
        lines.append(f"Comment on no piece ({comment.author}): {comment.text}")
    return lines


def _json(report: ReviewReport) -> dict[str, Any]:
    return {
        "meeting": report.meeting_ref,
        "file": report.file_name,
        "made_from": report.made_from,
        "record_version": report.record_version,
        "approved": report.approved,
        "notes": list(report.notes),
        "changes": [
            {
                "id": c.id,
                "what": c.what,
                "changed": c.changed,
                "may_take_in": c.may_take_in,
                "before": c.sent,
                "after": c.returned,
                "now": c.now,
                "newer_in_record": c.newer_in_record,
                "already_in": c.already_in,
                "untracked": c.untracked,
                "placed_by_text": c.placed_by_text,
                "tracked": [
                    {"kind": t.kind, "text": t.text, "author": t.author, "at": t.at}
                    for t in c.tracked
                ],
                "comments": [{"author": m.author, "text": m.text, "at": m.at} for m in c.comments],
            }
            for c in report.changes
        ],
        "unplaced": list(report.unplaced),
        "other_comments": [
            {"author": m.author, "text": m.text, "at": m.at} for m in report.other_comments
        ],
    }


def cmd_review_import(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.chairs_review import review_changes

    with reading(args, create=False) as session:
        report = review_changes(session, meeting=args.meeting, path=Path(args.file))
    if args.json:
        print_json(_json(report))
    else:
        print("\n".join(_lines(report)))
    return 0


def cmd_review_apply(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.chairs_review import apply_review

    accept: str | list[str] = args.accept
    if len(args.accept) == 1 and args.accept[0].lower() in ("all", "none"):
        accept = args.accept[0].lower()
    with opened(args, create=False) as database, database.transaction() as session:
        done = apply_review(
            session,
            meeting=args.meeting,
            path=Path(args.file),
            accept=accept,
            over_newer=args.over_newer,
        )
    report = done.report
    taken = ", ".join(c.id for c in done.taken_in)
    if done.taken_in:
        print(
            f"Took in {len(done.taken_in)} change{'s' if len(done.taken_in) > 1 else ''} from "
            f"the chair's review of {report.meeting_ref} by {done.reviewer}: {taken}."
        )
    else:
        print(f"Took in no changes; the chair's review of {report.meeting_ref} is recorded.")
    left = [c for c in report.to_take_in if c not in done.taken_in]
    if left:
        print("Not accepted: " + ", ".join(c.id for c in left) + ".")
    for change in report.not_taken_in:
        print(f"Changed in the file, not taken in: {change.what} ({change.id}).")
    for what in report.unplaced:
        print(f"Could not be placed: {what}.")
    return 0


def add_review_commands(sub: Any, db_option: argparse.ArgumentParser) -> None:
    """Add `review import` and `review apply` to the command line's subcommands."""
    help_text = "bring a chair's review of the draft minutes back from Word"
    p = sub.add_parser("review", parents=[db_option], help=help_text, description=help_text)
    steps = p.add_subparsers(title="steps", metavar="STEP", required=True)

    help_text = "list what the returned review copy changes, piece by piece; nothing is applied"
    p = steps.add_parser("import", parents=[db_option], help=help_text, description=help_text)
    p.set_defaults(command=cmd_review_import)
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("file", metavar="FILE.docx", help="the review copy the chair sent back")
    p.add_argument("--json", action="store_true", help="print JSON")

    help_text = "take the chair's changes into the record, in one step"
    p = steps.add_parser("apply", parents=[db_option], help=help_text, description=help_text)
    p.set_defaults(command=cmd_review_apply)
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("file", metavar="FILE.docx", help="the review copy the chair sent back")
    p.add_argument(
        "--accept",
        nargs="+",
        required=True,
        metavar="all|none|ID",
        help="the changes to take in: all, none, or their ids as `review import` lists them",
    )
    p.add_argument(
        "--over-newer",
        nargs="+",
        default=[],
        metavar="ID",
        help="take in these changes even though the record has changed since the copy was made",
    )
