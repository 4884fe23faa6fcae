"""Many clerks at once: N clerk processes on one database, each doing a clerk's mix for a while.

    python benchmarks/load.py                       # 20 clerks on PostgreSQL, then 3 on SQLite
    python benchmarks/load.py --clerks 8 --seconds 10 --years 1 --backend postgresql
    python benchmarks/load.py --db postgresql+psycopg://…/centre   # an existing, filled database
    python benchmarks/load.py --json                # the result as one JSON object per run
    python benchmarks/load.py --think 0             # clerks that never pause: a stress run

Clerks together pause between steps as people do (`--think`, 3 s on average, drawn at random:
reading the screen, typing the next sentence); one clerk alone works back to back, so the
reference is each operation's latency with nobody else about.

Each clerk opens meeting workspaces (the reads the window makes), records attendance, types
minutes, adds and updates actions (a description corrected, a progress note), searches and
exports minutes, through the core services, one short transaction per step. A share of every
clerk's edits goes to the same few records of one meeting, so clerks collide on purpose: a
collision must end in a `Conflict` (the message a clerk is shown), never a lost update.

Every write a clerk saw acknowledged is checked afterwards against the database: a record's
acknowledged versions must all differ, its latest must be what the record holds now, and every
acknowledged note and action must be there. The same mix run by one clerk alone, just before,
is the reference for the latencies. It prints what it measured; it asserts nothing (the test
suite's short run in tests/core/test_load.py does).
"""

from __future__ import annotations

import argparse
import contextlib
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


@dataclass
class Clerk:
    """One clerk's run: what it timed, the conflicts it met and the writes acknowledged."""

    number: int
    plan: dict[str, Any]
    rng: random.Random
    versions: dict[str, int] = field(default_factory=dict)  # "item:7" → the version loaded
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
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
        began = time.perf_counter()
        try:
            steps[kind]()
        except Conflict:
            # The time it took to be told; reloading afterwards is a step of its own.
            clerk.times[kind].append(time.perf_counter() - began)
            clerk.conflicts[kind] += 1
            open_workspace(database, clerk, clerk.meeting(True))
            open_workspace(database, clerk, clerk.meeting(False))
            continue
        except Exception as exc:  # every other error is counted and shown
            clerk.errors.append(f"{kind}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        clerk.times[kind].append(time.perf_counter() - began)
    database.close()
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
    return {
        "times": clerk.times,
        "conflicts": clerk.conflicts,
        "errors": clerk.errors,
        "acks": clerk.acks,
        "notes": clerk.notes,
    }


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
    """What one run of the mix gave: per kind the latencies (seconds) and conflicts."""

    clerks: int
    seconds: float
    think: float
    times: dict[str, list[float]]
    conflicts: dict[str, int]
    acknowledged: int
    lost: list[str]
    errors: list[str]

    def p(self, kind: str, q: float) -> float | None:
        values = sorted(self.times.get(kind, []))
        if not values:
            return None
        return values[min(len(values) - 1, int(q * len(values)))]


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
    times: dict[str, list[float]] = defaultdict(list)
    conflicts: dict[str, int] = defaultdict(int)
    acks: list[tuple[str, str, int, str]] = []
    notes: list[tuple[str, str]] = []
    for result in results:
        for kind, values in result["times"].items():
            times[kind] += values
        for kind, count in result["conflicts"].items():
            conflicts[kind] += count
        errors += result["errors"]
        acks += [tuple(ack) for ack in result["acks"]]  # type: ignore[misc]
        notes += [tuple(note) for note in result["notes"]]  # type: ignore[misc]
    lost = lost_updates(target, acks, notes)
    acknowledged = len(acks) + len(notes)
    return Run(clerks, seconds, think, dict(times), dict(conflicts), acknowledged, lost, errors)


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


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f} ms"


def render(title: str, alone: Run, crowd: Run, budget: float | None) -> str:
    lines = [
        f"### {title}",
        "",
        f"| operation | count, 1 clerk | p50, 1 clerk | p95, 1 clerk | count, {crowd.clerks} "
        f"clerks | p50, {crowd.clerks} clerks | p95, {crowd.clerks} clerks | p95 ratio | "
        "conflicts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in KINDS:
        one, many = alone.p(kind, 0.95), crowd.p(kind, 0.95)
        ratio = f"{many / one:.2f}×" if one and many else "—"
        lines.append(
            f"| {kind} | {len(alone.times.get(kind, []))} | {_ms(alone.p(kind, 0.5))} | "
            f"{_ms(one)} | {len(crowd.times.get(kind, []))} | {_ms(crowd.p(kind, 0.5))} | "
            f"{_ms(many)} | {ratio} | {crowd.conflicts.get(kind, 0)} |"
        )
    worst = max(
        (crowd.p(k, 0.95) or 0) / (alone.p(k, 0.95) or 1) for k in KINDS if alone.p(k, 0.95)
    )
    from ccsc_gov.core.store.db import BUSY_TIMEOUT_MS

    verdict = (
        ""
        if budget is None
        else f" (budget ≤ {budget}×: {'met' if worst <= budget else 'NOT met'})"
    )
    longest = max((max(v) for k, v in crowd.times.items() if k in WRITES and v), default=0.0)
    lines += [
        "",
        f"- p95 with {crowd.clerks} clerks against one clerk alone, worst operation: "
        f"{worst:.2f}×{verdict}",
        f"- longest write, waits included: {_ms(longest)} (the busy timeout is "
        f"{BUSY_TIMEOUT_MS / 1000:g} s on SQLite)",
        f"- conflicts detected (a clerk told another saved first): {sum(crowd.conflicts.values())}",
        f"- writes acknowledged and checked afterwards: {alone.acknowledged} alone, "
        f"{crowd.acknowledged} together",
        f"- lost updates: {len(alone.lost) + len(crowd.lost)}",
        f"- other errors: {len(alone.errors) + len(crowd.errors)}",
    ]
    for problem in (alone.lost + crowd.lost + alone.errors + crowd.errors)[:20]:
        lines.append(f"  - {problem}")
    return "\n".join(lines)


def summary(alone: Run, crowd: Run) -> dict[str, Any]:
    return {
        "clerks": crowd.clerks,
        "seconds": crowd.seconds,
        "think": crowd.think,
        "operations": {
            kind: {
                "alone": {
                    "count": len(alone.times.get(kind, [])),
                    "p50": alone.p(kind, 0.5),
                    "p95": alone.p(kind, 0.95),
                },
                "together": {
                    "count": len(crowd.times.get(kind, [])),
                    "p50": crowd.p(kind, 0.5),
                    "p95": crowd.p(kind, 0.95),
                },
                "conflicts": crowd.conflicts.get(kind, 0),
            }
            for kind in KINDS
        },
        "conflicts": sum(crowd.conflicts.values()),
        "acknowledged": alone.acknowledged + crowd.acknowledged,
        "lost_updates": alone.lost + crowd.lost,
        "errors": alone.errors + crowd.errors,
    }


def measure(target: str, clerks: int, seconds: float, think: float) -> tuple[Run, Run]:
    """The mix by one clerk alone, back to back, then by `clerks` clerks together pausing
    `think` seconds on average between steps, on the same database."""
    plan = make_plan(target)
    alone = run_clerks(target, plan, 1, seconds)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clerks", type=int, default=20, help="clerks on PostgreSQL (20)")
    parser.add_argument("--sqlite-clerks", type=int, default=3, help="clerks on SQLite (3)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long each run lasts")
    parser.add_argument("--years", type=int, default=10, help="years of demo history (10)")
    parser.add_argument(
        "--think", type=float, default=3.0, help="a clerk's average pause between steps (3 s)"
    )
    parser.add_argument(
        "--backend", choices=("both", "postgresql", "sqlite"), default="both", help="(both)"
    )
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server to make a db on")
    parser.add_argument("--db", help="an existing database (URL or SQLite path) to use as is")
    parser.add_argument("--json", action="store_true", help="print JSON")
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

    if args.db:
        sqlite = "://" not in args.db or args.db.startswith("sqlite")
        runs = [("sqlite" if sqlite else "postgresql", args.db)]
    else:
        runs = [(b, "") for b in ("postgresql", "sqlite") if args.backend in ("both", b)]
    reports: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ccsc-load-") as tmp:
        for backend, given in runs:
            clerks = args.sqlite_clerks if backend == "sqlite" else args.clerks
            with contextlib.ExitStack() as stack:
                target = given or stack.enter_context(
                    demo_database(backend, args.years, args.server, Path(tmp))
                )
                alone, crowd = measure(target, clerks, args.seconds, args.think)
            reports[backend] = summary(alone, crowd)
            if not args.json:
                where = "PostgreSQL database" if backend == "postgresql" else "SQLite file"
                title = (
                    f"{clerks} clerks on one {where}, {args.seconds:g} s each run, pausing "
                    f"{args.think:g} s on average" + ("" if given else f", {args.years}-year demo")
                )
                print(render(title, alone, crowd, 2.0 if backend == "postgresql" else None))
                print()
    if args.json:
        print(json.dumps(reports, indent=2))
    failed = any(r["lost_updates"] or r["errors"] for r in reports.values())
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
