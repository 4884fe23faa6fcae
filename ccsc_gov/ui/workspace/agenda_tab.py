"""The Agenda tab: the numbered items, edited through dialogs and moved by drag and drop or from
the keyboard (Word's outline keys: Alt+Shift+arrows), with the total time against the slot."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ccsc_gov.core.export.paper_files import read_paper_file
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.agenda import AgendaItemView, AgendaTiming, agenda, agenda_timing
from ccsc_gov.core.services.common import Area
from ccsc_gov.core.services.papers import PaperFile, PaperView, list_papers, paper_file
from ccsc_gov.core.settings.config import load_settings
from ccsc_gov.core.store.models import StandardItem
from ccsc_gov.ui import export, ops
from ccsc_gov.ui.tables import roomy_row_height, set_up_tree
from ccsc_gov.ui.workspace.agenda_model import (
    TITLE_COLUMN,
    AgendaTreeModel,
    position_of,
)
from ccsc_gov.ui.workspace.commands import AddItem, EditItem, MoveItem, Place, RemoveItem, push
from ccsc_gov.ui.workspace.context import ItemHandle, Workspace
from ccsc_gov.ui.workspace.details import ItemDetails
from ccsc_gov.ui.workspace.dialogs import ItemDialog
from ccsc_gov.ui.workspace.looks import Status, duration_words, status_dot
from ccsc_gov.ui.workspace.paper_commands import AttachPaper, RemovePaper, ReplacePaper

# The minutes too: saving one raises its item's version, which an edit here names.
AREAS = Area.AGENDA | Area.MEETINGS | Area.MINUTES | Area.PAPERS

PAPER_FILES = "Papers (*.pdf *.docx *.xlsx *.pptx)"


def ask_paper_files(parent: QWidget, caption: str, *, many: bool) -> list[Path]:
    """The files a clerk picks to attach; tests replace this function."""
    if many:
        chosen, _ = QFileDialog.getOpenFileNames(parent, caption, "", PAPER_FILES)
        return [Path(c) for c in chosen]
    one, _ = QFileDialog.getOpenFileName(parent, caption, "", PAPER_FILES)
    return [Path(one)] if one else []


def read_papers(parent: QWidget, paths: list[Path]) -> list[PaperFile] | None:
    """Read and check the files (a Word file is converted now); None, with the reason shown,
    if any is refused, so that nothing is attached."""
    limit = load_settings().paper_max_bytes
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return [read_paper_file(path, max_bytes=limit) for path in paths]
    except UserError as error:
        refusal = error
    finally:
        QGuiApplication.restoreOverrideCursor()
    ops.show_user_error(parent, refusal)
    return None


def timing_text(timing: AgendaTiming) -> str:
    """`● 1 h 50 min planned of a 2 h slot (10 min spare) · 3 items without a time`."""
    planned = duration_words(timing.planned_minutes)
    slot = duration_words(timing.slot_minutes)
    if timing.fits:
        spare = timing.slot_minutes - timing.planned_minutes
        text = f"{planned} planned of a {slot} slot"
        if spare:
            text += f" ({duration_words(spare)} spare)"
        text = status_dot(Status.GOOD, text)
    else:
        text = status_dot(
            Status.BAD,
            f"{planned} planned of a {slot} slot: <b>{duration_words(timing.over_by)} over</b>",
        )
    if timing.untimed_items:
        count = timing.untimed_items
        text += f" · {count} item{'s' * (count != 1)} without a time"
    return text


def _icon(widget: QWidget, theme: QIcon.ThemeIcon, fallback: QStyle.StandardPixmap) -> QIcon:
    return QIcon.fromTheme(theme, widget.style().standardIcon(fallback))


class AgendaTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.editable = True
        self.timing: AgendaTiming | None = None

        self.model = AgendaTreeModel(self)
        self.model.move_requested.connect(self._on_drop, Qt.ConnectionType.QueuedConnection)
        self.model.files_dropped.connect(self._on_files_dropped, Qt.ConnectionType.QueuedConnection)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        set_up_tree(self.tree, "Agenda items", stretch=TITLE_COLUMN)
        self.model.row_height = roomy_row_height(self.tree)
        # Items move within the tree; files come in from the file manager.
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDragEnabled(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.selectionModel().currentRowChanged.connect(self._update_actions)
        self.tree.activated.connect(lambda _index: self.edit_selected())
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)

        self.add_action = self._action(
            "&Add item…", self.add_item, ["Ctrl+N", "Ins"], "Add an item after the selected one"
        )
        self.add_sub_action = self._action(
            "Add &sub-item…",
            self.add_sub_item,
            ["Ctrl+Shift+N"],
            "Add a sub-item under the selected item (5.1, 5.2…)",
        )
        self.edit_action = self._action("&Edit item…", self.edit_selected, ["F2"])
        self.remove_action = self._action("&Remove item", self.remove_selected, ["Del"])
        self.attach_action = self._action(
            "Attach &paper…",
            self.attach_papers,
            ["Ctrl+Shift+A"],
            "Attach files to the selected item as papers (or drag them onto it)",
        )
        self.up_action = self._action(
            "Move &up",
            self.move_up,
            ["Alt+Shift+Up"],
            icon=_icon(self, QIcon.ThemeIcon.GoUp, QStyle.StandardPixmap.SP_ArrowUp),
        )
        self.down_action = self._action(
            "Move &down",
            self.move_down,
            ["Alt+Shift+Down"],
            icon=_icon(self, QIcon.ThemeIcon.GoDown, QStyle.StandardPixmap.SP_ArrowDown),
        )
        self.indent_action = self._action(
            "&Indent (make a sub-item)",
            self.indent,
            ["Alt+Shift+Right"],
            icon=_icon(self, QIcon.ThemeIcon.FormatIndentMore, QStyle.StandardPixmap.SP_ArrowRight),
        )
        self.outdent_action = self._action(
            "&Outdent (make a main item)",
            self.outdent,
            ["Alt+Shift+Left"],
            icon=_icon(self, QIcon.ThemeIcon.FormatIndentLess, QStyle.StandardPixmap.SP_ArrowLeft),
        )

        self.timing_label = QLabel()
        self.timing_label.setTextFormat(Qt.TextFormat.RichText)
        self.timing_label.setAccessibleName("Agenda timing")

        bar = QHBoxLayout()
        bar.setSpacing(4)
        for action in (self.add_action, self.add_sub_action, self.edit_action, self.remove_action):
            bar.addWidget(self._button(action, text=True))
        bar.addSpacing(12)
        bar.addWidget(self._button(self.attach_action, text=True))
        bar.addSpacing(12)
        for action in (self.up_action, self.down_action, self.outdent_action, self.indent_action):
            bar.addWidget(self._button(action, text=False))
        bar.addStretch(1)
        bar.addWidget(self.timing_label)

        hint = QLabel(
            "Drag items to reorder them, or use Alt+Shift+↑/↓ to move and Alt+Shift+→/← to "
            "indent or outdent; the numbers follow. Drop files on an item to attach them as "
            "papers."
        )
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(hint)
        self._update_actions()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        keys: list[str],
        tip: str = "",
        icon: QIcon | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        # Only while the agenda has the focus: other tabs use the same keys for their lists.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
        plain = text.replace("&", "").rstrip("…")
        action.setToolTip(f"{tip or plain} ({shortcut})")
        if icon is not None:
            action.setIcon(icon)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    def _button(self, action: QAction, *, text: bool) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        plain = action.text().replace("&", "")
        # Icon-only buttons still have a name for screen readers.
        button.setAccessibleName(plain.rstrip("…"))
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextOnly if text else Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        button.setAutoRaise(not text)
        return button

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for action in (self.add_action, self.add_sub_action, self.edit_action, self.remove_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.up_action, self.down_action, self.indent_action, self.outdent_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.attach_action)
        item = self.selected()
        for paper in self.model.papers_of(item.id) if item is not None else []:
            sub = menu.addMenu(f"Paper {paper.number} ({paper.filename})")
            sub.addAction("&Open", partial(self.open_paper, paper))
            replace = sub.addAction("Re&place with…", partial(self.replace_paper, paper))
            remove = sub.addAction("&Remove", partial(self.remove_paper, paper))
            replace.setEnabled(self.editable)
            remove.setEnabled(self.editable)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # Reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        ref = self.ws.meeting_ref
        found = self.ws.ops.run_query(
            lambda s: (
                agenda(s, meeting=ref),
                agenda_timing(s, meeting=ref),
                list_papers(s, meeting=ref),
            ),
            parent=self,
        )
        if found is None:
            return
        items, self.timing, papers = found
        selected = self.selected()
        row = self.tree.currentIndex().row()
        self.model.set_items(items, self.timing.slots, papers)
        self.timing_label.setText(timing_text(self.timing))
        # The item an undo or redo just touched, or else the one selected before.
        if self.ws.focus is not None and self.model.item(self.ws.focus.id) is not None:
            self.select(self.ws.focus.id)
        elif selected is not None and self.model.item(selected.id) is not None:
            self.select(selected.id)
        elif row >= 0 and self.model.rowCount():
            self.tree.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self._update_actions()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable
        self.model.set_movable(editable)
        self.tree.setDragEnabled(editable)
        self.tree.setAcceptDrops(editable)
        self._update_actions()

    # Selection -----------------------------------------------------------------------------

    def selected(self) -> AgendaItemView | None:
        return AgendaTreeModel.item_at(self.tree.currentIndex())

    def select(self, item_id: int) -> None:
        index = self.model.index_of(item_id)
        if index.isValid():
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.tree.scrollTo(index)

    def _update_actions(self, *_args: QModelIndex) -> None:
        item = self.selected()
        can = self.editable
        self.add_action.setEnabled(can)
        self.add_sub_action.setEnabled(can and item is not None)
        self.edit_action.setEnabled(can and item is not None)
        self.remove_action.setEnabled(can and item is not None)
        self.attach_action.setEnabled(can and item is not None)
        siblings = self.model.siblings(item) if item is not None else []
        place = position_of(item) if item is not None else 0
        self.up_action.setEnabled(can and item is not None and place > 1)
        self.down_action.setEnabled(can and item is not None and place < len(siblings))
        self.indent_action.setEnabled(
            can
            and item is not None
            and item.parent_id is None
            and place > 1
            and not self.model.sub_items(item.id)
        )
        self.outdent_action.setEnabled(can and item is not None and item.parent_id is not None)

    def _place(self, item: AgendaItemView) -> Place:
        parent = self.ws.handles(item.parent_id) if item.parent_id is not None else None
        return Place(parent, position_of(item))

    # Editing -------------------------------------------------------------------------------

    def _new_item_place(self, *, sub: bool) -> tuple[ItemHandle | StandardItem | None, int | None]:
        """Where a new item goes: after the selected item at its level; under a heading that
        has sub-items (or the business heading); last of the business items by default."""
        item = self.selected()
        if item is None:
            return StandardItem.BUSINESS, None
        if item.parent_id is not None:
            parent = self.ws.handles(item.parent_id)
            return parent, None if sub else position_of(item) + 1
        if sub or self.model.sub_items(item.id) or item.standard is StandardItem.BUSINESS:
            return self.ws.handles(item.id), None
        return None, position_of(item) + 1

    def _add(self, *, sub: bool) -> None:
        if not self.editable:
            return
        details = ItemDialog.ask(
            self,
            heading=f"A new item on the agenda of {self.ws.meeting_ref}.",
            today=self.ws.today(),
        )
        if details is None:
            return
        under, at = self._new_item_place(sub=sub)
        command = AddItem(self.ws, details, under=under, at=at)
        if push(self.ws, command) and command.handle is not None:
            self.select(command.handle.id)

    def add_item(self) -> None:
        self._add(sub=False)

    def add_sub_item(self) -> None:
        self._add(sub=True)

    def edit_selected(self) -> None:
        item = self.selected()
        if item is None or not self.editable:
            return
        before = ItemDetails.of(item)
        after = ItemDialog.ask(
            self,
            heading=f"Item {item.number} of {self.ws.meeting_ref}.",
            initial=before,
            today=self.ws.today(),
        )
        if after is None:
            return
        old, new = after.differences(before)
        if new:
            handle = self.ws.handles(item.id)
            push(self.ws, EditItem(self.ws, handle, item.number, old, new, version=item.version))

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or not self.editable:
            return
        handle = self.ws.handles(item.id)
        push(self.ws, RemoveItem(self.ws, handle, item, self._place(item)))

    def _move(self, item: AgendaItemView, target: Place, text: str, how: str = "move") -> None:
        handle = self.ws.handles(item.id)
        command = MoveItem(
            self.ws, handle, text=text, source=self._place(item), target=target, how=how
        )
        if push(self.ws, command):
            self.select(handle.id)

    def move_up(self) -> None:
        item = self.selected()
        if item is not None and self.up_action.isEnabled():
            target = Place(self._place(item).parent, position_of(item) - 1)
            self._move(item, target, f"Move item {item.number} up")

    def move_down(self) -> None:
        item = self.selected()
        if item is not None and self.down_action.isEnabled():
            target = Place(self._place(item).parent, position_of(item) + 1)
            self._move(item, target, f"Move item {item.number} down")

    def indent(self) -> None:
        item = self.selected()
        if item is None or not self.indent_action.isEnabled():
            return
        above = self.model.top_items()[position_of(item) - 2]
        target = Place(self.ws.handles(above.id), len(self.model.sub_items(above.id)) + 1)
        self._move(item, target, f"Make item {item.number} a sub-item", how="indent")

    def outdent(self) -> None:
        item = self.selected()
        if item is None or item.parent_id is None or not self.outdent_action.isEnabled():
            return
        parent = self.model.item(item.parent_id)
        assert parent is not None
        target = Place(None, position_of(parent) + 1)
        self._move(item, target, f"Make item {item.number} a main item", how="outdent")

    def _on_drop(self, item_id: int, parent_id: int | None, at: int | None) -> None:
        """A drag and drop, after the view has finished with the drop event."""
        item = self.model.item(item_id)
        if item is None or not self.editable:
            return
        if parent_id == item.parent_id and at == position_of(item):
            return
        parent = self.ws.handles(parent_id) if parent_id is not None else None
        self._move(item, Place(parent, at), f"Move item {item.number}")

    # Papers --------------------------------------------------------------------------------

    def attach_papers(self) -> None:
        item = self.selected()
        if item is None or not self.editable:
            return
        paths = ask_paper_files(self, f"Attach papers to item {item.number}", many=True)
        if paths:
            self.attach_files(item, paths)

    def attach_files(self, item: AgendaItemView, paths: list[Path]) -> None:
        """Attach each file as a paper of `item`, each an edit of its own (undone one by one)."""
        files = read_papers(self, paths)
        if files is None:
            return
        handle = self.ws.handles(item.id)
        for file in files:
            if not push(self.ws, AttachPaper(self.ws, handle, item.number, file)):
                break
        self.select(handle.id)

    def _on_files_dropped(self, item_id: int, paths: list[str]) -> None:
        item = self.model.item(item_id)
        if item is not None and self.editable:
            self.attach_files(item, [Path(p) for p in paths])

    def open_paper(self, paper: PaperView) -> None:
        """Open the paper's file in the system's viewer, from a copy in a temporary folder."""
        found = self.ws.ops.run_query(lambda s: paper_file(s, number=paper.number), parent=self)
        if found is None:
            return
        name, data = found
        folder = Path(tempfile.mkdtemp(prefix="ccsc-gov-paper-"))
        path = folder / f"{paper.number} {name}"
        path.write_bytes(data)
        export.open_path(path)

    def replace_paper(self, paper: PaperView) -> None:
        if not self.editable:
            return
        paths = ask_paper_files(self, f"Replace paper {paper.number}", many=False)
        files = read_papers(self, paths) if paths else None
        if files:
            handle = self.ws.handles(paper.item_id)
            push(self.ws, ReplacePaper(self.ws, handle, paper, files[0]))

    def remove_paper(self, paper: PaperView) -> None:
        if not self.editable:
            return
        found = self.ws.ops.run_query(lambda s: paper_file(s, number=paper.number), parent=self)
        if found is not None:
            handle = self.ws.handles(paper.item_id)
            push(self.ws, RemovePaper(self.ws, handle, paper, *found))
