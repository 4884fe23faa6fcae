"""Saving what a chair's view shows to a file: where to (a dialog tests replace), writing it off
the GUI thread, and what to say when it is done or could not be done."""

from __future__ import annotations

import enum
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.ui.settings import user_settings

FOLDER_KEY = "chairs/export_folder"


class FileKind(enum.Enum):
    WORD = ("Word document", ".docx")
    EXCEL = ("Excel workbook", ".xlsx")

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


def ask_save_path(parent: QWidget, *, title: str, name: str, kind: FileKind) -> Path | None:
    """Ask where to save; None if the user cancels. Tests replace this function."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(export_folder() / name), f"{kind.label} (*{kind.suffix})"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == kind.suffix else path.with_name(path.name + kind.suffix)


def open_path(path: Path) -> None:
    """Open a file or folder with the desktop's own application. Tests replace this function."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportJob(QObject):
    """One file being written on a worker thread; the signals arrive on the GUI thread."""

    # The path written.
    done = Signal(object)
    # A UserError: the file is open in Word, the folder is read-only…
    refused = Signal(object)
    # Anything else: a bug, passed to the crash handler on the GUI thread.
    crashed = Signal(object)

    def __init__(self, write: Callable[[Path], Path], path: Path) -> None:
        super().__init__()
        self.path = path
        self._write = write

    def start(self) -> None:
        user_settings().setValue(FOLDER_KEY, str(self.path.parent))
        QThreadPool.globalInstance().start(self._run)

    def _run(self) -> None:
        try:
            written = self._write(self.path)
        except UserError as error:
            self.refused.emit(error)
        except Exception as error:  # noqa: BLE001 - handed to the crash handler, not swallowed
            self.crashed.emit(error)
        else:
            self.done.emit(written)


def raise_on_gui_thread(error: BaseException) -> None:
    """Re-raise a worker's unexpected error where the crash handler sees it."""
    raise error
