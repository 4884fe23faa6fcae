"""The workspace's undoable edits (QUndoCommand): each redo and each undo is one service call in
its own transaction, run through the op helpers, so undo never half-applies anything.

A command whose call is refused (say another clerk has removed the item meanwhile) marks itself
obsolete, and the undo stack drops it: the history never claims what the database lacks.

An edit names the version of the item it was made from: the first time, the version the view
loaded; on undo and redo, the version this app last wrote. So undo never takes back, unseen, a
change another clerk made in between: it is refused as a conflict instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from ccsc_gov.core.services import agenda, attendance
from ccsc_gov.core.services.agenda import AgendaItemView
from ccsc_gov.core.services.attendance import AttendanceEntry
from ccsc_gov.core.services.common import Changes, meeting_by_ref
from ccsc_gov.core.store.models import StandardItem
from ccsc_gov.ui.ops import CarriesChanges, Unsaved
from ccsc_gov.ui.workspace.context import ItemHandle, Workspace
from ccsc_gov.ui.workspace.details import ItemDetails

MINUTE_TEXT_ID = 1001


@dataclass
class Run:
    """Whether a command's last redo or undo went through (read after `QUndoStack.push`, when
    a refused command may already have been deleted)."""

    ok: bool = False


@dataclass(frozen=True)
class Place:
    """Where an item sits: under a top-level item (or at the top level), at a 1-based place."""

    parent: ItemHandle | None
    at: int | None

    @property
    def under(self) -> int | None:
        return self.parent.id if self.parent is not None else None


class ServiceCommand(QUndoCommand):
    def __init__(self, ws: Workspace, text: str) -> None:
        super().__init__(text)
        self.ws = ws
        self.run = Run()
        self.replaying = False

    def _call(
        self,
        op: Callable[[Session], Changes | CarriesChanges],
        focus: ItemHandle | None = None,
        *,
        unsaved: Unsaved | None = None,
    ) -> Any:
        # Views follow the item an undo or redo touches; the first time, the clerk is there.
        self.ws.focus = focus if self.replaying else None
        self.replaying = True
        result = self.ws.ops.run_op(op, parent=self.ws.window, unsaved=unsaved)
        self.run.ok = result is not None
        if result is None:
            self.setObsolete(True)
        return result

    def _version(self, handle: ItemHandle, loaded: int | None) -> int | None:
        """The item's version this call names: the first time, the one the clerk loaded; on
        undo and redo, the one this app last wrote."""
        if not self.replaying:
            return loaded
        return self.ws.ops.written_version("agenda_item", handle.id) or loaded


def push(ws: Workspace, command: ServiceCommand) -> bool:
    """Do `command` and keep it in the history; False if the service refused it."""
    run = command.run
    ws.undo_stack.push(command)
    return run.ok


def _under(value: ItemHandle | StandardItem | None) -> int | StandardItem | None:
    return value.id if isinstance(value, ItemHandle) else value


class AddItem(ServiceCommand):
    def __init__(
        self,
        ws: Workspace,
        details: ItemDetails,
        *,
        under: ItemHandle | StandardItem | None,
        at: int | None,
    ) -> None:
        super().__init__(ws, f"Add item “{details.title}”")
        self.details = details
        self.under = under
        self.at = at
        self.handle: ItemHandle | None = None

    def redo(self) -> None:
        def add(session: Session) -> AgendaItemView:
            view = agenda.add_item(
                session,
                meeting=self.ws.meeting_ref,
                under=_under(self.under),
                at=self.at,
                **self.details.fields(),
            )
            # Bound before the change is announced, so the views can select the new item.
            if self.handle is None:
                self.handle = self.ws.handles(view.id)
            else:
                self.ws.handles.rebind(self.handle, view.id)
            self.ws.focus = self.handle
            return view

        self._call(add)

    def undo(self) -> None:
        assert self.handle is not None
        handle = self.handle
        self._call(lambda s: agenda.remove_item(s, item_id=handle.id))


class EditItem(ServiceCommand):
    def __init__(
        self,
        ws: Workspace,
        handle: ItemHandle,
        number: str,
        before: dict[str, Any],
        after: dict[str, Any],
        *,
        version: int | None = None,
    ) -> None:
        super().__init__(ws, f"Edit item {number}")
        self.handle = handle
        self.before = before
        self.after = after
        self.version = version  # as the clerk loaded the item

    def _edit(self, fields: dict[str, Any], unsaved: Unsaved | None = None) -> None:
        version = self._version(self.handle, self.version)
        item_id = self.handle.id
        self._call(
            lambda s: agenda.edit_item(s, item_id=item_id, expected_version=version, **fields),
            self.handle,
            unsaved=unsaved,
        )

    def redo(self) -> None:
        self._edit(self.after, None if self.replaying else Unsaved.of_fields(self.after))

    def undo(self) -> None:
        self._edit(self.before)


class RemoveItem(ServiceCommand):
    """Remove an item; undo puts it back in its place with its details (a standard item comes
    back as the standard item, so the app still finds it, e.g. to approve minutes under)."""

    def __init__(self, ws: Workspace, handle: ItemHandle, view: AgendaItemView, place: Place):
        super().__init__(ws, f"Remove item {view.number}")
        self.handle = handle
        self.view = view
        self.place = place

    def redo(self) -> None:
        self._call(lambda s: agenda.remove_item(s, item_id=self.handle.id))

    def undo(self) -> None:
        view, place, ws = self.view, self.place, self.ws
        details = ItemDetails.of(view).fields()

        def put_back(session: Session) -> AgendaItemView:
            if view.standard is not None:
                meeting = meeting_by_ref(session, ws.meeting_ref)
                item_id = agenda.standard_item(session, meeting, view.standard).id
                agenda.move_item(session, item_id=item_id, under=place.under, at=place.at)
                agenda.edit_item(session, item_id=item_id, minutes=view.minutes, **details)
            else:
                item_id = agenda.add_item(
                    session, meeting=ws.meeting_ref, under=place.under, at=place.at, **details
                ).id
                if view.minutes:
                    agenda.write_minutes(session, item_id=item_id, text=view.minutes)
            ws.handles.rebind(self.handle, item_id)
            ws.focus = self.handle
            return agenda.item_view(session, item_id=item_id)

        self._call(put_back)


class MoveItem(ServiceCommand):
    """Move an item (by drag and drop or the keyboard); indent and outdent are moves too."""

    def __init__(
        self,
        ws: Workspace,
        handle: ItemHandle,
        *,
        text: str,
        source: Place,
        target: Place,
        how: str = "move",
    ) -> None:
        super().__init__(ws, text)
        self.handle = handle
        self.source = source
        self.target = target
        self.how = how

    def redo(self) -> None:
        item_id = self.handle.id
        if self.how == "indent":
            self._call(lambda s: agenda.indent_item(s, item_id=item_id), self.handle)
        elif self.how == "outdent":
            self._call(lambda s: agenda.outdent_item(s, item_id=item_id), self.handle)
        else:
            target = self.target
            self._call(
                lambda s: agenda.move_item(s, item_id=item_id, under=target.under, at=target.at),
                self.handle,
            )

    def undo(self) -> None:
        item_id, source = self.handle.id, self.source
        self._call(
            lambda s: agenda.move_item(s, item_id=item_id, under=source.under, at=source.at),
            self.handle,
        )


class WriteMinute(ServiceCommand):
    """The minute text of one item; saves of the same item in a row merge into one step.

    `version` is the item's version the minute was typed on; should another clerk have saved
    the item since, the save is refused, and `discard` lets the typed text go from the editor
    once it is kept (clipboard, dialog), so that the reloaded view shows theirs."""

    def __init__(
        self,
        ws: Workspace,
        handle: ItemHandle,
        number: str,
        before: str,
        after: str,
        *,
        version: int | None = None,
        discard: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(ws, f"Write the minute of item {number}")
        self.handle = handle
        self.before = before
        self.after = after
        self.version = version
        self.discard = discard

    def id(self) -> int:
        return MINUTE_TEXT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, WriteMinute) or other.handle is not self.handle:
            return False
        if not other.run.ok:
            return False  # a refused save is no step of the history
        self.after = other.after
        if self.after == self.before:
            self.setObsolete(True)
        return True

    def _write(self, text: str, unsaved: Unsaved | None = None) -> None:
        version = self._version(self.handle, self.version)
        item_id = self.handle.id
        self._call(
            lambda s: agenda.write_minutes(s, item_id=item_id, text=text, expected_version=version),
            self.handle,
            unsaved=unsaved,
        )

    def redo(self) -> None:
        # The first time, the text is the clerk's typing, kept should the save be refused.
        self._write(self.after, None if self.replaying else Unsaved(self.after, self.discard))

    def undo(self) -> None:
        self._write(self.before)


class RecordAttendance(ServiceCommand):
    """Attendance of one or more people: each given an entry, or None to clear what is recorded
    for them. Undo restores what was recorded before (or nothing)."""

    def __init__(
        self,
        ws: Workspace,
        text: str,
        *,
        before: Sequence[tuple[int, AttendanceEntry | None]],
        after: Sequence[tuple[int, AttendanceEntry | None]],
    ) -> None:
        super().__init__(ws, text)
        self.before = list(before)
        self.after = list(after)

    def _record(
        self, lines: Sequence[tuple[int, AttendanceEntry | None]]
    ) -> Callable[[Session], Changes]:
        meeting_id = self.ws.meeting_id
        entries = [entry for _, entry in lines if entry is not None]
        cleared = [person_id for person_id, entry in lines if entry is None]

        return lambda session: attendance.update_register(
            session, meeting_id=meeting_id, entries=entries, cleared=cleared
        )

    def redo(self) -> None:
        self._call(self._record(self.after))

    def undo(self) -> None:
        self._call(self._record(self.before))
