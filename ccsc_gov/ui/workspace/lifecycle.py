"""Where a meeting stands in its lifecycle, the next step as a button, and the banner that says
why a meeting cannot change any more."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.lifecycle import STEPS
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.store.models import MeetingStatus
from ccsc_gov.ui.formats import meeting_slot, sentence_case
from ccsc_gov.ui.workspace.looks import Status


@dataclass(frozen=True)
class NextStep:
    status: MeetingStatus  # the status the step leads to
    label: str
    tip: str


NEXT_STEP: dict[MeetingStatus, NextStep] = {
    MeetingStatus.PLANNED: NextStep(
        MeetingStatus.AGENDA_PUBLISHED,
        "&Publish agenda",
        "Bring the action log up to date and publish the agenda",
    ),
    MeetingStatus.AGENDA_PUBLISHED: NextStep(
        MeetingStatus.HELD, "Mark as &held", "The meeting has taken place"
    ),
    MeetingStatus.HELD: NextStep(
        MeetingStatus.MINUTES_DRAFTED,
        "Mark minutes dra&fted…",
        "Check the minutes are complete and mark them drafted, ready for approval",
    ),
}

WAITING: dict[MeetingStatus, str] = {
    MeetingStatus.MINUTES_DRAFTED: "Awaiting approval at a later meeting of the body",
    MeetingStatus.MINUTES_APPROVED: "Approved as a correct record",
    MeetingStatus.CANCELLED: "Cancelled",
}


def steps_html(status: MeetingStatus, palette: QPalette) -> str:
    """`Planned › Agenda published › Held › …`, the current step bold, later ones quieter."""
    if status is MeetingStatus.CANCELLED:
        return f'<span style="color:{Status.BAD.value}">●</span>&nbsp;<b>Cancelled</b>'
    quiet = palette.color(QPalette.ColorRole.PlaceholderText).name()
    here = STEPS.index(status)
    parts = []
    for number, step in enumerate(STEPS):
        words = html.escape(sentence_case(step))
        if number < here:
            parts.append(f"{words} ✓")
        elif number == here:
            parts.append(f"<b>{words}</b>")
        else:
            parts.append(f'<span style="color:{quiet}">{words}</span>')
    return " › ".join(parts)


def lock_reason(meeting: MeetingSummary) -> str:
    """Why a meeting is read-only, in words; empty if it is not."""
    return lifecycle.lock_reason(meeting.ref, meeting.status, approved_at=meeting.approved_at)


class LifecycleBar(QWidget):
    """The steps so far, and the next one as a button."""

    next_step_requested = Signal()
    approve_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = QLabel()
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setAccessibleName("Meeting status")
        self.waiting = QLabel()
        self.waiting.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_step_requested)
        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(self.approve_requested)
        self.approve_button.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)
        layout.addSpacing(12)
        layout.addWidget(self.waiting)
        layout.addWidget(self.next_button)
        layout.addWidget(self.approve_button)
        layout.addStretch(1)
        self.status: MeetingStatus | None = None

    def show_meeting(self, meeting: MeetingSummary, *, approvable: str | None) -> None:
        """`approvable`: an earlier meeting whose draft minutes this meeting can approve."""
        self.status = meeting.status
        self.steps.setText(steps_html(meeting.status, self.palette()))
        step = NEXT_STEP.get(meeting.status)
        self.next_button.setVisible(step is not None)
        if step is not None:
            self.next_button.setText(step.label)
            self.next_button.setToolTip(step.tip)
        self.waiting.setText(WAITING.get(meeting.status, ""))
        self.waiting.setVisible(step is None)
        self.approve_button.setVisible(approvable is not None)
        if approvable is not None:
            self.approve_button.setText(f"&Approve minutes of {approvable}…")
            self.approve_button.setToolTip(
                f"Approve the draft minutes of {approvable} as a correct record at this meeting"
            )


class LockBanner(QFrame):
    """A band across the workspace saying why nothing can be edited."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockBanner")
        # Palette roles keep it legible in light and dark themes; the edge is a status colour.
        self.setStyleSheet(
            "#lockBanner { background: palette(alternate-base); border: 1px solid palette(mid);"
            f" border-left: 5px solid {Status.WARNING.value}; border-radius: 3px; }}"
        )
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) * 2
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size)
        )
        icon.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName("Why this meeting is read-only")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(icon)
        layout.addWidget(self.text, 1)
        self.setVisible(False)

    def show_reason(self, reason: str) -> None:
        self.text.setText(reason)
        self.setVisible(bool(reason))


def slot_words(meeting: MeetingSummary) -> str:
    """`Tue 14 Apr 2026, 14:00–16:00 · Room 2.14 · video link set`."""
    parts = [meeting_slot(meeting.start, meeting.end)]
    if meeting.location:
        parts.append(meeting.location)
    if meeting.video_link:
        parts.append("with a video link")
    return " · ".join(parts)
