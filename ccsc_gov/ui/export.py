"""Saving a document from any window: where to (a dialog tests replace, starting in the folder
the last export went to), writing it off the GUI thread, and opening what was written.

Every window that exports goes through here: the meeting workspace's agendas and minutes and
the chairs' action log alike. Tests replace `ask_save_path`, `offer_to_open` and `open_path`
on this module.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ccsc_gov.ui.settings import user_settings
from ccsc_gov.ui.worker import Job

# One folder for every export: the clerk's last choice, whichever window it was made from.
FOLDER_KEY = "export/folder"


class FileKind(enum.Enum):
    WORD = ("Word document", ".docx")
    EXCEL = ("Excel workbook", ".xlsx")
    PDF = ("PDF document", ".pdf")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def suffix(self) -> str:
        return self.value[1]


def export_folder() -> Path:
    """The folder the last export went to, else the user's documents folder."""
    saved = user_settings().value(FOLDER_KEY)
    if isinstance(saved, str) and saved and Path(saved).is_dir():
        return Path(saved)
    return Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        or Path.home()
    )


def ask_save_path(parent: QWidget | None, *, title: str, name: str, kind: FileKind) -> Path | None:
    """Ask where to save, offering `name` in the export folder; None if the user cancels.
    A name typed without the kind's suffix gets it. Tests replace this function."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(export_folder() / name), f"{kind.label} (*{kind.suffix})"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == kind.suffix else path.with_name(path.name + kind.suffix)


class OpenChoice(enum.Enum):
    FILE = "file"
    FOLDER = "folder"


def offer_to_open(parent: QWidget | None, path: Path, description: str) -> OpenChoice | None:
    """Offer to open the new file or its folder; tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Export finished")
    box.setText(f"Saved {description} as {path.name}.")
    box.setInformativeText(str(path.parent))
    open_file = box.addButton("&Open file", QMessageBox.ButtonRole.AcceptRole)
    open_folder = box.addButton("Open &folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_file)
    box.exec()
    if box.clickedButton() is open_file:
        return OpenChoice.FILE
    if box.clickedButton() is open_folder:
        return OpenChoice.FOLDER
    return None


def open_path(path: Path) -> None:
    """Open a file or folder with the desktop's own application. Tests replace this function."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def offer_and_open(parent: QWidget | None, path: Path, description: str) -> None:
    """Offer to open a new file or its folder, and open what the clerk chose."""
    choice = offer_to_open(parent, path, description)
    if choice is OpenChoice.FILE:
        open_path(path)
    elif choice is OpenChoice.FOLDER:
        open_path(path.parent)


def report_crash(error: BaseException) -> None:
    """Hand a worker's unexpected error to the crash handler, on the GUI thread."""
    sys.excepthook(type(error), error, error.__traceback__)


class ExportJob(Job):
    """One file being written on a worker thread; `done` tells the path written, and the
    folder is remembered for the next export."""

    def __init__(
        self, write: Callable[[Path], Path], path: Path, parent: QObject | None = None
    ) -> None:
        super().__init__(lambda: write(path), parent)
        self.path = path
        self.done.connect(self._remember_folder)

    def _remember_folder(self, written: Path) -> None:
        user_settings().setValue(FOLDER_KEY, str(written.parent))
