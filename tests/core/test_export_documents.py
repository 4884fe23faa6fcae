"""The agenda, the action log and the registers as Word documents; and hostile text through
every Word writer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zipfile
from collections.abc import Callable
from pathlib import Path

import demo_meeting as demo
import docx
import pytest
from docx.document import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from ccsc_gov.core.export.action_log import write_action_log
from ccsc_gov.core.export.agenda import write_agenda
from ccsc_gov.core.export.minutes import write_minutes
from ccsc_gov.core.export.registers import (
    write_attendance_register,
    write_declarations_register,
)
from ccsc_gov.core.export.snapshots import (
    ActionEntry,
    ActionLogRow,
    ActionLogSnapshot,
    AgendaEntry,
    AgendaSnapshot,
    Attendee,
    CarriedAction,
    DecisionEntry,
    DeclarationEntry,
    DeclarationRecord,
    DeclarationsRegisterSnapshot,
    MinutesItem,
    RegisterMeeting,
    RegisterPerson,
)
from ccsc_gov.core.store.models import ActionStatus, DecisionOutcome, Purpose, Role

HOSTILE = (
    "ctl\x00\x01\x07\x1b\x7f\x9f|surrogates \ud800 \udfff \ud83d\ude00|rtl עברית العربية "
    "\u202eoverride|emoji 😀👩🏽‍🔬|=cmd|' /C calc'!A0|+1|-2|@SUM(A1)|<w:t>&amp;</w:t>\t|tab"
)
SURVIVORS = ("עברית", "العربية", "😀", "👩🏽\u200d🔬", "=cmd|' /C calc'!A0", "<w:t>&amp;</w:t>")
LONG = "long " * 20_000  # 100 kB


def rows(document: Document, index: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def every_text(document: Document) -> str:
    """The text of every paragraph in the package: body, tables, headers and footers."""
    texts = []
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            for paragraph in part.element.iter(qn("w:p")):
                texts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(texts)


# --- agenda ---------------------------------------------------------------------------------


def test_the_agenda_lists_items_with_purpose_lead_papers_and_times(tmp_path: Path) -> None:
    target = tmp_path / "agenda.docx"
    write_agenda(demo.demo_agenda(), target)
    document = docx.Document(str(target))
    table = rows(document)
    assert table[0] == ["Item", "Business", "Purpose", "Lead", "Papers", "Time"]
    assert table[1] == ["1", "Welcome and apologies", "To note", "", "", "14:00"]
    assert table[7] == [
        "5.2",
        "Clinical fellowship scheme: second cohort",
        "For decision",
        "Dr Luis Ferreira",
        "EMC-26-04-C, EMC-26-04-C1",
        "14:45",
    ]
    # Item 6 follows the sub-items of 5: 14:25 + 20 + 25 minutes.
    assert table[8][0] == "6"
    assert table[8][5] == "15:10"
    # The confidential business is a table of its own, after its own heading.
    assert rows(document, 1)[1][:2] == ["C1", "Project Kestrel: outcome of the consultation"]
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings == ["Part II — closed session (confidential business)"]


def test_the_public_agenda_shows_a_confidential_item_by_its_public_title(tmp_path: Path) -> None:
    target = tmp_path / "agenda.docx"
    write_agenda(demo.demo_agenda(), target, public=True)
    with zipfile.ZipFile(target) as package:
        for name in package.namelist():
            assert demo.SECRET.lower() not in package.read(name).decode().lower(), name
    document = docx.Document(str(target))
    assert rows(document, 1)[1][:5] == ["C1", "Staffing matter", "For decision", "", ""]
    assert "video.example.org" not in every_text(document)


def test_a_200_item_agenda_is_written_whole(tmp_path: Path) -> None:
    items = []
    for top in range(1, 21):
        items.append(AgendaEntry(str(top), f"Section {top}", Purpose.DISCUSSION))
        items.extend(
            AgendaEntry(f"{top}.{sub}", f"Item {top}.{sub}", Purpose.NOTE, duration_minutes=2)
            for sub in range(1, 10)
        )
    assert len(items) == 200
    snapshot = AgendaSnapshot(
        body_name="Research Subcommittee",
        body_code="RSC",
        meeting_ref="RSC/2026/02",
        start=dt.datetime(2026, 5, 5, 9, 0),
        end=dt.datetime(2026, 5, 5, 17, 0),
        items=tuple(items),
    )
    target = tmp_path / "agenda.docx"
    write_agenda(snapshot, target)
    table = rows(docx.Document(str(target)))
    assert len(table) == 201
    assert table[-1][:2] == ["20.9", "Item 20.9"]
    assert table[-1][-1] == "14:58"  # 9:00 + 179 items of 2 minutes before it


# --- action log -----------------------------------------------------------------------------


def test_the_action_log_rows_match_and_overdue_rows_are_marked(tmp_path: Path) -> None:
    snapshot = demo.demo_action_log()
    target = tmp_path / "actions.docx"
    write_action_log(snapshot, target)
    document = docx.Document(str(target))
    table = document.tables[0]
    assert rows(document)[0] == [
        "Body",
        "Ref",
        "Item",
        "Action",
        "Owners",
        "Due",
        "Status",
        "Latest note",
    ]
    for row, expected in zip(table.rows[1:], snapshot.rows, strict=True):
        cells = [cell.text for cell in row.cells]
        assert cells[:4] == [expected.body_code, expected.ref, expected.item, expected.description]
        # Only the status of an overdue action is in the overdue style, not the whole row.
        styles = [cell.paragraphs[0].style.name for cell in row.cells]  # type: ignore[union-attr]
        assert styles[6] == ("Table Text Overdue" if expected.overdue else "Table Text")
        assert set(styles[:6] + styles[7:]) == {"Table Text"}
        assert ("OVERDUE" in cells[6]) == expected.overdue
    assert rows(document)[1][5] == "31 Mar 2026 (was 28 Feb 2026)"
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width > section.page_height  # landscape
    texts = [p.text for p in document.paragraphs]
    assert "Showing: Status: open, in progress, completed" in texts
    assert "Four actions, two of them overdue (marked OVERDUE in the status)." in texts


def test_one_bodys_action_log_has_no_body_column(tmp_path: Path) -> None:
    snapshot = dataclasses.replace(
        demo.demo_action_log(),
        body_code="EMC",
        body_name="Executive Management Committee",
        rows=demo.demo_action_log().rows[:3],
    )
    target = tmp_path / "actions.docx"
    write_action_log(snapshot, target)
    document = docx.Document(str(target))
    assert rows(document)[0][0] == "Ref"
    assert "Executive Management Committee" in every_text(document)


# --- registers ------------------------------------------------------------------------------


def test_the_attendance_register_shows_people_by_meetings(tmp_path: Path) -> None:
    target = tmp_path / "attendance.docx"
    write_attendance_register(demo.demo_attendance_register(), target)
    table = rows(docx.Document(str(target)))
    assert table[0][:2] == ["Name", "Role"]
    assert table[0][2] == "13 Jan 2026\nEMC/2026/01"
    assert table[1] == ["Prof. Hannah Okafor", "Chair", "P", "P", "P", "P", "4 of 4"]
    assert table[5] == ["Dr Aoife Brennan", "", "–", "–", "V", "P", "2 of 2"]
    assert table[6][-1] == "2 of 2"  # in attendance counts as attended


def test_the_register_refuses_marks_that_do_not_match_its_meetings() -> None:
    with pytest.raises(ValueError, match="marks"):
        dataclasses.replace(
            demo.demo_attendance_register(),
            people=(RegisterPerson("Someone", (None,), Role.MEMBER),),
        )


def test_the_declarations_register_groups_declarations_by_person(tmp_path: Path) -> None:
    target = tmp_path / "declarations.docx"
    write_declarations_register(demo.demo_declarations_register(), target)
    document = docx.Document(str(target))
    people = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    assert people == ["Dr Samir Haddad", "Prof. Grace Lindqvist"]
    assert len(document.tables) == 2
    assert rows(document, 0)[1] == [
        "10 Mar 2026",
        "EMC/2026/03",
        "5.3 Pump-priming awards: shortlisting",
        "Co-applicant on one of the shortlisted proposals",
        "Withdrew",
    ]
    assert len(document.tables[0].rows) == 3


def test_empty_registers_and_logs_say_so(tmp_path: Path) -> None:
    write_declarations_register(
        DeclarationsRegisterSnapshot(as_of=dt.date(2026, 1, 1)), tmp_path / "d.docx"
    )
    assert "No declarations of interest have been recorded." in every_text(
        docx.Document(str(tmp_path / "d.docx"))
    )
    write_action_log(ActionLogSnapshot(as_of=dt.date(2026, 1, 1)), tmp_path / "a.docx")
    assert "No actions match." in every_text(docx.Document(str(tmp_path / "a.docx")))


# --- hostile text ---------------------------------------------------------------------------


def hostile_minutes(tmp_path: Path) -> Path:
    item = MinutesItem(
        number="5",
        title=HOSTILE,
        purpose=Purpose.DISCUSSION,
        presenter=HOSTILE,
        papers=(HOSTILE,),
        minutes=f"{HOSTILE}\n- {HOSTILE}\n{LONG}",
        decisions=(DecisionEntry("EMC/2026/03/D1", DecisionOutcome.APPROVED, HOSTILE),),
        actions=(ActionEntry("EMC/2026/03/A1", HOSTILE + LONG, (HOSTILE,)),),
    )
    snapshot = dataclasses.replace(
        demo.demo_minutes(),
        body_name=HOSTILE,
        location=HOSTILE,
        present=(Attendee(HOSTILE, Role.CHAIR, HOSTILE, HOSTILE),),
        declarations=(DeclarationEntry(HOSTILE, "5", HOSTILE),),
        items=(item,),
        carried_actions=(CarriedAction("EMC/2026/02/A1", HOSTILE, ActionStatus.OPEN),),
    )
    target = tmp_path / "minutes.docx"
    write_minutes(snapshot, target)
    return target


def hostile_agenda(tmp_path: Path) -> Path:
    snapshot = dataclasses.replace(
        demo.demo_agenda(),
        body_name=HOSTILE,
        location=HOSTILE,
        video_link=HOSTILE,
        secretary=HOSTILE,
        items=(AgendaEntry("1", HOSTILE + LONG, Purpose.NOTE, presenter=HOSTILE),),
    )
    target = tmp_path / "agenda.docx"
    write_agenda(snapshot, target)
    return target


def hostile_action_log(tmp_path: Path) -> Path:
    row = ActionLogRow(
        ref=HOSTILE,
        body_code=HOSTILE,
        item=HOSTILE,
        description=HOSTILE + LONG,
        status=ActionStatus.OPEN,
        owners=(HOSTILE,),
        latest_note=HOSTILE,
        overdue=True,
    )
    snapshot = ActionLogSnapshot(as_of=dt.date(2026, 4, 1), rows=(row,), filter_description=HOSTILE)
    target = tmp_path / "actions.docx"
    write_action_log(snapshot, target)
    return target


def hostile_registers(tmp_path: Path) -> Path:
    write_attendance_register(
        dataclasses.replace(
            demo.demo_attendance_register(),
            body_name=HOSTILE,
            meetings=(RegisterMeeting(HOSTILE, dt.date(2026, 1, 1)),),
            people=(RegisterPerson(HOSTILE, (None,)),),
        ),
        tmp_path / "attendance.docx",
    )
    record = DeclarationRecord(
        HOSTILE, HOSTILE, HOSTILE, dt.date(2026, 1, 1), HOSTILE, HOSTILE, HOSTILE + LONG
    )
    target = tmp_path / "declarations.docx"
    write_declarations_register(
        DeclarationsRegisterSnapshot(as_of=dt.date(2026, 1, 1), records=(record,), scope=HOSTILE),
        target,
    )
    return target


@pytest.mark.parametrize(
    "write",
    [hostile_minutes, hostile_agenda, hostile_action_log, hostile_registers],
    ids=["minutes", "agenda", "action log", "registers"],
)
def test_hostile_text_survives_every_word_writer(
    tmp_path: Path, write: Callable[[Path], Path]
) -> None:
    target = write(tmp_path)
    text = every_text(docx.Document(str(target)))
    for survivor in SURVIVORS:
        assert survivor in text
    assert "long long long" in text
    for bad in ("\x00", "\x01", "\x1b", "\x7f", "\x9f", "\u202e", "\ud800"):
        assert bad not in text
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None
