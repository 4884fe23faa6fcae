"""People and bodies as the main window offers them: a menu, and the same commands on the
body tree's context menu for the body under the pointer. The windows and dialogs are imported
when first asked for, so the main window starts without them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTreeView, QWidget

from ccsc_gov.core.governance.vocabulary import BodyKind
from ccsc_gov.core.services.body_list import BodyView, list_bodies
from ccsc_gov.core.services.common import KEEP
from ccsc_gov.ui.body_tree import BodyTreeModel
from ccsc_gov.ui.ops import Operations, Unsaved

if TYPE_CHECKING:
    from ccsc_gov.ui.people.windows import MembersDialog, PeopleDialog, TermsDialog


class PeopleAndBodies(QObject):
    """Opens the people list, a body's members and terms of reference, and creates, edits,
    retires and reinstates bodies. Each window is made once and brought up after that."""

    def __init__(
        self,
        ops: Operations,
        window: QWidget,
        *,
        current_body: Callable[[], BodyView | None],
        select_body: Callable[[str], bool],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(window)
        self._ops = ops
        self._window = window
        self._current_body = current_body
        self._select_body = select_body
        self._today = today
        self.people: PeopleDialog | None = None
        self.members: dict[int, MembersDialog] = {}
        self.terms: dict[int, TermsDialog] = {}

        self.people_action = self._action("&People…", "Everyone on record", self.open_people)
        self.import_action = self._action(
            "&Import people…",
            "Add people and their memberships from a CSV file",
            lambda: self.open_people().import_people(),
        )
        self.members_action = self._action(
            "&Members…", "The body's members and their terms of office", self.open_members
        )
        self.terms_action = self._action(
            "&Terms of reference…",
            "Versions of the body's terms, with the quorum rule",
            self.open_terms,
        )
        self.new_body_action = self._action("&New body…", "Add a body", self.new_body)
        self.edit_body_action = self._action("&Edit body…", "Change its details", self.edit_body)
        self.retire_action = self._action("&Retire body…", "", self.retire_or_reinstate)

    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def add_to(self, menu: QMenu) -> None:
        menu.addActions([self.people_action, self.import_action])
        menu.addSeparator()
        menu.addActions([self.members_action, self.terms_action])
        menu.addSeparator()
        menu.addActions([self.new_body_action, self.edit_body_action, self.retire_action])
        # The body-specific texts name the body chosen when the menu opens.
        menu.aboutToShow.connect(self.update_actions)

    def update_actions(self) -> None:
        body = self._current_body()
        code = body.code if body else "the body"
        self.members_action.setText(f"&Members of {code}…")
        self.terms_action.setText(f"&Terms of reference of {code}…")
        self.edit_body_action.setText(f"&Edit {code}…")
        retired = body is not None and body.retired
        self.retire_action.setText(f"Rein&state {code}…" if retired else f"&Retire {code}…")
        self.retire_action.setStatusTip(
            "Bring it back into use" if retired else "It keeps its history but meets no more"
        )
        for action in (
            self.members_action,
            self.terms_action,
            self.edit_body_action,
            self.retire_action,
        ):
            action.setEnabled(body is not None)

    # The body tree's context menu ----------------------------------------------------------

    def attach_to(self, tree: QTreeView) -> None:
        tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        tree.customContextMenuRequested.connect(lambda pos: self._context_menu(tree, pos))

    def _context_menu(self, tree: QTreeView, pos: QPoint) -> None:
        body = BodyTreeModel.body_at(tree.indexAt(pos))
        if body is not None:
            self._select_body(body.code)
        self.context_menu(body).exec(tree.viewport().mapToGlobal(pos))

    def context_menu(self, body: BodyView | None) -> QMenu:
        """The menu for a body (the one now chosen in the main window) or for empty space."""
        menu = QMenu(self._window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.update_actions()
        if body is not None:
            menu.addActions([self.members_action, self.terms_action])
            menu.addSeparator()
            menu.addAction(self.edit_body_action)
            if not body.retired:
                below = QAction(f"New &subcommittee of {body.code}…", menu)
                below.triggered.connect(lambda _checked=False: self.new_body(parent=body.code))
                menu.addAction(below)
            menu.addAction(self.retire_action)
            menu.addSeparator()
        menu.addAction(self.new_body_action)
        return menu

    # Windows -----------------------------------------------------------------------------

    def _body(self, code: str | None) -> BodyView | None:
        if code is not None and (current := self._current_body()) and current.code == code:
            return current
        if code is None:
            return self._current_body()
        from ccsc_gov.core.services import bodies as body_services

        return self._ops.run_query(
            lambda s: body_services.body_view(s, code=code), parent=self._window
        )

    def open_people(self) -> PeopleDialog:
        if self.people is None:
            from ccsc_gov.ui.people.windows import PeopleDialog

            self.people = PeopleDialog(self._ops, self._window, today=self._today)
        self.people.bring_up()
        return self.people

    def open_members(self, code: str | None = None) -> MembersDialog | None:
        """The members of a body (by default the one chosen in the main window)."""
        body = self._body(code)
        if body is None:
            return None
        dialog = self.members.get(body.id)
        if dialog is None:
            from ccsc_gov.ui.people.windows import MembersDialog

            dialog = MembersDialog(self._ops, body, self._window, today=self._today)
            self.members[body.id] = dialog
        dialog.bring_up()
        return dialog

    def open_terms(self, code: str | None = None) -> TermsDialog | None:
        body = self._body(code)
        if body is None:
            return None
        dialog = self.terms.get(body.id)
        if dialog is None:
            from ccsc_gov.ui.people.windows import TermsDialog

            dialog = TermsDialog(self._ops, body, self._window, today=self._today)
            self.terms[body.id] = dialog
        dialog.bring_up()
        return dialog

    def refresh(self) -> None:
        """Read again whatever is open (another clerk may have changed the database)."""
        windows = [self.people, *self.members.values(), *self.terms.values()]
        for window in windows:
            if window is not None and window.isVisible():
                window.refresh()

    # Bodies ------------------------------------------------------------------------------

    def new_body(self, *, parent: str | None = None) -> BodyView | None:
        """Ask for a new body's details, create it, and choose it in the main window."""
        from ccsc_gov.core.services import bodies as body_services
        from ccsc_gov.ui.people.details import BodyDetails
        from ccsc_gov.ui.people.dialogs import BodyDialog

        bodies = self._ops.run_query(list_bodies, parent=self._window)
        if bodies is None:
            return None
        kind = BodyKind.SUBCOMMITTEE if parent else BodyKind.COMMITTEE
        details = BodyDialog.ask(
            self._window,
            title="New body",
            heading="A new body, such as a Scientific Advisory Board. Add its members and its "
            "terms of reference next.",
            initial=BodyDetails("", "", kind, parent),
            bodies=bodies,
        )
        if details is None:
            return None
        created = self._ops.run_op(
            lambda s: body_services.create_body(
                s,
                code=details.code,
                name=details.name,
                kind=details.kind,
                parent=details.parent,
                independent_chair=details.independent_chair,
            ),
            parent=self._window,
        )
        if created is not None:
            self._select_body(created.code)
        return created

    def edit_body(self) -> BodyView | None:
        from ccsc_gov.core.services import bodies as body_services
        from ccsc_gov.ui.people.details import BodyDetails
        from ccsc_gov.ui.people.dialogs import BodyDialog

        body = self._current_body()
        bodies = self._ops.run_query(list_bodies, parent=self._window)
        if body is None or bodies is None:
            return None
        before = BodyDetails.of(body)
        details = BodyDialog.ask(
            self._window,
            title=f"Edit {body.code}",
            heading="The code is printed in every reference, so it cannot change once the body "
            "has met; its name can.",
            initial=before,
            bodies=bodies,
            editing=body.code,
        )
        if details is None or details == before:
            return None
        edited = self._ops.run_op(
            lambda s: body_services.edit_body(
                s,
                code=body.code,
                new_code=details.code if details.code != body.code else None,
                name=details.name,
                kind=details.kind,
                parent=details.parent if details.parent != body.parent else KEEP,
                independent_chair=details.independent_chair,
                expected_version=body.version,
            ),
            parent=self._window,
            unsaved=Unsaved.of_fields(vars(details)),
        )
        if edited is not None:
            self._select_body(edited.code)
        return edited

    def retire_or_reinstate(self) -> BodyView | None:
        from ccsc_gov.core.services import bodies as body_services
        from ccsc_gov.ui.forms import Confirm

        body = self._current_body()
        if body is None:
            return None
        if body.retired:
            question = (
                f"Reinstate the {body.name}? It can meet and take members again.",
                "Reinstate",
                body_services.reinstate_body,
            )
        else:
            question = (
                f"Retire the {body.name}? It keeps its meetings, minutes and members on "
                "record, but takes no new meetings or members. It can be reinstated later.",
                "Retire",
                body_services.retire_body,
            )
        text, ok_text, service = question
        if not Confirm.ask(
            self._window, title=f"{ok_text} {body.code}", text=text, ok_text=ok_text
        ):
            return None
        changed = self._ops.run_op(lambda s: service(s, code=body.code), parent=self._window)
        if changed is not None:
            self._select_body(changed.code)
        return changed
