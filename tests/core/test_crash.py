"""Nothing committed is lost when the app is killed: a child process commits service operations
and is killed with SIGKILL at random moments, again and again, on the same database.

After every kill: `ccsc-gov check` passes, everything the child reported committed is there, and
nothing is half-built (a meeting without its standard agenda, an action without its owners, a
register partly recorded, a change without its audit record). Runs on SQLite, and in the
PostgreSQL lane on the server, where the kill drops the connection mid-transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import IO

import pytest
from sqlalchemy import func, select

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services import people
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import (
    Action,
    ActionOwner,
    ActionStatus,
    AgendaItem,
    Attendance,
    AuditRecord,
    Decision,
    Meeting,
    MeetingStatus,
    Role,
    StandardItem,
)

WORKER = Path(__file__).with_name("crash_worker.py")
# At least 50; CCSC_CRASH_ROUNDS=1000 makes a longer soak of it.
ROUNDS = max(50, int(os.environ.get("CCSC_CRASH_ROUNDS", "50")))
KILL_AFTER_MS = (50, 400)
# The EMC has subcommittees: every standard item but the one only there when there are
# decisions taken between meetings to report.
EMC_STANDARD_AGENDA = set(StandardItem) - {StandardItem.DECISIONS_SINCE}
MEMBERS = 6


def seat_the_emc(target: str) -> None:
    database = open_database(target)
    with database.transaction() as session:
        roles = [Role.CHAIR, Role.VICE_CHAIR] + [Role.MEMBER] * (MEMBERS - 2)
        for index, role in enumerate(roles):
            person = people.add_person(session, name=f"Member {index}", title="Dr")
            people.add_membership(
                session, body="EMC", person_id=person.id, role=role, start=dt.date(2020, 1, 1)
            )
    database.close()


class ForkServer:
    """The worker's fork server (see crash_worker.py): it starts a child per round."""

    def __init__(self, target: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), target],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.stdout.readline() == "ready\n", "the crash worker did not start"

    @property
    def stdout(self) -> IO[str]:
        assert self.process.stdout is not None
        return self.process.stdout

    def start_child(self, seed: int, report: Path) -> int:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{seed} {report}\n")
        self.process.stdin.flush()
        return int(self.stdout.readline())

    def close(self) -> None:
        self.process.kill()
        self.process.communicate(timeout=30)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def kill_at_random(
    server: ForkServer, seed: int, reports: Path, rng: random.Random
) -> list[list[str]]:
    """Start a child, let it work for a random moment, SIGKILL it; what it reported committed."""
    report = reports / f"round-{seed}.txt"
    pid = server.start_child(seed, report)
    deadline = time.monotonic() + 30
    while not (report.exists() and report.read_text()):  # the first line: "opened"
        assert time.monotonic() < deadline, "the child did not open the database"
        time.sleep(0.002)
    time.sleep(rng.uniform(*KILL_AFTER_MS) / 1000)
    still_running = _alive(pid)
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while _alive(pid):  # gone once the kernel has reaped it (the server ignores SIGCHLD)
        assert time.monotonic() < deadline, "the killed child did not go away"
        time.sleep(0.002)
    text = report.read_text() if report.exists() else ""
    assert not any(line.startswith("error") for line in text.splitlines()), text
    assert still_running, f"the child stopped by itself before the kill:\n{text}"
    # A line cut off by the kill was never fully reported.
    lines = [line for line in text.splitlines(keepends=True) if line.endswith("\n")]
    return [line.split(" ", 3) for line in lines if line != "opened\n"]


def check_reported(target: str, reports: list[list[str]]) -> None:
    """Everything reported committed is in the database, exactly as reported."""
    database = open_database(target, create=False)
    try:
        with database.reading() as session:
            for report in reports:
                kind, *words = (w.strip() for w in report)
                if kind == "meeting":
                    assert session.scalar(select(Meeting).where(Meeting.ref == words[0]))
                elif kind == "item":
                    item = session.get(AgendaItem, int(words[0]))
                    assert item is not None
                    assert item.title == words[2]
                    assert session.get_one(Meeting, item.meeting_id).ref == words[1]
                elif kind == "register":
                    meeting = session.get_one(Meeting, int(words[0]))
                    assert meeting.status is MeetingStatus.HELD
                    rows = session.scalar(
                        select(func.count()).where(Attendance.meeting_id == meeting.id)
                    )
                    assert rows == int(words[1])
                elif kind == "minutes":
                    item = session.get_one(AgendaItem, int(words[0]))
                    assert hashlib.sha256(item.minutes.encode()).hexdigest() == words[1]
                elif kind == "decision":
                    decision = session.scalar(select(Decision).where(Decision.ref == words[0]))
                    assert decision is not None
                    assert decision.item_id == int(words[1])
                elif kind == "action":
                    action = session.scalar(select(Action).where(Action.ref == words[0]))
                    assert action is not None
                    assert action.item_id == int(words[1])
                    owners = sorted(
                        session.scalars(
                            select(ActionOwner.person_id).where(ActionOwner.action_id == action.id)
                        )
                    )
                    assert owners == sorted(int(o) for o in words[2].split(","))
                elif kind == "cancelled":
                    action = session.scalar(select(Action).where(Action.ref == words[0]))
                    assert action is not None
                    assert action.status is ActionStatus.CANCELLED
                else:
                    raise AssertionError(f"unknown report {report}")
    finally:
        database.close()


def check_nothing_half_built(target: str) -> None:
    database = open_database(target, create=False)
    try:
        with database.reading() as session:
            slots: dict[int, set[StandardItem]] = {}
            for meeting_id, slot in session.execute(
                select(Meeting.id, AgendaItem.standard).outerjoin(
                    AgendaItem, AgendaItem.meeting_id == Meeting.id
                )
            ):
                slots.setdefault(meeting_id, set())
                if slot is not None:
                    slots[meeting_id].add(slot)
            half_built = {m: s for m, s in slots.items() if s != EMC_STANDARD_AGENDA}
            assert not half_built, f"meetings without their standard agenda: {half_built}"
            ownerless = session.scalars(
                select(Action.ref).where(~Action.id.in_(select(ActionOwner.action_id)))
            ).all()
            assert not ownerless, f"actions without owners: {ownerless}"
            # A register is recorded whole, with the meeting held, in one transaction.
            registers = Counter(session.scalars(select(Attendance.meeting_id)))
            held = set(
                session.scalars(select(Meeting.id).where(Meeting.status != MeetingStatus.PLANNED))
            )
            assert set(registers) == held, "a meeting held without its register, or the reverse"
            assert set(registers.values()) <= {MEMBERS}, f"partial registers: {registers}"
            # Every row has its audit record, written in the same transaction.
            for model in (Meeting, AgendaItem, Decision, Action):
                rows = session.scalar(select(func.count()).select_from(model))
                audited = session.scalar(
                    select(func.count(func.distinct(AuditRecord.row_key))).where(
                        AuditRecord.table_name == model.__table__.name,
                        AuditRecord.what == "insert",
                    )
                )
                assert audited == rows, f"{model.__table__.name}: {rows} rows, {audited} audited"
    finally:
        database.close()


def test_nothing_committed_is_lost_when_the_app_is_killed_at_random(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seat_the_emc(db_target)
    rng = random.Random(20261129)
    started = time.monotonic()
    operations: Counter[str] = Counter()
    server = ForkServer(db_target)
    try:
        for round_number in range(ROUNDS):
            reports = kill_at_random(server, round_number, tmp_path, rng)
            assert main(["check", "--db", db_target]) == 0, capsys.readouterr().err
            check_reported(db_target, reports)
            check_nothing_half_built(db_target)
            operations.update(report[0] for report in reports)
    finally:
        server.close()
    seconds = time.monotonic() - started
    total = sum(operations.values())
    with capsys.disabled():
        print(
            f"\ncrash test: {ROUNDS} SIGKILLs in {seconds:.0f} s, {total} operations reported "
            f"committed, all {total} present ({dict(sorted(operations.items()))}); "
            "no half-built meeting, action, register or audit"
        )
    # Enough committed work between the kills to prove something, even on a loaded machine.
    assert total >= ROUNDS // 2, "too few operations to prove anything"
