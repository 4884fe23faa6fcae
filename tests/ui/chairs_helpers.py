"""What the chairs' views tests share besides fixtures: the day the demo history runs up to,
and the light and dark palettes the colour tests use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QColor, QPalette

# The day the demo history runs up to, and "today" for the views.
TODAY = dt.date(2026, 11, 29)

# `open_chair_window(ActionLogWindow, database)`.
OpenChairWindow = Callable[..., Any]


def cell(model: QAbstractItemModel, row: int, column: int, role: int) -> Any:
    """A cell's data from the model itself. Not `QModelIndex.data`: PySide6 6.12 drops a
    reference to None when it hands back a None that way (see `chairs.common.ChoiceBox`)."""
    return model.data(model.index(row, column), role)


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    return _palette(
        {
            QPalette.ColorRole.Window: "#efefef",
            QPalette.ColorRole.Base: "#ffffff",
            QPalette.ColorRole.AlternateBase: "#f5f5f5",
            QPalette.ColorRole.Text: "#1a1a1a",
            QPalette.ColorRole.WindowText: "#1a1a1a",
        }
    )


def dark_palette() -> QPalette:
    return _palette(
        {
            QPalette.ColorRole.Window: "#2b2b2b",
            QPalette.ColorRole.Base: "#1e1e1e",
            QPalette.ColorRole.AlternateBase: "#262626",
            QPalette.ColorRole.Text: "#e8e8e8",
            QPalette.ColorRole.WindowText: "#e8e8e8",
        }
    )
