"""A paper's file, read and checked before anything is written: that it is what its name says
(a PDF, a Word, Excel or PowerPoint file), not encrypted or damaged, and not too big; a Word
file is turned into its PDF by LibreOffice here too, so a file LibreOffice cannot open is
refused at once and the pack never converts it again."""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
import zipfile
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ccsc_gov.core.export.pdf import convert_documents, find_soffice
from ccsc_gov.core.governance.errors import InvalidInput, UserError
from ccsc_gov.core.governance.guards import shown
from ccsc_gov.core.services.papers import PaperFile

KINDS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".pptx": "pptx"}
KIND_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "xlsx": "an Excel workbook",
    "pptx": "a PowerPoint presentation",
}
# The part every file of an office kind holds (they are zip packages).
_MAIN_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
_ACCEPTED = "a PDF (.pdf), Word (.docx), Excel (.xlsx) or PowerPoint (.pptx) file"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_paper_file(path: Path, *, max_bytes: int, convert: bool = True) -> PaperFile:
    """Read and check the file at `path`. The size is checked before the file is read, and
    at most one byte more than the limit is ever read. `convert=False` leaves an office file's
    PDF to be made when a pack first needs it."""
    path = Path(path)
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise InvalidInput(f"{shown(path.name)} cannot be a paper: attach {_ACCEPTED}.")
    try:
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder; choose the paper's file.")
        size = path.stat().st_size
        if size > max_bytes:
            raise InvalidInput(_too_big(path.name, size, max_bytes))
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file at {path}.") from None
    except OSError as error:
        raise InvalidInput(f"Cannot read {path.name}: {error.strerror or error}.") from error
    if len(data) > max_bytes:  # it grew while we looked
        raise InvalidInput(_too_big(path.name, len(data), max_bytes))
    return check_paper_bytes(path.name, data, convert=convert)


def _too_big(name: str, size: int, max_bytes: int) -> str:
    return (
        f"{shown(name)} is {megabytes(size)}; a paper may be at most {megabytes(max_bytes)} "
        "(papers.max_size_mb in ccsc-gov.toml)."
    )


def check_paper_bytes(filename: str, data: bytes, *, convert: bool = True) -> PaperFile:
    """Check a file's bytes against what its name says it is."""
    kind = KINDS.get(Path(filename).suffix.lower())
    if kind is None:
        raise InvalidInput(f"{shown(filename)} cannot be a paper: attach {_ACCEPTED}.")
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        return PaperFile(filename, kind, data, digest, pdf_pages(data, filename))
    _check_office(filename, kind, data)
    if not convert or find_soffice() is None:
        return PaperFile(filename, kind, data, digest, None)
    name = f"{digest[:16]}.{kind}"
    pdf = convert_documents({name: data}).get(name)
    if pdf is None:
        raise InvalidInput(
            f"LibreOffice cannot open {shown(filename)}: it may be damaged, or saved in a form "
            "it does not read. Save it again from Word (or as a PDF) and attach that."
        )
    return PaperFile(filename, kind, data, digest, pdf_pages(pdf, filename), pdf)


def _check_office(filename: str, kind: str, data: bytes) -> None:
    not_it = InvalidInput(
        f"{shown(filename)} is not {KIND_NAMES[kind]}, whatever its name says; attach the "
        "real file (or save it again in that format)."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            if _MAIN_PART[kind] not in package.namelist():
                raise not_it
            if package.testzip() is not None:
                raise InvalidInput(f"{shown(filename)} is damaged and cannot be read.")
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise not_it from None


def pdf_pages(data: bytes, filename: str) -> int:
    """The number of pages of a PDF that can be read whole; refuse one that cannot."""
    if b"%PDF-" not in data[:1024]:
        raise InvalidInput(
            f"{shown(filename)} is not a PDF, whatever its name says; attach the real PDF."
        )
    damaged = InvalidInput(
        f"{shown(filename)} is a damaged PDF and cannot be read; make the PDF again and attach "
        "that."
    )
    logger = logging.getLogger("pypdf")
    level = logger.level
    # pypdf says what it repaired through logging and warnings; a damaged file is refused
    # below, so what it says along the way is not the clerk's business.
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise InvalidInput(
                    f"{shown(filename)} is protected by a password (encrypted), so it cannot "
                    "go into a board pack; ask its author for an unprotected copy."
                )
            pages = len(reader.pages)
            for page in reader.pages:
                page.get_contents()
    except UserError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise damaged from None
    finally:
        logger.setLevel(level)
    if pages == 0:
        raise damaged
    return pages
