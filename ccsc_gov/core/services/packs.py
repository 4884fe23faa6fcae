"""The record of every board pack built, and the PDFs a pack is made from (a Word paper's PDF
is made once by LibreOffice and kept in the database beside the file)."""

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


def list_packs(session: Session, *, meeting: str) -> list[PackRecord]:
    """Every pack built for the meeting, the first first."""
    m = meeting_by_ref(session, meeting)
    rows = session.scalars(
        select(BoardPack).where(BoardPack.meeting_id == m.id).order_by(BoardPack.id)
    )
    return [
        PackRecord(
            id=r.id,
            meeting=m.ref,
            built_at=r.built_at,
            public=r.public,
            supplement=r.supplement,
            pages=r.pages,
            sha256=r.sha256,
            papers=tuple(PackedPaper(**p) for p in json.loads(r.contents)),
        )
        for r in rows
    ]


def record_pack(
    session: Session,
    *,
    meeting: str,
    public: bool,
    supplement: int,
    pages: int,
    data: bytes,
    papers: list[PackedPaper],
) -> PackRecord:
    m = meeting_by_ref(session, meeting)
    session.add(
        BoardPack(
            meeting_id=m.id,
            built_at=dt.datetime.now().replace(microsecond=0),
            public=public,
            supplement=supplement,
            pages=pages,
            sha256=hashlib.sha256(data).hexdigest(),
            contents=json.dumps([p.__dict__ for p in papers]),
        )
    )
    session.flush()
    return list_packs(session, meeting=m.ref)[-1]


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
