"""The `export` commands: minutes, agenda, action log, registers and calendar as files.

Each command is thin: it checks the file name it is given, reads a snapshot in one short
read-only session (`core.export.gather`), and hands it to a writer. The format follows the
file name's extension; a Word document can be followed by its PDF (`--pdf`, through
LibreOffice). The Word template is `--template`, else the settings file's, else the house
template.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ccsc_gov.cli.support import reading
from ccsc_gov.core.governance.errors import InvalidInput, UserError
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.settings.config import load_settings
from ccsc_gov.core.store.models import ActionStatus

if TYPE_CHECKING:  # the writers load python-docx: imported when a command runs
    from ccsc_gov.core.export.meeting_documents import MeetingDocument

Command = Callable[[argparse.Namespace], int]

WORD = {".docx": "Word"}
WORD_OR_EXCEL = {".docx": "Word", ".xlsx": "Excel"}
CALENDAR = {".ics": "iCalendar"}


# --- checks before any work ------------------------------------------------------------------


def output_format(output: str, allowed: dict[str, str], what: str) -> tuple[Path, str]:
    """The target file and its format (".docx", ".xlsx", ".ics"), from the extension."""
    target = Path(output).expanduser()
    suffix = target.suffix.lower()
    if suffix in allowed:
        return target, suffix
    kinds = " or ".join(f"{name} ({ext})" for ext, name in allowed.items())
    if suffix == ".pdf" and ".docx" in allowed:
        raise InvalidInput(
            f"Save {what} as {kinds} and add --pdf to have the PDF beside it: give a name "
            "ending in .docx, not .pdf."
        )
    given = f"ends in “{suffix}”" if suffix else "has no extension"
    raise InvalidInput(
        f"Save {what} as {kinds}: “{target.name}” {given}; give a name ending in "
        f"{' or '.join(allowed)}."
    )


def _prepare(args: argparse.Namespace, target: Path, suffix: str) -> None:
    """Refuse, before reading anything, a target (or PDF) that cannot be written."""
    from ccsc_gov.core.export.files import check_target
    from ccsc_gov.core.export.pdf import NOT_INSTALLED, find_soffice

    check_target(target)
    if getattr(args, "pdf", False):
        if suffix != ".docx":
            raise InvalidInput(
                "--pdf makes a PDF of a Word document: give a name ending in .docx to have one."
            )
        if find_soffice() is None:
            raise UserError(NOT_INSTALLED)
        check_target(target.with_suffix(".pdf"))


def _template(args: argparse.Namespace) -> Path | None:
    """The clerk's Word template: the command line's, else the settings file's."""
    if args.template:
        return Path(args.template).expanduser()
    return load_settings().template


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option}: “{text}” is not a date like 2026-03-10.") from None


def _status(text: str | None) -> ActionStatus | None:
    if text is None:
        return None
    wanted = " ".join(text.replace("-", " ").replace("_", " ").split()).lower()
    try:
        return ActionStatus(wanted)
    except ValueError:
        known = ", ".join(s.value for s in ActionStatus)
        raise InvalidInput(f"--status: “{text}” is not an action status ({known}).") from None


def _saved(what: str, target: Path, args: argparse.Namespace) -> int:
    print(f"Saved {what} to {target}.")
    if getattr(args, "pdf", False):
        from ccsc_gov.core.export.pdf import convert_to_pdf

        print(f"Saved the PDF to {convert_to_pdf(target)}.")
    return 0


# --- the commands ----------------------------------------------------------------------------


def cmd_export_minutes(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.meeting_documents import MeetingDocument

    if args.for_review:
        if args.public:
            raise InvalidInput(
                "--for-review makes the chair's copy of the full draft minutes: leave out --public."
            )
        return _meeting_document(args, MeetingDocument.REVIEW_COPY)
    return _meeting_document(args, MeetingDocument.MINUTES)


def cmd_export_agenda(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.meeting_documents import MeetingDocument

    return _meeting_document(args, MeetingDocument.AGENDA)


def _meeting_document(args: argparse.Namespace, document: MeetingDocument) -> int:
    """A meeting's minutes or agenda as Word (and PDF beside it with --pdf)."""
    from ccsc_gov.core.export.meeting_documents import write_meeting_document

    target, suffix = output_format(args.output, WORD, f"the {document.value}")
    _prepare(args, target, suffix)
    with reading(args, create=False) as session:
        ref = meeting_by_ref(session, args.meeting).ref
        write_meeting_document(
            session,
            document=document,
            meeting=ref,
            path=target,
            public=args.public,
            template=_template(args),
        )
    return _saved(document.describe(ref, public=args.public), target, args)


def cmd_export_actions(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.action_log import write_action_log
    from ccsc_gov.core.export.excel import write_action_log_xlsx
    from ccsc_gov.core.export.gather import action_log_snapshot

    target, suffix = output_format(args.output, WORD_OR_EXCEL, "the action log")
    status = _status(args.status)
    as_of = _date(args.as_of, "--as-of")
    _prepare(args, target, suffix)
    template = _template(args) if suffix == ".docx" else None
    with reading(args, create=False) as session:
        snapshot = action_log_snapshot(
            session,
            body=args.body,
            status=status,
            overdue=True if args.overdue else None,
            # Open actions unless a status or --all says otherwise.
            outstanding=status is None and not args.all,
            public=args.public,
            today=as_of,
        )
    if suffix == ".xlsx":
        write_action_log_xlsx(snapshot, target)
    else:
        write_action_log(snapshot, target, template=template)
    rows = len(snapshot.rows)
    scope = "every body" if snapshot.combined else f"the {snapshot.scope}"
    return _saved(
        f"the action log of {scope} ({rows} action{'' if rows == 1 else 's'})", target, args
    )


def cmd_export_attendance(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.gather import attendance_register_snapshot
    from ccsc_gov.core.export.registers import write_attendance_register

    target, suffix = output_format(args.output, WORD, "the attendance register")
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    # Both are required options.
    assert start is not None
    assert end is not None
    _prepare(args, target, suffix)
    template = _template(args)
    with reading(args, create=False) as session:
        snapshot = attendance_register_snapshot(session, body=args.body, start=start, end=end)
    write_attendance_register(snapshot, target, template=template)
    held = len(snapshot.meetings)
    return _saved(
        f"the attendance register of the {snapshot.body_name} ({held} "
        f"meeting{'' if held == 1 else 's'})",
        target,
        args,
    )


def cmd_export_declarations(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.gather import declarations_register_snapshot
    from ccsc_gov.core.export.registers import write_declarations_register

    target, suffix = output_format(args.output, WORD, "the register of interests")
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    _prepare(args, target, suffix)
    template = _template(args)
    with reading(args, create=False) as session:
        snapshot = declarations_register_snapshot(session, start=start, end=end, body=args.body)
    write_declarations_register(snapshot, target, template=template)
    count = len(snapshot.records)
    return _saved(
        f"the register of declarations of interest ({count} "
        f"declaration{'' if count == 1 else 's'})",
        target,
        args,
    )


def cmd_export_resolution(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.resolution import write_resolution_outcome, write_resolution_paper
    from ccsc_gov.core.services.resolutions import resolution_view

    what = "the outcome of the written resolution" if args.outcome else "the written resolution"
    target, suffix = output_format(args.output, WORD, what)
    _prepare(args, target, suffix)
    template = _template(args)
    with reading(args, create=False) as session:
        view = resolution_view(session, resolution=args.resolution, today=dt.date.today())
    write = write_resolution_outcome if args.outcome else write_resolution_paper
    write(view, target, template=template)
    return _saved(f"{what} {view.ref}", target, args)


def cmd_export_calendar(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.calendar import write_calendar
    from ccsc_gov.core.export.gather import calendar_meetings

    target, suffix = output_format(args.output, CALENDAR, "the calendar")
    _prepare(args, target, suffix)
    with reading(args, create=False) as session:
        events = calendar_meetings(session, body=args.body)
    write_calendar(events, target)
    count = len(events)
    return _saved(f"the calendar ({count} meeting{'' if count == 1 else 's'})", target, args)


# --- the parser ------------------------------------------------------------------------------


def add_export_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    """Register `ccsc-gov export …` on the main parser's sub-commands."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--template",
        metavar="FILE.docx",
        help="the Word template to use for .docx output (default: the settings file's "
        "documents.template, else the house template)",
    )
    from ccsc_gov.cli.papers import add_pack_export

    export = sub.add_parser(
        "export",
        help="save minutes, agendas, board packs, action logs, registers or the calendar",
        description="Save a document from the database. The format follows the file name's "
        "extension.",
    )
    kinds = export.add_subparsers(title="documents", metavar="DOCUMENT", required=True)

    def add(name: str, command: Command, help_text: str, *, pdf: bool) -> argparse.ArgumentParser:
        p = kinds.add_parser(
            name, parents=[db_option, common], help=help_text, description=help_text
        )
        p.set_defaults(command=command)
        if pdf:
            p.add_argument(
                "--pdf",
                action="store_true",
                help="also save FILE.pdf beside the Word file (needs LibreOffice)",
            )
        return p

    p = add("minutes", cmd_export_minutes, "the minutes of a meeting (.docx)", pdf=True)
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("-o", "--output", metavar="FILE.docx", required=True)
    p.add_argument(
        "--public",
        action="store_true",
        help="the public version: confidential items by their public title only",
    )
    p.add_argument(
        "--for-review",
        action="store_true",
        help="the chair's review copy of the draft minutes, to be read back with “review import”",
    )

    p = add("agenda", cmd_export_agenda, "the agenda of a meeting (.docx)", pdf=True)
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("-o", "--output", metavar="FILE.docx", required=True)
    p.add_argument(
        "--public",
        action="store_true",
        help="for publication: confidential items by their public title only",
    )

    p = add("actions", cmd_export_actions, "the action log (.docx or .xlsx)", pdf=True)
    p.add_argument("-o", "--output", metavar="FILE.docx|FILE.xlsx", required=True)
    p.add_argument("--body", metavar="CODE", help="one body's actions (default: every body's)")
    p.add_argument(
        "--status",
        metavar="S",
        help="only actions with this status: open, in-progress, completed, closed, cancelled",
    )
    p.add_argument("--overdue", action="store_true", help="only overdue actions")
    p.add_argument(
        "--all",
        action="store_true",
        help="every action, done ones too (default: open and in-progress actions)",
    )
    p.add_argument(
        "--public",
        action="store_true",
        help="leave out actions from confidential items, so the log is not confidential",
    )
    p.add_argument(
        "--as-of", metavar="DATE", help="judge what is overdue on this day (default today)"
    )

    p = add(
        "attendance",
        cmd_export_attendance,
        "the attendance register of a body over a period (.docx)",
        pdf=True,
    )
    p.add_argument("--body", metavar="CODE", required=True)
    p.add_argument("--from", dest="start", metavar="DATE", required=True)
    p.add_argument("--to", dest="end", metavar="DATE", required=True)
    p.add_argument("-o", "--output", metavar="FILE.docx", required=True)

    p = add(
        "declarations",
        cmd_export_declarations,
        "the register of declarations of interest (.docx)",
        pdf=True,
    )
    p.add_argument("-o", "--output", metavar="FILE.docx", required=True)
    p.add_argument("--body", metavar="CODE", help="one body's meetings (default: every body's)")
    p.add_argument("--from", dest="start", metavar="DATE", help="meetings on or after this day")
    p.add_argument("--to", dest="end", metavar="DATE", help="meetings on or before this day")

    add_pack_export(kinds, db_option)
    p = add(
        "resolution",
        cmd_export_resolution,
        "a written resolution to circulate, with a reply slip per member (.docx)",
        pdf=True,
    )
    p.add_argument("resolution", metavar="REF", help="the resolution, e.g. EMC/2026/WR1")
    p.add_argument("-o", "--output", metavar="FILE.docx", required=True)
    p.add_argument(
        "--outcome", action="store_true", help="the record of its outcome, with every reply"
    )

    p = add("calendar", cmd_export_calendar, "meetings as an iCalendar file (.ics)", pdf=False)
    p.add_argument("-o", "--output", metavar="FILE.ics", required=True)
    p.add_argument("--body", metavar="CODE", help="one body's meetings (default: every body's)")
