"""The GUI's one door to the core: run a service in its own transaction, show errors, announce
what changed (Anki's ops pattern, STYLE.md).

Views never open sessions or run queries themselves; they call

    ops.run_query(lambda s: list_meetings(s, body="EMC"), parent=self)
    ops.run_op(lambda s: schedule_meeting(s, ...), parent=self)

and refresh in one `on_changes(changes)` hook connected to `Operations.changed`.

An edit made from what a view loaded names the version it loaded; when another clerk has
changed the record since, the service refuses it with a `Conflict`. The clerk is told who and
when, what they typed is kept (on the clipboard and in the dialog), and every view reloads.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import Conflict, UserError
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.store.conflicts import written_versions
from ccsc_gov.core.store.database import Database


class CarriesChanges(Protocol):
    """A service result that says what changed besides what it returns (a new id, a count)."""

    @property
    def changes(self) -> Changes: ...


log = logging.getLogger(__name__)

OpResult = TypeVar("OpResult", bound=Changes | CarriesChanges)
QueryResult = TypeVar("QueryResult")


def show_user_error(parent: QWidget | None, error: UserError) -> None:
    """Tell the clerk, in the error's own plain words; tests replace this function."""
    from PySide6.QtWidgets import QMessageBox  # loaded when first needed, not at start-up

    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Cannot do that")
    box.setText(str(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


@dataclass(frozen=True)
class Unsaved:
    """What the clerk typed that an op is saving. Should someone else have changed the record
    first, it is kept for them (on the clipboard and in the conflict dialog), then `discard`
    lets it go from the view, so that reloading shows the other clerk's version."""

    text: str
    discard: Callable[[], None] | None = None

    @classmethod
    def of_fields(cls, fields: Mapping[str, object]) -> Unsaved:
        """The values a clerk entered in a dialog, one a line: `Title: Budget 2027`."""
        return cls("\n".join(f"{_label(name)}: {_shown(value)}" for name, value in fields.items()))


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def conflict_advice(kept_text: str) -> str:
    if kept_text:
        return (
            "Reload to see their version. Your text is kept on the clipboard and under Show "
            "Details, so nothing you typed is lost."
        )
    return "Reload to see their version, then make your change again if it is still needed."


def show_conflict(parent: QWidget | None, error: Conflict, *, kept_text: str) -> None:
    """Tell the clerk someone else changed the record first; Reload is the one way on (the
    views reread once this returns). Tests replace this function."""
    from PySide6.QtWidgets import QMessageBox  # loaded when first needed, not at start-up

    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed by someone else")
    box.setText(f"{error.what_happened}.")
    box.setInformativeText(conflict_advice(kept_text))
    if kept_text:
        box.setDetailedText(kept_text)
    box.setDefaultButton(box.addButton("&Reload", QMessageBox.ButtonRole.AcceptRole))
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
        # (table, id) → the version of each row as this app last wrote it.
        self._written: dict[tuple[str, int], int] = {}

    @property
    def database(self) -> Database:
        return self._database

    def run_op(
        self,
        op: Callable[[Session], OpResult],
        *,
        parent: QWidget | None = None,
        unsaved: Unsaved | None = None,
    ) -> OpResult | None:
        """Run `op` in one write transaction; None if it refused with a `UserError`.

        A `UserError` rolls back and is shown in plain words; a `Conflict` (someone else
        changed the record first) keeps `unsaved`, and every view reloads. Anything else is a
        bug: it rolls back and propagates to the crash handler. On success `changed` is
        emitted once.
        """
        try:
            with self._database.transaction() as session:
                result = op(session)
        except Conflict as error:
            log.warning("Refused (changed by another clerk first): %s", error)
            self._after_conflict(parent, error, unsaved)
            return None
        except UserError as error:
            log.warning("Refused: %s", error)
            show_user_error(parent, error)
            return None
        self._written.update(written_versions(session))
        self.changed.emit(changes_of(result))
        return result

    def written_version(self, table: str, row_id: int) -> int | None:
        """The version of a row as this app last wrote it (None if it has not): undo and redo
        name it, so they never take back a change someone else made since."""
        return self._written.get((table, row_id))

    def announce(self, changes: Changes) -> None:
        """Tell every view of a change committed outside `run_op`, by work done on a worker
        thread in its own transaction (an import of people)."""
        self.changed.emit(changes)

    def reload(self) -> None:
        """Every view reads again what it shows."""
        self.changed.emit(Changes(~Area.NONE))

    def _after_conflict(
        self, parent: QWidget | None, error: Conflict, unsaved: Unsaved | None
    ) -> None:
        kept = unsaved.text if unsaved is not None else ""
        if kept:
            QApplication.clipboard().setText(kept)
        show_conflict(parent, error, kept_text=kept)
        if unsaved is not None and unsaved.discard is not None:
            unsaved.discard()
        self.reload()

    def run_query(
        self, query: Callable[[Session], QueryResult], *, parent: QWidget | None = None
    ) -> QueryResult | None:
        """Run a read-only `query` on a snapshot; None (after telling the clerk) on a
        `UserError`, such as a body another clerk has just removed."""
        try:
            with self._database.reading() as session:
                return query(session)
        except UserError as error:
            log.warning("Refused: %s", error)
            show_user_error(parent, error)
            return None
