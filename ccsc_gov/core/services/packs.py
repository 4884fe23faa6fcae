"""The record of every board pack built, with the file of the latest ones (so a pack built
again with nothing changed is written as it was, not built again), and the PDFs a pack is made
from (a Word paper's PDF is made once by LibreOffice and kept in the database beside the
file)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.models import BoardPack, PaperContent


@dataclass(frozen=True)
class PackedPaper:
    number: str
    version: int
    sha256: str


@dataclass(frozen=True)
class PackRecord:
    id: int
    meeting: str
    built_at: dt.datetime
    public: bool
    supplement: int  # 0: the pack itself; n: its n-th supplement
    pages: int
    sha256: str
    papers: tuple[PackedPaper, ...]

    @property
    def name(self) -> str:
        kind = "public pack" if self.public else "board pack"
        return f"supplement {self.supplement} to the {kind}" if self.supplement else kind


# The packs whose files are kept for a rebuild with nothing changed: the latest ones built (a
# pack of 300 pages weighs about as much as its papers, so not every pack of every meeting).
KEPT_FILES = 10


def _record(row: BoardPack, meeting: str) -> PackRecord:
    return PackRecord(
        id=row.id,
        meeting=meeting,
        built_at=row.built_at,
        public=row.public,
        supplement=row.supplement,
        pages=row.pages,
        sha256=row.sha256,
        papers=tuple(PackedPaper(**p) for p in json.loads(row.contents)),
    )


def list_packs(session: Session, *, meeting: str) -> list[PackRecord]:
    """Every pack built for the meeting, the first first: one line for each pack that differs
    from the one before it of its kind (a pack built again unchanged is the same pack)."""
    m = meeting_by_ref(session, meeting)
    rows = session.scalars(
        select(BoardPack).where(BoardPack.meeting_id == m.id).order_by(BoardPack.id)
    )
    return [_record(r, m.ref) for r in rows]


def _latest(session: Session, meeting_id: int, public: bool, supplement: int) -> BoardPack | None:
    """The latest pack of the meeting of this kind (public or not, the pack or a supplement)."""
    return session.scalars(
        select(BoardPack)
        .where(
            BoardPack.meeting_id == meeting_id,
            BoardPack.public == public,
            BoardPack.supplement == supplement,
        )
        .order_by(BoardPack.id.desc())
        .limit(1)
    ).first()


def kept_pack(
    session: Session, *, meeting: str, public: bool, supplement: int, inputs: str
) -> tuple[PackRecord, bytes] | None:
    """The latest pack of this kind and its file, when it was made from `inputs` (the same
    pages) and its file is kept whole; otherwise None, and the pack is to be built."""
    m = meeting_by_ref(session, meeting)
    row = _latest(session, m.id, public, supplement)
    if row is None or row.inputs != inputs:
        return None
    data = row.data
    if data is None or hashlib.sha256(data).hexdigest() != row.sha256:
        return None
    return _record(row, m.ref), data


def record_pack(
    session: Session,
    *,
    meeting: str,
    public: bool,
    supplement: int,
    pages: int,
    data: bytes,
    papers: list[PackedPaper],
    inputs: str,
) -> PackRecord:
    """Record a pack just built from `inputs`, and keep its file for a rebuild. A pack the
    same, byte for byte, as the latest of its kind is that pack again: it adds no line."""
    m = meeting_by_ref(session, meeting)
    digest = hashlib.sha256(data).hexdigest()
    row = _latest(session, m.id, public, supplement)
    if row is None or row.sha256 != digest:
        row = BoardPack(
            meeting_id=m.id,
            built_at=dt.datetime.now().replace(microsecond=0),
            public=public,
            supplement=supplement,
            pages=pages,
            sha256=digest,
            contents=json.dumps([p.__dict__ for p in papers]),
        )
        session.add(row)
    row.inputs = inputs
    row.data = data
    session.flush()
    _keep_latest_files(session, row)
    return _record(row, m.ref)


def _keep_latest_files(session: Session, kept: BoardPack) -> None:
    """Let go of the files of all but the `KEPT_FILES` packs last built (`kept` among them)."""
    rows = session.scalars(
        select(BoardPack)
        .where(BoardPack.data.is_not(None), BoardPack.id != kept.id)
        .order_by(BoardPack.id.desc())
        .offset(KEPT_FILES - 1)
    )
    for row in rows:
        row.data = None
    session.flush()


def pdf_of(session: Session, sha256: str) -> bytes | None:
    """A paper file's PDF: a PDF's own bytes, an office file's converted PDF, or None when
    LibreOffice has not made it yet."""
    content = session.get_one(PaperContent, sha256)
    if content.pdf_sha256 is not None:
        return session.get_one(PaperContent, content.pdf_sha256).data
    return content.data if content.data.startswith(b"%PDF") else None


def keep_pdf(session: Session, sha256: str, pdf: bytes, *, pages: int) -> None:
    """Keep the PDF LibreOffice made of an office file, so no later pack converts it again."""
    digest = hashlib.sha256(pdf).hexdigest()
    if session.get(PaperContent, digest) is None:
        session.add(PaperContent(sha256=digest, size=len(pdf), data=pdf, pages=pages))
        session.flush()
    content = session.get_one(PaperContent, sha256)
    content.pdf_sha256 = digest
    content.pages = pages
    session.flush()
