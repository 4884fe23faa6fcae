"""The board pack: one PDF per meeting, built from the database.

A cover (reportlab), the agenda with the page on which each item's papers start, then the
papers in agenda order, every page stamped with a running header ("EMC/2026/10 · Paper 5.1 ·
EMC-26-11-A") and a footer "page N of M" counted through the whole pack (reportlab overlays
merged by pypdf), and an outline with one bookmark per item that has papers, its papers nested
under it. The public pack leaves confidential papers out entirely: the agenda says "paper
withheld", and nothing else of them is read, let alone written. A supplement holds only the
papers added or replaced since the packs already built for the same readers.

Word, Excel and PowerPoint papers are turned into PDFs by LibreOffice, all in one run, and
the PDFs are kept in the database, so an unchanged pack converts nothing when rebuilt. Nor is
it laid out again: what a pack's pages show (`_Contents`) is hashed into its inputs, and when
they are those of the latest pack of its kind, the file kept with that pack's record is
written again (`services/packs.kept_pack`).

`write_pack` is the one entry point; the GUI and the command line call it, as may anything
that needs the pack (circulation attaches it to its messages).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pypdf
import reportlab
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    RectangleObject,
)
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from ccsc_gov import __version__
from ccsc_gov.core.export.agenda import CONFIDENTIAL_FALLBACK_TITLE
from ccsc_gov.core.export.files import check_target, write_bytes
from ccsc_gov.core.export.paper_files import pdf_pages
from ccsc_gov.core.export.pdf import convert_documents, find_soffice
from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.governance.vocabulary import long_date
from ccsc_gov.core.services.agenda import agenda
from ccsc_gov.core.services.bodies import body_view
from ccsc_gov.core.services.meeting_list import MeetingSummary
from ccsc_gov.core.services.meetings import get_meeting
from ccsc_gov.core.services.packs import (
    PackedPaper,
    PackRecord,
    keep_pdf,
    kept_pack,
    list_packs,
    pdf_of,
    record_pack,
)
from ccsc_gov.core.services.papers import PaperView, list_papers, paper_file
from ccsc_gov.core.store.models import Confidentiality

Progress = Callable[[int, int, str], None]
"""Told (steps done, steps in all, what is being done) as the pack is built."""


class PackCancelled(UserError):
    """The clerk cancelled the build; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The board pack was not built: you cancelled it.")


WITHHELD = "paper withheld"

_STYLE = {
    "body": ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=12),
    "small": ParagraphStyle(
        "small",
        fontName="Helvetica",
        fontSize=8.5,
        leading=10.5,
        textColor=colors.HexColor("#444444"),
    ),
    "bold": ParagraphStyle("bold", fontName="Helvetica-Bold", fontSize=9.5, leading=12),
    "heading": ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=16, leading=20),
}


# The programs that lay a pack out: a pack kept from another version is laid out afresh.
_PROGRAMS = f"ccsc-gov {__version__}, pypdf {pypdf.__version__}, reportlab {reportlab.Version}"


@dataclass(frozen=True)
class _Paper:
    """A paper as the pack shows it; its PDF is that of the file `sha256`."""

    number: str
    title: str
    version: int
    sha256: str
    pages: int


@dataclass(frozen=True)
class _Entry:
    """An agenda line of the pack: the item as this pack's readers see it, and its papers in
    the pack (or how many are withheld)."""

    number: str
    title: str
    purpose: str
    presenter: str  # "" where the public pack keeps it back
    top: bool  # an item, not a sub-item
    papers: tuple[_Paper, ...]
    withheld: int  # how many of its papers this pack leaves out


@dataclass(frozen=True)
class _Contents:
    """Everything the pack's pages show, and nothing else: laid out by the same programs,
    equal contents make the same file, byte for byte."""

    ref: str
    body_name: str
    start: dt.datetime
    end: dt.datetime
    location: str
    public: bool
    supplement: int  # 0: the pack itself; n: its n-th supplement
    entries: tuple[_Entry, ...]

    @property
    def what(self) -> str:
        what = "Public pack" if self.public else "Board pack"
        return f"Supplement {self.supplement} to the {what.lower()}" if self.supplement else what

    @property
    def papers(self) -> list[_Paper]:
        return [p for e in self.entries for p in e.papers]

    @property
    def inputs(self) -> str:
        """The SHA-256 of the contents and of the programs that lay them out."""
        text = json.dumps([_PROGRAMS, asdict(self)], default=str, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def write_pack(
    session: Session,
    meeting_ref: str,
    path: Path,
    *,
    public: bool = False,
    supplement: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PackRecord:
    """Build the meeting's board pack (the public pack with `public`; with `supplement`, just
    the papers added or replaced since the packs already built) into the PDF at `path`,
    atomically, and record it. Office papers not yet converted are converted by LibreOffice
    and their PDFs kept in `session`, whose caller commits.

    A pack whose pages would be those of the latest pack of its kind (nothing in it has
    changed) is that pack: its kept file is written again, and its record returned as it
    stands, nothing new recorded."""
    path = Path(path)
    check_target(path)
    tell = progress or (lambda _done, _total, _what: None)
    stop = cancelled or (lambda: False)
    meeting = get_meeting(session, meeting=meeting_ref)
    attached = list_papers(session, meeting=meeting.ref)
    if not attached:
        raise NotAllowed(
            f"{meeting.ref} has no papers yet, so there is no board pack to build: attach "
            "the papers to its agenda items first."
        )
    papers = [p for p in attached if not (public and p.confidential)]
    earlier = [p for p in list_packs(session, meeting=meeting.ref) if p.public == public]
    number = 0
    if supplement:
        if not earlier:
            raise NotAllowed(
                f"No {'public ' if public else ''}pack of {meeting.ref} has been built yet, so "
                "there is nothing to supplement: build the pack first."
            )
        sent = {(p.number, p.sha256) for pack in earlier for p in pack.papers}
        papers = [p for p in papers if (p.number, p.sha256) not in sent]
        if not papers:
            raise NotAllowed(
                f"No paper of {meeting.ref} has been added or replaced since its last pack: "
                "there is nothing for a supplement."
            )
        number = 1 + max(pack.supplement for pack in earlier)
    steps = len(papers) + 3
    tell(0, steps, "Converting Word, Excel and PowerPoint papers")
    if _convert_missing(session, papers):
        # Listed again: the papers just converted now know their pages.
        attached = list_papers(session, meeting=meeting.ref)
    contents = _contents(
        session, meeting, attached, {p.id for p in papers}, public=public, supplement=number
    )
    kept = kept_pack(
        session, meeting=meeting.ref, public=public, supplement=number, inputs=contents.inputs
    )
    if kept is None:
        data, pages = _build(session, contents, tell=tell, stop=stop, steps=steps)
    else:
        data, pages = kept[1], kept[0].pages
    if stop():
        raise PackCancelled
    tell(steps - 1, steps, "Saving the pack")
    write_bytes(path, data)
    record = kept[0] if kept is not None else _record(session, contents, pages, data)
    tell(steps, steps, "Done")
    return record


def _build(
    session: Session,
    contents: _Contents,
    *,
    tell: Progress,
    stop: Callable[[], bool],
    steps: int,
) -> tuple[bytes, int]:
    """Read the papers' PDFs and lay the pack out: its bytes and its pages."""
    pdfs: dict[str, bytes] = {}
    for done, paper in enumerate(contents.papers, start=1):
        if stop():
            raise PackCancelled
        tell(done, steps, f"Reading paper {paper.number}")
        pdf = pdf_of(session, paper.sha256)
        assert pdf is not None  # converted before
        pdfs[paper.sha256] = pdf
    tell(steps - 2, steps, "Laying out the cover and agenda")
    if stop():
        raise PackCancelled
    return _assemble(contents, pdfs, stop=stop)


# --- the papers' PDFs ------------------------------------------------------------------------


def _convert_missing(session: Session, papers: list[PaperView]) -> bool:
    """Convert, in one LibreOffice run, every office paper whose PDF is not kept yet; whether
    there were any."""
    missing = {p.sha256: p for p in papers if p.pages is None}  # counted once it is a PDF
    if not missing:
        return False
    if find_soffice() is None:
        names = ", ".join(f"{p.number} ({p.filename})" for p in missing.values())
        raise UserError(
            f"The pack needs LibreOffice, which is not installed on this computer, to turn "
            f"these papers into PDF: {names}. Install it from libreoffice.org (it is free), or "
            "replace those papers by their PDFs; a pack of PDF papers needs nothing more."
        )
    documents = {
        f"{sha[:16]}.{p.kind}": paper_file(session, number=p.number)[1]
        for sha, p in missing.items()
    }
    converted = convert_documents(documents)
    failed = []
    for sha, paper in missing.items():
        pdf = converted.get(f"{sha[:16]}.{paper.kind}")
        if pdf is None:
            failed.append(f"{paper.number} ({paper.filename})")
            continue
        keep_pdf(session, sha, pdf, pages=pdf_pages(pdf, paper.filename))
    if failed:
        raise UserError(
            f"LibreOffice could not open {', '.join(failed)}; replace "
            f"{'it' if len(failed) == 1 else 'them'} by a PDF and build the pack again."
        )
    return True


# --- what the pack holds ---------------------------------------------------------------------


def _contents(
    session: Session,
    meeting: MeetingSummary,
    attached: list[PaperView],
    held: set[int],
    *,
    public: bool,
    supplement: int,
) -> _Contents:
    """What the pack shows: every agenda item (a supplement's only where it has papers), with
    the papers of `attached` it holds (by id, `held`) and how many it withholds."""
    entries = []
    for item in agenda(session, meeting=meeting.ref):
        mine = [p for p in attached if p.item_id == item.id]
        shown = tuple(_shown(p) for p in mine if p.id in held)
        if supplement and not shown:
            continue
        secret = public and item.confidentiality is not Confidentiality.OPEN
        title = (item.public_title or CONFIDENTIAL_FALLBACK_TITLE) if secret else item.title
        entries.append(
            _Entry(
                number=item.number,
                title=" ".join(title.split()),
                purpose=item.purpose.value,
                presenter="" if secret else item.presenter,
                top=item.parent_id is None,
                papers=shown,
                withheld=sum(1 for p in mine if public and p.confidential),
            )
        )
    return _Contents(
        ref=meeting.ref,
        body_name=body_view(session, code=meeting.body).name,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location or "",
        public=public,
        supplement=supplement,
        entries=tuple(entries),
    )


def _shown(paper: PaperView) -> _Paper:
    # A PDF's pages are counted when it is attached, an office file's when it is converted.
    assert paper.pages is not None
    return _Paper(paper.number, paper.title, paper.version, paper.sha256, paper.pages)


def _record(session: Session, contents: _Contents, pages: int, data: bytes) -> PackRecord:
    return record_pack(
        session,
        meeting=contents.ref,
        public=contents.public,
        supplement=contents.supplement,
        pages=pages,
        data=data,
        papers=[PackedPaper(p.number, p.version, p.sha256) for p in contents.papers],
        inputs=contents.inputs,
    )


# --- the cover and agenda --------------------------------------------------------------------


def _marking(public: bool) -> str:
    return (
        "PUBLIC PACK: confidential papers are withheld"
        if public
        else "CONFIDENTIAL: for members of the body and those entitled to its papers"
    )


def _cover(contents: _Contents) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    width, height = A4
    public = contents.public
    lines = [
        ("Helvetica-Bold", 22, contents.body_name),
        ("Helvetica", 16, contents.what),
        ("Helvetica-Bold", 14, contents.ref),
        ("Helvetica", 12, f"{contents.start:%A} {long_date(contents.start.date())}"),
        ("Helvetica", 12, f"{contents.start:%H:%M} to {contents.end:%H:%M}"),
        ("Helvetica", 12, contents.location),
    ]
    y = height - 70 * mm
    for font, size, text in lines:
        canvas.setFont(font, size)
        canvas.drawString(25 * mm, y, text)
        y -= size * 1.9
    canvas.setStrokeColor(colors.HexColor("#8B0000") if not public else colors.HexColor("#1F4E79"))
    canvas.setLineWidth(1.5)
    canvas.rect(25 * mm, 40 * mm, width - 50 * mm, 16 * mm)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(width / 2, 46.5 * mm, _marking(public))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _agenda(contents: _Contents, starts: dict[str, int]) -> bytes:
    """The agenda; `starts` gives the page each paper (by number) starts on."""
    cell = _STYLE["body"]
    rows: list[list[object]] = [
        [Paragraph(f"<b>{h}</b>", cell) for h in ("Item", "Business", "Purpose", "Lead", "Papers")]
    ]
    for entry in contents.entries:
        papers: list[object] = []
        for paper in entry.papers:
            # "page" and its number never part at a line's end.
            papers.append(
                Paragraph(
                    f"Paper {escape(paper.number)},&nbsp;page&nbsp;{starts[paper.number]}", cell
                )
            )
            version = f" (version {paper.version})" if paper.version > 1 else ""
            papers.append(Paragraph(escape(paper.title) + version, _STYLE["small"]))
        if entry.withheld:
            papers.append(Paragraph(WITHHELD.capitalize(), _STYLE["small"]))
        weight = _STYLE["bold"] if entry.top else cell
        rows.append(
            [
                Paragraph(escape(entry.number), weight),
                Paragraph(escape(entry.title), weight),
                Paragraph(escape(entry.purpose), cell),
                Paragraph(escape(entry.presenter), cell),
                papers,
            ]
        )
    table = Table(
        rows,
        colWidths=[13 * mm, 56 * mm, 24 * mm, 30 * mm, 57 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
            ]
        )
    )
    supplement = contents.supplement
    heading = "Agenda" if not supplement else f"Agenda of supplement {supplement}"
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        invariant=True,
        title="",
    )
    document.build(
        [
            Paragraph(f"{escape(contents.ref)}: {heading}", _STYLE["heading"]),
            Spacer(1, 6 * mm),
            table,
        ]
    )
    return buffer.getvalue()


# --- assembling and stamping -----------------------------------------------------------------


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf reports what it repairs in a paper through logging and warnings; papers were
    checked when attached, so what it says now is not the clerk's business."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _assemble(
    contents: _Contents, pdfs: dict[str, bytes], *, stop: Callable[[], bool]
) -> tuple[bytes, int]:
    """The pack's bytes and pages; `pdfs` holds each paper's PDF by its file's SHA-256."""
    cover = _cover(contents)
    papers = contents.papers
    ref = contents.ref
    # The agenda's length does not depend on the page numbers it shows (each stands at the
    # start of a short line), so lay it out once to count its pages, then with the numbers.
    agenda_pages = _count(_agenda(contents, {p.number: 9999 for p in papers}))
    for _attempt in range(3):
        starts: dict[str, int] = {}
        page = 1 + agenda_pages + 1
        for paper in papers:
            starts[paper.number] = page
            page += paper.pages
        agenda_pdf = _agenda(contents, starts)
        if _count(agenda_pdf) == agenda_pages:
            break
        agenda_pages = _count(agenda_pdf)
    else:
        raise AssertionError("the agenda's length kept changing with its page numbers")
    writer = PdfWriter()
    headers: list[str] = []
    with _quiet_pypdf():
        for page_obj in PdfReader(io.BytesIO(cover)).pages:
            writer.add_page(page_obj)
            headers.append(f"{ref} · {contents.body_name}")
        for page_obj in PdfReader(io.BytesIO(agenda_pdf)).pages:
            writer.add_page(page_obj)
            headers.append(f"{ref} · Agenda")
        for entry in contents.entries:
            for paper in entry.papers:
                if stop():
                    raise PackCancelled
                for page_obj in PdfReader(io.BytesIO(pdfs[paper.sha256])).pages:
                    added = writer.add_page(page_obj)
                    if added.rotation:
                        # The stamp reads upright on a page shown turned.
                        added.transfer_rotation_to_content()
                    headers.append(f"{ref} · Paper {entry.number} · {paper.number}")
        total = len(writer.pages)
        _stamp(writer, headers)
        _outline(writer, contents.entries, starts)
        writer.add_metadata(
            {
                "/Title": f"{ref} {contents.what.lower()}",
                "/Subject": f"{contents.body_name}, {contents.start:%d %B %Y}",
                "/Creator": "ccsc-gov",
                "/Producer": "ccsc-gov (pypdf, reportlab)",
            }
        )
        writer.page_mode = "/UseOutlines"
        out = io.BytesIO()
        writer.write(out)
    return out.getvalue(), total


def _count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _stamp(writer: PdfWriter, headers: list[str]) -> None:
    """Stamp every page with its header and "page N of M", drawn by reportlab.

    Each stamp becomes a form XObject drawn after the page's own content, which stays as it
    is: pypdf's merge_page would parse and rewrite every paper's content stream, many times
    the cost of the rest of the pack for long papers."""
    total = len(writer.pages)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for number, (page, header) in enumerate(zip(writer.pages, headers, strict=True), start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        canvas.setPageSize((width, height))
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#333333"))
        canvas.drawString(12 * mm, height - 9 * mm, header)
        canvas.drawCentredString(width / 2, 7 * mm, f"page {number} of {total}")
        canvas.showPage()
    canvas.save()
    overlay = PdfReader(io.BytesIO(buffer.getvalue()))
    # Each page's own content is drawn inside q ... Q, so a graphics state it leaves behind
    # (a clip, a transformation) never reaches the stamp.
    save = _stream(writer, b"q\n")
    for number, (page, stamp) in enumerate(zip(writer.pages, overlay.pages, strict=True)):
        box = page.mediabox
        form = DecodedStreamObject()
        contents = stamp.get_contents()
        form.set_data(contents.get_data() if contents is not None else b"")
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): RectangleObject([0, 0, box.width, box.height]),
                NameObject("/Matrix"): ArrayObject(
                    [FloatObject(v) for v in (1, 0, 0, 1, box.left, box.bottom)]
                ),
                NameObject("/Resources"): stamp[NameObject("/Resources")].clone(writer),
            }
        )
        name = f"/CcscStamp{number}"
        # The page's own resources, copied: papers often share one dictionary between pages.
        resources = page.get("/Resources")
        mine = DictionaryObject(resources.get_object() if resources is not None else {})
        xobjects = mine.get("/XObject")
        forms = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
        forms[NameObject(name)] = writer._add_object(form)
        mine[NameObject("/XObject")] = forms
        page[NameObject("/Resources")] = mine
        existing = page.get("/Contents")
        parts = ArrayObject([save])
        if existing is not None:
            own = existing.get_object()
            parts += own if isinstance(own, ArrayObject) else [existing]
        parts.append(_stream(writer, f"Q\nq {name} Do Q\n".encode()))
        page[NameObject("/Contents")] = parts


def _stream(writer: PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _outline(writer: PdfWriter, entries: tuple[_Entry, ...], starts: dict[str, int]) -> None:
    """One bookmark per item with papers in the pack, its papers nested under it."""
    for entry in entries:
        if not entry.papers:
            continue
        first = starts[entry.papers[0].number] - 1
        parent = writer.add_outline_item(title=f"{entry.number} {entry.title}", page_number=first)
        for paper in entry.papers:
            writer.add_outline_item(
                title=f"{paper.number} {paper.title}",
                page_number=starts[paper.number] - 1,
                parent=parent,
            )
