"""Minutes a company secretary signs as they come: who took the chair when the chair withdrew,
the closed session (Part II) with who withdrew before it, the closing time, the chair's name
under the signature, overdue actions in matters arising, and columns that hold their words.

Each story runs through the services on a real database and reads the Word file back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import docx
import pytest
from cycle_helpers import meet, schedule, seat
from demo_meeting import demo_minutes
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from sqlalchemy.orm import Session

from ccsc_gov.core.export import gather
from ccsc_gov.core.export.minutes import write_minutes
from ccsc_gov.core.export.snapshots import MinutesSnapshot
from ccsc_gov.core.export.text import WORD_JOINER
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import actions, agenda, attendance, declarations, meetings, people
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import (
    AttendanceCategory,
    BodyKind,
    Confidentiality,
    DeclarationAction,
    Purpose,
    Role,
)

DAY = dt.date(2026, 3, 10)
NEXT_DAY = dt.date(2026, 4, 14)


def by_title(session: Session, ref: str, title: str) -> int:
    return next(i.id for i in agenda.agenda(session, meeting=ref) if i.title == title)


AWARDS = "Pump-priming awards"


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def minutes(db: Database, ref: str, tmp_path: Path, *, public: bool = False) -> Document:
    with db.reading() as session:
        snapshot = gather.minutes_snapshot(session, meeting=ref)
    target = tmp_path / f"{'public' if public else 'full'}.docx"
    write_minutes(snapshot, target, public=public)
    return docx.Document(str(target))


@pytest.fixture
def held(db: Database) -> tuple[str, dict[str, int]]:
    """An EMC meeting (5.1 is the annual report the EMC takes every time) where the chair
    withdrew from 5.2, with an observer and a confidential item 5.3 taken in closed session."""
    with db.transaction() as s:
        ids = seat(s, "EMC")
        lund = people.add_person(s, name="Keira Lund", title="Ms", position="Portfolio Manager")
        people.add_membership(
            s, body="EMC", person_id=lund.id, role=Role.OBSERVER, start=dt.date(2020, 1, 1)
        )
        ids["Lund"] = lund.id
        ref = schedule(s, "EMC", DAY)
        agenda.add_item(s, meeting=ref, title=AWARDS, purpose=Purpose.DECISION)
        agenda.add_item(
            s,
            meeting=ref,
            title="Extension of a group leader's contract",
            public_title="Staffing matter",
            purpose=Purpose.DECISION,
            confidentiality=Confidentiality.CONFIDENTIAL,
        )
        meet(s, ref, [ids["Okafor"], ids["Ferreira"], ids["Natarajan"]])
        attendance.record_attendance(
            s,
            meeting_id=meeting_by_ref(s, ref).id,
            person_id=lund.id,
            category=AttendanceCategory.IN_ATTENDANCE,
        )
        declarations.record_declaration(
            s,
            item_id=by_title(s, ref, AWARDS),
            person_id=ids["Okafor"],
            nature="a close family member is an applicant",
            action_taken=DeclarationAction.WITHDREW,
        )
    return ref, ids


def test_the_vice_chair_takes_the_chair_when_the_chair_withdraws(
    db: Database, held: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    ref, _ = held
    body = texts(minutes(db, ref, tmp_path))
    start = body.index("5.2\tPump-priming awards")
    quorum = next(t for t in body[start:] if "withdrew for this item" in t)
    assert quorum.startswith(
        "Prof. Hannah Okafor withdrew for this item. The Vice-chair, Dr Luis Ferreira, took the "
        "chair for this item. The item remained quorate (2 of 3 voting members present)."
    )


def test_a_member_chosen_at_the_meeting_is_recorded_as_taking_the_chair(
    db: Database, held: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    ref, ids = held
    with db.transaction() as s:
        attendance.take_chair(s, item_id=by_title(s, ref, AWARDS), person_id=ids["Natarajan"])
    body = texts(minutes(db, ref, tmp_path))
    assert any(
        "The Committee chose Ms Priya Natarajan to take the chair for this item." in t for t in body
    )
    with db.reading() as s:
        [answer] = [
            q.answer
            for q in attendance.items_quorum(s, meeting_id=meeting_by_ref(s, ref).id)
            if q.number == "5.2"
        ]
    assert (answer.chair_away, answer.taken_by, answer.taken_by_vice_chair) == (
        True,
        "Ms Priya Natarajan",
        False,
    )


def test_only_a_member_in_the_room_takes_the_chair_and_only_when_the_chair_was_away(
    db: Database, held: tuple[str, dict[str, int]]
) -> None:
    ref, ids = held
    with db.transaction() as s:
        awards = by_title(s, ref, AWARDS)
        report = by_title(s, ref, "Annual report to the funder")
        with pytest.raises(NotAllowed, match=r"The Chair was in the room for item 5\.1"):
            attendance.take_chair(s, item_id=report, person_id=ids["Ferreira"])
        with pytest.raises(InvalidInput, match="Ms Keira Lund is not a member"):
            attendance.take_chair(s, item_id=awards, person_id=ids["Lund"])
        with pytest.raises(InvalidInput, match=r"was not in the room for item 5\.2"):
            attendance.take_chair(s, item_id=awards, person_id=ids["Okafor"])


def test_confidential_business_is_a_closed_session_after_the_open_business(
    db: Database, held: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    ref, _ = held
    for public in (False, True):
        body = texts(minutes(db, ref, tmp_path, public=public))
        part = body.index("Part II — closed session (confidential business)")
        assert body.index("8\tDate of next meeting") < part
        assert "Ms Keira Lund withdrew before the closed session." in body[part:]
        assert any(
            t.startswith(
                "Resolved: that the Committee take the following business in closed session"
            )
            for t in body[part:]
        )
        title = "Staffing matter" if public else "Extension of a group leader's contract"
        assert body.index(f"5.3\t{title}") > part


def test_the_closing_time_and_the_chairs_name_end_the_minutes(
    db: Database, held: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    ref, _ = held
    with db.transaction() as s:
        with pytest.raises(
            InvalidInput, match="started at 14:00, so it cannot have closed at 13:30"
        ):
            meetings.record_closing_time(s, meeting=ref, closed_at=dt.time(13, 30))
        meetings.record_closing_time(s, meeting=ref, closed_at=dt.time(15, 52))
    body = texts(minutes(db, ref, tmp_path))
    assert "The meeting closed at 15:52." in body
    assert body.index("The meeting closed at 15:52.") < body.index("Actions from this meeting")
    # A draft: the signature block is there, blank, the chair's name under it.
    assert body[-1] == "Signed …………………………………\tDate ……………………\nProf. Hannah Okafor, Chair"
    assert not any(t.startswith("Approved as a correct record") for t in body)


def test_an_overdue_action_is_flagged_in_matters_arising_with_its_due_date(
    db: Database, held: tuple[str, dict[str, int]], tmp_path: Path
) -> None:
    ref, ids = held
    with db.transaction() as s:
        raised = actions.add_action(
            s,
            item_id=by_title(s, ref, AWARDS),
            description="Write to the applicants",
            owner_ids=[ids["Ferreira"]],
            due=dt.date(2026, 4, 6),
            today=DAY,
        )
        later = schedule(s, "EMC", NEXT_DAY)
        meet(s, later, [ids["Okafor"], ids["Ferreira"], ids["Natarajan"]])
    document = minutes(db, later, tmp_path)
    table = document.tables[0]
    [row] = [[c.text for c in r.cells] for r in table.rows if r.cells[0].text == raised.ref]
    assert row[3] == "6 Apr 2026 — overdue"
    # Only the date is marked, not the whole row.
    due_cell = next(r for r in table.rows if r.cells[0].text == raised.ref).cells
    assert due_cell[3].paragraphs[0].style.name == "Table Text Overdue"
    assert due_cell[1].paragraphs[0].style.name == "Table Text"
    assert f"One action was overdue: {raised.ref} (due 6 April 2026)." in texts(document)


def test_references_headings_and_times_are_never_broken_inside(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    write_minutes(demo_minutes(), target)
    document = docx.Document(str(target))
    assert WORD_JOINER in document.paragraphs[1].text  # "14:00⁠–⁠16:00"
    for table in document.tables:
        widths = [int(col.get(qn("w:w"))) * 635 for col in table._tbl.tblGrid.gridCol_lst]
        for row in table.rows:
            for width, cell in zip(widths, row.cells, strict=True):
                longest = max((len(w) for w in cell.text.split()), default=0)
                assert width >= longest * Cm(0.19), f"{cell.text!r} is broken in its column"


def test_a_short_action_table_stays_on_one_page_with_what_comes_before(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    write_minutes(demo_minutes(), target)
    table = docx.Document(str(target)).tables[-1]
    for row in table.rows[:-1]:
        assert row.cells[0].paragraphs[0].paragraph_format.keep_with_next


def test_a_recommendation_says_what_was_decided_on_which_recommendation(tmp_path: Path) -> None:
    snapshot = demo_minutes()
    items = tuple(
        dataclasses.replace(
            item,
            decisions=tuple(
                dataclasses.replace(
                    d,
                    referred_from_meeting="RSC/2026/01",
                    referred_from_text="The revised process is recommended to the EMC.",
                    text="",
                )
                for d in item.decisions
            ),
        )
        if any(d.referred_from for d in item.decisions)
        else item
        for item in snapshot.items
    )
    target = tmp_path / "minutes.docx"
    write_minutes(dataclasses.replace(snapshot, items=items), target)
    decision = next(t for t in texts(docx.Document(str(target))) if "D5 —" in t)
    assert decision.startswith(
        "Decision EMC/2026/03/D5 — Approved. The Committee approved the recommendation of "
        "RSC/2026/01 (RSC/2026/01/D3): “The revised process is recommended to the EMC.”"
    )
    assert decision.count("RSC/2026/01/D3") == 1


@pytest.mark.parametrize(
    ("kind", "words"),
    [(BodyKind.BOARD, "the Board"), (BodyKind.SUBCOMMITTEE, "the Subcommittee")],
)
def test_the_minutes_name_the_body_by_its_kind(kind: BodyKind, words: str, tmp_path: Path) -> None:
    snapshot: MinutesSnapshot = dataclasses.replace(demo_minutes(), body_kind=kind)
    target = tmp_path / "minutes.docx"
    write_minutes(snapshot, target)
    body = texts(docx.Document(str(target)))
    assert any(t.startswith(f"Resolved: that {words} take the following") for t in body)
    assert not any("the Committee" in t for t in body)
