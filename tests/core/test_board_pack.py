"""The board pack, read back with pypdf: a cover, the agenda with the page each paper starts
on, the papers stamped "page N of M" through the whole pack, one bookmark per item; the
public pack holds nothing of a confidential paper; supplements; a record of every pack."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zlib
from pathlib import Path

import pytest
from cycle_helpers import schedule, seat
from paper_helpers import agenda_starts, read_pack, write_docx, write_pdf
from pypdf import PdfReader
from pypdf.generic import ContentStream

from ccsc_gov.core.export.pack import PackCancelled, write_pack
from ccsc_gov.core.export.paper_files import read_paper_file
from ccsc_gov.core.export.pdf import find_soffice
from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.services import agenda, papers
from ccsc_gov.core.services.packs import list_packs
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Confidentiality, PaperContent, Purpose

NOVEMBER = dt.date(2026, 11, 10)
MB = 1024 * 1024
SECRET = "ZEBRA-SALARY-FIGURES"
SECRET_TITLE = "Remuneration of the director"
needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")


def _attach(s, ref: str, item: str, path: Path, **options: object) -> str:
    file = read_paper_file(path, max_bytes=50 * MB, convert=False)
    return papers.add_paper(s, meeting=ref, item=item, file=file, **options).paper.number  # type: ignore[arg-type]


def _meeting(db: Database, tmp_path: Path, *, word: bool = False) -> str:
    """EMC in November: a policy (3 pages) and its annex (2), a budget (4, or a Word paper),
    an open item's confidential annex, and a reserved item's paper."""
    with db.transaction() as s:
        seat(s, "EMC")
        ref = schedule(s, "EMC", NOVEMBER)
        policy = agenda.add_item(
            s, meeting=ref, title="Data-management policy", presenter="Dr Ferreira"
        )
        budget = agenda.add_item(s, meeting=ref, title="Budget 2027", purpose=Purpose.APPROVAL)
        pay = agenda.add_item(
            s,
            meeting=ref,
            title=SECRET_TITLE,
            public_title="A staffing matter",
            confidentiality=Confidentiality.RESERVED,
        )
        _attach(s, ref, policy.number, write_pdf(tmp_path, "policy.pdf", 3))
        _attach(s, ref, policy.number, write_pdf(tmp_path, "annex.pdf", 2), title="Annex")
        if word:
            _attach(s, ref, budget.number, write_docx(tmp_path, "budget.docx", 70))
        else:
            _attach(s, ref, budget.number, write_pdf(tmp_path, "budget.pdf", 4))
        _attach(
            s,
            ref,
            budget.number,
            write_pdf(tmp_path, "salaries.pdf", 2, marker=SECRET),
            title="Salary annex",
            confidential=True,
        )
        _attach(
            s, ref, pay.number, write_pdf(tmp_path, "pay.pdf", 3, marker=SECRET), title=SECRET_TITLE
        )
    return ref


def _build(db: Database, ref: str, path: Path, **options: object):
    with db.transaction() as s:
        return write_pack(s, ref, path, **options)  # type: ignore[arg-type]


def _check_stamps_and_outline(path: Path, ref: str) -> dict[str, int]:
    """What every pack must satisfy; the pages on which each paper starts, by number."""
    read = read_pack(path)
    total = len(read.pages)
    for n, text in enumerate(read.pages, start=1):
        assert f"page {n} of {total}" in text, f"page {n} lacks its stamp"
    starts = agenda_starts(read)
    # Which paper each page's running header names (None on the cover and agenda).
    stamped = [
        found.group(1) if (found := re.search(rf"{ref} · Paper [\d.]+ · (\S+)", t)) else None
        for t in read.pages
    ]
    first_pages = {n: stamped.index(n) + 1 for n in stamped if n is not None}
    assert starts == first_pages
    for title, page, children in read.outline:
        assert children, title
        assert page == children[0][1]
        for child, child_page in children:
            assert starts[child.split()[0]] == child_page
    return starts


def test_the_pack_numbers_its_pages_and_its_agenda_points_to_each_paper(
    db: Database, tmp_path: Path
) -> None:
    ref = _meeting(db, tmp_path)
    record = _build(db, ref, tmp_path / "pack.pdf")
    read = read_pack(tmp_path / "pack.pdf")
    # Cover, one agenda page, then 3 + 2 + 4 + 2 + 3 pages of papers.
    assert len(read.pages) == record.pages == 1 + 1 + 14
    assert "CONFIDENTIAL" in read.pages[0]
    assert "Tuesday 10 November 2026" in read.pages[0]
    starts = _check_stamps_and_outline(tmp_path / "pack.pdf", ref)
    assert starts == {
        "EMC-26-11-A": 3,
        "EMC-26-11-B": 6,
        "EMC-26-11-C": 8,
        "EMC-26-11-D": 12,
        "EMC-26-11-E": 14,
    }
    assert "EMC/2026/01 · Paper 5.2 · EMC-26-11-C" in read.pages[8]
    for number, page in starts.items():  # each paper starts with its own first page
        assert "page 1 of the paper" in read.pages[page - 1], number
    assert [(t, p, [c[0] for c in children]) for t, p, children in read.outline] == [
        ("5.1 Data-management policy", 3, ["EMC-26-11-A policy", "EMC-26-11-B Annex"]),
        ("5.2 Budget 2027", 8, ["EMC-26-11-C budget", "EMC-26-11-D Salary annex"]),
        (f"5.3 {SECRET_TITLE}", 14, [f"EMC-26-11-E {SECRET_TITLE}"]),
    ]
    assert read.metadata["/Title"] == "EMC/2026/01 board pack"
    with db.reading() as s:
        [kept] = list_packs(s, meeting=ref)
    assert kept.sha256 == record.sha256
    assert [p.number for p in kept.papers] == list(starts)


def _every_string_in(path: Path) -> str:
    """All the text a PDF carries anywhere: page text, every decoded stream, every string
    object (outline, metadata, XMP, attachments, labels), as one string."""
    reader = PdfReader(str(path))
    found = [page.extract_text() or "" for page in reader.pages]
    raw = path.read_bytes()
    found.append(raw.decode("latin-1"))
    for match in re.finditer(rb"stream\r?\n", raw):
        end = raw.find(b"endstream", match.end())
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(raw[match.end() : end]).decode("latin-1"))
    for page in reader.pages:
        contents = page.get_contents()
        if contents is not None:
            found.append(ContentStream(contents, reader).get_data().decode("latin-1"))
    return "\n".join(found)


def test_the_public_pack_holds_nothing_of_a_confidential_paper(
    db: Database, tmp_path: Path
) -> None:
    ref = _meeting(db, tmp_path)
    record = _build(db, ref, tmp_path / "public.pdf", public=True)
    read = read_pack(tmp_path / "public.pdf")
    assert len(read.pages) == record.pages == 1 + 1 + 3 + 2 + 4
    assert "PUBLIC PACK" in read.pages[0]
    agenda_text = read.pages[1]
    assert agenda_text.count("Paper withheld") == 2
    assert "A staffing matter" in agenda_text
    starts = _check_stamps_and_outline(tmp_path / "public.pdf", ref)
    assert set(starts) == {"EMC-26-11-A", "EMC-26-11-B", "EMC-26-11-C"}
    everything = _every_string_in(tmp_path / "public.pdf")
    for secret in (
        SECRET,
        SECRET_TITLE,
        "Salary annex",
        "EMC-26-11-D",
        "EMC-26-11-E",
        "Remuneration",
    ):
        assert secret not in everything, secret
    assert all(SECRET_TITLE not in t for t, _, _ in read.outline)
    assert SECRET not in str(read.metadata)
    assert PdfReader(str(tmp_path / "public.pdf")).xmp_metadata is None
    assert "/EmbeddedFiles" not in everything
    assert "/PageLabels" not in everything


def test_a_supplement_holds_just_the_papers_added_or_replaced_since(
    db: Database, tmp_path: Path
) -> None:
    ref = _meeting(db, tmp_path)
    _build(db, ref, tmp_path / "pack.pdf")
    with db.transaction() as s, pytest.raises(NotAllowed, match="nothing for a supplement"):
        write_pack(s, ref, tmp_path / "nothing.pdf", supplement=True)
    with db.transaction() as s:
        papers.replace_paper(
            s,
            number="EMC-26-11-A",
            file=read_paper_file(write_pdf(tmp_path, "policy-v2.pdf", 2), max_bytes=50 * MB),
        )
        _attach(s, ref, "5.2", write_pdf(tmp_path, "late.pdf", 1), title="Late paper")
    record = _build(db, ref, tmp_path / "supplement.pdf", supplement=True)
    read = read_pack(tmp_path / "supplement.pdf")
    assert record.supplement == 1
    assert "Supplement 1 to the board pack" in read.pages[0]
    assert len(read.pages) == 1 + 1 + 2 + 1
    starts = _check_stamps_and_outline(tmp_path / "supplement.pdf", ref)
    assert starts == {"EMC-26-11-A": 3, "EMC-26-11-F": 5}
    assert "(version 2)" in read.pages[1]
    with db.reading() as s:
        records = list_packs(s, meeting=ref)
    assert [(r.supplement, [(p.number, p.version) for p in r.papers]) for r in records][1] == (
        1,
        [("EMC-26-11-A", 2), ("EMC-26-11-F", 1)],
    )


def test_a_supplement_needs_a_pack_first(db: Database, tmp_path: Path) -> None:
    ref = _meeting(db, tmp_path)
    with db.transaction() as s, pytest.raises(NotAllowed, match="build the pack first"):
        write_pack(s, ref, tmp_path / "s.pdf", supplement=True)


def test_a_cancelled_build_writes_nothing(db: Database, tmp_path: Path) -> None:
    ref = _meeting(db, tmp_path)
    seen: list[tuple[int, int, str]] = []
    with db.transaction() as s, pytest.raises(PackCancelled):
        write_pack(
            s,
            ref,
            tmp_path / "pack.pdf",
            progress=lambda done, total, what: seen.append((done, total, what)),
            cancelled=lambda: len(seen) > 2,
        )
    assert not (tmp_path / "pack.pdf").exists()
    assert seen[0][0] == 0
    assert all(total == seen[0][1] for _, total, _ in seen)
    with db.reading() as s:
        assert list_packs(s, meeting=ref) == []


@needs_libreoffice
def test_word_papers_are_converted_once_and_kept(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ref = _meeting(db, tmp_path, word=True)
    record = _build(db, ref, tmp_path / "pack.pdf")
    starts = _check_stamps_and_outline(tmp_path / "pack.pdf", ref)
    word_pages = starts["EMC-26-11-D"] - starts["EMC-26-11-C"]
    assert word_pages >= 2
    assert record.pages == 2 + 3 + 2 + word_pages + 2 + 3
    with db.reading() as s:
        assert s.query(PaperContent).filter(PaperContent.pdf_sha256.is_not(None)).count() == 1
    # The same pack on a computer without LibreOffice: nothing needs converting any more.
    monkeypatch.setenv("PATH", "")
    assert find_soffice() is None
    again = _build(db, ref, tmp_path / "again.pdf")
    assert again.pages == record.pages


def test_without_libreoffice_word_papers_are_named_and_pdf_packs_still_build(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    assert find_soffice() is None
    ref = _meeting(db, tmp_path, word=True)
    with db.transaction() as s, pytest.raises(UserError) as refusal:
        write_pack(s, ref, tmp_path / "pack.pdf")
    assert "EMC-26-11-C (budget.docx)" in str(refusal.value)
    assert "LibreOffice" in str(refusal.value)
    assert not (tmp_path / "pack.pdf").exists()
    with db.transaction() as s:
        papers.remove_paper(s, number="EMC-26-11-C")
    assert _build(db, ref, tmp_path / "pack.pdf").pages == 2 + 3 + 2 + 2 + 3


def test_pages_of_any_size_and_rotation_are_stamped(db: Database, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=842, height=595)  # A4 landscape
    rotated = writer.add_blank_page(width=595, height=842)
    rotated.rotate(90)
    buffer = io.BytesIO()
    writer.write(buffer)
    (tmp_path / "wide.pdf").write_bytes(buffer.getvalue())
    with db.transaction() as s:
        seat(s, "EMC")
        ref = schedule(s, "EMC", NOVEMBER)
        item = agenda.add_item(s, meeting=ref, title="Charts")
        _attach(s, ref, item.number, tmp_path / "wide.pdf")
    _build(db, ref, tmp_path / "pack.pdf")
    texts = read_pack(tmp_path / "pack.pdf").pages
    assert "page 3 of 4" in texts[2]
    assert "page 4 of 4" in texts[3]


@needs_libreoffice
def test_the_public_pack_of_a_demo_meeting_holds_nothing_of_its_confidential_paper(
    demo_copy: Database, tmp_path: Path
) -> None:
    with demo_copy.reading() as s:
        from ccsc_gov.core.services.meetings import list_meetings

        secret = next(
            (m.ref, p)
            for m in list_meetings(s)
            for p in papers.list_papers(s, meeting=m.ref)
            if p.confidential
        )
        ref, paper = secret
        item = next(i for i in agenda.agenda(s, meeting=ref) if i.id == paper.item_id)
        # The words of the paper's title that its item's public title does not give away.
        words = [w for w in paper.title.split() if len(w) > 6 and w not in item.public_title]
        assert words
    full = _build(demo_copy, ref, tmp_path / "pack.pdf")
    public = _build(demo_copy, ref, tmp_path / "public.pdf", public=True)
    assert public.pages < full.pages
    _check_stamps_and_outline(tmp_path / "pack.pdf", ref)
    _check_stamps_and_outline(tmp_path / "public.pdf", ref)
    assert paper.number in _every_string_in(tmp_path / "pack.pdf")
    text = _every_string_in(tmp_path / "public.pdf")
    assert "Paper withheld" in read_pack(tmp_path / "public.pdf").pages[1]
    for secret_text in [paper.number, paper.title, *words]:
        assert secret_text not in text, secret_text


@needs_libreoffice
def test_circulating_the_pack_attaches_the_full_or_the_public_pack_by_entitlement(
    demo_copy: Database, tmp_path: Path
) -> None:
    import email
    from email import policy

    from ccsc_gov.cli.commands import main
    from ccsc_gov.core.services.meetings import list_meetings

    with demo_copy.reading() as s:
        ref, paper = next(
            (m.ref, p)
            for m in list_meetings(s)
            for p in papers.list_papers(s, meeting=m.ref)
            if p.confidential
        )
    out = tmp_path / "out"
    out.mkdir()
    assert main(["--db", str(demo_copy.path), "circulate", ref, "pack", "-o", str(out)]) == 0
    texts = {}
    for message_path in sorted(out.glob("*.eml")):
        message = email.message_from_bytes(message_path.read_bytes(), policy=policy.default)
        [attachment] = list(message.iter_attachments())
        pdf = tmp_path / str(attachment.get_filename())
        pdf.write_bytes(attachment.get_content())
        _check_stamps_and_outline(pdf, ref)
        texts[message_path.name] = _every_string_in(pdf)
    full = next(t for name, t in texts.items() if "full" in name)
    public = next(t for name, t in texts.items() if "public" in name)
    assert paper.number in full
    assert paper.number not in public


def test_a_meeting_without_papers_has_no_pack(db: Database, tmp_path: Path) -> None:
    with db.transaction() as s:
        seat(s, "EMC")
        ref = schedule(s, "EMC", NOVEMBER)
    with db.transaction() as s, pytest.raises(NotAllowed, match="no papers yet"):
        write_pack(s, ref, tmp_path / "pack.pdf")
    assert not (tmp_path / "pack.pdf").exists()
