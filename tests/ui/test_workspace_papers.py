"""Papers in the workspace: files dropped on an agenda item are attached and shown in the
Papers column; replacing and removing are undoable; a paper opens in the system's viewer; the
board pack is built off the GUI thread with a progress dialog and Cancel; the main window
counts the papers in against those expected."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMimeData, Qt, QUrl
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.export import pack as pack_module
from ccsc_gov.core.export.paper_files import check_paper_bytes
from ccsc_gov.core.services import agenda, papers
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import export as export_module
from ccsc_gov.ui.export import OpenChoice
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.workspace import agenda_tab as agenda_tab_module
from ccsc_gov.ui.workspace.agenda_model import PAPERS_COLUMN
from ccsc_gov.ui.workspace.window import MeetingWorkspace

pytest_plugins = ["workspace_fixtures"]

OpenWorkspace = Callable[[str], MeetingWorkspace]


def pdf(path: Path, pages: int) -> Path:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        canvas.drawString(72, 700, f"{path.stem} page {page + 1}")
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def ref(db: Database) -> str:
    seat_committee(db)
    ref = schedule(db)
    with db.transaction() as session:
        agenda.add_item(session, meeting=ref, title="Budget", papers="EMC-26-05-A")
    return ref


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The file dialogs answered, and what was offered and opened."""
    record: dict[str, Any] = {"pick": [], "offered": [], "opened": [], "folder": tmp_path}
    monkeypatch.setattr(
        agenda_tab_module, "ask_paper_files", lambda *_a, **_k: record["pick"].pop(0)
    )
    monkeypatch.setattr(
        export_module, "ask_save_path", lambda _parent, *, title, name, kind: tmp_path / name
    )

    def offer(_parent: Any, path: Path, description: str) -> OpenChoice:
        record["offered"].append((path, description))
        return OpenChoice.FOLDER

    monkeypatch.setattr(export_module, "offer_to_open", offer)
    monkeypatch.setattr(export_module, "open_path", record["opened"].append)
    return record


def papers_cell(ws: MeetingWorkspace, number: str = "5.1") -> str:
    tab = ws.agenda_tab
    item = next(i for i in tab.model.items() if i.number == number)
    return str(tab.model.index_of(item.id, PAPERS_COLUMN).data())


def drop_files(qtbot: QtBot, ws: MeetingWorkspace, paths: list[Path], number: str = "5.1") -> None:
    tab = ws.agenda_tab
    item = next(i for i in tab.model.items() if i.number == number)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    parent = tab.model.index_of(item.id)
    assert tab.model.canDropMimeData(data, Qt.DropAction.CopyAction, -1, 0, parent)
    tab.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, parent)
    qtbot.waitUntil(lambda: all(p.name in papers_cell(ws, number) for p in paths))


def test_files_dropped_on_an_item_become_its_papers_and_undo_takes_them_off(
    qtbot: QtBot, open_workspace: OpenWorkspace, ref: str, tmp_path: Path
) -> None:
    ws = open_workspace(ref)
    assert papers_cell(ws) == "EMC-26-05-A (due)"
    drop_files(qtbot, ws, [pdf(tmp_path / "budget.pdf", 3), pdf(tmp_path / "annex.pdf", 1)])
    assert papers_cell(ws) == "EMC-26-05-A budget.pdf, EMC-26-05-B annex.pdf"
    ws.undo_stack.undo()
    assert papers_cell(ws) == "EMC-26-05-A budget.pdf"
    ws.undo_stack.redo()
    assert papers_cell(ws) == "EMC-26-05-A budget.pdf, EMC-26-05-B annex.pdf"


def test_a_file_that_is_not_a_paper_is_refused_and_nothing_attached(
    qtbot: QtBot, open_workspace: OpenWorkspace, ref: str, tmp_path: Path, shown_errors: list[str]
) -> None:
    ws = open_workspace(ref)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all" * 10)
    ws.agenda_tab.attach_files(ws.agenda_tab.model.items()[-4], [pdf(tmp_path / "a.pdf", 1), fake])
    assert shown_errors
    assert "is not a PDF" in shown_errors[0]
    assert papers_cell(ws) == "EMC-26-05-A (due)"


def test_replace_and_remove_are_undoable_and_a_paper_opens_in_the_viewer(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    tmp_path: Path,
    outside: dict[str, Any],
    db: Database,
) -> None:
    ws = open_workspace(ref)
    first = pdf(tmp_path / "budget.pdf", 3)
    drop_files(qtbot, ws, [first])
    tab = ws.agenda_tab
    item = next(i for i in tab.model.items() if i.number == "5.1")
    [paper] = tab.model.papers_of(item.id)

    outside["pick"].append([pdf(tmp_path / "budget-v2.pdf", 4)])
    tab.replace_paper(paper)
    assert papers_cell(ws) == "EMC-26-05-A budget-v2.pdf"
    [paper] = tab.model.papers_of(item.id)
    assert paper.version == 2
    ws.undo_stack.undo()
    assert papers_cell(ws) == "EMC-26-05-A budget.pdf"

    [paper] = tab.model.papers_of(item.id)
    tab.remove_paper(paper)
    assert papers_cell(ws) == ""  # the paper and its reference are off the agenda
    ws.undo_stack.undo()
    assert papers_cell(ws) == "EMC-26-05-A budget.pdf"

    [paper] = tab.model.papers_of(item.id)
    tab.open_paper(paper)
    [opened] = outside["opened"]
    assert opened.read_bytes() == first.read_bytes()


def test_the_board_pack_is_built_off_the_gui_thread_then_its_folder_offered(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    tmp_path: Path,
    outside: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[int] = []
    real = pack_module.write_pack

    def write_pack(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(pack_module, "write_pack", write_pack)
    ws = open_workspace(ref)
    drop_files(qtbot, ws, [pdf(tmp_path / "budget.pdf", 3)])
    build = ws.pack_menu.actions()[0]
    assert build.text() == "Build &board pack…"
    with qtbot.waitSignal(ws.pack_builder.done, timeout=30_000) as done:
        build.trigger()
        assert ws.pack_builder.dialog is not None
        assert ws.pack_builder.dialog.isVisible()
    path = tmp_path / "EMC-2026-01 board pack.pdf"
    assert done.args[1] is not None
    assert done.args[1].pages == 5
    assert threads
    assert threads[0] != threading.get_ident()
    assert len(PdfReader(str(path)).pages) == 5
    assert outside["offered"][0][0] == path
    assert outside["opened"] == [tmp_path]
    assert ws.pack_builder.dialog is None


def test_cancelling_the_build_writes_no_pack(
    qtbot: QtBot,
    open_workspace: OpenWorkspace,
    ref: str,
    tmp_path: Path,
    outside: dict[str, Any],
    shown_errors: list[str],
) -> None:
    ws = open_workspace(ref)
    drop_files(qtbot, ws, [pdf(tmp_path / "budget.pdf", 3), pdf(tmp_path / "annex.pdf", 2)])
    with qtbot.waitSignal(ws.pack_builder.done, timeout=30_000) as done:
        ws.build_pack()
        ws.pack_builder.cancel()
    assert done.args[1] is None
    assert not (tmp_path / "EMC-2026-01 board pack.pdf").exists()
    assert outside["offered"] == []
    assert shown_errors == []


def test_the_main_window_counts_the_papers_in_for_each_upcoming_meeting(
    qtbot: QtBot,
    open_window: Callable[[], MainWindow],
    add_meeting: Callable[..., str],
    db: Database,
    tmp_path: Path,
) -> None:
    next_week = add_meeting("EMC", 7)
    with db.transaction() as session:
        budget = agenda.add_item(
            session, meeting=next_week, title="Budget", papers="EMC-X-1, EMC-X-2", under=None
        )
        file = check_paper_bytes("budget.pdf", pdf(tmp_path / "budget.pdf", 2).read_bytes())
        papers.add_paper(session, meeting=next_week, item=budget.number, file=file)
    window = open_window()
    window.select_body("EMC")
    qtbot.waitUntil(lambda: window.meeting_model.rowCount() == 1)
    last = window.meeting_model.columnCount() - 1
    assert window.meeting_model.headerData(last, Qt.Orientation.Horizontal) == "Papers"
    assert window.meeting_model.index(0, last).data() == "1 of 2 in"
    assert dt.date.today() < window.meeting_model.meeting_at(0).start.date()
