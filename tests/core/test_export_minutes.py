"""The Word minutes, reopened and read as a clerk (and a member of the public) would."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from demo_meeting import SECRET, demo_minutes
from docx.document import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from ccsc_gov.core.export.minutes import WITHHELD, write_minutes
from ccsc_gov.core.export.pdf import convert_to_pdf, find_soffice
from ccsc_gov.core.export.snapshots import (
    ItemQuorum,
    MinutesItem,
    MinutesSnapshot,
    QuorumStatement,
)
from ccsc_gov.core.store.models import Confidentiality, Purpose


def paragraphs(document: Document) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph outside tables, in order."""
    return [(p.style.name if p.style else "", p.text) for p in document.paragraphs]


def header_text(document: Document) -> str:
    texts = []
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart) and part.partname.startswith("/word/header"):
            for paragraph in part.element.iter(qn("w:p")):
                texts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(texts)


def package_text(path: Path) -> dict[str, str]:
    """Every part of the .docx package, as text: what anyone unzipping the file could read."""
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name).decode("utf-8", "replace") for name in package.namelist()}


def write(tmp_path: Path, snapshot: MinutesSnapshot, *, public: bool = False) -> Document:
    target = tmp_path / ("public.docx" if public else "minutes.docx")
    write_minutes(snapshot, target, public=public)
    return docx.Document(str(target))


# Everything the confidential item C1 says, in every place it could leak from.
CONFIDENTIAL_TEXTS = (
    SECRET,
    "restructure of the Centre Manager",  # its title
    "merge two administrative posts",  # its minute
    "compulsory redundancies",  # a bullet of its minute
    "EMC/2026/03/D6",  # its decision
    "EMC/2026/03/A3",  # its action
    "EMC-26-03-KESTREL",  # its paper
    "her own post",  # a declaration about it
)


def test_public_minutes_hold_no_text_of_the_confidential_item_anywhere_in_the_file(
    tmp_path: Path,
) -> None:
    full, public = tmp_path / "full.docx", tmp_path / "public.docx"
    write_minutes(demo_minutes(), full)
    write_minutes(demo_minutes(), public, public=True)
    everything = "\n".join(package_text(full).values()).lower()
    for secret in CONFIDENTIAL_TEXTS:
        assert secret.lower() in everything, f"the full version should hold {secret!r}"
    for part, text in package_text(public).items():
        for secret in CONFIDENTIAL_TEXTS:
            assert secret.lower() not in text.lower(), f"{secret!r} leaked into {part}"


def test_public_minutes_show_the_confidential_item_by_its_public_title_only(
    tmp_path: Path,
) -> None:
    document = write(tmp_path, demo_minutes(), public=True)
    body = paragraphs(document)
    heading = body.index(("Minute Heading", "C1\tStaffing matter"))
    assert body[heading + 1] == ("Withheld Notice", WITHHELD)
    assert ("Heading 1", "Part II — closed session (confidential business)") in body
    texts = [text for _, text in body]
    assert "One further declaration of interest was made in respect of a confidential item." in (
        texts
    )
    assert any("recorded in the confidential minutes" in t for t in texts)
    carried = document.tables[0]
    assert [c.text for c in carried.rows[3].cells] == [
        "EMC/2026/02/A4",
        "Confidential action — withheld",
        "",
        "",
        "Open",
    ]


def test_confidential_item_without_a_public_title_is_called_a_confidential_item(
    tmp_path: Path,
) -> None:
    snapshot = demo_minutes()
    items = tuple(
        dataclasses.replace(item, public_title="") if item.confidential else item
        for item in snapshot.items
    )
    document = write(tmp_path, dataclasses.replace(snapshot, items=items), public=True)
    assert ("Minute Heading", "C1\tConfidential item") in paragraphs(document)


def test_full_minutes_keep_the_confidential_item_in_a_marked_section_at_the_end(
    tmp_path: Path,
) -> None:
    document = write(tmp_path, demo_minutes())
    body = paragraphs(document)
    section = body.index(("Heading 1", "Part II — closed session (confidential business)"))
    assert body[section + 1] == ("Document Marking", "CONFIDENTIAL — not for publication")
    heading = body.index(
        ("Minute Heading", "C1\tProject Kestrel: restructure of the Centre Manager's office")
    )
    last_open = body.index(("Minute Heading", "8\tDate of next meeting"))
    assert last_open < section < heading
    assert "public title: “Staffing matter”" in body[heading + 1][1]
    assert ("List Bullet", "no compulsory redundancies were expected under Kestrel.") in body
    assert "CONFIDENTIAL · DRAFT" in header_text(document)


def test_draft_minutes_are_marked_draft_in_the_header_and_under_the_title(
    tmp_path: Path,
) -> None:
    document = write(tmp_path, demo_minutes(), public=True)
    header = header_text(document)
    assert "DRAFT — subject to approval" in header
    assert "Executive Management Committee" in header
    assert "EMC/2026/03" in header
    assert "{{" not in header
    styles = [style for style, _ in paragraphs(document)]
    assert "Document Marking" in styles
    # The draft carries the signature block, left blank for the approved copy.
    assert "Approval Statement" not in styles
    [signature] = [text for style, text in paragraphs(document) if style == "Signature Line"]
    assert signature == "Signed …………………………………\tDate ……………………\nProf. Hannah Okafor, Chair"
    assert document.core_properties.content_status == "Draft"


def test_approved_minutes_say_where_they_were_approved_and_carry_a_signature_line(
    tmp_path: Path,
) -> None:
    document = write(tmp_path, demo_minutes(approved=True), public=True)
    body = paragraphs(document)
    assert "DRAFT" not in header_text(document)
    assert not any("DRAFT" in text for _, text in body)
    assert (
        "Approval Statement",
        "Approved as a correct record at meeting EMC/2026/04 on 14 April 2026.",
    ) in body
    assert body[-1][0] == "Signature Line"
    assert body[-1][1].endswith("\nProf. Hannah Okafor, Chair")
    assert ("Meeting Details", "Approved at meeting EMC/2026/04 on 14 April 2026") in body
    assert document.core_properties.content_status == "Approved"


def test_heading_block_attendance_and_quorum_follow_the_house_shape(tmp_path: Path) -> None:
    body = paragraphs(write(tmp_path, demo_minutes()))
    assert body[0] == ("Title", "Executive Management Committee")
    assert body[1] == (
        "Subtitle",
        "Minutes of the meeting held on Tuesday 10 March 2026, 14:00\u2060–\u206016:00",
    )
    assert ("Meeting Details", "Seminar Room 2 and by video") in body
    present = next(text for style, text in body if text.startswith("Present:"))
    # One person a line, the name and then the role.
    assert present.split("\n")[:3] == [
        "Present:\tProf. Hannah Okafor, Director (Chair)",
        "Dr Luis Ferreira, Deputy Director (Vice-chair)",
        "Prof. Grace Lindqvist",
    ]
    assert "Dr Aoife Brennan (by video)" in present.split("\n")
    attending = next(text for _, text in body if text.startswith("In attendance:"))
    assert "Mr Tomasz Wójcik, Finance Business Partner (for item 5.2)\n" in attending
    assert "Ms Ruth Adebayo, Committee Secretary (minutes)" in attending
    assert (
        "Attendance List",
        "Apologies:\tProf. Martin Cole; Dr Yuki Tanaka (funder representative)",
    ) in body
    assert (
        "Quorum Statement",
        "The meeting was quorate (6 of 8 voting members present, including the Chair).",
    ) in body


def test_minute_text_keeps_its_paragraphs_and_bullets(tmp_path: Path) -> None:
    body = paragraphs(write(tmp_path, demo_minutes()))
    start = body.index(("Minute Subheading", "5.1\tAnnual report to the funder"))
    assert [style for style, _ in body[start + 1 : start + 7]] == [
        "Item Details",
        "Body Text",
        "Body Text",
        "List Bullet",
        "List Bullet",
        "Decision",
    ]
    assert body[start + 5][1] == (
        "the public-engagement figures should cover both partner institutions."
    )


def test_decisions_and_actions_are_set_off_with_reference_outcome_owner_and_due(
    tmp_path: Path,
) -> None:
    document = write(tmp_path, demo_minutes())
    decision = next(p for p in document.paragraphs if p.text.startswith("Decision EMC/2026/03/D5"))
    assert decision.style is not None
    assert decision.style.name == "Decision"
    assert decision.runs[0].style is not None
    assert decision.runs[0].style.name == "Label"
    assert decision.text == (
        "Decision EMC/2026/03/D5 — Approved. The Committee approved the recommendation of the "
        "Research Subcommittee (RSC/2026/01/D3). The revised internal peer-review process was "
        "approved. Referred to the Governance Board."
    )
    action = next(p for p in document.paragraphs if p.text.startswith("Action EMC/2026/03/A2"))
    assert action.style is not None
    assert action.style.name == "Action"
    assert action.text.endswith("Owner: T. Wójcik, P. Natarajan. Due: 7 April 2026.")


def test_the_action_table_rows_match_the_meetings_actions(tmp_path: Path) -> None:
    snapshot = demo_minutes()
    expected_full = [
        ("EMC/2026/03/A1", "5.1", "20 Mar 2026"),
        ("EMC/2026/03/A2", "5.2", "7 Apr 2026"),
        ("EMC/2026/03/A3", "C1", "30 Apr 2026"),
    ]
    for public, expected in ((False, expected_full), (True, expected_full[:2])):
        document = write(tmp_path, snapshot, public=public)
        table = document.tables[-1]
        assert table.style is not None
        assert table.style.name == "Action Table"
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert rows[0] == ["Ref", "Item", "Action", "Owner", "Due"]
        assert [(r[0], r[1], r[4]) for r in rows[1:]] == expected
        descriptions = {a.ref: a.description for item in snapshot.items for a in item.actions}
        assert all(r[2] == descriptions[r[0]] for r in rows[1:])


def test_matters_arising_list_each_carried_action_with_its_status(tmp_path: Path) -> None:
    table = write(tmp_path, demo_minutes()).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Ref", "Action", "Owner", "Due", "Status"]
    assert rows[1] == [
        "EMC/2026/01/A3",
        "Circulate revised travel-fund criteria",
        "P. Natarajan",
        "28 Feb 2026",
        "Completed — proposed for closure",
    ]
    assert rows[2][3] == "31 Mar 2026 (was 28 Feb 2026)"


def test_an_inquorate_item_is_named_in_the_quorum_statement_and_in_its_minute(
    tmp_path: Path,
) -> None:
    snapshot = dataclasses.replace(
        demo_minutes(),
        quorum=QuorumStatement(
            quorate=True, voting_present=6, voting_members=8, inquorate_items=("5.3", "6.1")
        ),
        items=(
            MinutesItem(
                number="5.3",
                title="Pump-priming awards",
                purpose=Purpose.DECISION,
                quorum=ItemQuorum(
                    withdrawn=("Dr Samir Haddad", "Prof. Grace Lindqvist"),
                    voting_present=3,
                    voting_members=8,
                    quorate=False,
                ),
            ),
        ),
    )
    texts = [text for _, text in paragraphs(write(tmp_path, snapshot))]
    assert (
        "The meeting was quorate (6 of 8 voting members present). "
        "Items 5.3 and 6.1 were inquorate following withdrawals."
    ) in texts
    assert (
        "Dr Samir Haddad, Prof. Grace Lindqvist withdrew for this item. "
        "The item was inquorate (3 of 8 voting members present)."
    ) in texts


def test_document_properties_name_the_meeting_and_nothing_of_the_template(
    tmp_path: Path,
) -> None:
    properties = write(tmp_path, demo_minutes(), public=True).core_properties
    assert properties.title == (
        "Executive Management Committee — minutes (public version) of EMC/2026/03"
    )
    assert properties.author == ""
    assert properties.comments == ""
    assert "house template" not in (properties.title + properties.subject)


def test_very_long_minutes_are_written_whole(tmp_path: Path) -> None:
    long_text = "\n".join(f"Paragraph {n}: " + "word " * 200 for n in range(300))
    item = MinutesItem(number="5", title="A long discussion", purpose=Purpose.DISCUSSION)
    snapshot = dataclasses.replace(
        demo_minutes(), items=(dataclasses.replace(item, minutes=long_text),)
    )
    body = paragraphs(write(tmp_path, snapshot))
    assert sum(1 for _, text in body if text.startswith("Paragraph ")) == 300


def test_reserved_items_are_withheld_like_confidential_ones(tmp_path: Path) -> None:
    reserved = MinutesItem(
        number="C2",
        title="Reserved Zanzibar matter",
        public_title="Reserved business",
        purpose=Purpose.NOTE,
        confidentiality=Confidentiality.RESERVED,
        minutes="Zanzibar details.",
    )
    snapshot = dataclasses.replace(demo_minutes(), items=(reserved,))
    target = tmp_path / "reserved.docx"
    write_minutes(snapshot, target, public=True)
    assert not any("Zanzibar" in text for text in package_text(target).values())


# --- rendering ------------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert match
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_minutes_render_to_a_pdf_of_a_few_pages_numbered_page_x_of_y(tmp_path: Path) -> None:
    source = tmp_path / "minutes.docx"
    write_minutes(demo_minutes(), source)
    pdf = convert_to_pdf(source)
    pages = pdf_pages(pdf)
    # Three pages as LibreOffice 7.4 lays it out; a font substitution may move a page break.
    assert 2 <= pages <= 4
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # PAGE and NUMPAGES are live fields: the last page says so.
        assert f"Page {pages} of {pages}" in text
        assert "DRAFT — subject to approval" in text
