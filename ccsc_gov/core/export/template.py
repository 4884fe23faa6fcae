"""The Word template: the style names the documents use (defined here, once), loading the house
template or a clerk's own, and the only way the writers put content into a document.

Styling lives in the template. The writers name a style and never set a font, a colour or a
border themselves; a clerk who swaps in the organisation's template changes the look of every
document without touching code. A template lacking one of the styles is refused, naming it.

A template's headers and footers may hold these placeholders, filled for each document:
``{{body}}`` (the body's name), ``{{document}}`` ("Minutes", "Agenda", …), ``{{reference}}``
(the meeting reference, or the date of a log) and ``{{marking}}`` ("DRAFT — subject to
approval", "CONFIDENTIAL", or nothing).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re
import weakref
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final, TypeAlias, cast
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Length
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ccsc_gov.core.export.text import clean_inline, clean_line
from ccsc_gov.core.governance.errors import TemplateError
from ccsc_gov.core.settings.resources import HOUSE_TEMPLATE


class ParagraphStyle(enum.StrEnum):
    TITLE = "Title"  # the body's name, top of the first page
    SUBTITLE = "Subtitle"  # "Minutes of the meeting held on …", "Agenda", "Action log"
    DETAILS = "Meeting Details"  # place, reference, issue date under the subtitle
    MARKING = "Document Marking"  # DRAFT / approved / public version, under the details
    HEADING_1 = "Heading 1"  # a part of the document: "Confidential section", "Actions"
    HEADING_2 = "Heading 2"  # a group inside a part: one person in the declarations register
    ATTENDANCE = "Attendance List"  # "Present: …", "Apologies: …"
    QUORUM = "Quorum Statement"
    MINUTE_HEADING = "Minute Heading"  # "5  Business items"
    MINUTE_SUBHEADING = "Minute Subheading"  # "5.1  Annual report to the funder"
    ITEM_DETAILS = "Item Details"  # purpose, presenter, papers
    BODY = "Body Text"  # the minute text
    BULLET = "List Bullet"  # "- " lines of the minute text
    DECISION = "Decision"
    ACTION = "Action"
    WITHHELD = "Withheld Notice"  # "Confidential item — minute withheld"
    APPROVAL = "Approval Statement"  # "Approved at meeting EMC/2026/04 on 14 April 2026"
    SIGNATURE = "Signature Line"
    NOTE = "Note"  # small print: a filter, a key to symbols
    TABLE_TEXT = "Table Text"
    TABLE_HEADING = "Table Heading"  # the heading row of every table
    TABLE_OVERDUE = "Table Text Overdue"  # a row of an overdue action


class CharacterStyle(enum.StrEnum):
    LABEL = "Label"  # "Present:", "Decision EMC/2026/03/D1 — Approved."
    MINUTE_NUMBER = "Minute Number"  # the "5.1" of a minute heading


class TableStyle(enum.StrEnum):
    ACTION_TABLE = "Action Table"
    AGENDA_TABLE = "Agenda Table"
    REGISTER_TABLE = "Register Table"


StyleName: TypeAlias = ParagraphStyle | CharacterStyle | TableStyle

REQUIRED_STYLES: Final[Mapping[StyleName, WD_STYLE_TYPE]] = {
    **{s: WD_STYLE_TYPE.PARAGRAPH for s in ParagraphStyle},
    **{s: WD_STYLE_TYPE.CHARACTER for s in CharacterStyle},
    **{s: WD_STYLE_TYPE.TABLE for s in TableStyle},
}
"""Every style the writers use, and its kind: what a template must define."""

PLACEHOLDERS: Final = ("body", "document", "reference", "marking")

_KIND_WORDS: Final = {
    WD_STYLE_TYPE.PARAGRAPH: "paragraph",
    WD_STYLE_TYPE.CHARACTER: "character",
    WD_STYLE_TYPE.TABLE: "table",
    WD_STYLE_TYPE.LIST: "list",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
_TEMPLATE_CONTENT_TYPE: Final = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)
_HEADER_FOOTER: Final = {CONTENT_TYPE.WML_HEADER, CONTENT_TYPE.WML_FOOTER}


@dataclass(frozen=True)
class HeaderFields:
    """What fills the placeholders of the template's headers and footers."""

    body: str
    document: str
    reference: str = ""
    marking: str = ""

    def as_mapping(self) -> dict[str, str]:
        return {
            "body": self.body,
            "document": self.document,
            "reference": self.reference,
            "marking": self.marking,
        }


@dataclass(frozen=True)
class Properties:
    """The document properties (File → Info) a generated document carries; nothing else of the
    template's survives, so a public document holds no stray confidential words there."""

    title: str
    subject: str
    keywords: str = ""
    category: str = ""
    status: str = ""


# --- loading and checking --------------------------------------------------------------------


def _read_package(path: Traversable) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise TemplateError(f"The Word template {path} does not exist.") from None
    except IsADirectoryError:
        raise TemplateError(f"The Word template {path} is a folder, not a file.") from None
    except OSError as error:
        raise TemplateError(
            f"The Word template {path} cannot be read: {error.strerror or error}."
        ) from None
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise TemplateError(
            f"{path.name} is not a Word document (.docx or .dotx); "
            "save it from Word as a Word document or template."
        )
    return data


def _as_document_package(data: bytes) -> bytes:
    """A Word template (.dotx) re-labelled as a document, which is all that separates them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    _TEMPLATE_CONTENT_TYPE.encode(), CONTENT_TYPE.WML_DOCUMENT_MAIN.encode()
                )
            target.writestr(info, content)
    return out.getvalue()


def _open(path: Traversable) -> Document:
    data = _read_package(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            types = package.read("[Content_Types].xml")
        if _TEMPLATE_CONTENT_TYPE.encode() in types:
            data = _as_document_package(data)
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, SyntaxError, PackageNotFoundError):
        raise TemplateError(
            f"{path.name} is not a Word document that can be used as a template "
            "(it may be damaged, or be another kind of file)."
        ) from None


def missing_styles(document: Document) -> list[tuple[StyleName, str]]:
    """The styles the writers need that `document` lacks (or has as another kind), each with
    a clerk's description of what is wrong."""
    have: dict[str, WD_STYLE_TYPE] = {}
    for style in document.styles:
        if style.name is not None:
            have[style.name] = style.type
    problems: list[tuple[StyleName, str]] = []
    for name, kind in REQUIRED_STYLES.items():
        found = have.get(str(name))
        if found is None:
            problems.append((name, f"no {_KIND_WORDS[kind]} style named “{name}”"))
        elif found != kind:
            problems.append(
                (
                    name,
                    f"a {_KIND_WORDS.get(found, 'other')} style named “{name}” where a "
                    f"{_KIND_WORDS[kind]} style is needed",
                )
            )
    return problems


def check_styles(document: Document, *, source: str) -> None:
    """Refuse a template that lacks a style the documents use, naming every one it lacks."""
    problems = missing_styles(document)
    if problems:
        listed = "; ".join(description for _, description in problems)
        raise TemplateError(
            f"The Word template {source} cannot be used: it has {listed}. Add the missing "
            "style in Word (Home → Styles → Manage Styles, or copy it with the Organizer from "
            "the house template), or start from the house template, which defines every "
            "style the documents use."
        )


def load_template(path: Path | None = None) -> Document:
    """The template at `path` (the house template when None), checked for every style."""
    source: Traversable = HOUSE_TEMPLATE if path is None else path
    document = _open(source)
    check_styles(document, source=f"“{source.name}”")
    return document


def check_template(path: Path) -> None:
    """Raise TemplateError if the template at `path` cannot be used; for a settings dialog."""
    load_template(path)


# --- a fresh document from the template ------------------------------------------------------


def _header_footer_parts(document: Document) -> Iterable[XmlPart]:
    for part in document.part.package.iter_parts():
        if part.content_type in _HEADER_FOOTER and isinstance(part, XmlPart):
            yield part


def _fill_paragraph(paragraph: BaseOxmlElement, fields: Mapping[str, str]) -> None:
    """Replace placeholders in one paragraph element, even when Word has split a placeholder
    over several runs (it does, after an edit)."""
    texts = [t for run in paragraph.findall(qn("w:r")) for t in run.findall(qn("w:t"))]
    values = [t.text or "" for t in texts]
    joined = "".join(values)
    if "{{" not in joined:
        return
    for match in reversed(list(_PLACEHOLDER.finditer(joined))):
        value = fields.get(match.group(1).lower())
        if value is None:
            continue
        start, end = match.span()
        offset = 0
        first = True
        for index, text in enumerate(values):
            text_start, text_end = offset, offset + len(text)
            offset = text_end
            if text_end <= start or text_start >= end:
                continue
            cut_from = max(start, text_start) - text_start
            cut_to = min(end, text_end) - text_start
            values[index] = text[:cut_from] + (value if first else "") + text[cut_to:]
            first = False
    for t, text in zip(texts, values, strict=True):
        t.text = text
        t.set(qn("xml:space"), "preserve")


def fill_placeholders(document: Document, fields: HeaderFields) -> None:
    values = {key: clean_line(value) for key, value in fields.as_mapping().items()}
    for part in _header_footer_parts(document):
        for paragraph in part.element.iter(qn("w:p")):
            _fill_paragraph(paragraph, values)


def _set_properties(document: Document, properties: Properties) -> None:
    core = document.core_properties
    element = core._element
    for child in list(element):
        element.remove(child)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    core.title = clean_line(properties.title)
    core.subject = clean_line(properties.subject)
    core.keywords = clean_line(properties.keywords)
    core.category = clean_line(properties.category)
    core.content_status = clean_line(properties.status)
    core.language = "en-GB"
    core.created = now
    core.modified = now
    core.revision = 1


def new_document(
    template: Path | None, *, header: HeaderFields, properties: Properties
) -> Document:
    """The template, emptied of its own body text, its placeholders filled and its document
    properties replaced, ready for a writer."""
    document = load_template(template)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    fill_placeholders(document, header)
    _set_properties(document, properties)
    return document


def landscape(document: Document) -> None:
    """Turn every page sideways, for logs and registers whose tables are wide."""
    for section in document.sections:
        width, height = section.page_width, section.page_height
        if width is not None and height is not None and width < height:
            section.page_width, section.page_height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE


def text_width(document: Document) -> Length:
    section = document.sections[-1]
    width = section.page_width or Emu(0)
    left = section.left_margin or Emu(0)
    right = section.right_margin or Emu(0)
    return Emu(width - left - right)


# --- putting content in ---------------------------------------------------------------------

Part: TypeAlias = str | tuple[str, CharacterStyle | None]
"""A piece of a paragraph: plain text, or text in a character style; "\t" alone is a tab,
"\n" alone a line break (the next line starts at the paragraph's indent)."""


# python-docx finds a style by name with a scan of every style, per paragraph: over a
# 2,000-row action log that is most of the time spent. The writers look each name up once.
_STYLE_IDS: weakref.WeakKeyDictionary[object, dict[str, str]] = weakref.WeakKeyDictionary()


def _style_id(part: object, style: StyleName) -> str:
    ids = _STYLE_IDS.get(part)
    if ids is None:
        styles = cast(Iterable[BaseStyle], getattr(part, "styles"))  # noqa: B009
        ids = {s.name: s.style_id for s in styles if s.name is not None}
        _STYLE_IDS[part] = ids
    return ids[str(style)]


def _fill_runs(paragraph: Paragraph, style: ParagraphStyle, parts: Sequence[Part]) -> Paragraph:
    paragraph._p.get_or_add_pPr().style = _style_id(paragraph.part, style)
    return append_runs(paragraph, parts)


def append_runs(paragraph: Paragraph, parts: Sequence[Part]) -> Paragraph:
    """Add parts at the end of a paragraph already styled."""
    for part in parts:
        text, character = (part, None) if isinstance(part, str) else part
        if text == "\t":
            paragraph.add_run().add_tab()
            continue
        if text == "\n":
            paragraph.add_run().add_break()
            continue
        text = clean_inline(text)
        if not text:
            continue
        run = paragraph.add_run(text)
        if character is not None:
            run._r.get_or_add_rPr().style = _style_id(paragraph.part, character)
    return paragraph


def add_paragraph(document: Document, style: ParagraphStyle, *parts: Part) -> Paragraph:
    return _fill_runs(document.add_paragraph(), style, parts)


def fill_cell(cell: _Cell, style: ParagraphStyle, *parts: Part) -> Paragraph:
    """Write into a table cell, using its first (empty) paragraph, then adding more."""
    paragraphs = cell.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs:
        paragraph = paragraphs[0]
    else:
        paragraph = cell.add_paragraph()
    return _fill_runs(paragraph, style, parts)


def _mark_heading_row(table: Table) -> None:
    """The heading row repeats at the top of every page the table runs on to."""
    tr = table.rows[0]._tr
    tr_pr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "1")
    tr_pr.append(header)


# What one character of table text (9 pt) takes at most, and a cell's padding either side:
# enough that a reference or a date held in one "word" is never broken inside it.
_CHARACTER_WIDTH = Emu(int(0.19 * 360_000))
_CELL_PADDING = Emu(int(0.4 * 360_000))


_PHRASES = re.compile(r" \(| — ")


def _longest_word(text: str, *, phrases: bool = False) -> int:
    """The longest run a line may not break: a word, or with `phrases` a whole phrase up to a
    bracket or a dash (a date: "22 Mar 2024", "21 Jul 2026 — overdue")."""
    parts = _PHRASES.split(clean_line(text)) if phrases else clean_line(text).split(" ")
    return max((len(part) for part in parts), default=0)


def fitted_widths(
    total: int,
    headings: Sequence[str],
    proportions: Sequence[float],
    content: Iterable[Sequence[str]],
    unbroken: Collection[int] = (),
) -> list[Emu]:
    """Column widths in the given proportions, except that each column is at least as wide
    as its longest word (a reference, "Apologies") needs, or in the `unbroken` columns its
    longest phrase (a date), the room coming from the columns with room to spare."""
    longest = [_longest_word(h) for h in headings]
    for row in content:
        for index, text in enumerate(row):
            longest[index] = max(longest[index], _longest_word(text, phrases=index in unbroken))
    needed = [n * _CHARACTER_WIDTH + _CELL_PADDING for n in longest]
    scale = sum(proportions)
    widths = [total * share / scale for share in proportions]
    for _ in range(len(widths)):
        short = [i for i, w in enumerate(widths) if w < needed[i]]
        if not short:
            break
        wanted = sum(needed[i] - widths[i] for i in short)
        spare = {i: widths[i] - needed[i] for i in range(len(widths)) if i not in short}
        room = sum(v for v in spare.values() if v > 0)
        if room <= 0:
            break
        taken = min(wanted, room)
        for i in short:
            widths[i] += (needed[i] - widths[i]) * taken / wanted
        for i, v in spare.items():
            if v > 0:
                widths[i] -= taken * v / room
    return [Emu(int(w)) for w in widths]


def add_table(
    document: Document,
    style: TableStyle,
    headings: Sequence[str],
    proportions: Sequence[float],
    content: Iterable[Sequence[str]] = (),
    unbroken: Collection[int] = (),
) -> Table:
    """A table the width of the text, its columns in the given proportions (widened where
    `content`, the rows' plain text, has a word that needs it), its heading row filled and
    repeated on each page. Rows are added by the caller (`add_row`)."""
    if len(headings) != len(proportions):
        raise ValueError("a width for every column")
    table: Table = document.add_table(rows=1, cols=len(headings))
    table.style = str(style)
    table.autofit = False
    total = text_width(document)
    widths = fitted_widths(total, headings, proportions, content, unbroken)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, heading, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.width = width
        fill_cell(cell, ParagraphStyle.TABLE_HEADING, heading)
    _mark_heading_row(table)
    tbl_pr = table._tbl.tblPr
    table_width = tbl_pr.find(qn("w:tblW"))
    if table_width is not None:
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(int(total / 635)))
    return table


Cell: TypeAlias = str | Sequence[Part]

KEEP_ROW_WHOLE_UP_TO = 1_200
"""Characters: a row holding no more is kept on one page. A longer one may break across
pages, as Word cuts off a row taller than a page that it is told not to break."""


def _runs_xml(part: object, parts: Sequence[Part]) -> str:
    runs = []
    for piece in parts:
        text, character = (piece, None) if isinstance(piece, str) else piece
        if text == "\t":
            runs.append("<w:r><w:tab/></w:r>")
            continue
        if text == "\n":
            runs.append("<w:r><w:br/></w:r>")
            continue
        text = clean_inline(text)
        if not text:
            continue
        properties = (
            f"<w:rPr><w:rStyle w:val={quoteattr(_style_id(part, character))}/></w:rPr>"
            if character is not None
            else ""
        )
        runs.append(f'<w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')
    return "".join(runs)


def add_row(
    table: Table,
    cells: Sequence[Cell],
    *,
    style: ParagraphStyle = ParagraphStyle.TABLE_TEXT,
    cell_styles: Mapping[int, ParagraphStyle] | None = None,
) -> None:
    """One row; each cell is plain text or a sequence of styled parts, in `style` or, for
    the columns `cell_styles` names, in the style given there (an overdue date).

    The row is written as XML in one go: python-docx's cell-by-cell calls cost about two
    milliseconds a row, which a long action log notices.
    """
    widths = [column.w for column in table._tbl.tblGrid.gridCol_lst]
    if len(widths) != len(cells):
        raise ValueError(f"{len(cells)} cells for {len(widths)} columns")
    styles = [
        quoteattr(_style_id(table.part, (cell_styles or {}).get(index, style)))
        for index in range(len(cells))
    ]
    contents: list[Sequence[Part]] = [
        (content,) if isinstance(content, str) else content for content in cells
    ]
    length = sum(len(p if isinstance(p, str) else p[0]) for parts in contents for p in parts)
    xml = [f"<w:tr {nsdecls('w')}>"]
    if length <= KEEP_ROW_WHOLE_UP_TO:
        xml.append("<w:trPr><w:cantSplit/></w:trPr>")
    for width, parts, paragraph_style in zip(widths, contents, styles, strict=True):
        twips = int(width / 635) if width is not None else 0
        xml.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{twips}" w:type="dxa"/></w:tcPr>'
            f"<w:p><w:pPr><w:pStyle w:val={paragraph_style}/></w:pPr>"
            f"{_runs_xml(table.part, parts)}</w:p></w:tc>"
        )
    xml.append("</w:tr>")
    table._tbl.append(parse_xml("".join(xml)))


KEEP_TABLE_WHOLE_UP_TO = 12
"""Rows: a table no longer is kept on one page, with the paragraph before it."""


def keep_together(table: Table, *, with_next: bool = False) -> None:
    """Keep a short table on one page, so that no page holds a lone scrap of it: every row
    but the last keeps with the next (the last too, `with_next`, to stay with what follows
    it). A longer table runs on, its heading row repeated."""
    rows = list(table.rows)
    if len(rows) > KEEP_TABLE_WHOLE_UP_TO + 1:
        return
    for row in rows if with_next else rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
