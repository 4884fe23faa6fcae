"""Review copies as chairs send them back: edited in their XML (through python-docx's element
tree) with tracked changes and comments by a named reviewer, edited plainly, stripped of their
bookmarks, or edited and saved by LibreOffice itself with changes recorded."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.run import CT_R
from docx.text.run import Run

from ccsc_gov.core.export.chairs_review import review_stamp
from ccsc_gov.core.export.gather import minutes_snapshot
from ccsc_gov.core.export.review_copy import write_review_copy
from ccsc_gov.core.store.db import Database

HERE = Path(__file__).parent
SYSTEM_PYTHON = "/usr/bin/python3"
WHEN = dt.datetime(2026, 9, 20, 10, 30)

_ids = iter(range(9000, 100000))


def make_review_copy(db: Database, ref: str, target: Path) -> Path:
    with db.reading() as session:
        snapshot = minutes_snapshot(session, meeting=ref)
        stamp = review_stamp(session, meeting=ref)
    return write_review_copy(snapshot, stamp, target)


def _runs(document: Document, piece: str | None = None) -> Iterator[CT_R]:
    """The body's runs; with `piece`, only those inside that piece's bookmark."""
    inside = piece is None
    wanted = ""
    for element in document.element.body.iter(
        qn("w:r"), qn("w:bookmarkStart"), qn("w:bookmarkEnd")
    ):
        if element.tag == qn("w:bookmarkStart") and element.get(qn("w:name")) == f"ccsc_{piece}":
            inside, wanted = True, element.get(qn("w:id"))
        elif element.tag == qn("w:bookmarkEnd") and element.get(qn("w:id")) == wanted:
            inside = False
        elif element.tag == qn("w:r") and inside:
            yield element


def _text(run: CT_R) -> str:
    return "".join(t.text or "" for t in run.iter(qn("w:t")))


def _run_with(document: Document, text: str, piece: str | None = None) -> CT_R:
    for run in _runs(document, piece):
        if text in _text(run):
            return run
    raise AssertionError(f"no run holds “{text}”")


def _copy_with(run: CT_R, text: str, *, deleted: bool = False) -> CT_R:
    new = copy.deepcopy(run)
    for child in list(new):
        if child.tag != qn("w:rPr"):
            new.remove(child)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    new.append(t)
    return new


def _change(tag: str, author: str, when: dt.datetime) -> CT_R:
    element = OxmlElement(tag)
    element.set(qn("w:id"), str(next(_ids)))
    element.set(qn("w:author"), author)
    element.set(qn("w:date"), when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return element


def track_replace(
    document: Document,
    old: str,
    new: str,
    *,
    author: str,
    when: dt.datetime = WHEN,
    piece: str | None = None,
) -> None:
    """Replace `old` by `new` (the first found, or the first in `piece`) as Word does with
    Track Changes on: a w:del and a w:ins."""
    run = _run_with(document, old, piece)
    full = _text(run)
    start = full.index(old)
    pieces: list[CT_R] = []
    if full[:start]:
        pieces.append(_copy_with(run, full[:start]))
    if old:
        deleted = _change("w:del", author, when)
        deleted.append(_copy_with(run, old, deleted=True))
        pieces.append(deleted)
    if new:
        inserted = _change("w:ins", author, when)
        inserted.append(_copy_with(run, new))
        pieces.append(inserted)
    if full[start + len(old) :]:
        pieces.append(_copy_with(run, full[start + len(old) :]))
    for piece in pieces:
        run.addprevious(piece)
    run.getparent().remove(run)


def plain_replace(document: Document, old: str, new: str, piece: str | None = None) -> None:
    """An edit made without Track Changes (of the first `old`, or the first in `piece`)."""
    run = _run_with(document, old, piece)
    for t in run.iter(qn("w:t")):
        t.text = (t.text or "").replace(old, new)


def comment_on(
    document: Document, text: str, comment: str, *, author: str, piece: str | None = None
) -> None:
    run = _run_with(document, text, piece)
    document.add_comment(Run(run, document.paragraphs[0]._parent), comment, author=author)


def drop_bookmarks(document: Document) -> None:
    for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
        for element in list(document.element.body.iter(qn(tag))):
            element.getparent().remove(element)


def edited(source: Path, target: Path, *edits: object) -> Path:
    """Open the review copy, make the edits (callables taking the document), save as target."""
    document = docx.Document(str(source))
    for edit in edits:
        edit(document)  # type: ignore[operator]
    document.save(str(target))
    return target


def libreoffice_available() -> bool:
    if shutil.which("soffice") is None:
        return False
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return probe.returncode == 0


def edited_in_libreoffice(
    source: Path, target: Path, *, author: str, replace: list[tuple[str, str]]
) -> Path:
    """Edits made and saved by LibreOffice itself, with changes recorded under `author`."""
    edits = target.with_suffix(".json")
    edits.write_text(json.dumps({"author": author, "replace": replace}), encoding="utf-8")
    subprocess.run(
        [SYSTEM_PYTHON, str(HERE / "libreoffice_edit.py"), str(source), str(target), str(edits)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return target
