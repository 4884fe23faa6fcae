"""The `members`, `resolution` and `chairs-action` commands: decisions between meetings."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from ccsc_gov.cli.support import opened, print_json, print_records, reading
from ccsc_gov.core.governance.errors import NotFound
from ccsc_gov.core.governance.resolutions import Via, Vote


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date like 2026-03-10") from None


def _choice(kind: type[Vote] | type[Via], what: str) -> Any:
    def parse(text: str) -> Vote | Via:
        try:
            return kind(text.strip().lower())
        except ValueError:
            words = ", ".join(v.value for v in kind)
            raise argparse.ArgumentTypeError(f"“{text}” is not {what}: use {words}") from None

    return parse


def cmd_members(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import members_on

    with reading(args) as session:
        members = members_on(session, body=args.code, on=dt.date.today())
    print_records(
        members,
        as_json=args.json,
        record=lambda m: {
            "name": m.name,
            "email": m.email,
            "role": m.role,
            "votes": m.votes,
            "start": m.start,
            "end": m.end,
        },
        line=lambda m: (
            m.name,
            m.email,
            m.role,
            "votes" if m.votes else "",
            f"{m.start} to {m.end or ''}",
        ),
        empty=f"{args.code.upper()} has no members today.",
    )
    return 0


def _resolution_json(view: Any) -> dict[str, Any]:
    return {
        "ref": view.ref,
        "body": view.body,
        "title": view.title,
        "text": view.text,
        "proposed_on": view.proposed_on,
        "deadline": view.deadline,
        "closed_on": view.closed_on,
        "rule": view.rule.words(),
        "outcome": view.outcome,
        "tally": {
            "for": view.tally.votes_for,
            "against": view.tally.against,
            "abstain": view.tally.abstain,
            "entitled": view.tally.entitled,
            "required": view.tally.required,
        },
        "decision": view.decision,
        "replies": [
            {
                "name": r.name,
                "email": r.email,
                "vote": r.vote,
                "received": r.received_on,
                "via": r.via,
                "interest": r.interest,
                "counts": r.entitled,
            }
            for r in view.replies
        ],
    }


def cmd_propose(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import propose_resolution

    with opened(args) as database, database.transaction() as session:
        view = propose_resolution(
            session,
            body=args.body,
            title=args.title,
            text=args.text,
            deadline=args.deadline,
            recommends=args.recommend,
            today=dt.date.today(),
        )
    if args.json:
        print_json([_resolution_json(view)])
    else:
        print(view.ref)
    return 0


def cmd_vote(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import record_vote

    with opened(args) as database, database.transaction() as session:
        view = record_vote(
            session,
            resolution=args.ref,
            person=args.person,
            vote=args.vote,
            received=args.received,
            via=args.via,
            today=dt.date.today(),
        )
    print(f"{view.ref}: {view.tally.words()} ({view.outcome}).")
    return 0


def cmd_declare(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import declare_interest

    with opened(args) as database, database.transaction() as session:
        view = declare_interest(
            session,
            resolution=args.ref,
            person=args.person,
            interest=args.interest,
            today=dt.date.today(),
        )
    print(f"{view.ref}: {view.tally.words()} ({view.outcome}).")
    return 0


def cmd_close(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import close_resolution

    with opened(args) as database, database.transaction() as session:
        view = close_resolution(session, resolution=args.ref, today=dt.date.today())
    decided = f"; decision {view.decision}" if view.decision else ""
    print(f"{view.ref} closed: {view.outcome} ({view.tally.words()}){decided}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import close_due_resolutions, list_resolutions

    today = dt.date.today()
    with opened(args) as database:
        with database.transaction() as session:
            # Those whose deadline has passed close now, so the list shows settled outcomes.
            close_due_resolutions(session, today=today)
        with database.reading() as session:
            views = list_resolutions(session, body=args.body, today=today)
    print_records(
        views,
        as_json=args.json,
        record=_resolution_json,
        line=lambda v: (v.ref, v.outcome, v.title, v.tally.words(), v.rule.words()),
        empty="No written resolutions yet.",
    )
    return 0


def cmd_chairs_action(args: argparse.Namespace) -> int:
    from ccsc_gov.core.services.resolutions import members_on, take_chairs_action

    today = dt.date.today()
    with opened(args) as database, database.transaction() as session:
        by = args.by
        if by is None:
            chairs = [m for m in members_on(session, body=args.body, on=today) if m.role == "chair"]
            if not chairs:
                raise NotFound(f"{args.body.upper()} has no chair today: say who acts with --by.")
            by = chairs[0].email or chairs[0].name
        taken = take_chairs_action(
            session,
            body=args.body,
            person=by,
            title=args.title,
            text=args.text,
            reason=args.reason,
            consulted=args.consulted,
            recommends=args.recommend,
            today=today,
        )
    if args.json:
        print_json(
            [
                {
                    "ref": taken.ref,
                    "body": taken.body,
                    "taken_by": taken.taken_by,
                    "acting_as": taken.acting_as,
                    "taken_on": taken.taken_on,
                    "title": taken.title,
                    "text": taken.text,
                    "reason": taken.reason,
                    "consulted": list(taken.consulted),
                    "outcome": taken.outcome,
                }
            ]
        )
    else:
        print(taken.ref)
    return 0


def add_resolution_commands(sub: Any, db_option: argparse.ArgumentParser) -> None:
    """Add `members`, `resolution …` and `chairs-action` to the command line's subcommands."""

    def add(parent: Any, name: str, command: Any, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(
            name, parents=[db_option], help=help_text, description=help_text
        )
        p.set_defaults(command=command)
        return p

    p = add(sub, "members", cmd_members, "a body's members today: name, email, role, vote, term")
    p.add_argument("code", metavar="CODE", help="the body's code, e.g. EMC")
    p.add_argument("--json", action="store_true", help="print JSON")

    help_text = "written resolutions: decisions by the voting members between meetings"
    p = sub.add_parser("resolution", parents=[db_option], help=help_text, description=help_text)
    steps = p.add_subparsers(title="steps", metavar="STEP", required=True)
    p = add(steps, "propose", cmd_propose, "circulate a written resolution; prints its reference")
    p.add_argument("--body", metavar="CODE", required=True, help="the body deciding")
    p.add_argument("--title", metavar="T", required=True)
    p.add_argument("--text", metavar="T", required=True, help="the text of the resolution")
    p.add_argument("--deadline", type=_date, metavar="DATE", help="last day replies count")
    p.add_argument(
        "--recommend", action="store_true", help="carried, it is a recommendation to the parent"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p = add(steps, "vote", cmd_vote, "record a voting member's reply")
    p.add_argument("ref", metavar="REF", help="the resolution, e.g. EMC/2026/WR1")
    p.add_argument("--person", metavar="NAME_OR_EMAIL", required=True)
    p.add_argument(
        "--vote",
        type=_choice(Vote, "a vote"),
        required=True,
        metavar="for|against|abstain",
    )
    p.add_argument("--received", type=_date, metavar="DATE", help="default today")
    p.add_argument(
        "--via",
        type=_choice(Via, "a way of replying"),
        default=Via.EMAIL,
        metavar="email|letter|in-person",
        help="how the reply came (default email)",
    )
    p = add(steps, "declare", cmd_declare, "a member declares an interest and takes no part")
    p.add_argument("ref", metavar="REF")
    p.add_argument("--person", metavar="NAME_OR_EMAIL", required=True)
    p.add_argument("--interest", metavar="T", required=True, help="the nature of the interest")
    p = add(steps, "close", cmd_close, "close it now; the outcome follows from the replies")
    p.add_argument("ref", metavar="REF")
    p = add(steps, "list", cmd_list, "written resolutions with their outcome and tally")
    p.add_argument("--body", metavar="CODE", help="only this body's")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add(sub, "chairs-action", cmd_chairs_action, "record an urgent decision by the chair")
    p.add_argument("--body", metavar="CODE", required=True)
    p.add_argument("--title", metavar="T", required=True)
    p.add_argument("--text", metavar="T", required=True, help="what was decided")
    p.add_argument("--reason", metavar="T", required=True, help="why it could not wait")
    p.add_argument("--consulted", metavar="NAME", nargs="*", default=[], help="who was consulted")
    p.add_argument(
        "--by", metavar="NAME_OR_EMAIL", help="the chair or vice-chair acting (default the chair)"
    )
    p.add_argument(
        "--recommend", action="store_true", help="it is a recommendation to the parent body"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
