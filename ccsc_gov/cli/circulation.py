"""The circulation commands: `circulate` a meeting's papers (as drafts, or `--send`), list the
`circulations` on record, record that the chair has cleared the draft minutes, and keep the
mail password in the system's keyring."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ccsc_gov.cli.support import opened, print_json, print_records, print_table, reading
from ccsc_gov.core.governance.errors import InvalidInput, UserError
from ccsc_gov.core.settings.config import MailSettings, load_settings
from ccsc_gov.core.store.models import CirculationKind, MessageOutcome

if TYPE_CHECKING:
    from ccsc_gov.core.export.circulate import Outgoing
    from ccsc_gov.core.services.circulation import MessageRecord, Recipient

Command = Callable[[argparse.Namespace], int]

KINDS = {
    "agenda": CirculationKind.AGENDA,
    "pack": CirculationKind.PACK,
    "minutes": CirculationKind.MINUTES,
    "draft-minutes": CirculationKind.DRAFT_MINUTES,
}


def mail_settings() -> MailSettings:
    settings = load_settings().mail
    if settings is None:
        raise UserError(
            "No mail server is set: add a [mail] section (host, port, username, from) to the "
            "settings file to send directly, or leave out --send to write drafts."
        )
    return settings


def _names(people: Sequence[Recipient]) -> str:
    return ", ".join(p.name for p in people)


def deliver(
    args: argparse.Namespace, messages: Sequence[Outgoing]
) -> tuple[list[MessageRecord], str]:
    """Send the messages (`--send`) or write them as drafts to `-o DIR`; the records and the
    folder to keep on record."""
    from ccsc_gov.core.export.circulate import write_drafts

    if args.send:
        from ccsc_gov.core.export.mail import send_letters

        return send_letters(messages, mail_settings()), ""
    folder = Path(args.output).expanduser()
    return write_drafts(messages, folder), str(folder)


def report(records: Sequence[MessageRecord], *, send: bool) -> int:
    """One line per message; a non-zero status when any of them failed to go."""
    from ccsc_gov.core.services.circulation import FULL, PUBLIC

    for record in records:
        people = _names(record.to)
        if record.version in (FULL, PUBLIC):
            people += f" ({record.version} version)"
        if record.outcome is MessageOutcome.FAILED:
            print(f"NOT SENT to {people}: {record.detail}")
        elif send:
            print(f"Sent to {people}.")
        else:
            print(f"Drafted for {people}: {record.detail}")
    failed = sum(r.outcome is MessageOutcome.FAILED for r in records)
    if failed:
        went = len(records) - failed
        raise UserError(
            f"{failed} of {len(records)} messages could not be sent ({went} went); what went "
            "is on record."
        )
    return 0


def _check_destination(args: argparse.Namespace) -> None:
    """Refuse, before any work, drafts with nowhere to go or sending with no server set."""
    from ccsc_gov.core.export.circulate import check_folder

    if args.send and args.output:
        raise InvalidInput("Give either -o DIR (drafts to check and send) or --send, not both.")
    if not args.send and not args.output:
        raise InvalidInput("Say where to save the drafts (-o DIR), or --send them directly.")
    if args.send:
        mail_settings()
    else:
        check_folder(Path(args.output).expanduser())


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"--as-of: “{text}” is not a date like 2026-03-10.") from None


def cmd_circulate(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.circulate import prepare_circulation
    from ccsc_gov.core.services.circulation import record_circulation

    kind = KINDS[args.kind]
    _check_destination(args)
    template = Path(args.template).expanduser() if args.template else load_settings().template
    with opened(args, create=False) as database:
        with database.reading() as session:
            prepared = prepare_circulation(
                session, meeting=args.meeting, kind=kind, again=args.again, template=template
            )
        if prepared.unreachable:
            print(f"No email address for: {_names(prepared.unreachable)} — send to them yourself.")
        records, folder = deliver(args, prepared.messages)
        with database.transaction() as session:
            record_circulation(
                session,
                kind=kind,
                meeting_id=prepared.plan.meeting_id,
                sent=args.send,
                folder=folder,
                messages=records,
                again=args.again,
            )
    return report(records, send=args.send)


def cmd_circulations(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.circulation import list_circulations

    with reading(args, create=False) as session:
        rows = list_circulations(session, meeting=args.meeting)
    if args.json:
        print_json(
            [
                {
                    "kind": c.kind,
                    "meeting": c.meeting,
                    "at": c.at,
                    "by": c.who,
                    "sent": c.sent,
                    "folder": c.folder,
                    "messages": [
                        {
                            "version": m.version,
                            "subject": m.subject,
                            "outcome": m.outcome,
                            "detail": m.detail,
                            "to": [{"name": p.name, "address": p.address} for p in m.to],
                            "cc": [{"name": p.name, "address": p.address} for p in m.copy],
                            "attachments": [
                                {"file": name, "sha256": digest} for name, digest in m.attachments
                            ],
                        }
                        for m in c.messages
                    ],
                }
                for c in rows
            ]
        )
    elif not rows:
        print("Nothing circulated yet.")
    else:
        print_table(
            [
                (
                    c.at.strftime("%Y-%m-%d %H:%M"),
                    c.kind,
                    m.version,
                    m.outcome,
                    f"{len(m.to)} recipient{'' if len(m.to) == 1 else 's'}",
                    c.who,
                )
                for c in rows
                for m in c.messages
            ]
        )
    return 0


def cmd_remind_actions(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.reminders import reminder_letters
    from ccsc_gov.core.services.circulation import record_circulation
    from ccsc_gov.core.services.reminders import action_reminders

    _check_destination(args)
    as_of = _date(args.as_of) if args.as_of else None
    today = as_of or dt.date.today()
    with opened(args, create=False) as database:
        with database.reading() as session:
            # With no date, today's round follows each body's reminder rhythm.
            reminders = action_reminders(
                session, today=today, body=args.body, by_rhythm=as_of is None
            )
        messages, unreachable = reminder_letters(reminders, today=today)
        if unreachable:
            print(f"No email address for: {_names(unreachable)} — remind them yourself.")
        if not messages:
            print("No action owner is due a reminder.")
            return 0
        records, folder = deliver(args, messages)
        with database.transaction() as session:
            record_circulation(
                session,
                kind=CirculationKind.ACTION_REMINDER,
                meeting_id=None,
                sent=args.send,
                folder=folder,
                messages=records,
            )
    return report(records, send=args.send)


def cmd_due(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.deadlines import deadlines

    today = _date(args.as_of) if args.as_of else dt.date.today()
    with reading(args, create=False) as session:
        rows = deadlines(session, today=today)
    print_records(
        rows,
        as_json=args.json,
        record=lambda d: {
            "kind": d.kind,
            "body": d.body,
            "due": d.due,
            "late": d.late,
            "what": d.what,
            "meeting": d.meeting,
            "action": d.action,
        },
        line=lambda d: (d.due, "LATE" if d.late else "", d.body, d.kind, d.what),
        empty="Nothing falls due this week and nothing is late.",
    )
    return 0


def cmd_chair_cleared(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.circulation import clear_minutes

    with opened(args, create=False) as database, database.transaction() as session:
        clear_minutes(session, meeting=args.meeting)
    print(f"The draft minutes of {args.meeting.upper()} are cleared by the chair.")
    return 0


def cmd_mail_password(args: argparse.Namespace) -> int:
    from ccsc_gov.core.export.mail import store_password

    settings = mail_settings()
    password = getpass.getpass(f"Password for {settings.username} on {settings.host}: ")
    if not password:
        raise InvalidInput("No password given; nothing was kept.")
    store_password(settings, password)
    print("The password is kept in the system's keyring.")
    return 0


def add_circulation_commands(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    db_option: argparse.ArgumentParser,
) -> None:
    """Register the circulation commands on the main parser's sub-commands."""
    delivery = argparse.ArgumentParser(add_help=False)
    delivery.add_argument("-o", "--output", metavar="DIR", help="the folder for the drafts")
    delivery.add_argument("--send", action="store_true", help="send through the [mail] server")

    def add(
        name: str,
        command: Command,
        help_text: str,
        description: str = "",
        *,
        on: argparse._SubParsersAction[argparse.ArgumentParser] = sub,
        sends: bool = False,
    ) -> argparse.ArgumentParser:
        parents = [db_option, delivery] if sends else [db_option]
        p = on.add_parser(
            name, parents=parents, help=help_text, description=description or help_text
        )
        p.set_defaults(command=command)
        return p

    p = add(
        "circulate",
        cmd_circulate,
        "circulate a meeting's agenda, pack or minutes by email",
        "Write the messages circulating a meeting's document as drafts (.eml) to open in "
        "your mail program, or send them through the settings file's mail server.",
        sends=True,
    )
    p.add_argument("meeting", metavar="REF", help="the meeting's reference, e.g. EMC/2026/03")
    p.add_argument("kind", choices=list(KINDS), help="what to circulate")
    p.add_argument("--again", action="store_true", help="circulate a document a second time")
    p.add_argument("--template", metavar="FILE.docx", help="the Word template to use")

    p = add("circulations", cmd_circulations, "what was circulated for a meeting, to whom, when")
    p.add_argument("meeting", metavar="REF", help="the meeting's reference")
    p.add_argument("--json", action="store_true", help="print JSON")

    remind = sub.add_parser("remind", help="remind people of what they owe")
    p = add(
        "actions",
        cmd_remind_actions,
        "one message per action owner with their own open actions",
        "One message per action owner, across every body, listing their own open actions, "
        "overdue first. With no --as-of, today's round follows each body's reminder rhythm "
        "(its terms of reference).",
        on=remind.add_subparsers(title="reminders", metavar="WHAT", required=True),
        sends=True,
    )
    p.add_argument("--as-of", metavar="DATE", help="every open action as at this day")
    p.add_argument("--body", metavar="CODE", help="only this body's actions")

    p = add(
        "due",
        cmd_due,
        "what falls due this week and what is late, across every body",
        "The clerk's deadlines across every body, from each body's working rhythm (its terms "
        "of reference): agendas to send, draft minutes for the chair, minutes to circulate, "
        "overdue actions nobody has been reminded of.",
    )
    p.add_argument("--as-of", metavar="DATE", help="as on this day (default today)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("chair-cleared", cmd_chair_cleared, "record that the chair cleared the draft minutes")
    p.add_argument("meeting", metavar="REF", help="the meeting's reference")

    add(
        "mail-password",
        cmd_mail_password,
        "keep the mail server's password in the system's keyring",
        "Ask for the [mail] user's password and keep it in the system's keyring.",
    )
