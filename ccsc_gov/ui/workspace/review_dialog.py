"""Importing the chair's review: the returned file's changes side by side (before and after,
the words that differ highlighted), accepted or rejected one by one or all at once, then taken
in as one undoable step (`TakeInReview`)."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.export.text import capitalised
from ccsc_gov.ui.workspace.commands import ServiceCommand
from ccsc_gov.ui.workspace.context import Workspace

if TYPE_CHECKING:
    # Only for the types: the review service (python-docx and the writers) loads when used.
    from ccsc_gov.core.export.chairs_review import PieceChange, ReviewReport, ReviewTakenIn

REMOVED = "background-color:#f6c6c6;text-decoration:line-through"
ADDED = "background-color:#c6ecc6"
_WORDS = re.compile(r"^\s+|\S+\s*")  # a word with the space after it


def highlighted(before: str, after: str) -> tuple[str, str]:
    """Before and after as HTML, the words taken out struck through in red on the left and
    the words put in green on the right."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        was, now = html.escape("".join(old[i1:i2])), html.escape("".join(new[j1:j2]))
        if tag == "equal":
            left.append(was)
            right.append(now)
            continue
        if was.strip():
            left.append(f'<span style="{REMOVED}">{was}</span>')
        if now.strip():
            right.append(f'<span style="{ADDED}">{now}</span>')
    return (
        "".join(left).replace("\n", "<br>"),
        "".join(right).replace("\n", "<br>"),
    )


def _state(change: PieceChange) -> str:
    if not change.changed:
        return "commented on"
    if not change.may_take_in:
        return "changed in the file, not taken in"
    if change.already_in:
        return "already in the record"
    if change.newer_in_record:
        return "the record has changed since the copy was made"
    return "tracked change" if change.tracked and not change.untracked else "edited"


class ReviewDialog(QDialog):
    """The chair's changes, one at a time beside the text as sent; a tick takes one in."""

    def __init__(self, parent: QWidget | None, report: ReviewReport) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"The chair's review of {report.meeting_ref}")
        self.resize(1100, 620)

        summary = [f"From {report.file_name}: {len(report.to_take_in)} change(s) to take in."]
        summary += list(report.notes)
        summary += [f"Could not be placed: {what}." for what in report.unplaced]
        summary += [f"Comment by {c.author or 'someone'}: {c.text}" for c in report.other_comments]
        if report.approved:
            summary.append("These minutes have been approved: nothing can be taken in.")
        self.summary = QLabel("\n".join(summary))
        self.summary.setWordWrap(True)

        self.list = QListWidget()
        self.list.setAccessibleName("Changes in the chair's file")
        for change in report.changes:
            item = QListWidgetItem(f"{change.id} — {change.what} ({_state(change)})")
            item.setData(Qt.ItemDataRole.UserRole, change.id)
            takeable = change in report.to_take_in and not report.approved
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if takeable:
                item.setFlags(flags | Qt.ItemFlag.ItemIsUserCheckable)
                # A piece the record has moved on from is taken in only on purpose.
                checked = not change.newer_in_record
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            else:
                item.setFlags(flags)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show)

        self.what = QLabel()
        self.what.setWordWrap(True)
        self.before = QTextBrowser()
        self.before.setAccessibleName("Before")
        self.after = QTextBrowser()
        self.after.setAccessibleName("After")
        self.now_label = QLabel("In the record now")
        self.now = QTextBrowser()
        self.now.setAccessibleName("In the record now")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sides = QGridLayout()
        sides.addWidget(QLabel("<b>As sent to the chair</b>"), 0, 0)
        sides.addWidget(QLabel("<b>As the chair returned it</b>"), 0, 1)
        sides.addWidget(self.before, 1, 0)
        sides.addWidget(self.after, 1, 1)
        sides.addWidget(self.now_label, 2, 0)
        sides.addWidget(self.now, 3, 0, 1, 2)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.what)
        detail_layout.addLayout(sides, 1)
        detail_layout.addWidget(self.notes)

        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([360, 740])

        self.accept_all = QPushButton("Accept &all")
        self.accept_all.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.reject_all = QPushButton("&Reject all")
        self.reject_all.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton(
            "&Take in the accepted changes", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setEnabled(not report.approved)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.accept_all)
        bottom.addWidget(self.reject_all)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        if report.changes:
            self.list.setCurrentRow(0)
        else:
            self._show(-1)

    def _check_all(self, state: Qt.CheckState) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def _show(self, row: int) -> None:
        if row < 0 or row >= len(self.report.changes):
            self.what.setText("The file changes nothing.")
            for browser in (self.before, self.after, self.now):
                browser.clear()
            self.now.setVisible(False)
            self.now_label.setVisible(False)
            self.notes.clear()
            return
        change = self.report.changes[row]
        self.what.setText(f"<b>{html.escape(capitalised(change.what))}</b> — {_state(change)}")
        left, right = highlighted(change.sent, change.returned)
        self.before.setHtml(left)
        self.after.setHtml(right)
        newer = change.newer_in_record
        self.now.setVisible(newer)
        self.now_label.setVisible(newer)
        self.now.setPlainText(change.now if newer else "")
        lines = [
            f"{capitalised(t.kind)} “{t.text}” by {t.author or 'someone'}"
            + (f", {t.at:%d %b %Y %H:%M}" if t.at else "")
            for t in change.tracked
        ]
        if change.untracked:
            lines.append("Edited without Track Changes.")
        lines += [f"Comment by {c.author or 'someone'}: {c.text}" for c in change.comments]
        self.notes.setText("\n".join(lines))

    def accepted_ids(self) -> list[str]:
        ids: list[str] = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() is Qt.CheckState.Checked:
                ids.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    @classmethod
    def ask(cls, parent: QWidget | None, *, report: ReviewReport) -> list[str] | None:
        """The ids of the changes the clerk accepts, or None if they cancel."""
        dialog = cls(parent, report)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.accepted_ids()


def ask_review_file(parent: QWidget | None, folder: Path) -> Path | None:
    """The review copy the chair returned; tests replace this function."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import the chair's review", str(folder), "Word documents (*.docx)"
    )
    return Path(chosen) if chosen else None


class TakeInReview(ServiceCommand):
    """The accepted changes of a chair's review, taken in as one step; undo puts each piece
    back as it was and removes the record of the review."""

    def __init__(
        self, ws: Workspace, path: Path, accepted: Sequence[str], over_newer: Sequence[str]
    ) -> None:
        super().__init__(ws, "Take in the chair's review")
        self.path = path
        self.accepted = list(accepted)
        self.over_newer = list(over_newer)
        self.taken: ReviewTakenIn | None = None

    def redo(self) -> None:
        from ccsc_gov.core.export import chairs_review as review

        ref, path, accepted, forced = self.ws.meeting_ref, self.path, self.accepted, self.over_newer

        def take_in(session: Session) -> ReviewTakenIn:
            return review.apply_review(
                session,
                meeting=ref,
                path=path,
                accept=accepted or "none",
                over_newer=forced,
            )

        self.taken = self._call(take_in)

    def undo(self) -> None:
        from ccsc_gov.core.export import chairs_review as review

        taken = self.taken
        if taken is not None:
            self._call(lambda s: review.take_back_review(s, taken=taken))
