"""The clerk's deadlines on a copy of the demo at a fixed day: what is due this week and what is
late, each cleared by doing it (circulating, reminding)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from circulation_helpers import circulate, record_reminders_sent
from demo_database import DEMO_UNTIL

from ccsc_gov.cli.commands import main
from ccsc_gov.core.governance.working_days import add_working_days
from ccsc_gov.core.services import actions, meeting_list
from ccsc_gov.core.services.circulation import clear_minutes
from ccsc_gov.core.services.deadlines import HORIZON_DAYS, DueKind, deadlines
from ccsc_gov.core.services.reminders import action_reminders
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import CirculationKind, MeetingStatus

pytestmark = pytest.mark.sqlite_only  # a copy of the demo's SQLite file
TODAY = DEMO_UNTIL
RHYTHM = {"circulate_days": 7, "draft_minutes_days": 10}  # the seeded terms' rhythm


def due(db: Database, today: dt.date = TODAY):
    with db.reading() as session:
        return deadlines(session, today=today)


def meeting_work(db: Database) -> dict[str, DueKind]:
    """What is due for each meeting (its actions aside)."""
    return {d.meeting: d.kind for d in due(db) if d.meeting and d.kind is not DueKind.ACTION}


def test_the_deadlines_follow_the_rhythm_on_the_demo(demo_copy: Database) -> None:
    listed = due(demo_copy)
    assert listed, "the demo has deadlines at its last day"
    assert [d.late for d in listed] == sorted((d.late for d in listed), reverse=True)
    horizon = TODAY + dt.timedelta(days=HORIZON_DAYS)
    with demo_copy.reading() as session:
        every = meeting_list.list_meetings(session)
        overdue = {a.ref for a in actions.list_actions(session, overdue=True, today=TODAY)}
    agenda_due = {
        m.ref
        for m in every
        if m.status in (MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED)
        and m.start.date() >= TODAY
        and m.start.date() - dt.timedelta(days=RHYTHM["circulate_days"]) <= horizon
    }
    minutes_due = {
        m.ref
        for m in every
        if m.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED)
        and add_working_days(m.start.date(), RHYTHM["draft_minutes_days"]) <= horizon
    }
    assert {d.meeting for d in listed if d.kind is DueKind.AGENDA} == agenda_due
    assert {d.meeting for d in listed if d.kind is DueKind.DRAFT_MINUTES} == minutes_due
    assert {d.action for d in listed if d.kind is DueKind.ACTION} == overdue
    for d in listed:
        assert d.late is (d.due < TODAY)
        assert d.due <= horizon


def test_doing_the_work_takes_it_off_the_list(demo_copy: Database, tmp_path: Path) -> None:
    listed = due(demo_copy)
    agenda = next(d for d in listed if d.kind is DueKind.AGENDA)
    draft = next(d for d in listed if d.kind is DueKind.DRAFT_MINUTES)
    assert agenda.meeting
    assert draft.meeting

    circulate(demo_copy, agenda.meeting, CirculationKind.AGENDA, tmp_path / "agenda")
    circulate(demo_copy, draft.meeting, CirculationKind.DRAFT_MINUTES, tmp_path / "draft")
    after = due(demo_copy)
    assert (DueKind.AGENDA, agenda.meeting) not in {(d.kind, d.meeting) for d in after}
    assert draft.meeting not in meeting_work(demo_copy)  # with the chair: not the clerk's

    with demo_copy.transaction() as session:
        clear_minutes(session, meeting=draft.meeting, on=TODAY)
    assert meeting_work(demo_copy)[draft.meeting] is DueKind.MINUTES
    circulate(demo_copy, draft.meeting, CirculationKind.MINUTES, tmp_path / "minutes")
    assert draft.meeting not in meeting_work(demo_copy)

    with demo_copy.reading() as session:
        reminders = action_reminders(session, today=TODAY)
    record_reminders_sent(demo_copy, reminders, TODAY)
    assert not [d for d in due(demo_copy) if d.kind is DueKind.ACTION]


def test_ccsc_gov_due_prints_the_same_list(
    demo_copy: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["due", "--json", "--as-of", TODAY.isoformat(), "--db", str(demo_copy.path)])
    out, _ = capsys.readouterr()
    assert code == 0
    printed = json.loads(out)
    assert [(r["kind"], r["meeting"], r["action"], r["late"]) for r in printed] == [
        (d.kind.value, d.meeting, d.action, d.late) for d in due(demo_copy)
    ]
    code = main(["due", "--as-of", "29/11/2026", "--db", str(demo_copy.path)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "is not a date" in err
