"""The chair's review copy of the draft minutes, and reading it back once the chair has been at it.

The review copy is the draft minutes exactly as `minutes.py` writes them, with each piece the
chair may correct (an item's minute, a decision's text, an action's text, owners and due date)
and each piece the chair may not (the attendance lists, the quorum statements, the references)
between a pair of Word bookmarks named ``ccsc_<piece>``. Bookmarks rather than content
controls: LibreOffice keeps bookmarks, even ones spanning several paragraphs, when it saves a
Word file, where it drops a content control's tag; and a bookmark does not show, so the copy
reads exactly like the minutes.

The file also carries, as custom document properties, the meeting's reference and the version
of the record it was made from, and, as a custom XML part, each piece's text and the version of
the row it came from: the baseline an edit made without Track Changes is measured against, and
the "as sent" of the three versions shown when the record has moved on since.

Reading the file back gives each piece twice: as the file held it before the tracked changes
(all rejected) and after them (all accepted), with who made each tracked change and when, and
the comments made on it.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from docx import Document as open_document
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.minutes import minutes_document
from ccsc_gov.core.export.snapshots import MinutesSnapshot
from ccsc_gov.core.export.template import ParagraphStyle
from ccsc_gov.core.governance.errors import InvalidInput

PREFIX = "ccsc_"
MEETING_PROPERTY = "ccsc-gov meeting"
VERSION_PROPERTY = "ccsc-gov record version"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_BASELINE_NS = "urn:ccsc-gov:review-copy"
_RT_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_RT_CUSTOM_XML_PROPS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps"
)
_DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


@dataclass(frozen=True)
class Source:
    """The row of the record a piece was written from, at the version it had."""

    table: str
    row_id: int
    version: int


@dataclass(frozen=True)
class Stamp:
    """What a review copy says about where it came from."""

    meeting_ref: str
    record_version: str
    sources: Mapping[str, Source] = field(default_factory=dict)  # by piece key


@dataclass(frozen=True)
class TrackedChange:
    """One tracked insertion or deletion Word (or LibreOffice) recorded in a piece."""

    kind: str  # "inserted" or "deleted"
    text: str
    author: str
    at: dt.datetime | None


@dataclass(frozen=True)
class Comment:
    author: str
    text: str
    at: dt.datetime | None


@dataclass(frozen=True)
class FilePiece:
    """A piece as the file holds it: before its tracked changes and after them."""

    key: str
    before: str
    after: str
    tracked: tuple[TrackedChange, ...] = ()
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Baseline:
    """A piece as the review copy was made: its text and the row it came from."""

    key: str
    text: str
    source: Source | None


@dataclass(frozen=True)
class ReviewFile:
    meeting_ref: str
    record_version: str
    pieces: Mapping[str, FilePiece]
    baseline: Mapping[str, Baseline]
    # The body's paragraphs after the tracked changes, with their style names: for placing
    # pieces by item number and heading when the bookmarks were lost.
    paragraphs: tuple[tuple[str, str], ...] = ()
    last_modified_by: str = ""
    other_comments: tuple[Comment, ...] = ()  # made on no piece (a heading, a table)


@dataclass(frozen=True)
class Rendered:
    """The review copy the record would give now, as text: each piece, and every paragraph."""

    pieces: Mapping[str, str]
    paragraphs: tuple[tuple[str, str], ...]


# --- writing ---------------------------------------------------------------------------------


class _Bookmarks:
    """Marks pieces with bookmarks (see `minutes.Marks`)."""

    def __init__(self) -> None:
        self._next = 0

    def _pair(self, key: str) -> tuple[etree._Element, etree._Element]:
        self._next += 1
        start = etree.Element(qn("w:bookmarkStart"))
        start.set(qn("w:id"), str(self._next))
        start.set(qn("w:name"), PREFIX + key)
        end = etree.Element(qn("w:bookmarkEnd"))
        end.set(qn("w:id"), str(self._next))
        return start, end

    def around(self, key: str, first: Run, last: Run) -> None:
        start, end = self._pair(key)
        first._r.addprevious(start)
        last._r.addnext(end)

    def at_end(self, key: str, paragraph: Paragraph) -> None:
        start, end = self._pair(key)
        paragraph._p.append(start)
        paragraph._p.append(end)


def _default_ns(uri: str, **prefixed: str) -> dict[str, str]:
    # lxml takes None as the key of the default namespace; its stubs say the keys are str.
    return cast(dict[str, str], {None: uri, **prefixed})


def _custom_properties(values: Mapping[str, str]) -> bytes:
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap=_default_ns(_CUSTOM_NS, vt=_VT_NS))
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property")
        prop.set("fmtid", _FMTID)
        prop.set("pid", str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _baseline_xml(stamp: Stamp, pieces: Mapping[str, FilePiece]) -> bytes:
    root = etree.Element(f"{{{_BASELINE_NS}}}review-copy", nsmap=_default_ns(_BASELINE_NS))
    root.set("meeting", stamp.meeting_ref)
    root.set("record-version", stamp.record_version)
    for key, piece in pieces.items():
        element = etree.SubElement(root, f"{{{_BASELINE_NS}}}piece")
        element.set("key", key)
        source = stamp.sources.get(key)
        if source is not None:
            element.set("table", source.table)
            element.set("row", str(source.row_id))
            element.set("version", str(source.version))
        element.text = piece.after
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _datastore_item() -> bytes:
    root = etree.Element(f"{{{_DATASTORE_NS}}}datastoreItem", nsmap={"ds": _DATASTORE_NS})
    root.set(f"{{{_DATASTORE_NS}}}itemID", "{" + str(uuid.uuid4()).upper() + "}")
    refs = etree.SubElement(root, f"{{{_DATASTORE_NS}}}schemaRefs")
    etree.SubElement(refs, f"{{{_DATASTORE_NS}}}schemaRef").set(
        f"{{{_DATASTORE_NS}}}uri", _BASELINE_NS
    )
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=False))


def review_copy_document(
    snapshot: MinutesSnapshot, stamp: Stamp, *, template: Path | None = None
) -> Document:
    """The draft minutes with their pieces marked, stamped with where they came from."""
    document = minutes_document(snapshot, template=template, marks=_Bookmarks())
    package = document.part.package
    properties = Part(
        PackURI("/docProps/custom.xml"),
        _CUSTOM_CT,
        _custom_properties(
            {MEETING_PROPERTY: stamp.meeting_ref, VERSION_PROPERTY: stamp.record_version}
        ),
        package,
    )
    package.relate_to(properties, RT.CUSTOM_PROPERTIES)
    pieces = _read_pieces(document)
    baseline = Part(
        package.next_partname("/customXml/item%d.xml"),
        "application/xml",
        _baseline_xml(stamp, pieces),
        package,
    )
    document.part.relate_to(baseline, _RT_CUSTOM_XML)
    # A custom XML part without its properties part is dropped by LibreOffice on saving.
    item = baseline.partname.idx
    store = Part(
        PackURI(f"/customXml/itemProps{item}.xml"),
        "application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
        _datastore_item(),
        package,
    )
    baseline.relate_to(store, _RT_CUSTOM_XML_PROPS)
    return document


def rendered(snapshot: MinutesSnapshot, stamp: Stamp) -> Rendered:
    """The pieces and paragraphs of the review copy the record gives now, as its reader sees
    them, for comparing a returned file with."""
    document = review_copy_document(snapshot, stamp)
    pieces = _read_pieces(document)
    return Rendered({k: p.after for k, p in pieces.items()}, _paragraphs(document))


def write_review_copy(
    snapshot: MinutesSnapshot, stamp: Stamp, path: Path, *, template: Path | None = None
) -> Path:
    """Write the chair's review copy to `path`, atomically."""
    return save_document(review_copy_document(snapshot, stamp, template=template), path)


# --- reading ---------------------------------------------------------------------------------


def _when(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return None


class _Collecting:
    """One piece's text as the walk through the body finds it, paragraph by paragraph."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.before: list[list[str]] = []
        self.after: list[list[str]] = []
        self.tracked: list[tuple[etree._Element, str, str]] = []
        self.comment_ids: list[str] = []

    def new_paragraph(self, bullet: bool) -> None:
        self.before.append(["- "] if bullet else [])
        self.after.append(["- "] if bullet else [])

    def add(self, text: str, *, before: bool, after: bool) -> None:
        if not self.before:
            self.new_paragraph(False)
        if before:
            self.before[-1].append(text)
        if after:
            self.after[-1].append(text)

    def piece(self, comments: Mapping[str, Comment]) -> FilePiece:
        tracked: list[TrackedChange] = []
        last: etree._Element | None = None
        for change, kind, text in self.tracked:
            if change is last and tracked:
                tracked[-1] = TrackedChange(kind, tracked[-1].text + text, *_who(change))
            else:
                tracked.append(TrackedChange(kind, text, *_who(change)))
            last = change
        return FilePiece(
            key=self.key,
            before=_joined(self.before),
            after=_joined(self.after),
            tracked=tuple(tracked),
            comments=tuple(comments[c] for c in dict.fromkeys(self.comment_ids) if c in comments),
        )


def _who(change: etree._Element) -> tuple[str, dt.datetime | None]:
    return change.get(qn("w:author"), ""), _when(change.get(qn("w:date")))


def _joined(paragraphs: list[list[str]]) -> str:
    lines = ["".join(parts).strip() for parts in paragraphs]
    return "\n".join(line for line in lines if line and line != "-")


_INSERTED = {qn("w:ins"), qn("w:moveTo")}
_DELETED = {qn("w:del"), qn("w:moveFrom")}


def _tracked_ancestor(element: etree._Element) -> tuple[etree._Element | None, str]:
    parent = element.getparent()
    while parent is not None and parent.tag != qn("w:p"):
        if parent.tag in _INSERTED:
            return parent, "inserted"
        if parent.tag in _DELETED:
            return parent, "deleted"
        parent = parent.getparent()
    return None, ""


def _style_names(document: Document) -> dict[str, str]:
    return {s.style_id: s.name or "" for s in document.styles}


def _paragraph_style(paragraph: etree._Element, names: Mapping[str, str]) -> str:
    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if style is None else names.get(style.get(qn("w:val"), ""), "")


def _walk(
    document: Document,
) -> Iterator[tuple[str, etree._Element]]:
    """The body's elements that matter here, in document order."""
    wanted = {
        qn("w:p"),
        qn("w:bookmarkStart"),
        qn("w:bookmarkEnd"),
        qn("w:t"),
        qn("w:delText"),
        qn("w:tab"),
        qn("w:commentRangeStart"),
        qn("w:commentReference"),
    }
    for element in document.element.body.iter(*wanted):
        yield element.tag, element


def _read_pieces(
    document: Document, comments: Mapping[str, Comment] | None = None
) -> dict[str, FilePiece]:
    names = _style_names(document)
    bullet = str(ParagraphStyle.BULLET)
    collecting: dict[str, _Collecting] = {}
    open_ids: dict[str, _Collecting] = {}
    for tag, element in _walk(document):
        if tag == qn("w:p"):
            is_bullet = _paragraph_style(element, names) == bullet
            for piece in open_ids.values():
                piece.new_paragraph(is_bullet)
        elif tag == qn("w:bookmarkStart"):
            name = element.get(qn("w:name"), "")
            if name.startswith(PREFIX) and name[len(PREFIX) :] not in collecting:
                piece = _Collecting(name[len(PREFIX) :])
                collecting[piece.key] = piece
                open_ids[element.get(qn("w:id"), "")] = piece
        elif tag == qn("w:bookmarkEnd"):
            open_ids.pop(element.get(qn("w:id"), ""), None)
        elif tag in (qn("w:commentRangeStart"), qn("w:commentReference")):
            for piece in open_ids.values():
                piece.comment_ids.append(element.get(qn("w:id"), ""))
        elif open_ids:
            text = " " if tag == qn("w:tab") else (element.text or "")
            change, kind = _tracked_ancestor(element)
            for piece in open_ids.values():
                piece.add(text, before=kind != "inserted", after=kind != "deleted")
                if change is not None and text:
                    piece.tracked.append((change, kind, text))
    return {key: piece.piece(comments or {}) for key, piece in collecting.items()}


def _comments(document: Document) -> dict[str, Comment]:
    found: dict[str, Comment] = {}
    for rel in document.part.rels.values():
        if rel.reltype != RT.COMMENTS or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for comment in root.iter(qn("w:comment")):
            paragraphs = [
                "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in comment.iter(qn("w:p"))
            ]
            found[comment.get(qn("w:id"), "")] = Comment(
                author=comment.get(qn("w:author"), ""),
                text="\n".join(p for p in paragraphs if p.strip()).strip(),
                at=_when(comment.get(qn("w:date"))),
            )
    return found


def _custom_values(document: Document) -> dict[str, str]:
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            return {
                prop.get("name", ""): "".join(str(t) for t in prop.itertext()).strip()
                for prop in root.iter(f"{{{_CUSTOM_NS}}}property")
            }
    return {}


def _baseline(document: Document) -> dict[str, Baseline]:
    for rel in document.part.rels.values():
        if rel.reltype != _RT_CUSTOM_XML or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            continue
        if root.tag != f"{{{_BASELINE_NS}}}review-copy":
            continue
        found: dict[str, Baseline] = {}
        for element in root.iter(f"{{{_BASELINE_NS}}}piece"):
            key = element.get("key", "")
            table, row, version = element.get("table"), element.get("row"), element.get("version")
            source = (
                Source(table, int(row), int(version))
                if table and row and version and row.isdigit() and version.isdigit()
                else None
            )
            found[key] = Baseline(key, element.text or "", source)
        return found
    return {}


def _paragraphs(document: Document) -> tuple[tuple[str, str], ...]:
    names = _style_names(document)
    result: list[tuple[str, str]] = []
    for paragraph in document.element.body.iter(qn("w:p")):
        if any(a.tag == qn("w:tc") for a in paragraph.iterancestors()):
            continue  # the tables repeat what the minutes say; no piece lives in them
        parts: list[str] = []
        for element in paragraph.iter(qn("w:t"), qn("w:tab")):
            _change, kind = _tracked_ancestor(element)
            if kind != "deleted":
                parts.append("\t" if element.tag == qn("w:tab") else element.text or "")
        result.append((_paragraph_style(paragraph, names), "".join(parts)))
    return tuple(result)


NOT_WORD = "{name} is not a Word document (.docx) that can be read: {why}."


def read_review_file(path: Path) -> ReviewFile:
    """A returned review copy: its stamp (empty where the file lost it), each marked piece and
    the baseline it was made with."""
    name = f"“{path.name}”"
    if not path.is_file():
        raise InvalidInput(f"There is no file {name} ({path}).")
    try:
        document = open_document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InvalidInput(NOT_WORD.format(name=name, why=error)) from None
    except etree.XMLSyntaxError as error:
        raise InvalidInput(
            NOT_WORD.format(name=name, why=f"its XML is damaged ({error})")
        ) from None
    values = _custom_values(document)
    comments = _comments(document)
    pieces = _read_pieces(document, comments)
    return ReviewFile(
        meeting_ref=values.get(MEETING_PROPERTY, ""),
        record_version=values.get(VERSION_PROPERTY, ""),
        pieces=pieces,
        other_comments=tuple(
            comment
            for key, comment in comments.items()
            if not any(comment in piece.comments for piece in pieces.values())
        ),
        baseline=_baseline(document),
        paragraphs=_paragraphs(document),
        last_modified_by=document.core_properties.last_modified_by or "",
    )
