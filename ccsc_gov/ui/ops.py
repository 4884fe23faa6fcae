"""The GUI's one door to the core: run a service in its own transaction, show errors, announce
what changed (Anki's ops pattern, STYLE.md).

Views never open sessions or run queries themselves; they call

    ops.run_query(lambda s: list_meetings(s, body="EMC"), parent=self)
    ops.run_op(lambda s: schedule_meeting(s, ...), parent=self)

and refresh in one `on_changes(changes)` hook connected to `Operations.changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.orm import Session

from ccsc_gov.core.db import Database
from ccsc_gov.core.errors import UserError
from ccsc_gov.core.services.common import Changes


class CarriesChanges(Protocol):
    """A service result that says what changed besides what it returns (a new id, a count)."""

    @property
    def changes(self) -> Changes: ...


OpResult = TypeVar("OpResult", bound=Changes | CarriesChanges)
QueryResult = TypeVar("QueryResult")


def show_user_error(parent: QWidget | None, error: UserError) -> None:
    """Tell the clerk, in the error's own plain words; tests replace this function."""
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Cannot do that")
    box.setText(str(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def changes_of(result: Changes | CarriesChanges) -> Changes:
    return result if isinstance(result, Changes) else result.changes


class Operations(QObject):
    """Runs core calls against one open database and broadcasts what each change touched."""

    # Emitted once per successful `run_op`, after the commit, with its `Changes`.
    changed = Signal(object)

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database = database

    @property
    def database(self) -> Database:
        return self._database

    def run_op(
        self, op: Callable[[Session], OpResult], *, parent: QWidget | None = None
    ) -> OpResult | None:
        """Run `op` in one write transaction; None if it refused with a `UserError`.

        A `UserError` rolls back and is shown in plain words. Anything else is a bug: it rolls
        back and propagates to the crash handler. On success `changed` is emitted once.
        """
        try:
            with self._database.transaction() as session:
                result = op(session)
        except UserError as error:
            show_user_error(parent, error)
            return None
        self.changed.emit(changes_of(result))
        return result

    def run_query(
        self, query: Callable[[Session], QueryResult], *, parent: QWidget | None = None
    ) -> QueryResult | None:
        """Run a read-only `query` on a snapshot; None (after telling the clerk) on a
        `UserError`, such as a body another clerk has just removed."""
        try:
            with self._database.reading() as session:
                return query(session)
        except UserError as error:
            show_user_error(parent, error)
            return None
