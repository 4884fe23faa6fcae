"""The demo's papers: a report of a few pages for each item of business in the last year of
the history, some as PDFs (reportlab) and some as Word documents (python-docx), so a clerk
trying the demo sees board packs. Each paper's text follows from its meeting and item alone,
with a random generator of its own, so the rest of the history is the same with or without
them."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from ccsc_gov.core.export.paper_files import check_paper_bytes
from ccsc_gov.core.services import papers
from ccsc_gov.core.services.agenda import AgendaItemView

_SECTIONS = (
    "Purpose of the paper",
    "Background",
    "Current position",
    "Options considered",
    "Risks and mitigations",
    "Financial implications",
    "Recommendation",
)
_SENTENCES = (
    "The Committee is asked to consider the proposal set out below.",
    "Progress since the last report has been steady, with two milestones met early.",
    "The figures in the table are drawn from the finance system at the end of the month.",
    "Recruitment to the open posts is under way and interviews are scheduled.",
    "The risk register has been reviewed and no new high risks have been identified.",
    "Funders have been kept informed and have raised no concerns.",
    "The proposal has been discussed with the heads of the research programmes.",
    "Costs remain within the approved budget, with a small underspend on equipment.",
    "Patient and public representatives were consulted on the draft.",
    "A further update will be brought to the next meeting.",
)


_WRITTEN = dt.datetime(2020, 1, 1)


def _sections(rng: random.Random, pages: int) -> list[tuple[str, list[str]]]:
    count = 3 * pages
    return [
        (
            _SECTIONS[n % len(_SECTIONS)],
            [" ".join(rng.sample(_SENTENCES, k=6)) for _ in range(2)],
        )
        for n in range(count)
    ]


def _pdf(title: str, heading: str, rng: random.Random, pages: int) -> bytes:
    """Drawn line by line on a canvas: a tenth of the time a laid-out story takes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(title)
    width, height = A4
    sections = _sections(rng, pages)
    for page in range(pages):
        y = height - 30 * mm
        if page == 0:
            canvas.setFont("Helvetica-Bold", 18)
            canvas.drawString(25 * mm, y, title)
            canvas.setFont("Helvetica", 10)
            canvas.drawString(25 * mm, y - 8 * mm, heading)
            y -= 20 * mm
        for section, paragraphs in sections[3 * page : 3 * page + 3]:
            canvas.setFont("Helvetica-Bold", 13)
            canvas.drawString(25 * mm, y, section)
            y -= 7 * mm
            canvas.setFont("Helvetica", 11)
            for text in paragraphs:
                for line in simpleSplit(text, "Helvetica", 11, width - 50 * mm):
                    canvas.drawString(25 * mm, y, line)
                    y -= 5.5 * mm
                y -= 3 * mm
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _docx(title: str, heading: str, rng: random.Random, pages: int) -> bytes:
    document = Document()
    document.add_heading(title, level=0)
    document.add_paragraph(heading)
    for section, paragraphs in _sections(rng, pages):
        document.add_heading(section, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    document.core_properties.created = document.core_properties.modified = _WRITTEN
    buffer = io.BytesIO()
    document.save(buffer)
    # python-docx stamps each part in the package with the time of saving: the same paper
    # must be the same bytes on every run, so the package is written again with a fixed time.
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(fixed, "w") as package:
        for entry in saved.infolist():
            stamped = zipfile.ZipInfo(entry.filename, date_time=_WRITTEN.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(stamped, saved.read(entry))
    return fixed.getvalue()


def attach_demo_papers(
    session: Session, meeting: str, items: list[AgendaItemView], *, day: dt.date
) -> None:
    """A paper for each item of business that lists one, about one in three a Word document,
    each sent in a week before the meeting's `day`."""
    added_at = dt.datetime.combine(day - dt.timedelta(days=7), dt.time(9))
    for item in items:
        if not item.papers:
            continue
        rng = random.Random(f"{meeting} {item.number}")
        pages = rng.randint(2, 5)
        heading = f"{meeting}, item {item.number}: {item.purpose.value}. Lead: {item.presenter}"
        word = rng.random() < 1 / 3
        make = _docx if word else _pdf
        data = make(item.title, heading, rng, pages)
        name = f"{item.title[:40].strip()}.{'docx' if word else 'pdf'}".replace("/", "-")
        papers.add_paper(
            session,
            meeting=meeting,
            item=item.id,
            file=check_paper_bytes(name, data, convert=False),
            title=item.title,
            added_at=added_at,
        )
