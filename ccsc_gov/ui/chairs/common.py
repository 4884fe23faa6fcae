"""What the chairs' windows share: the window itself (refreshing when what it shows changes,
reopening where it was left), their choices and the labels before them, and a colour legend."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt
from PySide6.QtGui import QColor, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.ui.formats import APP_TITLE
from ccsc_gov.ui.ops import Operations
from ccsc_gov.ui.settings import user_settings


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (the letter after `&`) takes the keyboard to `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def add_labelled(row: QHBoxLayout, boxes: Sequence[tuple[str, QWidget]], *, space: int) -> None:
    """Each box after its label, with `space` before the next."""
    for text, box in boxes:
        row.addWidget(buddy_label(text, box))
        row.addWidget(box)
        row.addSpacing(space)


class ChairWindow(QWidget):
    """A top-level window of its own over one open database, refreshed from `on_changes`
    when a change touches one of `areas`. While hidden it only notes that it is out of date,
    and reads again when shown. It opens where it was when last closed or hidden."""

    title = ""
    areas = Area.NONE
    settings_key = ""
    default_size = QSize(1180, 720)

    def __init__(
        self,
        ops: Operations,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        # Closing the main window ends the app, even with a chair's view still open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.ops = ops
        self.today = today
        self._stale = True
        # The bodies the window offers to choose from, as last read.
        self._bodies: list[BodyView] = []
        # True while the window sets its own choices, whose signals are then not the user's.
        self._updating = False
        self.setWindowTitle(f"{self.title} — {APP_TITLE}")
        self.setAccessibleName(self.title)
        self.resize(self.default_size)
        ops.changed.connect(self.on_changes)
        close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        close.activated.connect(self.close)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.refresh)
        self._build()

    def _build(self) -> None:
        """Make the window's model and widgets: once, as the last step of `__init__`."""
        raise NotImplementedError

    def _body_choices(self) -> list[tuple[str, str]]:
        """The bodies to choose from: `EMC — Executive Management Committee`, standing for `EMC`."""
        return [(f"{body.code} — {body.name}", body.code) for body in self._bodies]

    @contextmanager
    def _updating_choices(self) -> Iterator[None]:
        """Set the window's own choices without each one being taken as the user's."""
        self._updating = True
        try:
            yield
        finally:
            self._updating = False

    def on_changes(self, changes: Changes) -> None:
        """The one place the window reacts to a change made through `ops`."""
        if not changes.areas & self.areas:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        """Read what the window shows again."""
        self._stale = False
        self.load()

    def load(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def bring_up(self) -> None:
        """Show the window, restored where the user left it, in front."""
        if self.isVisible():
            # Open already, perhaps minimised or behind the main window.
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
            self.raise_()
        else:
            self._restore_geometry()
            self.show()
        self.activateWindow()

    @property
    def _geometry_key(self) -> str:
        return f"{self.settings_key}/geometry"

    def _restore_geometry(self) -> None:
        geometry = user_settings().value(self._geometry_key)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def hideEvent(self, event: QHideEvent) -> None:
        # Closing a window hides it, as does anything else that puts it away: where it was is
        # kept whichever way it goes, not only when the app quits.
        user_settings().setValue(self._geometry_key, self.saveGeometry())
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.palette_changed()
        super().changeEvent(event)

    def palette_changed(self) -> None:
        """The theme changed (light to dark or back): colours are chosen again."""


class Swatch(QLabel):
    """A small rounded patch of colour, perhaps with a letter on it, for a legend.

    Drawn by Qt from a style sheet rather than by a Python paint method: PySide6 6.12 under
    Python 3.11 drops a reference to None on every call of a void Qt method, so the chairs'
    views keep Python out of every paint path (the lead has the details).
    """

    def __init__(self, letter: str = "", parent: QWidget | None = None) -> None:
        super().__init__(letter, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        height = self.fontMetrics().height() + 2
        self.setFixedSize(max(height, self.fontMetrics().horizontalAdvance(letter) + 12), height)
        self.setAccessibleName("")

    def set_colours(
        self,
        fill: QColor | None,
        ink: QColor | None,
        *,
        border: QColor | None = None,
        dashed: bool = False,
    ) -> None:
        rules = ["border-radius: 4px", "font-weight: bold"]
        rules.append(f"background: {fill.name()}" if fill is not None else "background: none")
        if ink is not None:
            rules.append(f"color: {ink.name()}")
        if border is not None:
            rules.append(f"border: 1px {'dashed' if dashed else 'solid'} {border.name()}")
        self.setStyleSheet(f"QLabel {{ {'; '.join(rules)}; }}")


class Legend(QWidget):
    """Swatches with their meanings in a row: what each colour says."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.entries: list[tuple[Swatch, QLabel]] = []

    def set_entries(self, entries: Sequence[tuple[Swatch, str]]) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.entries = []
        for number, (swatch, text) in enumerate(entries):
            if number:
                self._layout.addSpacing(10)
            label = QLabel(text)
            label.setBuddy(swatch)
            self._layout.addWidget(swatch)
            self._layout.addWidget(label)
            self.entries.append((swatch, label))
        self.setAccessibleName("Legend: " + "; ".join(text for _, text in entries))


class ChoiceBox(QComboBox):
    """A combo box whose choices stand for Python values, kept here rather than as item data:
    PySide6 6.12 drops a reference to None each time it hands back None stored in a QVariant
    (item data, or a Python model's data read through `QModelIndex.data`), and under Python
    3.11 enough of those crash the interpreter."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._values: list[Any] = []

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        """Offer these choices, keeping the current one where it is still offered."""
        had_choice = self.currentIndex() >= 0
        current = self.value()
        blocked = self.blockSignals(True)
        try:
            self.clear()
            self._values = [value for _, value in choices]
            self.addItems([text for text, _ in choices])
            if self._values:
                self.setCurrentIndex(self._index_of(current) if had_choice else 0)
        finally:
            self.blockSignals(blocked)

    def value(self) -> Any:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def select_value(self, value: Any) -> bool:
        """Choose the choice standing for `value`; False if none does."""
        if value not in self._values:
            return False
        self.setCurrentIndex(self._values.index(value))
        return True

    def _index_of(self, value: Any) -> int:
        return self._values.index(value) if value in self._values else 0
