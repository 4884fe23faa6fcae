"""Papers: the files a body reads before it meets, attached to agenda items, numbered in the
body's series (EMC-26-11-A) and versioned; their bytes are stored once per SHA-256."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.guards import printable, shown
from ccsc_gov.core.governance.numbering import paper_index, paper_letters
from ccsc_gov.core.services.agenda import (
    AgendaItemView,
    agenda,
    item_by_id,
    meeting_of,
)
from ccsc_gov.core.services.common import (
    Area,
    Changes,
    ensure_changeable,
    meeting_by_ref,
    reference_key,
)
from ccsc_gov.core.services.packs import keep_pdf
from ccsc_gov.core.services.paper_references import typed_papers, typed_references
from ccsc_gov.core.store.models import (
    AgendaItem,
    Body,
    Confidentiality,
    Meeting,
    Paper,
    PaperContent,
    PaperVersion,
    ReferenceCounter,
)
from ccsc_gov.core.store.references import next_number, paper_series

PAPER_AREAS = Area.AGENDA | Area.PAPERS


@dataclass(frozen=True)
class PaperFile:
    """A checked file, ready to be stored."""

    filename: str
    kind: str  # pdf, docx, xlsx, pptx
    data: bytes
    sha256: str
    pages: int | None  # of the PDF (a PDF's own, or the one LibreOffice made)
    pdf: bytes | None = None  # an office file's PDF, when LibreOffice made it here

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class PaperView:
    id: int
    number: str
    meeting: str
    meeting_id: int
    item_id: int
    item_number: str
    item_title: str
    title: str
    author: str
    version: int  # the version in force
    filename: str
    kind: str  # pdf, docx, xlsx, pptx
    pages: int | None  # None for an office file LibreOffice has not converted yet
    size: int  # bytes
    sha256: str
    added_at: dt.datetime  # when the version in force was attached
    marked_confidential: bool  # marked so by the clerk
    confidential: bool  # marked, or on a confidential or reserved item


@dataclass(frozen=True)
class PaperChange:
    paper: PaperView
    changes: Changes


# --- reading ---------------------------------------------------------------------------------


def _view(paper: Paper, item: AgendaItemView, meeting: Meeting) -> PaperView:
    latest = paper.versions[-1]
    return PaperView(
        id=paper.id,
        number=paper.number,
        meeting=meeting.ref,
        meeting_id=meeting.id,
        item_id=item.id,
        item_number=item.number,
        item_title=item.title,
        title=paper.title,
        author=paper.author,
        version=latest.version,
        filename=latest.filename,
        kind=latest.kind,
        pages=latest.content.pages,
        size=latest.content.size,
        sha256=latest.sha256,
        added_at=latest.added_at,
        marked_confidential=paper.confidential,
        confidential=paper.confidential or item.confidentiality is not Confidentiality.OPEN,
    )


def list_papers(session: Session, *, meeting: str) -> list[PaperView]:
    """The meeting's papers in agenda order (an item's papers in the order they were added)."""
    m = meeting_by_ref(session, meeting)
    items = agenda(session, meeting=m.ref)
    papers = session.scalars(
        select(Paper)
        .options(selectinload(Paper.versions).joinedload(PaperVersion.content))
        .join(AgendaItem, AgendaItem.id == Paper.item_id)
        .where(AgendaItem.meeting_id == m.id)
        .order_by(Paper.position, Paper.id)
    ).all()
    by_item: dict[int, list[Paper]] = {}
    for paper in papers:
        by_item.setdefault(paper.item_id, []).append(paper)
    return [_view(p, item, m) for item in items for p in by_item.get(item.id, [])]


def paper_by_number(session: Session, number: str) -> Paper:
    paper = session.scalar(select(Paper).where(Paper.number == reference_key(number)))
    if paper is None:
        raise NotFound(f"There is no paper numbered “{shown(number)}”.")
    return paper


def paper_view(session: Session, *, number: str) -> PaperView:
    paper = paper_by_number(session, number)
    item = item_by_id(session, paper.item_id)
    meeting = meeting_of(session, item)
    return next(p for p in list_papers(session, meeting=meeting.ref) if p.id == paper.id)


def paper_file(session: Session, *, number: str, version: int | None = None) -> tuple[str, bytes]:
    """The file name and bytes of a paper's version (the one in force by default)."""
    paper = paper_by_number(session, number)
    versions = {v.version: v for v in paper.versions}
    chosen = versions.get(version if version is not None else max(versions))
    if chosen is None:
        raise NotFound(f"Paper {paper.number} has no version {version}.")
    return chosen.filename, chosen.content.data


# --- changing --------------------------------------------------------------------------------


def _item(session: Session, meeting: Meeting, item: str | int) -> AgendaItemView:
    views = agenda(session, meeting=meeting.ref)
    if isinstance(item, int):
        found = next((v for v in views if v.id == item), None)
    else:
        found = next((v for v in views if v.number == item.strip().rstrip(".")), None)
    if found is None:
        raise NotFound(f"{meeting.ref} has no agenda item {shown(str(item))}.")
    return found


def _store(session: Session, file: PaperFile) -> PaperContent:
    """The content row of a file, stored once whatever the number of papers holding it."""
    content = session.get(PaperContent, file.sha256)
    if content is None:
        content = PaperContent(sha256=file.sha256, size=file.size, data=file.data, pages=file.pages)
        session.add(content)
        session.flush()
    if file.pdf is not None and file.pages is not None and content.pdf_sha256 is None:
        keep_pdf(session, file.sha256, file.pdf, pages=file.pages)
    return content


def _next_paper_number(session: Session, meeting: Meeting) -> str:
    """The next number in the body's series for the meeting's month, past every number used
    or typed on an agenda of that month, and never handed out twice."""
    body = session.get_one(Body, meeting.body_id)
    series = paper_series(body.code, meeting.start_at.date())
    month_start = meeting.start_at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    month_end = (month_start + dt.timedelta(days=32)).replace(day=1)
    month = (
        select(AgendaItem.id, AgendaItem.papers)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(
            Meeting.body_id == body.id,
            Meeting.start_at >= month_start,
            Meeting.start_at < month_end,
        )
    )
    used = [ref for _, text in session.execute(month) for ref in typed_references(text)]
    used += list(session.scalars(select(Paper.number).where(Paper.number.like(f"{series}%"))))
    highest = max(
        (paper_index(ref.removeprefix(series)) or 0 for ref in used if ref.startswith(series)),
        default=0,
    )
    scope = f"paper {series}"
    number = next_number(session, scope)
    if number <= highest:
        session.get_one(ReferenceCounter, scope).last = number = highest + 1
    return series + paper_letters(number)


def _title(title: str, file: PaperFile) -> str:
    cleaned = " ".join(printable(title).split())
    if cleaned:
        return cleaned
    return " ".join(Path(file.filename).stem.replace("_", " ").split()) or file.filename


def add_paper(
    session: Session,
    *,
    meeting: str,
    item: str | int,
    file: PaperFile,
    title: str = "",
    author: str | None = None,
    confidential: bool = False,
    number: str | None = None,
    added_at: dt.datetime | None = None,
) -> PaperChange:
    """Attach a file to an agenda item as a paper. It takes the first paper reference typed on
    the item that no paper holds yet, else the next number in the body's series (or `number`,
    when undoing a removal); the author defaults to the item's presenter. `added_at` is now,
    unless a paper sent in earlier is being recorded."""
    m = meeting_by_ref(session, meeting)
    ensure_changeable(m)
    view = _item(session, m, item)
    row = item_by_id(session, view.id)
    taken = set(session.scalars(select(Paper.number).where(Paper.item_id == row.id)))
    if number is not None:
        number = reference_key(number)
        if session.scalar(select(Paper.id).where(Paper.number == number)) is not None:
            raise NotAllowed(f"There is already a paper numbered {number}.")
    else:
        typed = [ref for ref in typed_references(row.papers) if ref not in taken]
        free = [
            ref
            for ref in typed
            if session.scalar(select(Paper.id).where(Paper.number == ref)) is None
        ]
        number = free[0] if free else _next_paper_number(session, m)
    if number not in typed_references(row.papers):
        row.papers = ", ".join([*typed_papers(row.papers), number])
    position = session.scalar(
        select(func.coalesce(func.max(Paper.position), 0)).where(Paper.item_id == row.id)
    )
    paper = Paper(
        number=number,
        item_id=row.id,
        position=int(position or 0) + 1,
        title=_title(title, file),
        author=" ".join(printable(author).split()) if author is not None else view.presenter,
        confidential=confidential,
    )
    session.add(paper)
    _add_version(session, paper, file, 1, added_at=added_at)
    return PaperChange(paper_view(session, number=number), Changes(PAPER_AREAS, m.id))


def _add_version(
    session: Session,
    paper: Paper,
    file: PaperFile,
    version: int,
    *,
    added_at: dt.datetime | None = None,
) -> None:
    content = _store(session, file)
    paper.versions.append(
        PaperVersion(
            version=version,
            filename=Path(file.filename).name,
            kind=file.kind,
            sha256=content.sha256,
            added_at=added_at or dt.datetime.now().replace(microsecond=0),
        )
    )
    session.flush()


def _editable_paper(session: Session, number: str) -> tuple[Paper, Meeting]:
    paper = paper_by_number(session, number)
    meeting = meeting_of(session, item_by_id(session, paper.item_id))
    ensure_changeable(meeting)
    return paper, meeting


def replace_paper(session: Session, *, number: str, file: PaperFile) -> PaperChange:
    """Attach a new version of a paper's file; the earlier versions are kept."""
    paper, meeting = _editable_paper(session, number)
    latest = paper.versions[-1]
    if latest.sha256 == file.sha256:
        raise InvalidInput(
            f"{shown(file.filename)} is the file paper {paper.number} already holds "
            f"(version {latest.version})."
        )
    _add_version(session, paper, file, latest.version + 1)
    return PaperChange(paper_view(session, number=paper.number), Changes(PAPER_AREAS, meeting.id))


def undo_replacement(session: Session, *, number: str) -> PaperChange:
    """Take back the latest version of a paper, the one before it in force again."""
    paper, meeting = _editable_paper(session, number)
    if len(paper.versions) < 2:
        raise NotAllowed(f"Paper {paper.number} has only one version.")
    session.delete(paper.versions[-1])
    session.flush()
    session.expire(paper, ["versions"])
    return PaperChange(paper_view(session, number=paper.number), Changes(PAPER_AREAS, meeting.id))


def mark_confidential(session: Session, *, number: str, confidential: bool) -> PaperChange:
    """Mark a paper confidential (an annex to an open item), or open again; a paper on a
    confidential or reserved item stays confidential whatever its mark."""
    paper, meeting = _editable_paper(session, number)
    paper.confidential = confidential
    session.flush()
    return PaperChange(paper_view(session, number=paper.number), Changes(PAPER_AREAS, meeting.id))


def edit_paper(session: Session, *, number: str, title: str, author: str) -> PaperChange:
    paper, meeting = _editable_paper(session, number)
    cleaned = " ".join(printable(title).split())
    if not cleaned:
        raise InvalidInput("A paper needs a title.")
    paper.title = cleaned
    paper.author = " ".join(printable(author).split())
    session.flush()
    return PaperChange(paper_view(session, number=paper.number), Changes(PAPER_AREAS, meeting.id))


def remove_paper(session: Session, *, number: str) -> Changes:
    """Take a paper (every version) off its item; its number is not handed out again."""
    paper, meeting = _editable_paper(session, number)
    item = item_by_id(session, paper.item_id)
    kept = typed_papers(item.papers)
    item.papers = ", ".join(p for p in kept if reference_key(p) != paper.number)
    session.delete(paper)
    session.flush()
    return Changes(PAPER_AREAS, meeting.id)
