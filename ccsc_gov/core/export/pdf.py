"""A PDF of any exported Word document, made by LibreOffice when it is installed.

LibreOffice runs headless with a profile of its own in a temporary folder (so it neither
waits for nor disturbs a LibreOffice the clerk has open), under a time limit, on a copy of the
document with a plain name; the PDF it produces is checked before it replaces the target.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ccsc_gov.core.export.files import check_target, write_bytes
from ccsc_gov.core.governance.errors import UserError

DEFAULT_TIMEOUT = 120.0
"""Seconds: a first run creates the profile (a few seconds); a long document takes longer."""

_CANDIDATES = (
    "soffice",
    "libreoffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
)

NOT_INSTALLED = (
    "Saving as PDF needs LibreOffice, which is not installed on this computer. Install it "
    "from libreoffice.org (it is free), or save as Word and use Word's Save as PDF."
)


def find_soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    for candidate in _CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
        if os.path.isabs(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End LibreOffice and whatever it started (soffice starts soffice.bin)."""
    try:
        if sys.platform == "win32":
            subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(process.pid)],
                capture_output=True,
                check=False,
            )
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        process.kill()
    process.wait()


def _pdf_is_whole(data: bytes) -> bool:
    return data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]


def _run_soffice(
    program: str, folder: Path, documents: list[Path], *, pdf_filter: str, timeout: float, what: str
) -> tuple[int, str]:
    """Run LibreOffice once over `documents` (in `folder`), the PDFs going to `folder`/out;
    its exit status and last line of complaint. `what` names the work in the time-out message."""
    profile = folder / "profile"
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        pdf_filter,
        "--outdir",
        str(folder / "out"),
        *(str(d) for d in documents),
    ]
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=sys.platform != "win32",
        )
    except OSError as error:
        raise UserError(f"{NOT_INSTALLED} ({error.strerror or error})") from error
    with process:
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            process.communicate()
            raise UserError(
                f"LibreOffice did not finish making the PDF of {what} within "
                f"{timeout:.0f} seconds, and was stopped. Try again, or save as Word and "
                "use Word's Save as PDF."
            ) from None
    detail = errors.decode("utf-8", "replace").strip().splitlines()
    return process.returncode, detail[-1] if detail else ""


def convert_to_pdf(
    source: Path,
    target: Path | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    soffice: str | None = None,
) -> Path:
    """Convert the Word document `source` to a PDF at `target` (beside it when None)."""
    source = Path(source)
    target = source.with_suffix(".pdf") if target is None else Path(target)
    program = soffice or find_soffice()
    if program is None:
        raise UserError(NOT_INSTALLED)
    if not source.is_file():
        raise UserError(f"Cannot make a PDF: {source} does not exist.")
    check_target(target)
    with tempfile.TemporaryDirectory(prefix="ccsc-gov-pdf-") as work:
        folder = Path(work)
        copy = folder / "document.docx"
        shutil.copyfile(source, copy)
        status, complaint = _run_soffice(
            program,
            folder,
            [copy],
            pdf_filter="pdf:writer_pdf_Export",
            timeout=timeout,
            what=source.name,
        )
        produced = folder / "out" / "document.pdf"
        data = produced.read_bytes() if produced.is_file() else b""
        if status != 0 or not _pdf_is_whole(data):
            raise UserError(
                f"LibreOffice could not make a PDF of {source.name}"
                + (f": {complaint}" if complaint else ".")
            )
    return write_bytes(target, data)


def convert_documents(
    documents: Mapping[str, bytes],
    *,
    timeout: float | None = None,
    soffice: str | None = None,
) -> dict[str, bytes]:
    """PDFs of several office documents (Word, Excel, PowerPoint) in one LibreOffice run.

    `documents` maps a plain file name with its extension ("3.docx") to the file's bytes; the
    answer maps each name LibreOffice converted to its checked PDF. A name missing from the
    answer is a document LibreOffice could not open."""
    program = soffice or find_soffice()
    if program is None:
        raise UserError(NOT_INSTALLED)
    if not documents:
        return {}
    limit = timeout if timeout is not None else DEFAULT_TIMEOUT + 30.0 * len(documents)
    converted: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="ccsc-gov-pdf-") as work:
        folder = Path(work)
        paths = []
        for name, data in documents.items():
            path = folder / "in" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            paths.append(path)
        _run_soffice(
            program,
            folder,
            paths,
            pdf_filter="pdf",
            timeout=limit,
            what=f"{len(paths)} document{'s' if len(paths) != 1 else ''}",
        )
        for path in paths:
            produced = folder / "out" / (path.stem + ".pdf")
            data = produced.read_bytes() if produced.is_file() else b""
            if _pdf_is_whole(data):
                converted[path.name] = data
    return converted
