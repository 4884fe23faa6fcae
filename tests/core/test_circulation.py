"""Circulating a meeting's papers: drafts a clerk opens in their mail program, addressed from
the membership, the public version to those not entitled to confidential business."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from circulation_helpers import (
    DAY,
    EMAIL_OF,
    ENTITLED,
    SECRET,
    addresses,
    attachments,
    body_text,
    build_meeting,
    circulate,
    docx_text,
    everything_in,
    read_folder,
)
from icalendar import Calendar

from ccsc_gov.core.export.circulate import prepare_circulation, write_drafts
from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.services.circulation import (
    clear_minutes,
    list_circulations,
)
from ccsc_gov.core.services.minutes_stage import minutes_stage
from ccsc_gov.core.services.terms import add_terms_of_reference
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import Authority, CirculationKind, MessageOutcome, Role

EMAIL = EMAIL_OF


@pytest.fixture
def committee(db: Database):
    with db.transaction() as session:
        return build_meeting(session)


def test_the_minutes_go_to_the_membership_the_public_version_to_observers(
    db: Database, committee, tmp_path: Path
) -> None:
    prepared = circulate(db, committee.ref, CirculationKind.MINUTES, tmp_path)
    [full] = [m for m in read_folder(tmp_path) if "public" not in m["Subject"]]
    [public] = [m for m in read_folder(tmp_path) if "public" in m["Subject"]]

    entitled = {EMAIL[n] for n in ENTITLED if n != "Price"}
    assert addresses(full, "To") == entitled
    assert addresses(public, "To") == {
        EMAIL["Brennan"],  # the funder's representative
        EMAIL["Adeyemi"],  # the observer
        EMAIL["Lindqvist"],  # in attendance by membership
        EMAIL["Mensah"],  # in attendance at this meeting
    }
    for message in (full, public):
        assert addresses(message, "Cc") == {EMAIL["Price"]}  # the clerk
        assert message["X-Unsent"] == "1"
        assert "Executive Management Committee" in message["Subject"]
        assert committee.ref in message["Subject"]
        assert "10 March 2026" in body_text(message)
        assert "subject to approval" in body_text(message)
    # The member without an address is named, not dropped.
    assert [p.name for p in prepared.unreachable] == ["Dr Nadia Noemail"]

    [full_minutes] = attachments(full).values()
    [public_minutes] = attachments(public).values()
    assert SECRET in docx_text(full_minutes)
    assert "Staffing matter" in docx_text(public_minutes)


def test_no_message_to_anyone_not_entitled_holds_anything_confidential(
    db: Database, committee, tmp_path: Path
) -> None:
    for kind in (CirculationKind.AGENDA, CirculationKind.MINUTES):
        folder = tmp_path / kind.value
        folder.mkdir()
        circulate(db, committee.ref, kind, folder)
        messages = read_folder(folder)
        assert len(messages) == 2
        for message in messages:
            to = addresses(message, "To")
            readable = everything_in(message)
            if to & {EMAIL[n] for n in ENTITLED}:
                assert SECRET in readable
                assert not to & {EMAIL["Adeyemi"], EMAIL["Brennan"], EMAIL["Mensah"]}
            else:
                assert SECRET not in readable, kind


def test_the_agenda_comes_with_a_calendar_invitation(
    db: Database, committee, tmp_path: Path
) -> None:
    circulate(db, committee.ref, CirculationKind.AGENDA, tmp_path)
    for message in read_folder(tmp_path):
        files = attachments(message)
        [word] = [n for n in files if n.endswith(".docx")]
        [invitation] = [n for n in files if n.endswith(".ics")]
        assert "Agenda" in docx_text(files[word])
        [event] = Calendar.from_ical(files[invitation]).walk("VEVENT")
        assert event.decoded("dtstart").replace(tzinfo=None) == dt.datetime.combine(
            DAY, dt.time(14)
        )
        html = body_text(message, "html")
        assert "<li>" in html
        assert word in html
        assert "Room 2" in body_text(message)


def test_circulating_twice_needs_again_and_everything_is_on_record(
    db: Database, committee, tmp_path: Path
) -> None:
    circulate(db, committee.ref, CirculationKind.AGENDA, tmp_path)
    second = tmp_path / "again"
    second.mkdir()
    with pytest.raises(NotAllowed, match="already went out"):
        circulate(db, committee.ref, CirculationKind.AGENDA, second)
    circulate(db, committee.ref, CirculationKind.AGENDA, second, again=True)

    with db.reading() as session:
        record = list_circulations(session, meeting=committee.ref)
    assert [c.kind for c in record] == [CirculationKind.AGENDA] * 2
    first = record[0]
    assert not first.sent
    assert first.who
    assert {m.outcome for m in first.messages} == {MessageOutcome.DRAFTED}
    names = {a[0] for m in first.messages for a in m.attachments}
    assert any(n.endswith(".ics") for n in names)
    for message in read_folder(tmp_path):
        [on_record] = [m for m in first.messages if m.subject == message["Subject"]]
        assert on_record.attachments == tuple(
            (name, hashlib.sha256(data).hexdigest()) for name, data in attachments(message).items()
        )
    recipients = {p.address for m in first.messages for p in m.to}
    assert EMAIL["Okafor"] in recipients
    assert EMAIL["Adeyemi"] in recipients

    from sqlalchemy import select

    from ccsc_gov.core.store.models import AuditRecord

    with db.reading() as session:
        audited = set(session.scalars(select(AuditRecord.table_name)))
    assert {"circulation", "circulation_message", "circulation_recipient"} <= audited
    assert "circulation_attachment" in audited


def test_draft_minutes_go_to_the_chair_alone_and_stay_with_the_chair_until_cleared(
    db: Database, committee, tmp_path: Path
) -> None:
    circulate(db, committee.ref, CirculationKind.DRAFT_MINUTES, tmp_path)
    [message] = read_folder(tmp_path)
    assert addresses(message, "To") == {EMAIL["Okafor"]}
    assert addresses(message, "Cc") == set()
    assert "Dear Prof. Hannah Okafor" in body_text(message)
    assert SECRET in everything_in(message)
    with db.reading() as session:
        assert minutes_stage(session, meeting=committee.ref) == "with the chair"
    with db.reading() as session, pytest.raises(NotAllowed, match="with the chair"):
        prepare_circulation(session, meeting=committee.ref, kind=CirculationKind.MINUTES)
    with db.transaction() as session:
        clear_minutes(session, meeting=committee.ref)
    with db.reading() as session:
        assert minutes_stage(session, meeting=committee.ref) == "cleared by the chair"
    members = tmp_path / "members"
    members.mkdir()
    circulate(db, committee.ref, CirculationKind.MINUTES, members)
    assert len(read_folder(members)) == 2


def test_terms_of_reference_can_let_observers_see_confidential_business(
    db: Database, committee, tmp_path: Path
) -> None:
    with db.transaction() as session:
        add_terms_of_reference(
            session,
            body="EMC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.DECIDE,
            quorum_roles=[Role.CHAIR, Role.MEMBER],
            quorum_count=2,
            confidential_roles=[Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.OBSERVER],
        )
    with db.reading() as session:
        prepared = prepare_circulation(session, meeting=committee.ref, kind=CirculationKind.AGENDA)
    full = next(m for m in prepared.messages if m.version == "full")
    assert EMAIL["Adeyemi"] in {p.address for p in full.to}
    assert EMAIL["Whitlock"] not in {p.address for p in full.to}  # ex officio not named


def test_documents_that_cannot_be_made_yet_are_refused_and_nothing_recorded(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        planned = build_meeting(session, held=False)
    with db.reading() as session, pytest.raises(NotAllowed, match="has not been held"):
        prepare_circulation(session, meeting=planned.ref, kind=CirculationKind.MINUTES)
    with db.reading() as session, pytest.raises(UserError, match="no meeting"):
        prepare_circulation(session, meeting="EMC/1999/09", kind=CirculationKind.AGENDA)
    with db.reading() as session:
        prepared = prepare_circulation(session, meeting=planned.ref, kind=CirculationKind.AGENDA)
    with pytest.raises(UserError, match="does not exist"):
        write_drafts(prepared.messages, tmp_path / "missing")
    with db.reading() as session:
        assert list_circulations(session) == []
