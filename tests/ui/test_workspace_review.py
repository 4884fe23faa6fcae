"""Importing the chair's review in the workspace: the changes side by side with the words that
differ highlighted, accepted one by one or all at once, and taken in as one undoable step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from review_files import edited, make_review_copy, track_replace
from workspace_helpers import schedule, seat_committee

from ccsc_gov.core.export import chairs_review as review
from ccsc_gov.core.export.meeting_documents import MeetingDocument as Document
from ccsc_gov.core.services import agenda, meetings
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import AuditRecord, MinutesReview, Purpose
from ccsc_gov.ui import export as export_module
from ccsc_gov.ui.workspace import review_dialog
from ccsc_gov.ui.workspace.review_dialog import ADDED, REMOVED, ReviewDialog, highlighted
from ccsc_gov.ui.workspace.window import MeetingWorkspace

if TYPE_CHECKING:
    from workspace_fixtures import Dialogs, OpenWorkspace

pytest_plugins = ["workspace_fixtures"]

CHAIR = "Prof. Hannah Okafor"
BUDGET = "The Committee discussed the draft budget for the coming year."
RISKS = "The risk register was reviewed; two new risks were added."


@pytest.fixture
def ref(db: Database) -> str:
    seat_committee(db)
    ref = schedule(db)
    with db.transaction() as session:
        budget = agenda.add_item(session, meeting=ref, title="Budget", purpose=Purpose.DECISION)
        risks = agenda.add_item(session, meeting=ref, title="Risk register")
        meetings.publish_agenda(session, meeting=ref)
        meetings.mark_held(session, meeting=ref)
        agenda.write_minutes(session, item_id=budget.id, text=BUDGET)
        agenda.write_minutes(session, item_id=risks.id, text=RISKS)
    return ref


def numbered(db: Database, ref: str) -> dict[str, str]:
    with db.reading() as session:
        return {i.title: i.number for i in agenda.agenda(session, meeting=ref)}


def minute(db: Database, ref: str, title: str) -> str:
    with db.reading() as session:
        return next(i.minutes for i in agenda.agenda(session, meeting=ref) if i.title == title)


@pytest.fixture
def returned(db: Database, ref: str, tmp_path: Path) -> Path:
    copy = make_review_copy(db, ref, tmp_path / "review copy.docx")
    return edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "draft budget", "revised draft budget", author=CHAIR),
        lambda d: track_replace(d, "two new risks", "three new risks", author=CHAIR),
    )


def test_differing_words_are_highlighted() -> None:
    left, right = highlighted("The budget was discussed.", "The budget was approved & noted.")
    assert left == f'The budget was <span style="{REMOVED}">discussed.</span>'
    assert right == f'The budget was <span style="{ADDED}">approved &amp; noted.</span>'


def test_the_dialog_shows_each_change_side_by_side(
    qtbot: QtBot, db: Database, ref: str, returned: Path
) -> None:
    with db.reading() as session:
        report = review.review_changes(session, meeting=ref, path=returned)
    dialog = ReviewDialog(None, report)
    qtbot.addWidget(dialog)
    numbers = numbered(db, ref)
    budget, risks = numbers["Budget"], numbers["Risk register"]
    assert [dialog.list.item(r).text() for r in range(dialog.list.count())] == [
        f"{budget} — the minute of item {budget} (tracked change)",
        f"{risks} — the minute of item {risks} (tracked change)",
    ]
    assert dialog.accepted_ids() == [budget, risks]
    assert "revised" in dialog.after.toPlainText()
    assert "revised</span>" in dialog.after.toHtml().replace("revised </span>", "revised</span>")
    assert f"by {CHAIR}" in dialog.notes.text()

    dialog.list.setCurrentRow(1)
    assert dialog.before.toPlainText() == RISKS
    dialog.reject_all.click()
    assert dialog.accepted_ids() == []
    dialog.accept_all.click()
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.accepted_ids() == [risks]


def test_taking_in_the_review_is_one_undoable_step(
    db: Database,
    ref: str,
    returned: Path,
    open_workspace: OpenWorkspace,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws: MeetingWorkspace = open_workspace(ref)
    monkeypatch.setattr(review_dialog, "ask_review_file", lambda _parent, _folder: returned)
    numbers = numbered(db, ref)
    dialogs.answer(ReviewDialog, [numbers["Budget"], numbers["Risk register"]])

    ws.import_review_action.trigger()
    assert minute(db, ref, "Budget") == (
        "The Committee discussed the revised draft budget for the coming year."
    )
    assert minute(db, ref, "Risk register").startswith("The risk register was reviewed; three")
    assert ws.undo_stack.undoText() == "Take in the chair's review"
    with db.reading() as session:
        assert session.query(MinutesReview).count() == 1

    ws.undo()
    assert minute(db, ref, "Budget") == BUDGET
    assert minute(db, ref, "Risk register") == RISKS
    with db.reading() as session:
        assert session.query(MinutesReview).count() == 0
        notes = [a.note for a in session.query(AuditRecord).filter(AuditRecord.what == "review")]
    assert len(notes) == 4
    assert sum(f"corrected by {CHAIR}" in n for n in notes) == 2
    assert sum("put back as it was" in n for n in notes) == 2

    ws.redo()
    assert "revised draft budget" in minute(db, ref, "Budget")


def test_the_export_menu_writes_the_review_copy(
    qtbot: QtBot,
    db: Database,
    ref: str,
    tmp_path: Path,
    open_workspace: OpenWorkspace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws: MeetingWorkspace = open_workspace(ref)
    target = tmp_path / "chair.docx"
    monkeypatch.setattr(export_module, "ask_save_path", lambda *_args, **_kwargs: target)
    monkeypatch.setattr(export_module, "offer_to_open", lambda *_args: None)
    labels = [a.text() for a in ws.export_menu.actions()]
    assert "Minutes — review copy for the chair (Word)…" in labels
    with qtbot.waitSignal(ws.exporter.done, timeout=20000):
        ws.export(Document.REVIEW_COPY, public=False, pdf=False)
    with db.reading() as session:
        report = review.review_changes(session, meeting=ref, path=target)
    assert report.meeting_ref == ref
    assert report.changes == ()
