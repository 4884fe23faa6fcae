"""The demo history: realistic, built through the services, and the same for the same seed."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from ccsc_gov.cli.commands import main
from ccsc_gov.core.demo.history import build_demo
from ccsc_gov.core.services import actions, agenda, attendance, decisions, meeting_list
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import ActionStatus, MeetingStatus

UNTIL = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(str(path))
    build_demo(database, years=2, seed=7, until=UNTIL)
    database.close()
    return path


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Database]:
    database = open_database(str(demo_path), create=False)
    yield database
    database.close()


def test_every_body_meets_and_only_its_latest_minutes_are_still_a_draft(demo: Database) -> None:
    with demo.reading() as s:
        for body in ("GB", "EMC", "RSC", "NCTSC", "CTSC"):
            held = [m for m in meeting_list.list_meetings(s, body=body) if m.start.date() <= UNTIL]
            assert len(held) >= 4 if body == "GB" else 8, body
            assert held[-1].status is MeetingStatus.MINUTES_DRAFTED
            assert {m.status for m in held[:-1]} == {MeetingStatus.MINUTES_APPROVED}
            upcoming = [
                m for m in meeting_list.list_meetings(s, body=body) if m.start.date() > UNTIL
            ]
            assert [m.status for m in upcoming] in (
                [MeetingStatus.PLANNED],
                [MeetingStatus.AGENDA_PUBLISHED],
            )


def test_recommendations_travel_up_both_levels_and_link_back(demo: Database) -> None:
    with demo.reading() as s:
        chains = [
            decisions.decision_chain(s, decision=d.ref)
            for d in decisions.list_decisions(s, body="GB")
            if d.referred_from
        ]
    assert chains, "the Board never acted on a recommendation"
    bodies = {tuple(d.body for d in (*c.earlier, c.decision)) for c in chains}
    assert any(
        b[-3:] in {("RSC", "EMC", "GB"), ("NCTSC", "EMC", "GB"), ("CTSC", "EMC", "GB")}
        for b in bodies
    )


def test_actions_are_in_every_status_with_overdue_and_revised_ones(demo: Database) -> None:
    with demo.reading() as s:
        rows = actions.list_actions(s, today=UNTIL)
    assert {a.status for a in rows} == set(ActionStatus)
    assert any(a.overdue for a in rows)
    assert any(a.original_due != a.due for a in rows)
    assert any(len(a.owners) > 1 for a in rows)


def test_attendance_has_apologies_late_arrivals_and_an_item_made_inquorate(
    demo: Database,
) -> None:
    with demo.reading() as s:
        held = [m for m in meeting_list.list_meetings(s) if m.start.date() <= UNTIL]
        lists = [attendance.meeting_attendance(s, meeting_id=m.id) for m in held]
        inquorate = [
            q
            for m in held
            for q in attendance.items_quorum(s, meeting_id=m.id)
            if not q.answer.quorate
        ]
    assert any(there.apologies for there in lists)
    assert any(line.arrived_at for there in lists for line in there.present)
    # A withdrawal after a declared interest left one item without a quorum, and only that one.
    assert len(inquorate) == 1
    assert inquorate[0].answer.withdrew


def test_confidential_items_carry_a_public_title(demo: Database) -> None:
    with demo.reading() as s:
        confidential = [
            i
            for m in meeting_list.list_meetings(s)
            for i in agenda.agenda(s, meeting=m.ref)
            if i.confidentiality.value != "open"
        ]
    assert confidential
    assert all(i.public_title and i.public_title != i.title for i in confidential)


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every domain table's rows (the audit trail records wall-clock times, so it is left out)."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
                "AND name NOT IN ('audit', 'alembic_version') AND sql NOT LIKE '%VIRTUAL%' "
                "ORDER BY name"
            )
        ]
        dump = {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    conn.close()
    return dump


def test_the_same_seed_gives_the_same_database(demo_path: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite3"
    assert (
        main(
            [
                "demo",
                "--db",
                str(again),
                "--years",
                "2",
                "--seed",
                "7",
                "--until",
                UNTIL.isoformat(),
            ]
        )
        == 0
    )
    assert _dump(again) == _dump(demo_path)


def test_the_demo_refuses_a_database_that_already_has_meetings(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(demo_path), "--years", "1"]) == 1
    assert "already holds meetings" in capsys.readouterr().err


def test_scripting_commands_report_the_demo_as_json(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["meetings", "--db", str(demo_path), "--body", "EMC", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    held = [r for r in rows if r["minutes_status"]]
    assert {r["minutes_status"] for r in held} == {"approved", "draft"}
    assert all(r["quorate"] in (True, False) for r in held)
    assert all(r["quorate"] is None for r in rows if r["status"] == "planned")

    ref = held[-1]["ref"]
    assert main(["items", ref, "--db", str(demo_path), "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["number"] for i in items][:4] == ["1", "2", "3", "4"]
    assert items[0]["title"] == "Welcome and apologies"
    assert items[0]["minutes"]
    assert {"public_title", "purpose", "presenter", "confidentiality", "quorate"} <= set(items[0])

    assert main(["actions", "--db", str(demo_path), "--overdue", "--json"]) == 0
    overdue = json.loads(capsys.readouterr().out)
    assert overdue
    assert all(a["overdue"] for a in overdue)
    assert {"ref", "body", "description", "owners", "due", "status", "origin_meeting"} <= set(
        overdue[0]
    )
    assert main(["actions", "--db", str(demo_path), "--status", "closed", "--json"]) == 0
    assert {a["status"] for a in json.loads(capsys.readouterr().out)} == {"closed"}

    assert main(["decisions", "--db", str(demo_path), "--body", "EMC", "--json"]) == 0
    emc = json.loads(capsys.readouterr().out)
    assert any(d["referred_from"] for d in emc)
    assert any(d["referred_to"] for d in emc)
    assert main(["items", "EMC/1999/01", "--db", str(demo_path)]) == 1
    assert "no meeting with the reference" in capsys.readouterr().err


def test_the_demo_reads_as_a_clerk_would_write_it(demo_path: Path) -> None:
    """Declarations fit their item, an action is not raised again while it is open (and keeps
    its owner), paper references are unique, and the minutes name their own body."""
    from ccsc_gov.core.demo.content import BUSINESS, CONFIDENTIAL_BUSINESS

    interests = {b.title: b.interest for bs in BUSINESS.values() for b in bs}
    interests |= {b.title: b.interest for b in CONFIDENTIAL_BUSINESS}
    with sqlite3.connect(demo_path) as db:
        declared = db.execute(
            "SELECT ai.title, d.nature FROM declaration d JOIN agenda_item ai ON ai.id = d.item_id"
        ).fetchall()
        assert declared
        assert all(interests.get(title) == nature for title, nature in declared)

        papers = [p for (p,) in db.execute("SELECT papers FROM agenda_item WHERE papers != ''")]
        assert len(papers) == len(set(papers))

        raised = db.execute(
            "SELECT b.code, a.description, a.status FROM action a "
            "JOIN agenda_item ai ON ai.id = a.item_id JOIN meeting m ON m.id = ai.meeting_id "
            "JOIN body b ON b.id = m.body_id"
        ).fetchall()
        times: dict[tuple[str, str], int] = {}
        still_open: dict[tuple[str, str], int] = {}
        for code, description, status in raised:
            times[(code, description)] = times.get((code, description), 0) + 1
            if status in ("open", "in progress"):
                still_open[(code, description)] = still_open.get((code, description), 0) + 1
        assert max(still_open.values(), default=0) <= 1
        # Nobody who left the room for an item is given its action.
        assert not db.execute(
            "SELECT a.ref FROM action a JOIN action_owner o ON o.action_id = a.id "
            "JOIN withdrawal w ON w.item_id = a.item_id AND w.person_id = o.person_id"
        ).fetchall()
        assert max(times.values()) <= 5  # two years: a few rounds at most, never every meeting

        wrong = {
            "board": ("The Committee", "The Subcommittee"),
            "committee": ("The Board", "The Subcommittee"),
            "subcommittee": ("The Board", "The Committee "),
        }
        minutes = db.execute(
            "SELECT b.kind, ai.minutes FROM agenda_item ai JOIN meeting m ON m.id = ai.meeting_id "
            "JOIN body b ON b.id = m.body_id WHERE ai.minutes != ''"
        ).fetchall()
        for kind, text in minutes:
            assert not any(text.startswith(w) for w in wrong[kind]), (kind, text)


def test_the_chair_withdraws_and_someone_takes_the_chair(demo: Database) -> None:
    with demo.reading() as s:
        answers = [
            q.answer
            for m in meeting_list.list_meetings(s)
            if m.start.date() <= UNTIL
            for q in attendance.items_quorum(s, meeting_id=m.id)
            if q.answer.chair_away
        ]
    assert any(a.taken_by_vice_chair for a in answers)


def test_a_history_older_than_the_seeded_terms_of_reference_is_built_under_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`demo --years 30` from 2026 begins in 1996, before the terms seeded for 2000: each
    body's first terms are in force from the history's start, and its meetings are held."""
    path = tmp_path / "old.sqlite3"
    assert main(["demo", "--db", str(path), "--years", "1", "--until", "1999-06-30"]) == 0
    assert "Built 1 years of demo history" in capsys.readouterr().out
    with closing(sqlite3.connect(path)) as con:
        firsts = con.execute(
            "SELECT DISTINCT effective_from FROM terms_of_reference WHERE version = 1"
        ).fetchall()
        held = con.execute("SELECT min(date(start_at)) FROM meeting").fetchone()[0]
    assert firsts == [("1998-06-01",)]
    assert "1998-06-01" <= held < "1999-06-30"
