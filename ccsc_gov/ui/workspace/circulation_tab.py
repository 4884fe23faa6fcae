"""The Circulation tab of a meeting workspace: circulate the agenda, pack, draft minutes or
minutes (as drafts for the clerk's mail program, or sent through the Centre's mail server),
record that the chair has cleared the draft minutes, and see what went to whom and when."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services import circulation, minutes_stage
from ccsc_gov.core.services.circulation import CirculationView, MessageRecord
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.settings.config import MailSettings, load_settings
from ccsc_gov.core.store.models import CirculationKind, MessageOutcome
from ccsc_gov.ui.export import export_folder
from ccsc_gov.ui.formats import day_text, sentence_case
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.ops import show_user_error
from ccsc_gov.ui.tables import Column, ListTableModel, make_table
from ccsc_gov.ui.workspace.context import Workspace

AREAS = Area.MEETINGS | Area.MINUTES


@dataclass(frozen=True)
class Circulated:
    """What a circulation gave: its record, and who had no address."""

    record: CirculationView
    unreachable: tuple[str, ...]

    @property
    def changes(self) -> Changes:
        return self.record.changes


BUTTONS = (
    (CirculationKind.AGENDA, "Circulate the agenda…"),
    (CirculationKind.PACK, "Circulate the board pack…"),
    (CirculationKind.DRAFT_MINUTES, "Draft minutes to the chair…"),
    (CirculationKind.MINUTES, "Circulate the minutes…"),
)


@dataclass(frozen=True)
class SentMessage:
    """One message of a circulation, a row of the record."""

    circulation: CirculationView
    message: MessageRecord


RECORD_COLUMNS = (
    Column[SentMessage](
        "When", lambda r: f"{day_text(r.circulation.at.date())} {r.circulation.at:%H:%M}", width=17
    ),
    Column[SentMessage]("What", lambda r: sentence_case(r.circulation.kind), width=15),
    Column[SentMessage]("Version", lambda r: r.message.version, width=8),
    Column[SentMessage]("Outcome", lambda r: sentence_case(r.message.outcome), width=8),
    Column[SentMessage](
        "To",
        lambda r: "; ".join(p.name for p in r.message.to),
        stretch=True,
        tooltip=lambda r: "\n".join(f"{p.name} <{p.address}>" for p in r.message.to),
    ),
    Column[SentMessage]("By", lambda r: r.circulation.who, width=10),
)


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

        self.model = ListTableModel[SentMessage](self, columns=RECORD_COLUMNS)
        self.table = make_table(self.model, name="What was circulated")

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
                minutes_stage.minutes_stage(session, meeting=ref),
            )

        found = self.ws.ops.run_query(read, parent=self)
        if found is None:
            return
        self.record, stage = found
        self.stage.setText(f"Minutes: {stage}." if stage else "")
        self.cleared_button.setEnabled(stage in minutes_stage.AWAITING_CLEARANCE)
        self.model.set_rows(
            [SentMessage(entry, message) for entry in self.record for message in entry.messages]
        )

    def set_editable(self, editable: bool) -> None:
        """Approved minutes are still circulated (in their final form): nothing to disable."""

    # Circulating --------------------------------------------------------------------------

    def circulate(self, kind: CirculationKind) -> None:
        """Circulate the meeting's document of this kind, asking first if it went before."""
        ref = self.ws.meeting_ref
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
        if self.send_box.isChecked():
            done = self._send(kind, again=again)
        else:
            folder = ask_folder(self, f"Save the {kind.value} messages in…", export_folder())
            done = self._draft(kind, folder, again=again) if folder is not None else None
        if done is not None:
            tell(
                self,
                f"{sentence_case(kind.value)} of {ref}",
                summary(done.record.messages, done.unreachable),
            )

    def _record(
        self,
        session: Session,
        kind: CirculationKind,
        records: list[MessageRecord],
        *,
        folder: str,
        again: bool,
    ) -> CirculationView:
        return circulation.record_circulation(
            session,
            kind=kind,
            meeting_id=self.ws.meeting_id,
            sent=not folder,
            folder=folder,
            messages=records,
            again=again,
        )

    def _draft(self, kind: CirculationKind, folder: Path, *, again: bool) -> Circulated | None:
        """Save the messages as drafts and keep the record, in one transaction."""
        from ccsc_gov.core.export.circulate import prepare_circulation, write_drafts

        def draft(session: Session) -> Circulated:
            prepared = prepare_circulation(
                session, meeting=self.ws.meeting_ref, kind=kind, again=again
            )
            records = write_drafts(prepared.messages, folder)
            view = self._record(session, kind, records, folder=str(folder), again=again)
            return Circulated(view, tuple(p.name for p in prepared.unreachable))

        return self.ws.ops.run_op(draft, parent=self)

    def _send(self, kind: CirculationKind, *, again: bool) -> Circulated | None:
        """Send through the mail server (outside any transaction), then keep the record of
        what went and what did not."""
        from ccsc_gov.core.export.circulate import prepare_circulation
        from ccsc_gov.core.export.mail import send_letters

        ops = self.ws.ops
        prepared = ops.run_query(
            lambda s: prepare_circulation(s, meeting=self.ws.meeting_ref, kind=kind, again=again),
            parent=self,
        )
        server = mail_server()
        if prepared is None or server is None:
            return None
        try:
            records = send_letters(prepared.messages, server)
        except UserError as error:
            show_user_error(self, error)
            return None
        view = ops.run_op(
            lambda s: self._record(s, kind, records, folder="", again=again), parent=self
        )
        if view is None:
            return None
        return Circulated(view, tuple(p.name for p in prepared.unreachable))

    def chair_cleared(self) -> None:
        ref = self.ws.meeting_ref
        self.ws.ops.run_op(
            lambda s: circulation.clear_minutes(s, meeting=ref, on=self.ws.today()), parent=self
        )
