"""Building a meeting's board pack off the GUI thread: the worker opens its own transaction
and builds the pack (`ui/export.py`'s job), a progress dialog shows how far it has got and
can cancel it, and the workspace then offers to open the pack or its folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.packs import PackRecord
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui import export, ops
from ccsc_gov.ui.worker import ProgressRunner


@dataclass(frozen=True)
class PackRequest:
    meeting_ref: str
    path: Path
    public: bool = False
    supplement: bool = False


def suggested_name(meeting_ref: str, *, public: bool, supplement: bool) -> str:
    """`EMC-2026-10 board pack (public).pdf`."""
    stem = f"{meeting_ref.replace('/', '-')} board pack"
    if supplement:
        stem += " supplement"
    if public:
        stem += " (public)"
    return f"{stem}.pdf"


class PackBuilder(QObject):
    """Builds one pack at a time for a workspace, with a progress dialog and Cancel."""

    done = Signal(object, object)  # PackRequest, PackRecord or None

    def __init__(self, database: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.window = parent
        self.runner = ProgressRunner(parent, title="Build board pack")
        # The build under way, and (once written) its record.
        self._running: tuple[PackRequest, list[PackRecord]] | None = None

    @property
    def busy(self) -> bool:
        return self.runner.busy

    @property
    def dialog(self) -> QProgressDialog | None:
        return self.runner.dialog

    def start(self, request: PackRequest) -> bool:
        if self.runner.busy:
            return False
        records: list[PackRecord] = []

        def write(path: Path) -> Path:
            from ccsc_gov.core.export.pack import write_pack

            with self.database.transaction() as session:
                records.append(
                    write_pack(
                        session,
                        request.meeting_ref,
                        path,
                        public=request.public,
                        supplement=request.supplement,
                        progress=lambda done, total, what: self.runner.progressed.emit(
                            done, total, f"{what}…"
                        ),
                        cancelled=self.runner.stop.is_set,
                    )
                )
            return path

        self._running = (request, records)
        return self.runner.start(
            export.ExportJob(write, request.path),
            label=f"Building the board pack of {request.meeting_ref}…",
            finished=self._finished,
            refused=self._failed,
            crashed=self._crashed,
        )

    def cancel(self) -> None:
        """Stop at the next paper; nothing is written."""
        self.runner.cancel()

    def wait(self) -> None:
        self.runner.wait()

    def _end(self, record: PackRecord | None) -> PackRequest:
        assert self._running is not None
        request = self._running[0]
        self._running = None
        self.done.emit(request, record)
        return request

    def _finished(self, path: Path) -> None:
        assert self._running is not None
        record = self._running[1][0]
        self._end(record)
        description = f"the {record.name} of {record.meeting} ({record.pages} pages)"
        export.offer_and_open(self.window, path, description)

    def _failed(self, error: UserError) -> None:
        self._end(None)
        if not self.runner.stop.is_set():
            ops.show_user_error(self.window, error)

    def _crashed(self, error: BaseException) -> None:
        self._end(None)
        export.report_crash(error)
