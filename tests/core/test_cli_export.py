"""`ccsc-gov export …` over the demo database: files that reopen with the content a clerk
expects, the format chosen by the extension, and one-line errors."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from demo_database import DEMO_UNTIL
from docx.document import Document
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from icalendar import Calendar
from openpyxl import load_workbook

from ccsc_gov.cli.commands import main
from ccsc_gov.core.export.excel import HEADER_ROW
from ccsc_gov.core.export.pdf import find_soffice
from ccsc_gov.core.export.template import HOUSE_TEMPLATE
from ccsc_gov.core.governance.lifecycle import TOOK_PLACE
from ccsc_gov.core.services import actions, agenda, meeting_list
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import ActionStatus, Confidentiality, MeetingStatus

# Commands are exercised on SQLite files; the PostgreSQL lane covers the services beneath.
pytestmark = pytest.mark.sqlite_only


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, out: str, err: str) -> str:
    """The error, checked to be a single line on standard error with a failing exit status."""
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ccsc-gov: "), err
    assert "Traceback" not in err
    return lines[0]


def every_text(document: Document) -> str:
    texts = []
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            for paragraph in part.element.iter(qn("w:p")):
                texts.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))))
    return "\n".join(texts)


def package_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "\n".join(
            html.unescape(package.read(name).decode("utf-8", "replace"))
            for name in package.namelist()
        )


@pytest.fixture(scope="module")
def refs(demo_db: Database) -> dict[str, str]:
    """Meetings of the demo to export: one with confidential business, one in draft, and one
    whose agenda is published."""
    with demo_db.reading() as session:
        listed = meeting_list.list_meetings(session)
        confidential = next(
            m.ref
            for m in listed
            if m.status is MeetingStatus.MINUTES_APPROVED
            and any(
                i.confidentiality is not Confidentiality.OPEN
                for i in agenda.agenda(session, meeting=m.ref)
            )
        )
        title = next(
            i.title
            for i in agenda.agenda(session, meeting=confidential)
            if i.confidentiality is not Confidentiality.OPEN
        )
        draft = next(m.ref for m in listed if m.status is MeetingStatus.MINUTES_DRAFTED)
        published = next(m.ref for m in listed if m.status is MeetingStatus.AGENDA_PUBLISHED)
    return {"confidential": confidential, "title": title, "draft": draft, "published": published}


# --- each document, reopened ------------------------------------------------------------------


def test_export_minutes_full_and_public(
    demo_db_path: Path, refs: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ref, db = refs["confidential"], str(demo_db_path)
    full, public = tmp_path / "minutes.docx", tmp_path / "public.docx"
    code, out, err = run(capsys, "export", "minutes", ref, "-o", str(full), "--db", db)
    assert (code, err) == (0, "")
    assert out == f"Saved the minutes of {ref} to {full}.\n"
    # The reference is found whatever its case; --db may come first.
    code, out, _ = run(
        capsys, "--db", db, "export", "minutes", ref.lower(), "-o", str(public), "--public"
    )
    assert code == 0
    assert "public version" in out
    text = every_text(docx.Document(str(full)))
    assert f"Reference {ref}" in text
    assert refs["title"] in text
    assert refs["title"] not in package_text(public)
    assert "Confidential item — minute withheld." in every_text(docx.Document(str(public)))


def test_export_minutes_of_a_draft_says_draft(
    demo_db_path: Path, refs: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "draft.docx"
    code, _, _ = run(
        capsys,
        "export",
        "minutes",
        refs["draft"],
        "-o",
        str(target),
        "--public",
        "--db",
        str(demo_db_path),
    )
    assert code == 0
    text = every_text(docx.Document(str(target)))
    assert "DRAFT — subject to approval" in text
    assert "Approved as a correct record" not in text


def test_export_agenda(
    demo_db_path: Path, refs: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "agenda.docx"
    code, out, _ = run(
        capsys,
        "export",
        "agenda",
        refs["published"],
        "-o",
        str(target),
        "--db",
        str(demo_db_path),
    )
    assert code == 0
    assert out == f"Saved the agenda of {refs['published']} to {target}.\n"
    document = docx.Document(str(target))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][:3] == ["Item", "Business", "Purpose"]
    assert rows[1][:2] == ["1", "Welcome and apologies"]
    assert "Apologies to Ms Ruth Adebayo." in every_text(document)


def test_export_actions_as_excel_and_word_with_filters(
    demo_db: Database, demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    as_of = DEMO_UNTIL.isoformat()
    with demo_db.reading() as session:
        every = actions.list_actions(session, today=DEMO_UNTIL)
        in_progress = actions.list_actions(
            session, body="EMC", status=ActionStatus.IN_PROGRESS, today=DEMO_UNTIL
        )
        overdue = actions.list_actions(session, overdue=True, today=DEMO_UNTIL)
    workbook = tmp_path / "actions.xlsx"
    db = str(demo_db_path)
    code, out, _ = run(
        capsys, "export", "actions", "-o", str(workbook), "--all", "--as-of", as_of, "--db", db
    )
    assert code == 0
    assert f"({len(every)} actions)" in out
    every.sort(key=lambda a: (a.due is None, a.due or dt.date.max))  # soonest due first
    sheet = load_workbook(workbook)["Action log"]
    assert [sheet.cell(HEADER_ROW + n, 2).value for n in range(1, len(every) + 1)] == [
        a.ref for a in every
    ]
    assert sheet.max_row == HEADER_ROW + len(every)

    word = tmp_path / "emc.docx"
    code, _, _ = run(
        capsys,
        "export",
        "actions",
        "-o",
        str(word),
        "--body",
        "emc",
        "--status",
        "In-Progress",
        "--as-of",
        as_of,
        "--db",
        db,
    )
    assert code == 0
    document = docx.Document(str(word))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0][0] == "Ref"  # one body's log has no Body column
    in_progress.sort(key=lambda a: (a.due is None, a.due or dt.date.max))
    assert [row[0] for row in rows[1:]] == [a.ref for a in in_progress]
    assert "Showing: Status: in progress" in every_text(document)

    late = tmp_path / "overdue.xlsx"
    code, _, _ = run(
        capsys, "export", "actions", "-o", str(late), "--overdue", "--as-of", as_of, "--db", db
    )
    assert code == 0
    sheet = load_workbook(late)["Action log"]
    refs = [sheet.cell(HEADER_ROW + n, 2).value for n in range(1, sheet.max_row - HEADER_ROW + 1)]
    overdue.sort(key=lambda a: (a.due is None, a.due or dt.date.max))
    assert refs == [a.ref for a in overdue]
    assert overdue


def test_export_attendance_register(
    demo_db: Database, demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = dt.date(2026, 1, 1)
    with demo_db.reading() as session:
        held = [
            m.ref
            for m in meeting_list.list_meetings(session, body="EMC")
            if m.status in TOOK_PLACE and start <= m.start.date() <= DEMO_UNTIL
        ]
    target = tmp_path / "attendance.docx"
    code, out, _ = run(
        capsys,
        "export",
        "attendance",
        "--body",
        "EMC",
        "--from",
        start.isoformat(),
        "--to",
        DEMO_UNTIL.isoformat(),
        "-o",
        str(target),
        "--db",
        str(demo_db_path),
    )
    assert code == 0
    assert f"({len(held)} meetings)" in out
    document = docx.Document(str(target))
    heading = [c.text for c in document.tables[0].rows[0].cells]
    assert [h.split("\n")[-1] for h in heading[2:-1]] == held
    assert heading[0] == "Name"
    assert heading[-1] == "Attended"


def test_export_declarations_register(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "declarations.docx"
    code, out, _ = run(
        capsys,
        "export",
        "declarations",
        "-o",
        str(target),
        "--body",
        "EMC",
        "--db",
        str(demo_db_path),
    )
    assert code == 0
    assert "declaration" in out
    text = every_text(docx.Document(str(target)))
    assert "Register of declarations of interest" in text
    assert "Executive Management Committee" in text


def test_export_calendar(
    demo_db: Database, demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with demo_db.reading() as session:
        listed = [m.ref for m in meeting_list.list_meetings(session, body="RSC")]
    target = tmp_path / "rsc.ics"
    code, out, _ = run(
        capsys, "export", "calendar", "--body", "RSC", "-o", str(target), "--db", str(demo_db_path)
    )
    assert code == 0
    assert f"({len(listed)} meetings)" in out
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        f"Research Subcommittee ({ref})" for ref in listed
    ]
    again = tmp_path / "again.ics"
    run(capsys, "export", "calendar", "--body", "RSC", "-o", str(again), "--db", str(demo_db_path))
    assert [str(e["uid"]) for e in Calendar.from_ical(again.read_bytes()).walk("VEVENT")] == [
        str(e["uid"]) for e in events
    ]


# --- the Word template --------------------------------------------------------------------


def template_with_header(path: Path, words: str, *, drop: str | None = None) -> Path:
    document = docx.Document(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    document.sections[0].header.add_paragraph(f"{words} {{{{reference}}}}")
    if drop is not None:
        document.styles[drop].delete()
    document.save(str(path))
    return path


def test_the_command_lines_template_wins_over_the_settings_file(
    demo_db_path: Path,
    refs: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the settings folder is moved through XDG_CONFIG_HOME, a Linux convention")
    settings = template_with_header(tmp_path / "settings.docx", "From the settings file")
    given = template_with_header(tmp_path / "given.docx", "From the command line")
    config = tmp_path / "config" / "ccsc-gov"
    config.mkdir(parents=True)
    (config / "ccsc-gov.toml").write_text(f'[documents]\ntemplate = "{settings}"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    ref, db = refs["draft"], str(demo_db_path)

    by_settings, by_option = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run(capsys, "export", "minutes", ref, "-o", str(by_settings), "--db", db)[0] == 0
    assert f"From the settings file {ref}" in every_text(docx.Document(str(by_settings)))
    code, _, _ = run(
        capsys, "export", "agenda", ref, "-o", str(by_option), "--template", str(given), "--db", db
    )
    assert code == 0
    assert f"From the command line {ref}" in every_text(docx.Document(str(by_option)))


def test_a_template_missing_a_style_is_refused_naming_the_style(
    demo_db_path: Path, refs: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = template_with_header(tmp_path / "ours.docx", "Ours", drop="Decision")
    target = tmp_path / "minutes.docx"
    error = one_line_error(
        *run(
            capsys,
            "export",
            "minutes",
            refs["draft"],
            "-o",
            str(target),
            "--template",
            str(template),
            "--db",
            str(demo_db_path),
        )
    )
    assert "no paragraph style named “Decision”" in error
    assert "ours.docx" in error
    assert not target.exists()


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["minutes", "EMC/2099/01", "-o", "{tmp}/m.docx"],
            "There is no meeting with the reference “EMC/2099/01”.",
        ),
        (["minutes", "{draft}", "-o", "{tmp}/m.txt"], "“m.txt” ends in “.txt”"),
        (["minutes", "{draft}", "-o", "{tmp}/m.pdf"], "add --pdf to have the PDF beside it"),
        (["agenda", "{draft}", "-o", "{tmp}/agenda"], "“agenda” has no extension"),
        (["actions", "-o", "{tmp}/a.csv"], "Word (.docx) or Excel (.xlsx)"),
        (["actions", "-o", "{tmp}/a.xlsx", "--pdf"], "--pdf makes a PDF of a Word document"),
        (["actions", "-o", "{tmp}/a.xlsx", "--status", "done"], "“done” is not an action status"),
        (["actions", "-o", "{tmp}/a.xlsx", "--body", "SAB"], "There is no body with the code"),
        (["calendar", "-o", "{tmp}/c.docx"], "Save the calendar as iCalendar (.ics)"),
        (
            [
                *("attendance", "--body", "EMC", "--from", "2026-13-01", "--to", "2026-12-31"),
                *("-o", "{tmp}/r.docx"),
            ],
            "--from: “2026-13-01” is not a date like 2026-03-10.",
        ),
        (
            [
                *("attendance", "--body", "EMC", "--from", "2026-12-31", "--to", "2026-01-01"),
                *("-o", "{tmp}/r.docx"),
            ],
            "The period must end on or after the day it starts.",
        ),
        (["minutes", "{draft}", "-o", "{tmp}/nowhere/m.docx"], "the folder"),
        (["declarations", "-o", "{tmp}/folder.docx"], "is a folder; choose a file name"),
    ],
    ids=[
        "unknown meeting",
        "wrong extension",
        "pdf name",
        "no extension",
        "wrong extension for the log",
        "pdf of a workbook",
        "unknown status",
        "unknown body",
        "calendar as Word",
        "bad date",
        "period backwards",
        "missing folder",
        "target is a folder",
    ],
)
def test_errors_are_one_clear_line_and_write_nothing(
    demo_db_path: Path,
    refs: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    (tmp_path / "folder.docx").mkdir()
    before = sorted(tmp_path.iterdir())
    args = [a.format(tmp=tmp_path, draft=refs["draft"]) for a in argv]
    error = one_line_error(*run(capsys, "export", *args, "--db", str(demo_db_path)))
    assert message in error
    assert sorted(tmp_path.iterdir()) == before


def test_a_missing_database_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    error = one_line_error(
        *run(capsys, "export", "calendar", "-o", str(tmp_path / "c.ics"), "--db", str(missing))
    )
    assert "There is no database" in error
    assert not missing.exists()


def test_an_error_from_the_installed_command_is_one_line_without_a_traceback(
    demo_db_path: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-m", "ccsc_gov", "export", "minutes", "GB/1999/01"),
            *("-o", str(tmp_path / "m.docx"), "--db", str(demo_db_path)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "ccsc-gov: There is no meeting with the reference “GB/1999/01”."
    ]


# --- PDF ------------------------------------------------------------------------------------


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert match
        return int(match.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_is_written_beside_the_word_file(
    demo_db_path: Path, refs: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "minutes.docx"
    code, out, _ = run(
        capsys,
        "export",
        "minutes",
        refs["confidential"],
        "-o",
        str(target),
        "--pdf",
        "--db",
        str(demo_db_path),
    )
    assert code == 0
    pdf = target.with_suffix(".pdf")
    assert out.splitlines()[-1] == f"Saved the PDF to {pdf}."
    assert 2 <= pdf_pages(pdf) <= 5
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert f"Reference {refs['confidential']}" in text
        assert "CONFIDENTIAL" in text
        assert "Page 1 of" in text
