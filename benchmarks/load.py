"""Many clerks at once: N clerk processes on one database, each doing a clerk's mix for a while.

    python benchmarks/load.py                       # 20 clerks on PostgreSQL, then 3 on SQLite
    python benchmarks/load.py --clerks 8 --seconds 10 --years 1 --backend postgresql
    python benchmarks/load.py --db postgresql+psycopg://…/centre   # an existing, filled database
    python benchmarks/load.py --json                # the result as one JSON object per run
    python benchmarks/load.py --think 0             # clerks that never pause: a stress run
    python benchmarks/load.py --save run1.json      # keep every step timed…
    python benchmarks/load.py --pool run1.json run2.json run3.json   # …and pool runs' steps

Every clerk pauses before each step as people do (`--think`, 3 s on average, drawn at random:
reading the screen, typing the next sentence), the one clerk of the reference alone as the
clerks together: the same mix at the same pace, so the only difference is the other clerks.
A clerk working alone at that pace makes a step every few seconds, so the reference runs
longer (`--reference-seconds`) and a p95 is judged only over 20 steps or more; `--pool`
gathers the steps of several runs.

Each step is timed on the wall clock, and beside it the time the clerk's own process spent
ready to run but waiting for a core of this machine (Linux's schedstat): here every clerk's
process shares two cores with the server, where in the Centre each clerk has a desktop of
their own. The report gives each p95 both ways; with that wait taken out, what remains is what
a clerk at their own desktop would wait for (the server's work, its waits for a core, for row
locks and for the audit trail's lock). Each clerk's first step of each kind (statements
compiled, modules imported) is shown apart, since twenty short-lived clerks have twenty times
as many as one clerk alone.

Each clerk opens meeting workspaces (the reads the window makes), records attendance, types
minutes, adds and updates actions (a description corrected, a progress note), searches and
exports minutes, through the core services, one short transaction per step. A share of every
clerk's edits goes to the same few records of one meeting, so clerks collide on purpose: a
collision must end in a `Conflict` (the message a clerk is shown), never a lost update.

Every write a clerk saw acknowledged is checked afterwards against the database: a record's
acknowledged versions must all differ, its latest must be what the record holds now, and every
acknowledged note and action must be there. It prints what it measured; it asserts nothing
(the test suite's short run in tests/core/test_load.py does).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from databases import UNTIL, build_demo_database

HERE = Path(__file__).resolve()
SERVER = "postgresql+psycopg://ccsc_ci:ccsc_ci@localhost/postgres"
KINDS = (
    "open workspace",
    "record attendance",
    "type minutes",
    "add action",
    "update action",
    "search",
    "export minutes",
)
WRITES = ("record attendance", "type minutes", "add action", "update action")
WEIGHTS = (18, 8, 34, 6, 14, 12, 8)
SHARED = 0.35  # the share of edits that go to the records every clerk edits
WORDS = ("budget", "review", "fellowship", "risk register", "data policy", "recruitment")


# --- the database ---------------------------------------------------------------------------


def create_postgres_database(server: str) -> str:
    """A new, empty database on the server (its URL); `drop_postgres_database` removes it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"ccsc_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


# --- the plan: which meetings and records the clerks work on --------------------------------


def make_plan(target: str) -> dict[str, Any]:
    """The meetings still open to change (held or minutes drafted, attendance recorded), each
    with its items, attendance rows and actions; the first meeting's are the shared records."""
    from sqlalchemy import select

    from ccsc_gov.core.governance.vocabulary import MeetingStatus
    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.core.store.models import Action, AgendaItem, Attendance, Meeting

    database = open_database(target, create=False)
    meetings = []
    with database.reading() as s:
        open_to_change = s.scalars(
            select(Meeting)
            .where(Meeting.status.in_([MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED]))
            .order_by(Meeting.start_at.desc())
        ).all()
        for meeting in open_to_change:
            items = s.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == meeting.id, AgendaItem.parent_id.is_not(None))
                .order_by(AgendaItem.id)
            ).all()
            attendance = s.execute(
                select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)
            ).all()
            actions = s.scalars(
                select(Action.ref)
                .join(AgendaItem, AgendaItem.id == Action.item_id)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(Action.id)
            ).all()
            if items and attendance:
                meetings.append(
                    {
                        "ref": meeting.ref,
                        "id": meeting.id,
                        "items": list(items),
                        "people": [row.person_id for row in attendance],
                        "actions": list(actions),
                    }
                )
    database.close()
    if not meetings:
        raise SystemExit(f"{target} has no held meeting to work on: fill it with the demo first.")
    return {"meetings": meetings}


# --- one clerk ------------------------------------------------------------------------------


# One step timed: its wall-clock seconds; of those, how long the clerk's process and its
# server process waited for a core of this machine (`queued`); whether it was the clerk's
# first step of its kind.
Step = tuple[float, float, float, bool]


@dataclass
class Clerk:
    """One clerk's run: what it timed, the conflicts it met and the writes acknowledged."""

    number: int
    plan: dict[str, Any]
    rng: random.Random
    versions: dict[str, int] = field(default_factory=dict)  # "item:7" → the version loaded
    steps: dict[str, list[Step]] = field(default_factory=lambda: defaultdict(list))
    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: list[str] = field(default_factory=list)
    acks: list[tuple[str, str, int, str]] = field(default_factory=list)  # kind, key, version, value
    notes: list[tuple[str, str]] = field(default_factory=list)  # action ref, note text
    added: int = 0

    def meeting(self, shared: bool) -> dict[str, Any]:
        meetings = self.plan["meetings"]
        return meetings[0] if shared else meetings[self.number % len(meetings)]

    def shared(self) -> bool:
        return self.rng.random() < SHARED

    def saved(self, kind: str, name: str, version: int, value: str) -> None:
        """A write acknowledged: the version the clerk now has, and what to check later."""
        self.versions[f"{kind}:{name}"] = version
        self.acks.append((kind, name, version, value))


def queued(pid: int | str = "thread-self") -> float:
    """Seconds a thread (this one, or a process of this machine) has spent ready to run but
    waiting for a core: the second field of Linux's schedstat (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def run_clerk(
    target: str, plan: dict[str, Any], number: int, seconds: float, think: float
) -> dict[str, Any]:
    """One clerk's process: says "ready" once loaded, starts at the time it is then given,
    and pauses `think` seconds on average before each step (not timed)."""
    from ccsc_gov.core.governance.errors import Conflict
    from ccsc_gov.core.store.db import open_database

    clerk = Clerk(number, plan, random.Random(number))
    database = open_database(target, create=False)
    folder = Path(tempfile.mkdtemp(prefix=f"ccsc-load-{number}-"))
    steps = {
        "open workspace": lambda: open_workspace(database, clerk),
        "record attendance": lambda: record_attendance(database, clerk),
        "type minutes": lambda: type_minutes(database, clerk),
        "add action": lambda: add_action(database, clerk),
        "update action": lambda: update_action(database, clerk),
        "search": lambda: search(database, clerk),
        "export minutes": lambda: export_minutes(database, clerk, folder),
    }
    for meeting in [plan["meetings"][0], clerk.meeting(False)]:
        open_workspace(database, clerk, meeting)  # what the clerk has loaded before starting
    server = server_process(database)
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    time.sleep(max(0.0, start_at - time.time()))
    deadline = start_at + seconds
    while True:
        if think:  # the clerk reads, thinks, types: they do not all start at once either
            time.sleep(clerk.rng.expovariate(1 / think))
        if time.time() >= deadline:
            break
        [kind] = clerk.rng.choices(KINDS, WEIGHTS)
        waited = (queued(), queued(server) if server else 0.0)
        began = time.perf_counter()
        conflict = False
        try:
            steps[kind]()
        except Conflict:
            conflict = True  # the time it took to be told; reloading is a step of its own
        except Exception as exc:  # every other error is counted and shown
            clerk.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        took = time.perf_counter() - began
        clerk.steps[kind].append(
            (
                took,
                queued() - waited[0],
                (queued(server) if server else 0.0) - waited[1],
                not clerk.steps[kind],
            )
        )
        if conflict:
            clerk.conflicts[kind] += 1
            open_workspace(database, clerk, clerk.meeting(True))
            open_workspace(database, clerk, clerk.meeting(False))
    database.close()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return {
        "steps": clerk.steps,
        "conflicts": clerk.conflicts,
        "errors": clerk.errors,
        "acks": clerk.acks,
        "notes": clerk.notes,
    }


def server_process(database: Any) -> int | None:
    """The process id of the PostgreSQL server process serving this clerk's connection, when
    the server runs on this machine (a clerk keeps one connection: one step at a time)."""
    from sqlalchemy import text

    if database.is_sqlite:
        return None
    with database.reading() as s:
        pid = int(s.execute(text("SELECT pg_backend_pid()")).scalar_one())
    return pid if Path(f"/proc/{pid}/schedstat").exists() else None


def open_workspace(database: Any, clerk: Clerk, meeting: dict[str, Any] | None = None) -> None:
    """The reads the meeting workspace makes when it opens: its header, agenda, attendance,
    minutes (declarations, decisions, actions) and matters arising; the versions noted."""
    from ccsc_gov.core.services import (
        actions,
        agenda,
        attendance,
        decisions,
        declarations,
        matters_arising,
        meetings,
    )
    from ccsc_gov.core.services.people import list_people

    meeting = meeting or clerk.meeting(clerk.shared())
    ref, meeting_id = meeting["ref"], meeting["id"]
    with database.reading() as s:
        meetings.get_meeting(s, meeting=ref)
        meetings.next_draft_to_approve(s, meeting=ref)
        items = agenda.agenda(s, meeting=ref)
        agenda.agenda_timing(s, meeting=ref)
        attendance.expected_attendees(s, meeting_id=meeting_id)
        attendance.meeting_attendance(s, meeting_id=meeting_id)
        attendance.meeting_quorum(s, meeting_id=meeting_id)
        attendance.items_quorum(s, meeting_id=meeting_id)
        declarations.declarations_at_meeting(s, meeting_id=meeting_id)
        decisions.list_decisions(s, meeting=ref)
        raised = actions.list_actions(s, meeting=ref, today=UNTIL)
        matters_arising.matters_arising(s, meeting=ref)
        list_people(s)
    clerk.versions.update({f"item:{item.id}": item.version for item in items})
    clerk.versions.update({f"action:{action.ref}": action.version for action in raised})


def type_minutes(database: Any, clerk: Clerk) -> None:
    """A save of the minute being typed, with the version the clerk loaded, as the window's."""
    from ccsc_gov.core.services import agenda

    meeting = clerk.meeting(clerk.shared())
    items = meeting["items"]
    item_id = items[0] if meeting is clerk.plan["meetings"][0] else clerk.rng.choice(items)
    key = f"item:{item_id}"
    text = f"Minute typed by clerk {clerk.number}, save {len(clerk.acks)}: the committee noted."
    with database.transaction() as s:
        agenda.write_minutes(
            s, item_id=item_id, text=text, expected_version=clerk.versions.get(key)
        )
        version = agenda.item_by_id(s, item_id).version
    clerk.saved("item", str(item_id), version, text)


def record_attendance(database: Any, clerk: Clerk) -> None:
    """One person's line of the register corrected (their note), as the attendance tab does."""
    from sqlalchemy import select

    from ccsc_gov.core.governance.vocabulary import AttendanceCategory
    from ccsc_gov.core.services import attendance
    from ccsc_gov.core.store.models import Attendance

    meeting = clerk.meeting(clerk.shared())
    person = clerk.rng.choice(meeting["people"][:2] if clerk.shared() else meeting["people"])
    note = f"clerk {clerk.number}, change {len(clerk.acks)}"
    with database.transaction() as s:
        row = s.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting["id"], Attendance.person_id == person
            )
        ).one()
        category = AttendanceCategory(row.category)
        attendance.record_attendance(
            s,
            meeting_id=meeting["id"],
            person_id=person,
            category=category,
            arrived_at_item_id=row.arrived_at_item_id,
            left_at_item_id=row.left_at_item_id,
            note=note,
        )
        s.flush()
        version = row.version
    clerk.saved("attendance", f"{meeting['id']}:{person}", version, note)


def add_action(database: Any, clerk: Clerk) -> None:
    from ccsc_gov.core.services import actions

    meeting = clerk.meeting(clerk.shared())
    clerk.added += 1
    description = f"Clerk {clerk.number} to follow up point {clerk.added} with the lead."
    with database.transaction() as s:
        view = actions.add_action(
            s,
            item_id=clerk.rng.choice(meeting["items"]),
            description=description,
            owner_ids=[clerk.rng.choice(meeting["people"])],
            today=UNTIL,
        )
    clerk.saved("action", view.ref, view.version, description)
    meeting.setdefault("mine", []).append(view.ref)


def update_action(database: Any, clerk: Clerk) -> None:
    """An action's description corrected (with the version loaded), or a progress note."""
    from ccsc_gov.core.services import actions

    shared = clerk.shared()
    meeting = clerk.meeting(shared)
    refs = meeting["actions"][:2] if shared else meeting["actions"] + meeting.get("mine", [])
    if not refs:
        return add_action(database, clerk)
    ref = clerk.rng.choice(refs)
    key = f"action:{ref}"
    if clerk.rng.random() < 0.5:
        text = f"Progress from clerk {clerk.number}, note {len(clerk.notes)}."
        with database.transaction() as s:
            actions.record_progress(s, action=ref, text=text, today=UNTIL)
        clerk.notes.append((ref, text))
        return None
    description = f"Clerk {clerk.number} corrected this action, change {len(clerk.acks)}."
    with database.transaction() as s:
        actions.edit_action(
            s, action=ref, description=description, expected_version=clerk.versions.get(key)
        )
        version = actions.action_by_ref(s, ref).version
    clerk.saved("action", ref, version, description)
    return None


def search(database: Any, clerk: Clerk) -> None:
    from ccsc_gov.core.services.search import search as search_records

    with database.reading() as s:
        search_records(s, text=clerk.rng.choice(WORDS))


def export_minutes(database: Any, clerk: Clerk, folder: Path) -> None:
    from ccsc_gov.core.export.meeting_documents import MeetingDocument, write_meeting_document

    meeting = clerk.meeting(clerk.shared())
    with database.reading() as s:
        write_meeting_document(
            s,
            document=MeetingDocument.MINUTES,
            meeting=meeting["ref"],
            path=folder / f"{meeting['id']}.docx",
        )


# --- many clerks, and the check afterwards --------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What one run of the mix gave: per kind each step's time (seconds, wall clock) and how
    long the clerk's process and its server process waited for a core meanwhile; conflicts."""

    clerks: int
    seconds: float
    think: float
    all_steps: dict[str, list[Step]]
    conflicts: dict[str, int]
    acknowledged: int
    lost: list[str]
    errors: list[str]

    def steps(self, kind: str, *, own: bool = False, first: bool = False) -> list[float]:
        """The time of each step of a kind but a clerk's first of that kind (`first`: only
        those), on the wall clock; `own`: less the time the clerk's own process waited for a
        core of this machine (what a clerk at their own desktop would wait: the server's
        work, its waits for a core and for locks all still counted)."""
        return [
            took - (clerk if own else 0.0)
            for took, clerk, _, firstly in self.all_steps.get(kind, [])
            if firstly == first
        ]

    def p(self, kind: str, q: float, *, own: bool = False) -> float | None:
        values = sorted(self.steps(kind, own=own))
        if not values:
            return None
        return values[min(len(values) - 1, int(q * len(values)))]

    def waited(self, which: int) -> float:
        """The mean time per step the clerk's process (0) or its server process (1) waited
        for a core of this machine."""
        waits = [step[1 + which] for steps in self.all_steps.values() for step in steps]
        return sum(waits) / len(waits) if waits else 0.0


def run_clerks(
    target: str, plan: dict[str, Any], clerks: int, seconds: float, think: float = 0.0
) -> Run:
    """`clerks` processes working together for `seconds` (after all have started and loaded
    their first workspace), pausing `think` seconds on average between steps, then every
    acknowledged write checked."""
    request = {"target": target, "plan": plan, "seconds": seconds, "think": think}
    with tempfile.TemporaryDirectory(prefix="ccsc-load-") as folder:
        path = Path(folder) / "request.json"
        path.write_text(json.dumps(request), encoding="utf-8")
        processes = [
            subprocess.Popen(
                [sys.executable, str(HERE), "--clerk", str(number), "--request", str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for number in range(clerks)
        ]
        for process in processes:  # each has imported the app and loaded its workspace
            assert process.stdout is not None
            process.stdout.readline()
        start_at = time.time() + 0.2
        for process in processes:  # then all start together
            assert process.stdin is not None
            process.stdin.write(f"{start_at!r}\n")
            process.stdin.flush()
        results, errors = [], []
        for number, process in enumerate(processes):
            out, err = process.communicate(timeout=seconds + 600)
            if process.returncode != 0:
                errors.append(f"clerk {number} stopped: {err.strip().splitlines()[-1:]}")
                continue
            results.append(json.loads(out))
    steps: dict[str, list[Step]] = defaultdict(list)
    conflicts: dict[str, int] = defaultdict(int)
    acks: list[tuple[str, str, int, str]] = []
    notes: list[tuple[str, str]] = []
    for result in results:
        for kind, values in result["steps"].items():
            steps[kind] += [tuple(step) for step in values]  # type: ignore[misc]
        for kind, count in result["conflicts"].items():
            conflicts[kind] += count
        errors += result["errors"]
        acks += [tuple(ack) for ack in result["acks"]]  # type: ignore[misc]
        notes += [tuple(note) for note in result["notes"]]  # type: ignore[misc]
    lost = lost_updates(target, acks, notes)
    acknowledged = len(acks) + len(notes)
    return Run(clerks, seconds, think, dict(steps), dict(conflicts), acknowledged, lost, errors)


def lost_updates(
    target: str, acks: list[tuple[str, str, int, str]], notes: list[tuple[str, str]]
) -> list[str]:
    """Each acknowledged write that the database no longer shows as it should: two writes
    acknowledged at the same version of a record (one overwrote the other unseen), a record
    whose latest acknowledged write is not what it holds, a progress note that is missing."""
    from sqlalchemy import select

    from ccsc_gov.core.store.db import open_database
    from ccsc_gov.core.store.models import Action, ActionNote, AgendaItem, Attendance

    by_record: dict[tuple[str, str], dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for kind, key, version, value in acks:
        by_record[kind, key][version].append(value)
    lost = []
    database = open_database(target, create=False)
    with database.reading() as s:
        for (kind, key), versions in by_record.items():
            for version, values in versions.items():
                if len(values) > 1:
                    lost.append(f"{kind} {key}: {len(values)} writes acknowledged at v{version}")
            if kind == "item":
                row = s.get(AgendaItem, int(key))
                held = (row.version, row.minutes) if row else None
            elif kind == "attendance":
                meeting_id, person_id = map(int, key.split(":"))
                found = s.scalars(
                    select(Attendance).where(
                        Attendance.meeting_id == meeting_id, Attendance.person_id == person_id
                    )
                ).first()
                held = (found.version, found.note) if found else None
            else:
                action = s.scalars(select(Action).where(Action.ref == key)).first()
                held = (action.version, action.description) if action else None
            latest = max(versions)
            if held is None or held[0] != latest or held[1] not in versions[latest]:
                lost.append(f"{kind} {key}: holds {held}, acknowledged v{latest}")
        for ref, text in notes:
            found_note = s.scalars(
                select(ActionNote.id)
                .join(Action, Action.id == ActionNote.action_id)
                .where(Action.ref == ref, ActionNote.text == text)
            ).first()
            if found_note is None:
                lost.append(f"progress note on {ref} missing: {text!r}")
    database.close()
    return lost


# --- the report -----------------------------------------------------------------------------


FEW = 20  # a p95 over fewer steps is their slowest one, or nearly: too few to rely on


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f} ms"


def ratio(alone: Run, crowd: Run, kind: str, *, own: bool) -> float | None:
    """p95 together against p95 alone, of wall times or (`own`) of times less the clerk's own
    process's wait for a core."""
    one, many = alone.p(kind, 0.95, own=own), crowd.p(kind, 0.95, own=own)
    return many / one if one and many else None


def _ratio(alone: Run, crowd: Run, kind: str, *, own: bool) -> str:
    value = ratio(alone, crowd, kind, own=own)
    few = min(len(alone.steps(kind)), len(crowd.steps(kind))) < FEW
    return "—" if value is None else f"{value:.2f}×" + (" †" if few else "")


def worst(alone: Run, crowd: Run, *, own: bool) -> tuple[float, str]:
    """The highest p95 ratio among the operations with enough steps both alone and together."""
    ratios = [
        (value, kind)
        for kind in KINDS
        if min(len(alone.steps(kind)), len(crowd.steps(kind))) >= FEW
        and (value := ratio(alone, crowd, kind, own=own)) is not None
    ]
    return max(ratios, default=(0.0, "—"))


def first(run: Run, kind: str) -> str:
    """The median time, on the wall clock, of the clerks' first steps of a kind."""
    firsts = sorted(run.steps(kind, first=True))
    return _ms(firsts[len(firsts) // 2] if firsts else None)


def render(title: str, alone: Run, crowd: Run, budget: float | None) -> str:
    n = crowd.clerks
    lines = [
        f"### {title}",
        "",
        "Wall clock: each step's time as the clerk's process saw it. Own core wait out: the "
        "same less the time the clerk's own process, ready to run, waited for a core of this "
        "machine (where every clerk shares two cores with the server; at their own desktop "
        "they would not): the server's work, its own waits for a core, for row locks and for "
        "the audit trail's lock still counted.",
        "",
        f"| operation | steps, 1 clerk | steps, {n} clerks | p50, 1 clerk | p50, {n} clerks | "
        f"p95, 1 clerk | p95, {n} clerks | p95 ratio, wall clock | p95, 1 clerk, own core wait "
        f"out | p95, {n} clerks, own core wait out | p95 ratio, own core wait out | conflicts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in KINDS:
        lines.append(
            f"| {kind} | {len(alone.steps(kind))} | {len(crowd.steps(kind))} | "
            f"{_ms(alone.p(kind, 0.5))} | {_ms(crowd.p(kind, 0.5))} | "
            f"{_ms(alone.p(kind, 0.95))} | {_ms(crowd.p(kind, 0.95))} | "
            f"{_ratio(alone, crowd, kind, own=False)} | "
            f"{_ms(alone.p(kind, 0.95, own=True))} | {_ms(crowd.p(kind, 0.95, own=True))} | "
            f"{_ratio(alone, crowd, kind, own=True)} | {crowd.conflicts.get(kind, 0)} |"
        )
    from ccsc_gov.core.store.db import BUSY_TIMEOUT_MS

    def verdict(value: float, kind: str) -> str:
        if budget is None:
            return ""
        if kind == "—":
            return f" (budget ≤ {budget:g}×: not judged, no operation has {FEW} steps each side)"
        return f" (budget ≤ {budget:g}×: {'met' if value <= budget else 'NOT met'})"

    wall, wall_kind = worst(alone, crowd, own=False)
    own, own_kind = worst(alone, crowd, own=True)
    longest = max(
        (step[0] for kind in WRITES for step in crowd.all_steps.get(kind, [])), default=0.0
    )
    lines += [
        "",
        f"- p95 with {n} clerks against one clerk alone, worst operation, wall clock: "
        f"{wall:.2f}× ({wall_kind}){verdict(wall, wall_kind)}",
        f"- the same with each clerk's own process's wait for a core of this machine taken out: "
        f"{own:.2f}× ({own_kind}){verdict(own, own_kind)}",
        f"- waiting for a core of this machine, per step on average: the clerk's process "
        f"{_ms(alone.waited(0))} alone, {_ms(crowd.waited(0))} together; its server process "
        f"{_ms(alone.waited(1))} alone, {_ms(crowd.waited(1))} together",
        "- each clerk's first step of each kind (its statements compiled, the Word writer "
        "imported…) is left out of the p50s and p95s above; their medians, alone → together: "
        + ", ".join(f"{kind} {first(alone, kind)} → {first(crowd, kind)}" for kind in KINDS),
        f"- longest write, waits included: {_ms(longest)} (the busy timeout is "
        f"{BUSY_TIMEOUT_MS / 1000:g} s on SQLite)",
        f"- conflicts detected (a clerk told another saved first): {sum(crowd.conflicts.values())}",
        f"- writes acknowledged and checked afterwards: {alone.acknowledged} alone, "
        f"{crowd.acknowledged} together",
        f"- lost updates: {len(alone.lost) + len(crowd.lost)}",
        f"- other errors: {len(alone.errors) + len(crowd.errors)}",
    ]
    if any("†" in line for line in lines):
        lines.append(
            f"- † fewer than {FEW} steps alone or together: that p95 is the slowest step or "
            "nearly, left out of the worst operation"
        )
    for problem in (alone.lost + crowd.lost + alone.errors + crowd.errors)[:20]:
        lines.append(f"  - {problem}")
    return "\n".join(lines)


def save(path: Path, runs: dict[str, tuple[Run, Run]]) -> None:
    """Every step of the runs, by backend, for `pool` to gather with other runs' later."""
    path.write_text(
        json.dumps({b: [dataclasses.asdict(r) for r in pair] for b, pair in runs.items()}),
        encoding="utf-8",
    )


def pool(paths: list[Path]) -> dict[str, tuple[Run, Run]]:
    """The runs saved in each file, by backend, alone with alone and together with together:
    their steps and findings put together, as one longer run."""
    gathered: dict[str, list[list[Run]]] = defaultdict(lambda: [[], []])
    for path in paths:
        for backend, pair in json.loads(path.read_text(encoding="utf-8")).items():
            for side, run in zip(gathered[backend], pair, strict=True):
                steps = {k: [tuple(s) for s in v] for k, v in run.pop("all_steps").items()}
                side.append(Run(all_steps=steps, **run))  # type: ignore[arg-type]
    return {
        backend: (_joined(alone), _joined(crowd)) for backend, (alone, crowd) in gathered.items()
    }


def _joined(runs: list[Run]) -> Run:
    steps: dict[str, list[Step]] = defaultdict(list)
    conflicts: dict[str, int] = defaultdict(int)
    for run in runs:
        for kind, values in run.all_steps.items():
            steps[kind] += values
        for kind, count in run.conflicts.items():
            conflicts[kind] += count
    return Run(
        runs[0].clerks,
        sum(r.seconds for r in runs),
        runs[0].think,
        dict(steps),
        dict(conflicts),
        sum(r.acknowledged for r in runs),
        [x for r in runs for x in r.lost],
        [x for r in runs for x in r.errors],
    )


def summary(alone: Run, crowd: Run) -> dict[str, Any]:
    def figures(run: Run, kind: str) -> dict[str, Any]:
        return {
            "count": len(run.steps(kind)),
            "p50": run.p(kind, 0.5),
            "p95": run.p(kind, 0.95),
            "p95_own": run.p(kind, 0.95, own=True),
        }

    return {
        "clerks": crowd.clerks,
        "seconds": crowd.seconds,
        "reference_seconds": alone.seconds,
        "think": crowd.think,
        "operations": {
            kind: {
                "alone": figures(alone, kind),
                "together": figures(crowd, kind),
                "ratio": ratio(alone, crowd, kind, own=False),
                "ratio_own": ratio(alone, crowd, kind, own=True),
                "conflicts": crowd.conflicts.get(kind, 0),
            }
            for kind in KINDS
        },
        "worst": worst(alone, crowd, own=False),
        "worst_own": worst(alone, crowd, own=True),
        "waited": {
            "clerk": [alone.waited(0), crowd.waited(0)],
            "server": [alone.waited(1), crowd.waited(1)],
        },
        "conflicts": sum(crowd.conflicts.values()),
        "acknowledged": alone.acknowledged + crowd.acknowledged,
        "lost_updates": alone.lost + crowd.lost,
        "errors": alone.errors + crowd.errors,
    }


def measure(
    target: str, clerks: int, seconds: float, think: float, reference_seconds: float
) -> tuple[Run, Run]:
    """The mix by one clerk alone, then by `clerks` clerks together, on the same database,
    each clerk pausing `think` seconds on average before each step, alone as together."""
    plan = make_plan(target)
    alone = run_clerks(target, plan, 1, reference_seconds, think)
    crowd = run_clerks(target, plan, clerks, seconds, think)
    return alone, crowd


@contextlib.contextmanager
def demo_database(backend: str, years: int, server: str, workdir: Path):  # type: ignore[no-untyped-def]
    """A database of the backend filled with the demo history, removed afterwards."""
    if backend == "sqlite":
        path = workdir / f"demo-{years}y.sqlite3"
        build_demo_database(str(path), years)
        yield str(path)
        return
    url = create_postgres_database(server)
    try:
        build_demo_database(url, years)
        yield url
    finally:
        drop_postgres_database(server, url)


def title(backend: str, alone: Run, crowd: Run, years: int | None, runs: int = 1) -> str:
    where = "PostgreSQL database" if backend == "postgresql" else "SQLite file"
    pooled = f", {runs} runs pooled" if runs > 1 else ""
    demo = f", {years}-year demo" if years else ""
    return (
        f"{crowd.clerks} clerks on one {where}, pausing {crowd.think:g} s on average before "
        f"each step, alone as together: {alone.seconds:g} s alone, {crowd.seconds:g} s "
        f"together{pooled}{demo}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=20, help="clerks on PostgreSQL (20)")
    parser.add_argument("--sqlite-clerks", type=int, default=3, help="clerks on SQLite (3)")
    parser.add_argument(
        "--seconds", type=float, default=120.0, help="how long the clerks work together (120 s)"
    )
    parser.add_argument(
        "--reference-seconds",
        type=float,
        default=420.0,
        help="how long one clerk works alone, pausing as they do (420 s)",
    )
    parser.add_argument("--years", type=int, default=10, help="years of demo history (10)")
    parser.add_argument(
        "--think", type=float, default=3.0, help="a clerk's average pause before a step (3 s)"
    )
    parser.add_argument(
        "--backend", choices=("both", "postgresql", "sqlite"), default="both", help="(both)"
    )
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server to make a db on")
    parser.add_argument("--db", help="an existing database (URL or SQLite path) to use as is")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--save", type=Path, help="keep every step timed in this file")
    parser.add_argument(
        "--pool", type=Path, nargs="+", help="print the runs kept in these files, pooled"
    )
    parser.add_argument("--clerk", type=int, help=argparse.SUPPRESS)  # one clerk's process
    parser.add_argument("--request", type=Path, help=argparse.SUPPRESS)  # and what it is to do
    args = parser.parse_args(argv)
    if args.clerk is not None:
        request = json.loads(args.request.read_text(encoding="utf-8"))
        result = run_clerk(
            request["target"], request["plan"], args.clerk, request["seconds"], request["think"]
        )
        print(json.dumps(result))
        return 0

    measured: dict[str, tuple[Run, Run]] = {}
    if args.pool:
        measured = pool(args.pool)
    elif args.db:
        sqlite = "://" not in args.db or args.db.startswith("sqlite")
        runs = [("sqlite" if sqlite else "postgresql", args.db)]
    else:
        runs = [(b, "") for b in ("postgresql", "sqlite") if args.backend in ("both", b)]
    with tempfile.TemporaryDirectory(prefix="ccsc-load-") as tmp:
        for backend, given in [] if args.pool else runs:
            clerks = args.sqlite_clerks if backend == "sqlite" else args.clerks
            with contextlib.ExitStack() as stack:
                target = given or stack.enter_context(
                    demo_database(backend, args.years, args.server, Path(tmp))
                )
                measured[backend] = measure(
                    target, clerks, args.seconds, args.think, args.reference_seconds
                )
    if args.save:
        save(args.save, measured)
    reports = {backend: summary(alone, crowd) for backend, (alone, crowd) in measured.items()}
    if args.json:
        print(json.dumps(reports, indent=2))
    else:
        years = None if args.db or args.pool else args.years
        for backend, (alone, crowd) in measured.items():
            heading = title(backend, alone, crowd, years, len(args.pool or [1]))
            print(render(heading, alone, crowd, 2.0 if backend == "postgresql" else None))
            print()
    failed = any(r["lost_updates"] or r["errors"] for r in reports.values())
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
