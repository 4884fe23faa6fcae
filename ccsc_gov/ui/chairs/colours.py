"""The chairs' colours, one set for a light theme and one for a dark one, chosen from the palette.

Every pair of text and background colour here reads at WCAG AA contrast (4.5:1) or better in
its theme; the tests hold them to it. Colour is never the only signal: the action log also says
"overdue" in words, and the attendance matrix prints a letter in every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.services.registers import ActionState, Mark


@dataclass(frozen=True)
class Tint:
    """A background with the text colour that reads on it."""

    background: QColor
    text: QColor


def _tint(background: str, text: str) -> Tint:
    return Tint(QColor(background), QColor(text))


# The action log: a soft wash over the row, with the status set in the stronger colour.
_ACTION_TINTS = {
    False: {
        ActionState.OVERDUE: _tint("#fbe3e0", "#8c1d13"),
        ActionState.DUE_SOON: _tint("#fdf0c8", "#664a00"),
        ActionState.DONE: _tint("#e2f1e4", "#1d5a2a"),
    },
    True: {
        ActionState.OVERDUE: _tint("#4a1f1b", "#ffb4a9"),
        ActionState.DUE_SOON: _tint("#3d3213", "#f3d27a"),
        ActionState.DONE: _tint("#1d3824", "#9fd8a8"),
    },
}

# The attendance matrix: a filled chip with a letter on it. The fills are mid-tones that hold
# their contrast with the letter on either theme's background.
_MARK_TINTS = {
    False: {
        Mark.PRESENT: _tint("#2e7d32", "#ffffff"),
        Mark.REMOTE: _tint("#1565c0", "#ffffff"),
        Mark.APOLOGIES: _tint("#f2b632", "#3a2800"),
        Mark.ABSENT: _tint("#c62828", "#ffffff"),
        Mark.IN_ATTENDANCE: _tint("#6a4fb0", "#ffffff"),
    },
    True: {
        Mark.PRESENT: _tint("#2e7d32", "#ffffff"),
        Mark.REMOTE: _tint("#1f6fc5", "#ffffff"),
        Mark.APOLOGIES: _tint("#e8a91f", "#2b1d00"),
        Mark.ABSENT: _tint("#c62828", "#ffffff"),
        Mark.IN_ATTENDANCE: _tint("#7457bd", "#ffffff"),
    },
}


def is_dark(palette: QPalette) -> bool:
    """A dark theme: light text on a dark background."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def action_tint(state: ActionState, palette: QPalette | None = None) -> Tint | None:
    """The row colours of an overdue, due-soon or done action; None for the others."""
    dark = is_dark(palette or QApplication.palette())
    return _ACTION_TINTS[dark].get(state)


def mark_tint(mark: Mark, palette: QPalette | None = None) -> Tint | None:
    """The chip of an attendance mark; None for marks drawn as an outline or a dash."""
    dark = is_dark(palette or QApplication.palette())
    return _MARK_TINTS[dark].get(mark)
