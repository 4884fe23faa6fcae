"""The children of the crash test: each commits service operations one at a time until killed.

`python crash_worker.py DATABASE` starts a small fork server: it imports the app once, prints
"ready", then for each line "SEED REPORT-FILE" on its standard input forks a child and prints
the child's process id. Forking from a process that has already imported everything makes a
child start in milliseconds rather than a second, so the parent can kill one every few hundred
milliseconds. The server never opens the database; each child opens it for itself.

A child works through meetings of the EMC for ever: schedule one (its standard agenda comes with
it), add an item, hold it and record the register, write the minute, record a decision and an
action, then cancel the action, each in a transaction of its own, as a clerk's button presses
would be. After each commit it appends one line to its report file (an unbuffered write, which
a SIGKILL cannot take back) saying what it committed, so the parent knows what must have
survived the kill (after a first line "opened", once it has the database open):

    meeting REF
    item ID MEETING-REF TITLE
    register MEETING-ID COUNT
    minutes ITEM-ID SHA256
    decision REF ITEM-ID
    action REF ITEM-ID OWNER-ID,OWNER-ID
    cancelled REF

A child that fails by itself writes "error" and its traceback there instead.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import sys
import traceback

from sqlalchemy import func, select

from ccsc_gov.core.services import actions, agenda, attendance, decisions, meetings, people
from ccsc_gov.core.services.attendance import AttendanceEntry
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import (
    Action,
    ActionStatus,
    AgendaItem,
    AttendanceCategory,
    DecisionOutcome,
    Meeting,
    Purpose,
)

BODY = "EMC"
FIRST_MEETING = dt.datetime(2030, 1, 7, 14, 0)
MINUTE = (
    "The committee discussed the proposal at length.\n\n"
    "- The budget line was agreed.\n- The timetable was noted.\n"
)


_report_fd = -1


def report(*words: object) -> None:
    os.write(_report_fd, (" ".join(map(str, words)) + "\n").encode())


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def work(target: str, seed: int) -> None:
    rng = random.Random(seed)
    db = open_database(target, create=False)
    with db.reading() as session:
        last = session.scalar(select(func.max(Meeting.start_at)))
        members = [
            m.person_id
            for m in people.body_members_in_force(session, body=BODY, on=FIRST_MEETING.date())
        ]
        left_open = list(
            session.scalars(
                select(Action.ref)
                .where(Action.status == ActionStatus.OPEN)
                .join(AgendaItem, Action.item_id == AgendaItem.id)
            )
        )
    report("opened")
    for ref in left_open:  # actions a killed predecessor did not get to cancel
        with db.transaction() as session:
            actions.cancel_action(session, action=ref, reason="Tidied after a crash.")
        report("cancelled", ref)
    start = FIRST_MEETING if last is None else last + dt.timedelta(days=1)
    while True:
        start += dt.timedelta(days=1)
        with db.transaction() as session:
            meeting = meetings.schedule_meeting(
                session, body=BODY, start=start, end=start + dt.timedelta(hours=2)
            )
        report("meeting", meeting.ref)
        title = f"Proposal {rng.randrange(10**6)}"
        with db.transaction() as session:
            item = agenda.add_item(
                session, meeting=meeting.ref, title=title, purpose=Purpose.DECISION
            )
        report("item", item.id, meeting.ref, title)
        with db.transaction() as session:
            meetings.publish_agenda(session, meeting=meeting.ref)
            meetings.mark_held(session, meeting=meeting.ref)
            entries = [
                AttendanceEntry(
                    person_id,
                    rng.choice([AttendanceCategory.PRESENT, AttendanceCategory.APOLOGIES]),
                )
                for person_id in members
            ]
            attendance.record_register(session, meeting_id=meeting.id, entries=entries)
        report("register", meeting.id, len(entries))
        text = MINUTE + f"Recorded in round {seed}."
        with db.transaction() as session:
            agenda.write_minutes(session, item_id=item.id, text=text)
        report("minutes", item.id, digest(text))
        with db.transaction() as session:
            decision = decisions.record_decision(
                session,
                item_id=item.id,
                text=f"{title} approved.",
                outcome=DecisionOutcome.APPROVED,
            )
        report("decision", decision.ref, item.id)
        owners = sorted(rng.sample(members, 2))
        with db.transaction() as session:
            action = actions.add_action(
                session,
                item_id=item.id,
                description=f"Take {title} forward.",
                owner_ids=owners,
                due=start.date() + dt.timedelta(days=30),
            )
        report("action", action.ref, item.id, ",".join(map(str, owners)))
        with db.transaction() as session:
            actions.cancel_action(session, action=action.ref, reason="Overtaken by events.")
        report("cancelled", action.ref)


def serve(target: str) -> None:
    global _report_fd
    if "://" in target:
        import psycopg  # noqa: F401  (imported once here rather than in every child)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed children
    print("ready", flush=True)
    for line in sys.stdin:
        seed, path = line.split(maxsplit=1)
        pid = os.fork()
        if pid == 0:
            _report_fd = os.open(path.strip(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                work(target, int(seed))
            except BaseException:
                report("error", traceback.format_exc())
            finally:
                os._exit(1)
        print(pid, flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
