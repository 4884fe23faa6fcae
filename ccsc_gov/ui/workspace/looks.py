"""How the workspace looks: the status colours (the only colours not taken from the palette),
small status icons, durations in words and bold captions."""

from __future__ import annotations

import enum
from functools import cache

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget


class Status(enum.Enum):
    """A traffic light: the same mid-tone hues read on light and dark backgrounds alike."""

    GOOD = "#2e9d4f"
    WARNING = "#d68a00"
    BAD = "#d9363e"
    NEUTRAL = "#8a8f98"

    @property
    def color(self) -> QColor:
        return QColor(self.value)


@cache
def status_icon(status: Status, size: int = 12) -> QIcon:
    """A filled dot in the status colour, with a darker rim so it shows on any background."""
    pixmap = QPixmap(QSize(size, size))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(status.color.darker(140))
    painter.setBrush(status.color)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def status_dot(status: Status, text: str) -> str:
    """Rich text: a coloured dot and the words (the words carry the meaning, not the colour)."""
    return f'<span style="color:{status.value}">●</span>&nbsp;{text}'


def duration_words(minutes: int) -> str:
    """`1 h 45 min`, `2 h`, `40 min`."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def heading_font(base: QFont, scale: float = 1.0, *, bold: bool = True) -> QFont:
    font = QFont(base)
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


def section_label(text: str, buddy: QWidget | None = None) -> QLabel:
    """A bold caption over a part of a tab; with a buddy, its mnemonic focuses that widget."""
    label = QLabel(text)
    label.setFont(heading_font(label.font()))
    if buddy is not None:
        label.setBuddy(buddy)
    return label
