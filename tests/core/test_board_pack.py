"""The board pack, read back with pypdf: a cover, the agenda with the page each paper starts
on, the papers stamped "page N of M" through the whole pack, one bookmark per item; the
public pack holds nothing of a confidential paper; supplements; a record of every pack."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from cycle_helpers import schedule, seat
from paper_helpers import agenda_starts, read_pack, write_docx, write_pdf
from pypdf import PdfReader
from pypdf.generic import ContentStream

from ccsc_gov.core.export.pack import PackCancelled, write_pack
from ccsc_gov.core.export.paper_files import read_paper_file
from ccsc_gov.core.export.pdf import find_soffice
from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.services import agenda, meetings, papers
from ccsc_gov.core.services.packs import KEPT_FILES, PackRecord, list_packs
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import BoardPack, Confidentiality, PaperContent, Purpose

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
    # The pack laid out afresh (an item retitled) on a computer without LibreOffice: nothing
    # needs converting any more.
    monkeypatch.setenv("PATH", "")
    assert find_soffice() is None
    with db.transaction() as s:
        _retitle_item(s, ref, tmp_path)
    again, told = _build_told(db, ref, tmp_path / "again.pdf")
    assert LAID_OUT in told
    assert again.pages == record.pages
    assert again.sha256 != record.sha256


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
        from ccsc_gov.core.services.meeting_list import list_meetings

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
    from ccsc_gov.core.services.meeting_list import list_meetings

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


# --- building a pack again -----------------------------------------------------------------

LAID_OUT = "Laying out the cover and agenda"


def _build_told(
    db: Database, ref: str, path: Path, **options: object
) -> tuple[PackRecord, list[str]]:
    """Build the pack; its record, and each step the progress told."""
    told: list[str] = []
    with db.transaction() as s:
        record = write_pack(
            s,
            ref,
            path,
            progress=lambda _done, _total, what: told.append(what),
            **options,  # type: ignore[arg-type]
        )
    return record, told


def _packs(db: Database, ref: str) -> list[PackRecord]:
    with db.reading() as s:
        return list_packs(s, meeting=ref)


def test_a_pack_built_again_with_nothing_changed_is_the_same_pack_written_again(
    db: Database, tmp_path: Path
) -> None:
    ref = _meeting(db, tmp_path)
    first, told = _build_told(db, ref, tmp_path / "pack.pdf")
    assert LAID_OUT in told
    (tmp_path / "again.pdf").write_bytes(b"an older file of that name, replaced whole")
    again, told = _build_told(db, ref, tmp_path / "again.pdf")
    # Neither read nor laid out: the file kept with the record is written again.
    assert LAID_OUT not in told
    assert not [step for step in told if step.startswith("Reading paper")]
    assert told[-2:] == ["Saving the pack", "Done"]
    assert again == first
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "pack.pdf").read_bytes()
    read, built = read_pack(tmp_path / "again.pdf"), read_pack(tmp_path / "pack.pdf")
    assert (read.pages, read.outline, read.metadata) == (built.pages, built.outline, built.metadata)
    _check_stamps_and_outline(tmp_path / "again.pdf", ref)
    # The same pack twice is one line of the record, when it was first built.
    assert _packs(db, ref) == [first]

    # The public pack is never the full pack kept: it is built, and holds nothing confidential.
    public, told = _build_told(db, ref, tmp_path / "public.pdf", public=True)
    assert LAID_OUT in told
    assert public.sha256 != first.sha256
    text = _every_string_in(tmp_path / "public.pdf")
    assert SECRET not in text
    assert SECRET_TITLE not in text
    # Each kind keeps its latest pack: the full pack and the public pack again, as they were.
    full, told = _build_told(db, ref, tmp_path / "full.pdf")
    assert (full, LAID_OUT in told) == (first, False)
    assert (tmp_path / "full.pdf").read_bytes() == (tmp_path / "pack.pdf").read_bytes()
    public_again, told = _build_told(db, ref, tmp_path / "public-again.pdf", public=True)
    assert (public_again, LAID_OUT in told) == (public, False)
    assert SECRET not in _every_string_in(tmp_path / "public-again.pdf")
    assert _packs(db, ref) == [first, public]


def _item_id(s, ref: str, number: str) -> int:
    return next(i.id for i in agenda.agenda(s, meeting=ref) if i.number == number)


def _replace_policy(s, ref: str, tmp_path: Path) -> None:
    papers.replace_paper(
        s,
        number="EMC-26-11-A",
        file=read_paper_file(write_pdf(tmp_path, "policy-v2.pdf", 2), max_bytes=50 * MB),
    )


def _retitle_item(s, ref: str, tmp_path: Path) -> None:
    agenda.edit_item(s, item_id=_item_id(s, ref, "5.1"), title="Data-management policy, revised")


def _reorder_items(s, ref: str, tmp_path: Path) -> None:
    budget = next(i for i in agenda.agenda(s, meeting=ref) if i.number == "5.2")
    agenda.move_item(s, item_id=budget.id, under=budget.parent_id, at=1)


def _retitle_paper(s, ref: str, tmp_path: Path) -> None:
    papers.edit_paper(s, number="EMC-26-11-B", title="Annex: the retention schedule", author="")


def _move_meeting(s, ref: str, tmp_path: Path) -> None:
    meetings.edit_meeting(s, meeting=ref, location="The Lister Room")


def _mark_annex_confidential(s, ref: str, tmp_path: Path) -> None:
    papers.mark_confidential(s, number="EMC-26-11-B", confidential=True)


def _make_budget_confidential(s, ref: str, tmp_path: Path) -> None:
    agenda.edit_item(
        s,
        item_id=_item_id(s, ref, "5.2"),
        confidentiality=Confidentiality.CONFIDENTIAL,
        public_title="A financial matter",
    )


# What changes, which pack (public or not), and what the pack built after it must show.
CHANGES = {
    "a paper replaced": (
        _replace_policy,
        False,
        lambda read: "(version 2)" in read.pages[1] and len(read.pages) == 2 + 2 + 2 + 4 + 2 + 3,
    ),
    "an item retitled": (
        _retitle_item,
        False,
        lambda read: read.outline[0][0] == "5.1 Data-management policy, revised",
    ),
    "items reordered": (
        _reorder_items,
        False,
        lambda read: (
            [t for t, _, _ in read.outline][:2] == ["5.1 Budget 2027", "5.2 Data-management policy"]
        ),
    ),
    "a paper retitled": (
        _retitle_paper,
        False,
        lambda read: read.outline[0][2][1][0] == "EMC-26-11-B Annex: the retention schedule",
    ),
    "the meeting moved": (_move_meeting, False, lambda read: "The Lister Room" in read.pages[0]),
    "an open item's paper marked confidential": (
        _mark_annex_confidential,
        True,
        lambda read: (
            "EMC-26-11-B" not in "".join(read.pages)
            and [c for _, _, children in read.outline for c, _ in children]
            == ["EMC-26-11-A policy", "EMC-26-11-C budget"]
        ),
    ),
    "an item made confidential": (
        _make_budget_confidential,
        True,
        lambda read: "A financial matter" in read.pages[1] and "Budget 2027" not in read.pages[1],
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_pack_whose_pages_change_is_built_afresh(
    db: Database, tmp_path: Path, change: str
) -> None:
    make, public, shows = CHANGES[change]
    ref = _meeting(db, tmp_path)
    first, _ = _build_told(db, ref, tmp_path / "before.pdf", public=public)
    with db.transaction() as s:
        make(s, ref, tmp_path)
    after, told = _build_told(db, ref, tmp_path / "after.pdf", public=public)
    assert LAID_OUT in told, "the pack kept from before the change was written again"
    read = read_pack(tmp_path / "after.pdf")
    assert shows(read), change
    assert after.sha256 == hashlib.sha256(read.raw).hexdigest() != first.sha256
    assert len(read.pages) == after.pages
    _check_stamps_and_outline(tmp_path / "after.pdf", ref)
    assert _packs(db, ref) == [first, after]
    # Built again now, the pack after the change is the one kept.
    again, told = _build_told(db, ref, tmp_path / "again.pdf", public=public)
    assert (again, LAID_OUT in told) == (after, False)
    assert (tmp_path / "again.pdf").read_bytes() == read.raw


def test_a_change_undone_makes_the_earlier_pack_again_as_a_new_line(
    db: Database, tmp_path: Path
) -> None:
    ref = _meeting(db, tmp_path)
    first, _ = _build_told(db, ref, tmp_path / "first.pdf")
    with db.transaction() as s:
        _retitle_item(s, ref, tmp_path)
    second, _ = _build_told(db, ref, tmp_path / "second.pdf")
    with db.transaction() as s:
        agenda.edit_item(s, item_id=_item_id(s, ref, "5.1"), title="Data-management policy")
    third, told = _build_told(db, ref, tmp_path / "third.pdf")
    # Not the retitled pack kept last: built, and it is the first pack again, byte for byte.
    assert LAID_OUT in told
    assert (tmp_path / "third.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    assert third.sha256 == first.sha256 != second.sha256
    assert [p.id for p in _packs(db, ref)] == [first.id, second.id, third.id]


@pytest.mark.parametrize(
    "kept",
    [
        "UPDATE board_pack SET data = substr(data, 1, 1000)",  # damaged
        "UPDATE board_pack SET data = NULL, inputs = NULL",  # recorded before files were kept
    ],
    ids=["damaged", "not kept"],
)
def test_a_pack_whose_file_is_not_kept_whole_is_built_afresh_and_kept(
    db: Database, tmp_path: Path, kept: str
) -> None:
    ref = _meeting(db, tmp_path)
    first, _ = _build_told(db, ref, tmp_path / "first.pdf")
    with db.transaction() as s:
        s.execute(sa.text(kept))
    again, told = _build_told(db, ref, tmp_path / "again.pdf")
    assert LAID_OUT in told
    assert again == first
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "first.pdf").read_bytes()
    _check_stamps_and_outline(tmp_path / "again.pdf", ref)
    # The same pack as the one recorded: no new line, and its file is kept again.
    assert _packs(db, ref) == [first]
    third, told = _build_told(db, ref, tmp_path / "third.pdf")
    assert (third, LAID_OUT in told) == (first, False)


def test_only_the_latest_packs_keep_their_files(db: Database, tmp_path: Path) -> None:
    ref = _meeting(db, tmp_path)
    built = []
    for n in range(KEPT_FILES + 2):
        with db.transaction() as s:
            agenda.edit_item(s, item_id=_item_id(s, ref, "5.1"), title=f"Policy, draft {n + 1}")
        built.append(_build_told(db, ref, tmp_path / f"pack{n}.pdf")[0])
    with db.reading() as s:
        kept = set(s.scalars(sa.select(BoardPack.id).where(BoardPack.data.is_not(None))))
    assert kept == {r.id for r in built[-KEPT_FILES:]}
    assert len(_packs(db, ref)) == KEPT_FILES + 2


def test_a_cancelled_rebuild_writes_nothing(db: Database, tmp_path: Path) -> None:
    ref = _meeting(db, tmp_path)
    _build(db, ref, tmp_path / "pack.pdf")
    with db.transaction() as s, pytest.raises(PackCancelled):
        write_pack(s, ref, tmp_path / "again.pdf", cancelled=lambda: True)
    assert not (tmp_path / "again.pdf").exists()
