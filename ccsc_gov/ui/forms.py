"""What the form dialogs are made of: the form dialog itself (OK only when all is well), the
yes-or-no question, and the fields they share — dates, drop-down choices, several lines of
text, and a list that narrows as one types. The workspace's and the people-and-bodies' dialogs
are built from these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

Choice = TypeVar("Choice")
Answer = TypeVar("Answer")

DATE_FORMAT = "ddd d MMM yyyy"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def date_edit(day: dt.date, *, name: str = "") -> QDateEdit:
    """A date with a calendar to pick it from; `name` is for screen readers, where the form's
    label does not say it."""
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setAccessibleName(name)
    return edit


class ChoiceBox(QComboBox, Generic[Choice]):
    """A drop-down list of values shown by their words. The values are kept in Python: Qt
    would turn an enum that is also a `str` into a plain string on its way through."""

    def __init__(self, choices: Sequence[tuple[str, Choice]], current: Choice | None) -> None:
        super().__init__()
        self._values = [value for _, value in choices]
        for text, _ in choices:
            self.addItem(text)
        index = next((n for n, value in enumerate(self._values) if value == current), 0)
        self.setCurrentIndex(index)

    def value(self) -> Choice:
        return self._values[self.currentIndex()]

    def choose(self, value: Choice) -> None:
        self.setCurrentIndex(self._values.index(value))


class OptionalDate(QWidget):
    """A date that may be left unset: a check box saying whether there is one, and the date."""

    def __init__(self, label: str, day: dt.date | None, default: dt.date) -> None:
        super().__init__()
        self.check = QCheckBox(label)
        self.check.setChecked(day is not None)
        self.edit = date_edit(day or default, name=label.replace("&", ""))
        self.edit.setEnabled(day is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def value(self) -> dt.date | None:
        return pydate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, day: dt.date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(qdate(day))


def multiline(text: str = "", *, name: str, lines: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    # Tab moves on to the next field: the form stays usable from the keyboard alone.
    edit.setTabChangesFocus(True)
    edit.setAccessibleName(name)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
    return edit


def narrowing_filter() -> QLineEdit:
    """The line to type words into, to narrow the list below it."""
    edit = QLineEdit()
    edit.setPlaceholderText("Type to narrow the list")
    edit.setClearButtonEnabled(True)
    return edit


def hide_unmatched(entries: QListWidget, text: str) -> int | None:
    """Hide the entries that lack any word of `text`; the first row still shown, if any."""
    words = text.casefold().split()
    first_shown = None
    for row in range(entries.count()):
        item = entries.item(row)
        hidden = not all(w in item.text().casefold() for w in words)
        item.setHidden(hidden)
        if not hidden and first_shown is None:
            first_shown = row
    return first_shown


class PickOneList(QListWidget):
    """Entries to choose one from, each keeping its value, narrowed by the words typed."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)

    def add_choice(self, text: str, value: object, *, row: int | None = None) -> None:
        """Add an entry at the end, or at `row`."""
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.insertItem(self.count() if row is None else row, item)

    def narrow(self, text: str) -> None:
        """Show only the entries with every word typed, and choose the first of them."""
        first_shown = hide_unmatched(self, text)
        self.setCurrentRow(first_shown if first_shown is not None else -1)

    def chosen(self) -> QListWidgetItem | None:
        """The entry chosen, unless the words typed have hidden it."""
        item = self.currentItem()
        return item if item is not None and not item.isHidden() else None


class FormDialog(QDialog, Generic[Answer]):
    """A heading, a form, a line for what is wrong, and OK/Cancel (OK only when all is well)."""

    def __init__(
        self, parent: QWidget | None, title: str, heading: str = "", *, ok_text: str = "OK"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if heading:
            label = QLabel(heading)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(label)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.body = layout
        layout.addWidget(self.buttons)

    def problems(self) -> str:
        """What keeps OK disabled, in words; empty when the form can be saved."""
        return ""

    def value(self) -> Answer:
        """What the form holds, as plain values."""
        raise NotImplementedError

    def update_ok(self) -> None:
        problem = self.problems()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.ok_button.setEnabled(not problem)

    def run(self) -> bool:
        self.update_ok()
        return self.exec() == QDialog.DialogCode.Accepted

    def answer(self) -> Answer | None:
        """Show the form: what it holds when OK is pressed, None when it is cancelled."""
        return self.value() if self.run() else None


class Confirm:
    """A yes-or-no question with a button that says what will be done."""

    @classmethod
    def ask(cls, parent: QWidget | None, *, title: str, text: str, ok_text: str = "OK") -> bool:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(text)
        ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok
