"""Papers on agenda items: numbered in the body's series, versioned, stored once, checked
before anything is written, and locked with approved minutes — by the database itself too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cycle_helpers import meet, schedule, seat
from paper_helpers import (
    pdf_bytes,
    write_docx,
    write_encrypted_pdf,
    write_fake_pdf,
    write_pdf,
)
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from ccsc_gov.core.export.paper_files import check_paper_bytes, read_paper_file
from ccsc_gov.core.export.pdf import find_soffice
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, NotFound
from ccsc_gov.core.governance.membership import VOTING_BY_DEFAULT
from ccsc_gov.core.governance.numbering import paper_index, paper_letters
from ccsc_gov.core.governance.rhythm import Rhythm
from ccsc_gov.core.services import agenda, approval, papers, terms
from ccsc_gov.core.services.deadlines import DueKind, deadlines
from ccsc_gov.core.settings.config import load_settings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Authority, Confidentiality, PaperContent, Purpose

NOVEMBER, DECEMBER = dt.date(2026, 11, 10), dt.date(2026, 12, 8)
MB = 1024 * 1024
needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


def _meeting(db: Database, **item: object) -> tuple[str, str]:
    with db.transaction() as s:
        seat(s, "EMC")
        ref = schedule(s, "EMC", NOVEMBER)
        view = agenda.add_item(s, meeting=ref, title="Data-management policy", **item)  # type: ignore[arg-type]
    return ref, view.number


def _pdf(tmp_path: Path, name: str = "policy.pdf", pages: int = 3, marker: str = ""):
    return read_paper_file(write_pdf(tmp_path, name, pages, marker=marker), max_bytes=50 * MB)


def test_paper_letters_run_a_to_z_then_aa() -> None:
    assert [paper_letters(n) for n in (1, 2, 26, 27, 28, 52, 53)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA",
    ]  # fmt: skip
    assert all(paper_index(paper_letters(n)) == n for n in range(1, 800))
    assert paper_index("a1") is None


def test_the_reference_typed_on_the_item_becomes_the_papers_number(
    db: Database, tmp_path: Path
) -> None:
    ref, item = _meeting(db, papers="EMC-26-11-D", presenter="Dr Luis Ferreira")
    with db.transaction() as s:
        first = papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path)).paper
        second = papers.add_paper(
            s, meeting=ref, item=item, file=_pdf(tmp_path, "annex.pdf", 1), title="Annex A"
        ).paper
        views = papers.list_papers(s, meeting=ref)
        typed = agenda.agenda(s, meeting=ref)[-4].papers
    assert (first.number, first.title, first.author, first.pages) == (
        "EMC-26-11-D", "policy", "Dr Luis Ferreira", 3,
    )  # fmt: skip
    # New papers take the next in the body's series for the month, past what was typed.
    assert second.number == "EMC-26-11-E"
    assert [v.number for v in views] == ["EMC-26-11-D", "EMC-26-11-E"]
    assert typed == "EMC-26-11-D, EMC-26-11-E"


def test_a_number_is_never_handed_out_twice(db: Database, tmp_path: Path) -> None:
    ref, item = _meeting(db)
    with db.transaction() as s:
        gone = papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path)).paper.number
        papers.remove_paper(s, number=gone)
        again = papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path)).paper.number
    assert (gone, again) == ("EMC-26-11-A", "EMC-26-11-B")


def test_replacing_a_paper_keeps_every_earlier_version(db: Database, tmp_path: Path) -> None:
    ref, item = _meeting(db)
    with db.transaction() as s:
        number = papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path)).paper.number
        newer = _pdf(tmp_path, "policy-v2.pdf", 5)
        view = papers.replace_paper(s, number=number, file=newer).paper
        with pytest.raises(InvalidInput, match="already holds"):
            papers.replace_paper(s, number=number, file=newer)
        first = papers.paper_file(s, number=number, version=1)
        latest = papers.paper_file(s, number=number)
    assert (view.version, view.pages, view.filename) == (2, 5, "policy-v2.pdf")
    assert first == ("policy.pdf", (tmp_path / "policy.pdf").read_bytes())
    assert latest == ("policy-v2.pdf", (tmp_path / "policy-v2.pdf").read_bytes())
    with db.transaction() as s:
        back = papers.undo_replacement(s, number=number).paper
    assert (back.version, back.pages) == (1, 3)


def test_the_same_file_twice_is_stored_once(db: Database, tmp_path: Path) -> None:
    ref, item = _meeting(db)
    path = write_pdf(tmp_path, "policy.pdf", 3)
    with db.transaction() as s:
        for title in ("Policy", "The same file again"):
            file = read_paper_file(path, max_bytes=50 * MB)
            papers.add_paper(s, meeting=ref, item=item, file=file, title=title)
        stored = s.scalar(select(func.count()).select_from(PaperContent))
    assert stored == 1


def test_a_paper_on_a_confidential_item_is_confidential_and_an_annex_can_be(
    db: Database, tmp_path: Path
) -> None:
    ref, item = _meeting(db)
    with db.transaction() as s:
        secret = agenda.add_item(
            s,
            meeting=ref,
            title="Staffing matter",
            confidentiality=Confidentiality.RESERVED,
            purpose=Purpose.DECISION,
        )
        on_secret = papers.add_paper(s, meeting=ref, item=secret.number, file=_pdf(tmp_path))
        annex = papers.add_paper(
            s, meeting=ref, item=item, file=_pdf(tmp_path, "annex.pdf"), confidential=True
        )
        plain = papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path, "plain.pdf"))
        unmarked = papers.mark_confidential(
            s, number=on_secret.paper.number, confidential=False
        ).paper
    assert on_secret.paper.confidential
    assert annex.paper.confidential
    assert not plain.paper.confidential
    assert unmarked.confidential  # the item is reserved, whatever the mark says


@pytest.mark.parametrize(
    ("make", "refusal"),
    [
        (write_fake_pdf, "is not a PDF"),
        (write_encrypted_pdf, "protected by a password"),
        (lambda folder: _damaged(folder), "damaged PDF"),
        (lambda folder: _named(folder, "notes.docx", b"plain text"), "is not a Word document"),
        (lambda folder: _named(folder, "minutes.txt", b"text"), "cannot be a paper"),
    ],
    ids=["fake PDF", "encrypted PDF", "damaged PDF", "fake Word", "unknown kind"],
)
def test_a_file_that_is_not_what_it_says_is_refused_in_words_and_nothing_is_written(
    db: Database, tmp_path: Path, make, refusal: str
) -> None:
    ref, _item = _meeting(db)
    path = make(tmp_path)
    with pytest.raises(InvalidInput, match=refusal) as error:
        read_paper_file(path, max_bytes=50 * MB)
    assert "\n" not in str(error.value)
    with db.reading() as s:
        assert papers.list_papers(s, meeting=ref) == []
        assert s.scalar(select(func.count()).select_from(PaperContent)) == 0


def _damaged(folder: Path) -> Path:
    data = pdf_bytes("Broken", 3)
    return _named(folder, "broken.pdf", data[: len(data) // 3])


def _named(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    settings = tmp_path / "ccsc-gov.toml"
    settings.write_text("[papers]\nmax_size_mb = 1\n", encoding="utf-8")
    limit = load_settings(settings).paper_max_bytes
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # a sparse file: 3 GB that no test could read whole
        handle.truncate(3 * 1024 * MB)
    with pytest.raises(InvalidInput, match=r"is 3072\.0 MB; a paper may be at most 1\.0 MB"):
        read_paper_file(big, max_bytes=limit)
    assert load_settings(tmp_path / "absent.toml").papers_max_size_mb == 50
    settings.write_text("[papers]\nmax_size_mb = 'big'\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"papers\.max_size_mb"):
        load_settings(settings)


@needs_libreoffice
def test_a_word_paper_is_converted_once_and_a_broken_one_refused(
    db: Database, tmp_path: Path
) -> None:
    word = read_paper_file(write_docx(tmp_path, "report.docx", 60), max_bytes=50 * MB)
    assert word.kind == "docx"
    assert word.pdf is not None
    assert word.pages
    assert word.pages >= 2
    ref, item = _meeting(db)
    with db.transaction() as s:
        view = papers.add_paper(s, meeting=ref, item=item, file=word).paper
    assert (view.kind, view.pages) == ("docx", word.pages)
    # A Word package whose document part is not XML at all: LibreOffice cannot open it.
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(tmp_path / "report.docx") as source, zipfile.ZipFile(broken, "w") as out:
        for entry in source.infolist():
            data = source.read(entry)
            out.writestr(
                entry, b"\x00\xff garbage" * 50 if entry.filename == "word/document.xml" else data
            )
    with pytest.raises(InvalidInput, match=r"LibreOffice cannot open broken\.docx"):
        read_paper_file(broken, max_bytes=50 * MB)


def test_an_unknown_item_or_paper_is_refused(db: Database, tmp_path: Path) -> None:
    ref, _ = _meeting(db)
    with db.transaction() as s, pytest.raises(NotFound, match=r"has no agenda item 9\.9"):
        papers.add_paper(s, meeting=ref, item="9.9", file=_pdf(tmp_path))
    with db.transaction() as s, pytest.raises(NotFound, match="no paper numbered"):
        papers.remove_paper(s, number="EMC-99-99-Z")


def _approved(db: Database, tmp_path: Path) -> tuple[str, str]:
    """November has a paper; its minutes are approved in December."""
    with db.transaction() as s:
        people = seat(s, "EMC")
        nov = schedule(s, "EMC", NOVEMBER)
        item = agenda.add_item(s, meeting=nov, title="Data-management policy")
        number = papers.add_paper(s, meeting=nov, item=item.number, file=_pdf(tmp_path))
        meet(s, nov, people.values())
        agenda.write_minutes(s, item_id=item.id, text="Noted.")
        approval.mark_minutes_drafted(s, meeting=nov, override=True, reason="test")
        dec = schedule(s, "EMC", DECEMBER)
        meet(s, dec, people.values())
        approval.approve_minutes(s, meeting=nov, at_meeting=dec)
    return nov, number.paper.number


def test_the_papers_of_approved_minutes_are_locked(db: Database, tmp_path: Path) -> None:
    nov, number = _approved(db, tmp_path)
    with db.transaction() as s, pytest.raises(NotAllowed, match="approved"):
        papers.replace_paper(s, number=number, file=_pdf(tmp_path, "late.pdf", 2))
    with db.transaction() as s, pytest.raises(NotAllowed, match="approved"):
        papers.add_paper(s, meeting=nov, item="5.1", file=_pdf(tmp_path, "late.pdf", 2))


RAW_REFUSED = {
    "its title": "UPDATE paper SET title = 'Rewritten'",
    "its removal": "DELETE FROM paper_version",
    "a new version": "INSERT INTO paper_version (paper_id, version, filename, kind, sha256, "
    "added_at) SELECT paper_id, 2, 'x.pdf', 'pdf', sha256, added_at FROM paper_version",
}


@pytest.mark.parametrize("statement", RAW_REFUSED.values(), ids=RAW_REFUSED.keys())
def test_the_database_itself_refuses_to_change_the_papers_of_approved_minutes(
    db: Database, tmp_path: Path, statement: str
) -> None:
    _approved(db, tmp_path)
    engine = create_engine(db.url)
    try:
        with engine.connect() as conn, pytest.raises(IntegrityError, match="locked"):
            conn.execute(text(statement))
    finally:
        engine.dispose()


def test_checking_bytes_names_the_kind_from_the_name(tmp_path: Path) -> None:
    checked = check_paper_bytes("Paper.PDF", pdf_bytes("x", 2))
    assert (checked.kind, checked.pages) == ("pdf", 2)


def test_papers_still_missing_after_their_deadline_are_on_the_clerks_due_list(
    db: Database, tmp_path: Path
) -> None:
    ref, item = _meeting(db, papers="EMC-26-11-A, EMC-26-11-B")
    with db.transaction() as s:
        terms.add_terms_of_reference(
            s,
            body="EMC",
            effective_from=dt.date(2026, 1, 1),
            authority=Authority.DECIDE,
            quorum_roles=VOTING_BY_DEFAULT,
            quorum_count=3,
            rhythm=Rhythm(papers_due_days=7),
        )

    def due(today: dt.date) -> list[tuple[DueKind, str]]:
        with db.reading() as s:
            return [(d.kind, d.what) for d in deadlines(s, today=today) if d.meeting == ref]

    on = "10 November 2026"
    # Before the deadline the papers are due; after it, those not in are missing, and late.
    assert due(dt.date(2026, 11, 1)) == [
        (DueKind.PAPERS, f"Papers for {ref} (meeting on {on}) are due")
    ]
    assert due(dt.date(2026, 11, 5)) == [
        (DueKind.PAPERS_MISSING, f"2 of the 2 papers for {ref} (meeting on {on}) are still missing")
    ]
    with db.transaction() as s:
        papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path))
    assert due(dt.date(2026, 11, 5)) == [
        (DueKind.PAPERS_MISSING, f"1 of the 2 papers for {ref} (meeting on {on}) are still missing")
    ]
    with db.transaction() as s:
        papers.add_paper(s, meeting=ref, item=item, file=_pdf(tmp_path, "annex.pdf", 1))
    assert due(dt.date(2026, 11, 5)) == []
