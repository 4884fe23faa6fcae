"""Real paper files made in the tests: PDFs of several pages (reportlab), Word papers
(python-docx), an encrypted PDF (pypdf), a fake PDF; and reading a pack back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def pdf_bytes(title: str, pages: int, *, marker: str = "") -> bytes:
    """A PDF of `pages` pages, each saying its title, page and `marker`."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for page in range(1, pages + 1):
        canvas.setFont("Helvetica", 14)
        canvas.drawString(72, 700, f"{title}: page {page} of the paper")
        if marker:
            canvas.drawString(72, 660, marker)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_pdf(folder: Path, name: str, pages: int, *, marker: str = "") -> Path:
    path = folder / name
    path.write_bytes(pdf_bytes(Path(name).stem, pages, marker=marker))
    return path


def write_docx(folder: Path, name: str, paragraphs: int = 3, *, marker: str = "") -> Path:
    document = Document()
    document.add_heading(Path(name).stem, level=1)
    for n in range(paragraphs):
        document.add_paragraph(f"Paragraph {n + 1}. {marker} The committee is asked to note.")
    path = folder / name
    document.save(str(path))
    return path


def write_encrypted_pdf(folder: Path, name: str = "locked.pdf") -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Locked", 2))))
    writer.encrypt("secret", algorithm="RC4-128")
    path = folder / name
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def write_fake_pdf(folder: Path, name: str = "fake.pdf") -> Path:
    path = folder / name
    path.write_bytes(b"This is a letter saved with the wrong name.\n" * 20)
    return path


@dataclass(frozen=True)
class PackRead:
    pages: list[str]  # each page's text
    outline: list[tuple[str, int, list[tuple[str, int]]]]  # title, page, children
    metadata: dict[str, str]
    raw: bytes


def read_pack(path: Path) -> PackRead:
    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    outline: list[tuple[str, int, list[tuple[str, int]]]] = []
    entries = reader.outline
    for n, entry in enumerate(entries):
        if isinstance(entry, list):
            continue
        following = entries[n + 1] if n + 1 < len(entries) else []
        children = (
            [(c.title, reader.get_destination_page_number(c) + 1) for c in following]
            if isinstance(following, list)
            else []
        )
        outline.append((entry.title, reader.get_destination_page_number(entry) + 1, children))
    metadata = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return PackRead(pages, outline, metadata, path.read_bytes())


def agenda_starts(read: PackRead) -> dict[str, int]:
    """Paper number → the page the agenda says it starts on."""
    found: dict[str, int] = {}
    for text in read.pages:
        for number, page in re.findall(r"Paper (\S+), page (\d+)", text):
            found[number] = int(page)
    return found
