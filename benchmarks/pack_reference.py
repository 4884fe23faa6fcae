"""The board-pack benchmark's meeting and its reference: 30 papers of about ten pages, a third
of them Word documents, and the same pack made directly (one LibreOffice batch conversion,
then pypdf appending the PDFs, with no cover, agenda, stamps or outline)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ccsc_gov.core.export.paper_files import check_paper_bytes
from ccsc_gov.core.export.pdf import find_soffice
from ccsc_gov.core.services import agenda, meetings, papers
from ccsc_gov.core.store.database import Database

LINE = "The committee is asked to note the progress reported and to approve the next steps."


def paper_pdf(title: str, pages: int) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    for page in range(pages):
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(72, 780, f"{title}, page {page + 1}")
        canvas.setFont("Helvetica", 10)
        for line in range(50):
            canvas.drawString(72, 750 - 13 * line, LINE)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def paper_docx(title: str, pages: int) -> bytes:
    document = Document()
    document.add_heading(title, level=1)
    for _ in range(pages * 9):
        document.add_paragraph(" ".join([LINE] * 3))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pack_meeting(
    database: Database, *, papers_count: int, pages: int, word: bool
) -> tuple[str, dict[str, bytes]]:
    """A meeting with `papers_count` items of one paper each (every third a Word document when
    `word`); its reference and the files by name."""
    files: dict[str, bytes] = {}
    with database.transaction() as session:
        start = dt.datetime(2026, 10, 13, 14)
        ref = meetings.schedule_meeting(
            session, body="EMC", start=start, end=start + dt.timedelta(hours=3)
        ).ref
        for n in range(papers_count):
            title = f"Report {n + 1}"
            item = agenda.add_item(session, meeting=ref, title=title)
            is_word = word and n % 3 == 2
            name = f"paper{n + 1:02d}.{'docx' if is_word else 'pdf'}"
            files[name] = paper_docx(title, pages) if is_word else paper_pdf(title, pages)
            file = check_paper_bytes(name, files[name], convert=False)
            papers.add_paper(session, meeting=ref, item=item.number, file=file)
    return ref, files


def merge_directly(files: dict[str, bytes], target: Path) -> int:
    """One LibreOffice batch conversion of the Word papers, then pypdf appends them all in
    order; the pages written."""
    with tempfile.TemporaryDirectory(prefix="ccsc-bench-direct-") as work:
        folder = Path(work)
        words = [name for name in files if name.endswith(".docx")]
        for name in words:
            (folder / name).write_bytes(files[name])
        if words:
            program = find_soffice()
            assert program is not None
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder / "out"),
                    *(str(folder / n) for n in words),
                ],
                check=True,
                capture_output=True,
                timeout=600,
            )
        writer = PdfWriter()
        for name, data in files.items():
            source = (folder / "out" / name).with_suffix(".pdf") if name.endswith(".docx") else None
            writer.append(io.BytesIO(source.read_bytes() if source else data))
        with target.open("wb") as handle:
            writer.write(handle)
        return len(writer.pages)
