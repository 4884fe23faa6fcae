"""The Circulation tab of a meeting workspace: circulate the agenda, pack, draft minutes or
minutes (as drafts for the clerk's mail program, or sent through the Centre's mail server),
record that the chair has cleared the draft minutes, and see what went to whom and when."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services import circulation
from ccsc_gov.core.services.circulation import CirculationView, MessageRecord
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.settings.config import MailSettings, load_settings
from ccsc_gov.core.store.models import CirculationKind, MessageOutcome
from ccsc_gov.ui.formats import sentence_case
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.workspace.context import Outcome, Workspace
from ccsc_gov.ui.export import export_folder

if TYPE_CHECKING:
    from ccsc_gov.core.export.circulate import Prepared

AREAS = Area.MEETINGS | Area.MINUTES
BUTTONS = (
    (CirculationKind.AGENDA, "Circulate the agenda…"),
    (CirculationKind.PACK, "Circulate the board pack…"),
    (CirculationKind.DRAFT_MINUTES, "Draft minutes to the chair…"),
    (CirculationKind.MINUTES, "Circulate the minutes…"),
)
RECORD_COLUMNS = ("When", "What", "Version", "Outcome", "To", "By")


def ask_folder(parent: QWidget, caption: str, start: Path) -> Path | None:
    """The folder for the drafts; tests replace this function."""
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start))
    return Path(chosen) if chosen else None


def tell(parent: QWidget, title: str, text: str) -> None:
    """What went out, and to whom it did not; tests replace this function."""
    QMessageBox.information(parent, title, text)


def mail_server() -> MailSettings | None:
    try:
        return load_settings().mail
    except UserError:
        return None


def pack_available() -> bool:
    from ccsc_gov.core.export.circulate import PACK_MODULE

    return importlib.util.find_spec(PACK_MODULE) is not None


def summary(records: Sequence[MessageRecord], unreachable: Sequence[str]) -> str:
    lines = []
    for record in records:
        people = ", ".join(p.name for p in record.to)
        if record.outcome is MessageOutcome.FAILED:
            lines.append(f"NOT SENT to {people}: {record.detail}")
        elif record.outcome is MessageOutcome.SENT:
            lines.append(f"Sent to {people}.")
        else:
            lines.append(f"Saved for {people}: {Path(record.detail).name}")
    if unreachable:
        lines.append(f"No email address for {', '.join(unreachable)}: send to them yourself.")
    return "\n".join(lines)


class CirculationTab(QWidget):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self.stage = QLabel()
        self.buttons: dict[CirculationKind, QPushButton] = {}
        row = QHBoxLayout()
        for kind, text in BUTTONS:
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, k=kind: self.circulate(k))
            self.buttons[kind] = button
            row.addWidget(button)
        if not pack_available():
            self.buttons[CirculationKind.PACK].setEnabled(False)
            self.buttons[CirculationKind.PACK].setToolTip(
                "This version of ccsc-gov cannot build the board pack yet."
            )
        self.cleared_button = QPushButton("The chair has cleared the draft minutes")
        self.cleared_button.clicked.connect(self.chair_cleared)
        row.addWidget(self.cleared_button)
        row.addStretch(1)
        server = mail_server()
        self.send_box = QCheckBox(
            f"Send directly through {server.host}"
            if server
            else "Send directly (no mail server set)"
        )
        self.send_box.setEnabled(server is not None)
        self.send_box.setToolTip(
            "Without this, the messages are saved as drafts to open in your mail program."
        )

        self.model = QStandardItemModel(0, len(RECORD_COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(RECORD_COLUMNS))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("What was circulated")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(RECORD_COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stage)
        layout.addLayout(row)
        layout.addWidget(self.send_box)
        layout.addWidget(QLabel("What was circulated, to whom and when:"))
        layout.addWidget(self.table, 1)
        self.record: list[CirculationView] = []

    # Reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        ref = self.ws.meeting_ref

        def read(session: Session) -> tuple[list[CirculationView], str | None]:
            return (
                circulation.list_circulations(session, meeting=ref),
                circulation.minutes_stage(session, meeting=ref),
            )

        found = self.ws.ops.run_query(read, parent=self)
        if found is None:
            return
        self.record, stage = found
        self.stage.setText(f"Minutes: {stage}." if stage else "")
        self.cleared_button.setEnabled(stage == "with the chair")
        self.model.setRowCount(0)
        for entry in self.record:
            for message in entry.messages:
                cells = [
                    entry.at.strftime("%d %b %Y %H:%M"),
                    sentence_case(entry.kind),
                    message.version,
                    sentence_case(message.outcome),
                    "; ".join(p.name for p in message.to),
                    entry.who,
                ]
                items = [QStandardItem(text) for text in cells]
                items[4].setToolTip("\n".join(f"{p.name} <{p.address}>" for p in message.to))
                self.model.appendRow(items)

    def set_editable(self, editable: bool) -> None:
        """Approved minutes are still circulated (in their final form): nothing to disable."""

    # Circulating --------------------------------------------------------------------------

    def circulate(self, kind: CirculationKind) -> None:
        """Circulate the meeting's document of this kind, asking first if it went before."""
        from ccsc_gov.core.export.circulate import prepare_circulation, write_drafts

        ref, ops = self.ws.meeting_ref, self.ws.ops
        before = [
            c
            for c in self.record
            if c.kind is kind and any(m.outcome is not MessageOutcome.FAILED for m in c.messages)
        ]
        if before and not Confirm.ask(
            self,
            title="Circulate again?",
            text=f"The {kind.value} of {ref} already went out on "
            f"{before[-1].at:%d %B %Y at %H:%M}. Circulate it again?",
            ok_text="Circulate again",
        ):
            return
        again = bool(before)
        sending = self.send_box.isChecked()
        folder = None
        if not sending:
            folder = ask_folder(self, f"Save the {kind.value} messages in…", export_folder())
            if folder is None:
                return

        def prepare(session: Session) -> Prepared:
            return prepare_circulation(session, meeting=ref, kind=kind, again=again)

        if sending:
            prepared = ops.run_query(prepare, parent=self)
            if prepared is None:
                return
            from ccsc_gov.core.export.mail import send_letters

            server = mail_server()
            assert server is not None  # the box is enabled only with a server
            try:
                records = send_letters(prepared.messages, server)
            except UserError as error:
                show_user_error(self, error)
                return
            unreachable = [p.name for p in prepared.unreachable]
            done = ops.run_op(
                lambda s: Outcome(
                    circulation.record_circulation(
                        s,
                        kind=kind,
                        meeting_id=self.ws.meeting_id,
                        sent=True,
                        folder="",
                        messages=records,
                        again=again,
                    ),
                    self.ws.changes(AREAS),
                ),
                parent=self,
            )
        else:
            assert folder is not None
            target = folder

            def draft(session: Session) -> Outcome[tuple[list[MessageRecord], list[str]]]:
                prepared = prepare(session)
                records = write_drafts(prepared.messages, target)
                circulation.record_circulation(
                    session,
                    kind=kind,
                    meeting_id=self.ws.meeting_id,
                    sent=False,
                    folder=str(target),
                    messages=records,
                    again=again,
                )
                names = [p.name for p in prepared.unreachable]
                return Outcome((records, names), self.ws.changes(AREAS))

            drafted = ops.run_op(draft, parent=self)
            if drafted is None:
                return
            records, unreachable = drafted.value
            done = drafted
        if done is not None:
            tell(self, f"{sentence_case(kind.value)} of {ref}", summary(records, unreachable))

    def chair_cleared(self) -> None:
        ref = self.ws.meeting_ref
        self.ws.ops.run_op(
            lambda s: circulation.clear_minutes(s, meeting=ref, on=self.ws.today()), parent=self
        )
