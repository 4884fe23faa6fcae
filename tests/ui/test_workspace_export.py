"""Exporting the agenda and the minutes from the workspace: off the GUI thread, with a progress
indicator, then an offer to open the file or its folder."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import docx
import pytest
from pytestqt.qtbot import QtBot
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.export import gather, pdf
from ccsc_gov.core.export.meeting_documents import MeetingDocument as Document
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services import agenda, attendance, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AttendanceCategory, Confidentiality
from ccsc_gov.ui import export as export_module
from ccsc_gov.ui.export import FileKind, OpenChoice
from ccsc_gov.ui.workspace.documents import suggested_name
from ccsc_gov.ui.workspace.window import MeetingWorkspace

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]


@pytest.fixture
def ref(db: Database) -> str:
    ids = seat_committee(db)
    ref = schedule(db)
    with db.transaction() as session:
        agenda.add_item(session, meeting=ref, title="Budget", duration=30)
        agenda.add_item(
            session,
            meeting=ref,
            title="Redundancy proposals in the imaging unit",
            public_title="Staffing matter",
            confidentiality=Confidentiality.CONFIDENTIAL,
            confidentiality_reason="Personal information",
        )
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        meeting_id = meetings.get_meeting(session, meeting=ref).id
        attendance.record_attendance(
            session,
            meeting_id=meeting_id,
            person_id=ids["Okafor"],
            category=AttendanceCategory.PRESENT,
        )
    return ref


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Where files go, and what the clerk was offered and had opened."""
    folder = tmp_path / "exports"
    folder.mkdir()
    record: dict[str, Any] = {"asked": [], "offered": [], "opened": [], "folder": folder}

    def ask_save_path(_parent: Any, *, title: str, name: str, kind: FileKind) -> Path:
        record["asked"].append((title, name, kind))
        return folder / name

    def offer(_parent: Any, path: Path, description: str) -> OpenChoice:
        record["offered"].append((path, description))
        return OpenChoice.FILE

    monkeypatch.setattr(export_module, "ask_save_path", ask_save_path)
    monkeypatch.setattr(export_module, "offer_to_open", offer)
    monkeypatch.setattr(export_module, "open_path", record["opened"].append)
    return record


def document_text(path: Path) -> str:
    """The text of a Word file, its tables' cells included."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_public_agenda_is_written_off_the_gui_thread_and_offered_to_open(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    exported: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[int] = []
    real = gather.agenda_snapshot

    def snapshot(session: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(session, **kwargs)

    monkeypatch.setattr(gather, "agenda_snapshot", snapshot)
    ws = open_workspace(ref)
    public_word = ws.export_agenda_button.menu().actions()[1]
    assert public_word.text() == "Public (Word)…"

    with qtbot.waitSignal(ws.exporter.done, timeout=30_000) as done:
        public_word.trigger()
        assert ws.progress.isVisible()
        assert ws.progress_label.text() == f"Writing the public agenda of {ref} (Word)…"
        assert not ws.export_minutes_button.isEnabled()

    path = exported["folder"] / "EMC-2026-01 agenda (public).docx"
    assert done.args[1] == path
    assert threads
    assert threads[0] != threading.get_ident()
    assert exported["asked"] == [("Save the public agenda as", path.name, FileKind.WORD)]
    assert exported["offered"] == [(path, f"the public agenda of {ref} (Word)")]
    assert exported["opened"] == [path]
    text = document_text(path)
    assert "Staffing matter" in text
    assert "Redundancy proposals" not in text
    assert not ws.progress.isVisible()
    assert ws.export_minutes_button.isEnabled()


def test_a_pdf_is_made_from_the_word_document(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    exported: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    converted: list[tuple[str, Path]] = []

    def convert(source: Path, target: Path | None = None, **_kwargs: Any) -> Path:
        assert target is not None
        converted.append((Path(source).suffix, target))
        target.write_bytes(b"%PDF-1.7 made by the test")
        return target

    monkeypatch.setattr(pdf, "convert_to_pdf", convert)
    ws = open_workspace(ref)

    with qtbot.waitSignal(ws.exporter.done, timeout=30_000):
        ws.export(Document.MINUTES, public=False, pdf=True)

    target = exported["folder"] / "EMC-2026-01 minutes.pdf"
    assert converted == [(".docx", target)]
    assert target.read_bytes().startswith(b"%PDF")
    # The Word file it was made from was a temporary one.
    assert sorted(p.name for p in exported["folder"].iterdir()) == [target.name]


def test_an_export_that_fails_says_why_and_frees_the_buttons(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    exported: dict[str, Any],
    shown_errors: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def convert(*_args: Any, **_kwargs: Any) -> Path:
        raise UserError(pdf.NOT_INSTALLED)

    monkeypatch.setattr(pdf, "convert_to_pdf", convert)
    ws = open_workspace(ref)

    with qtbot.waitSignal(ws.exporter.done, timeout=30_000) as done:
        ws.export(Document.AGENDA, public=True, pdf=True)

    assert done.args[1] is None
    assert shown_errors == [pdf.NOT_INSTALLED]
    assert exported["offered"] == []
    assert ws.export_agenda_button.isEnabled()
    assert not ws.exporter.busy


def test_a_bug_in_an_export_reaches_the_crash_handler(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    exported: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a bug in the writer")

    crashes: list[BaseException] = []

    def hook(_kind: type[BaseException], error: BaseException, _tb: TracebackType | None) -> None:
        crashes.append(error)

    monkeypatch.setattr(gather, "minutes_snapshot", broken)
    ws = open_workspace(ref)
    monkeypatch.setattr(sys, "excepthook", hook)

    with qtbot.waitSignal(ws.exporter.done, timeout=30_000):
        ws.export(Document.MINUTES, public=False, pdf=False)

    assert [str(e) for e in crashes] == ["a bug in the writer"]
    assert not ws.progress.isVisible()


def test_choosing_no_file_exports_nothing(
    open_workspace: OpenWorkspace, ref: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "ask_save_path", lambda *_args, **_kwargs: None)
    ws = open_workspace(ref)

    ws.export(Document.MINUTES, public=True, pdf=False)

    assert not ws.exporter.busy
    assert not ws.progress.isVisible()


def test_a_minute_being_typed_goes_into_the_exported_minutes(
    qtbot: QtBot, open_workspace: OpenWorkspace, db: Database, ref: str, exported: dict[str, Any]
) -> None:
    ws = open_workspace(ref)
    tab = ws.minutes_tab
    budget = next(i for i in tab.items_model.items() if i.title == "Budget")
    tab.select(budget.id)
    tab.editor.setFocus()
    qtbot.keyClicks(tab.editor, "The Committee noted the budget.")

    with qtbot.waitSignal(ws.exporter.done, timeout=30_000):
        ws.export(Document.MINUTES, public=False, pdf=False)

    text = document_text(exported["folder"] / "EMC-2026-01 minutes.docx")
    assert "The Committee noted the budget." in text
    assert "Redundancy proposals in the imaging unit" in text  # the full version


def test_suggested_file_names_carry_no_slashes() -> None:
    assert suggested_name(Document.MINUTES, "EMC/2026/03", public=True, pdf=False) == (
        "EMC-2026-03 minutes (public).docx"
    )
    assert suggested_name(Document.AGENDA, "RSC/2026/01", public=False, pdf=True) == (
        "RSC-2026-01 agenda.pdf"
    )
