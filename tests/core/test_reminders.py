"""`ccsc-gov remind actions` on a copy of the demo: one message per owner holding exactly that
owner's open actions, overdue first and marked; the rhythm honoured when no date is given."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from circulation_helpers import addresses, body_text, read_folder, record_reminders_sent
from demo_database import DEMO_UNTIL
from sqlalchemy import select

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services import actions, people
from ccsc_gov.core.services.circulation import list_circulations
from ccsc_gov.core.services.reminders import action_reminders
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import (
    ActionStatus,
    AgendaItem,
    Confidentiality,
)

pytestmark = pytest.mark.sqlite_only  # a copy of the demo's SQLite file
ACTION_REF = re.compile(r"^([A-Z]+/\d{4}/\d{2}/A\d+)( — OVERDUE)?:", re.MULTILINE)
OPEN = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def test_one_reminder_per_owner_with_exactly_their_open_actions_overdue_first(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_of = DEMO_UNTIL.isoformat()
    code = main(
        ["remind", "actions", "-o", str(tmp_path), "--as-of", as_of, "--db", str(demo_copy.path)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    messages = read_folder(tmp_path)
    with demo_copy.reading() as session:
        by_address = {p.email: p for p in people.list_people(session)}
        owed = {
            p.id: {
                a.ref: a.overdue
                for a in actions.list_actions(session, owner_id=p.id, today=DEMO_UNTIL)
                if a.status in OPEN
            }
            for p in by_address.values()
        }
        confidential_titles = set(
            session.scalars(
                select(AgendaItem.title).where(AgendaItem.confidentiality != Confidentiality.OPEN)
            )
        )
    owners_with_actions = {pid for pid, refs in owed.items() if refs}
    assert len(messages) == len(owners_with_actions) > 3
    seen = set()
    for message in messages:
        [address] = addresses(message, "To")
        person = by_address[address]
        seen.add(person.id)
        assert message["Cc"] is None
        text = body_text(message)
        listed = ACTION_REF.findall(text)
        assert {ref: bool(mark) for ref, mark in listed} == owed[person.id]
        marks = [bool(mark) for _, mark in listed]
        assert marks == sorted(marks, reverse=True)  # overdue first
        overdue = sum(marks)
        assert message["Subject"].startswith(f"Your open actions: {len(listed)} action")
        assert (f", {overdue} overdue" in message["Subject"]) is bool(overdue)
        assert not any(title in message["Subject"] for title in confidential_titles)
        assert not any(title in text for title in confidential_titles)
    assert seen == owners_with_actions
    assert "Drafted for" in out


def test_the_rhythm_decides_who_is_reminded_today_and_reminders_are_on_record(
    demo_copy: Database,
) -> None:
    day = DEMO_UNTIL
    with demo_copy.reading() as session:
        everyone = action_reminders(session, today=day)
        first_round = action_reminders(session, today=day, by_rhythm=True)
    assert first_round
    assert len(first_round) <= len(everyone)
    record_reminders_sent(demo_copy, first_round, day)
    with demo_copy.reading() as session:
        assert action_reminders(session, today=day, by_rhythm=True) == []
        # A week later the overdue ones are chased again.
        week_later = action_reminders(session, today=day + dt.timedelta(days=7), by_rhythm=True)
        [circulation] = list_circulations(session)
    assert {r.person_id for r in week_later} <= {r.person_id for r in everyone}
    assert any(r.overdue for r in week_later)
    assert circulation.meeting is None
    assert sum(len(m.action_ids) for m in circulation.messages) == sum(
        len(r.lines) for r in first_round
    )


def test_reminders_can_be_sent_through_the_mail_server(
    demo_copy: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from smtp_server import smtp_server

    config = tmp_path / "config" / "ccsc-gov"
    config.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with smtp_server() as (port, received):
        (config / "ccsc-gov.toml").write_text(
            f'[mail]\nhost = "localhost"\nport = {port}\nstarttls = false\n'
            'from = "Governance Office <governance@northbridge.example.ac.uk>"\n'
        )
        argv = ["remind", "actions", "--send", "--as-of", DEMO_UNTIL.isoformat()]
        code = main([*argv, "--db", str(demo_copy.path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    with demo_copy.reading() as session:
        owners = action_reminders(session, today=DEMO_UNTIL)
    assert sorted(envelope[0] for envelope, _ in received.messages) == sorted(
        o.address for o in owners
    )
    for envelope, message in received.messages:
        assert addresses(message, "To") == set(envelope)
        assert message["X-Unsent"] is None
    assert out.count("Sent to") == len(owners)
