"""The undoable edits of an agenda's papers: attach, replace and remove. Each redo and undo is
one service call in its own transaction, as for the agenda's other edits (commands.py)."""

from __future__ import annotations

from ccsc_gov.core.export.paper_files import check_paper_bytes
from ccsc_gov.core.services import papers
from ccsc_gov.core.services.papers import PaperFile, PaperView
from ccsc_gov.ui.workspace.commands import ServiceCommand
from ccsc_gov.ui.workspace.context import ItemHandle, Workspace


class AttachPaper(ServiceCommand):
    """Attach a file to an item; undo takes it off again, and redo gives it its number back."""

    def __init__(self, ws: Workspace, handle: ItemHandle, item_number: str, file: PaperFile):
        super().__init__(ws, f"Attach {file.filename} to item {item_number}")
        self.handle = handle
        self.file = file
        self.number: str | None = None

    def redo(self) -> None:
        change = self._call(
            lambda s: papers.add_paper(
                s,
                meeting=self.ws.meeting_ref,
                item=self.handle.id,
                file=self.file,
                number=self.number,
            ),
            self.handle,
        )
        if change is not None:
            self.number = change.paper.number

    def undo(self) -> None:
        number = self.number
        assert number is not None
        self._call(lambda s: papers.remove_paper(s, number=number), self.handle)


class ReplacePaper(ServiceCommand):
    """A new version of a paper's file; undo takes that version back."""

    def __init__(self, ws: Workspace, handle: ItemHandle, paper: PaperView, file: PaperFile):
        super().__init__(ws, f"Replace paper {paper.number} by {file.filename}")
        self.handle = handle
        self.number = paper.number
        self.file = file

    def redo(self) -> None:
        self._call(
            lambda s: papers.replace_paper(s, number=self.number, file=self.file), self.handle
        )

    def undo(self) -> None:
        self._call(lambda s: papers.undo_replacement(s, number=self.number), self.handle)


class RemovePaper(ServiceCommand):
    """Take a paper off its item; undo attaches its file again under the same number, title,
    author and marking (the version in force; the earlier versions are not brought back)."""

    def __init__(
        self, ws: Workspace, handle: ItemHandle, paper: PaperView, filename: str, data: bytes
    ):
        super().__init__(ws, f"Remove paper {paper.number}")
        self.handle = handle
        self.paper = paper
        self.file = check_paper_bytes(filename, data, convert=False)

    def redo(self) -> None:
        self._call(lambda s: papers.remove_paper(s, number=self.paper.number), self.handle)

    def undo(self) -> None:
        paper = self.paper
        self._call(
            lambda s: papers.add_paper(
                s,
                meeting=self.ws.meeting_ref,
                item=self.handle.id,
                file=self.file,
                title=paper.title,
                author=paper.author,
                confidential=paper.marked_confidential,
                number=paper.number,
            ),
            self.handle,
        )
