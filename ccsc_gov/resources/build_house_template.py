"""Build ccsc_gov/resources/templates/house.docx, the house Word template, from scratch.

Run it after changing the house style (`python -m ccsc_gov.resources.build_house_template`)
and commit the .docx it writes. The package is written by hand rather than from python-docx's
default template so that it holds nothing but what the documents use: A4, Arial (Liberation
Sans, metrically identical, where LibreOffice renders it), one style for every name in
`ccsc_gov.core.export.template.REQUIRED_STYLES`, a header with the body, the document, its
reference and a DRAFT / CONFIDENTIAL marking, and a footer "Page X of Y" made of PAGE and
NUMPAGES fields. The output is byte-for-byte reproducible.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ccsc_gov.core.export.template import (
    CharacterStyle,
    ParagraphStyle,
    TableStyle,
    missing_styles,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'

FONT = "Arial"
NAVY = "1F3A5F"
INK = "222222"
GREY = "595959"
RULE = "BFC8D6"
BAND = "F3F6FA"
DECISION = "2E7D6B"
DECISION_FILL = "EDF6F2"
ACTION = "B7791F"
ACTION_FILL = "FCF5E8"
ALERT = "B3261E"

INDENT = 709  # 1.25 cm: minute text sits under the heading's title, its number in the margin
ATTENDANCE_INDENT = 2041  # 3.6 cm: room for the widest label, "In attendance:", in any renderer

# --- styles ----------------------------------------------------------------------------------


def rpr(
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    caps: bool = False,
    spacing: int | None = None,
) -> str:
    parts = []
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if italic:
        parts.append("<w:i/><w:iCs/>")
    if caps:
        parts.append("<w:caps/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size is not None:
        half = int(size * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def border(edge: str, color: str, size: int = 4, space: int = 1) -> str:
    return f'<w:{edge} w:val="single" w:sz="{size}" w:space="{space}" w:color="{color}"/>'


def ppr(
    *,
    before: int = 0,
    after: int | None = None,
    line: int | None = None,
    left: int | None = None,
    hanging: int | None = None,
    right: int | None = None,
    keep_next: bool = False,
    keep_lines: bool = False,
    outline: int | None = None,
    jc: str | None = None,
    tabs: tuple[tuple[str, int], ...] = (),
    borders: str = "",
    fill: str | None = None,
    num_id: int | None = None,
    contextual: bool = False,
) -> str:
    # Children in the order the schema (and Word) insists on.
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if keep_lines:
        parts.append("<w:keepLines/>")
    if num_id is not None:
        parts.append(f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    if borders:
        parts.append(f"<w:pBdr>{borders}</w:pBdr>")
    if fill:
        parts.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if tabs:
        stops = "".join(f'<w:tab w:val="{kind}" w:pos="{pos}"/>' for kind, pos in tabs)
        parts.append(f"<w:tabs>{stops}</w:tabs>")
    spacing = f'w:before="{before}"'
    if after is not None:
        spacing += f' w:after="{after}"'
    if line is not None:
        spacing += f' w:line="{line}" w:lineRule="auto"'
    parts.append(f"<w:spacing {spacing}/>")
    if left is not None or hanging is not None or right is not None:
        ind = ""
        if left is not None:
            ind += f' w:left="{left}"'
        if right is not None:
            ind += f' w:right="{right}"'
        if hanging is not None:
            ind += f' w:hanging="{hanging}"'
        parts.append(f"<w:ind{ind}/>")
    if contextual:
        parts.append("<w:contextualSpacing/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>"


def style_id(name: str) -> str:
    return "".join(ch for ch in name.title() if ch.isalnum())


def paragraph_style(
    name: str,
    p: str,
    r: str = "",
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    xml_name: str | None = None,
    priority: int = 10,
) -> str:
    sid = style_id(name)
    based = f'<w:basedOn w:val="{style_id(based_on)}"/>' if based_on else ""
    nxt = f'<w:next w:val="{style_id(next_style)}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{0 if xml_name else 1}" w:styleId="{sid}">'
        f'<w:name w:val="{xml_name or name}"/>{based}{nxt}'
        f'<w:uiPriority w:val="{priority}"/><w:qFormat/>{p}{r}</w:style>'
    )


def character_style(name: str, r: str) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id(name)}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:uiPriority w:val="10"/><w:qFormat/>{r}</w:style>'
    )


def table_style(name: str, *, inside_v: bool, band: bool, padding: int) -> str:
    borders = (
        border("top", NAVY, 8, 0)
        + border("bottom", NAVY, 8, 0)
        + border("insideH", RULE, 4, 0)
        + (border("insideV", RULE, 4, 0) if inside_v else "")
    )
    band_pr = (
        '<w:tblStylePr w:type="band1Horz"><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{BAND}"/></w:tcPr></w:tblStylePr>'
        if band
        else ""
    )
    return (
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{style_id(name)}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="10"/>'
        f"{ppr(after=0, line=240)}"
        "<w:tblPr>"
        '<w:tblStyleRowBandSize w:val="1"/>'
        '<w:tblInd w:w="0" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        f'<w:tblCellMar><w:top w:w="{padding}" w:type="dxa"/>'
        '<w:left w:w="85" w:type="dxa"/>'
        f'<w:bottom w:w="{padding}" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
        '<w:tcPr><w:vAlign w:val="top"/></w:tcPr>'
        '<w:tblStylePr w:type="firstRow">'
        f"{ppr(after=0, keep_next=True)}"
        f"{rpr(bold=True, color='FFFFFF')}"
        "<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>"
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{NAVY}"/>'
        '<w:vAlign w:val="bottom"/></w:tcPr>'
        f"</w:tblStylePr>{band_pr}"
        "</w:style>"
    )


P = ParagraphStyle
C = CharacterStyle
T = TableStyle


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
        f'<w:color w:val="{INK}"/>'
        '<w:sz w:val="21"/><w:szCs w:val="21"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    base = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
        '<w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
    )
    paragraph = [
        paragraph_style(
            P.TITLE,
            ppr(after=40, line=240, keep_next=True),
            rpr(size=20, bold=True, color=NAVY),
            xml_name="Title",
            next_style=P.SUBTITLE,
        ),
        paragraph_style(
            P.SUBTITLE,
            ppr(after=60, line=240, keep_next=True),
            rpr(size=13, color=NAVY),
            xml_name="Subtitle",
            next_style=P.DETAILS,
        ),
        # Consecutive detail lines sit together; the last one keeps its space below.
        paragraph_style(
            P.DETAILS, ppr(after=200, keep_next=True, contextual=True), rpr(size=10, color=GREY)
        ),
        paragraph_style(
            P.MARKING,
            ppr(
                before=0,
                after=240,
                borders=border("top", ALERT, 6, 4) + border("bottom", ALERT, 6, 4),
            ),
            rpr(size=10, bold=True, color=ALERT, spacing=10),
            next_style=P.ATTENDANCE,
        ),
        paragraph_style(
            P.HEADING_1,
            ppr(
                before=360,
                after=120,
                keep_next=True,
                keep_lines=True,
                outline=0,
                borders=border("bottom", NAVY, 6, 3),
            ),
            rpr(size=12.5, bold=True, color=NAVY),
            xml_name="heading 1",
            next_style=P.BODY,
            priority=9,
        ),
        paragraph_style(
            P.HEADING_2,
            ppr(before=240, after=80, keep_next=True, keep_lines=True, outline=1),
            rpr(size=11, bold=True, color=NAVY),
            xml_name="heading 2",
            next_style=P.BODY,
            priority=9,
        ),
        paragraph_style(
            P.ATTENDANCE,
            ppr(
                after=80,
                left=ATTENDANCE_INDENT,
                hanging=ATTENDANCE_INDENT,
                tabs=(("left", ATTENDANCE_INDENT),),
            ),
        ),
        paragraph_style(
            P.QUORUM,
            ppr(before=120, after=240),
            rpr(italic=True),
        ),
        paragraph_style(
            P.MINUTE_HEADING,
            ppr(
                before=320,
                after=80,
                left=INDENT,
                hanging=INDENT,
                tabs=(("left", INDENT),),
                keep_next=True,
                keep_lines=True,
                outline=0,
            ),
            rpr(size=12, bold=True, color=NAVY),
            next_style=P.BODY,
        ),
        paragraph_style(
            P.MINUTE_SUBHEADING,
            ppr(
                before=220,
                after=60,
                left=INDENT,
                hanging=INDENT,
                tabs=(("left", INDENT),),
                keep_next=True,
                keep_lines=True,
                outline=1,
            ),
            rpr(size=11, bold=True, color=NAVY),
            next_style=P.BODY,
        ),
        paragraph_style(
            P.ITEM_DETAILS,
            ppr(after=80, left=INDENT, keep_next=True),
            rpr(size=9.5, italic=True, color=GREY),
            next_style=P.BODY,
        ),
        paragraph_style(P.BODY, ppr(after=120, left=INDENT), xml_name="Body Text"),
        paragraph_style(
            P.BULLET,
            ppr(after=60, left=INDENT + 397, hanging=284, num_id=1, contextual=True),
            xml_name="List Bullet",
        ),
        paragraph_style(
            P.DECISION,
            ppr(
                before=80,
                after=140,
                left=INDENT + 142,
                right=0,
                keep_lines=True,
                # Borders the colour of the fill pad the box above and below.
                borders=border("top", DECISION_FILL, 4, 3)
                + border("left", DECISION, 24, 6)
                + border("bottom", DECISION_FILL, 4, 3),
                fill=DECISION_FILL,
            ),
        ),
        paragraph_style(
            P.ACTION,
            ppr(
                before=80,
                after=140,
                left=INDENT + 142,
                right=0,
                keep_lines=True,
                # Borders the colour of the fill pad the box above and below.
                borders=border("top", ACTION_FILL, 4, 3)
                + border("left", ACTION, 24, 6)
                + border("bottom", ACTION_FILL, 4, 3),
                fill=ACTION_FILL,
            ),
        ),
        paragraph_style(
            P.WITHHELD,
            ppr(after=120, left=INDENT),
            rpr(italic=True, color=GREY),
        ),
        paragraph_style(
            P.APPROVAL,
            ppr(before=480, after=120, keep_next=True),
            rpr(bold=True),
            next_style=P.SIGNATURE,
        ),
        paragraph_style(
            P.SIGNATURE,
            ppr(before=480, after=120, tabs=(("left", 5670),), keep_lines=True),
        ),
        paragraph_style(P.NOTE, ppr(before=60, after=60), rpr(size=8.5, color=GREY)),
        paragraph_style(P.TABLE_TEXT, ppr(after=0, line=240), rpr(size=9)),
        paragraph_style(
            P.TABLE_HEADING,
            ppr(after=0, line=240, keep_next=True),
            rpr(bold=True, color="FFFFFF"),
            based_on=P.TABLE_TEXT,
        ),
        paragraph_style(
            P.TABLE_OVERDUE,
            ppr(after=0, line=240),
            rpr(bold=True, color=ALERT),
            based_on=P.TABLE_TEXT,
        ),
        paragraph_style(
            "Header",
            ppr(after=0, line=240),
            rpr(size=8.5, color=GREY),
            xml_name="header",
            priority=99,
        ),
        paragraph_style(
            "Footer",
            ppr(after=0, line=240, jc="center"),
            rpr(size=8.5, color=GREY),
            xml_name="footer",
            priority=99,
        ),
    ]
    character = [
        character_style(C.LABEL, rpr(bold=True)),
        character_style(C.MINUTE_NUMBER, rpr(bold=True, color=NAVY)),
    ]
    tables = [
        table_style(T.ACTION_TABLE, inside_v=False, band=True, padding=45),
        table_style(T.AGENDA_TABLE, inside_v=False, band=False, padding=70),
        table_style(T.REGISTER_TABLE, inside_v=True, band=True, padding=35),
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles {NS}>'
        + defaults
        + base
        + "".join(paragraph + character + tables)
        + "</w:styles>"
    )


def numbering_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {NS}>'
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="•"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT + 397}" w:hanging="284"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/><w:color w:val="{NAVY}"/></w:rPr>'
        "</w:lvl></w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


# --- header, footer, sample body -------------------------------------------------------------


def run(text: str, extra: str = "") -> str:
    return f'<w:r>{extra}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def field(instruction: str, cached: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(cached)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def header_xml() -> str:
    # A borderless two-cell table the width of the text (whatever the orientation): the body,
    # document and reference on the left, the marking on the right, a rule beneath.
    header_p = '<w:pPr><w:pStyle w:val="Header"/></w:pPr>'
    marking_p = '<w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>'
    strong = "<w:rPr><w:b/></w:rPr>"
    marking = f'<w:rPr><w:b/><w:color w:val="{ALERT}"/><w:spacing w:val="10"/></w:rPr>'
    cell_pr = '<w:tcPr><w:tcW w:w="{w}" w:type="pct"/><w:vAlign w:val="bottom"/></w:tcPr>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>'
        "<w:tbl><w:tblPr>"
        '<w:tblW w:w="5000" w:type="pct"/>'
        f"<w:tblBorders>{border('bottom', RULE, 4, 0)}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        "</w:tblPr>"
        '<w:tblGrid><w:gridCol w:w="5830"/><w:gridCol w:w="3582"/></w:tblGrid>'
        "<w:tr><w:tc>"
        + cell_pr.format(w=3100)
        + f"<w:p>{header_p}{run('{{body}}', strong)}{run('  ·  {{document}} {{reference}}')}"
        "</w:p></w:tc><w:tc>"
        + cell_pr.format(w=1900)
        + f"<w:p>{marking_p}{run('{{marking}}', marking)}</w:p>"
        "</w:tc></w:tr></w:tbl>"
        '<w:p><w:pPr><w:pStyle w:val="Header"/><w:spacing w:after="0" w:line="120" '
        'w:lineRule="exact"/></w:pPr></w:p>'
        "</w:hdr>"
    )


def footer_xml() -> str:
    p = '<w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr {NS}>'
        f"<w:p>{p}{run('Page ')}{field('PAGE', '1')}{run(' of ')}{field('NUMPAGES', '1')}"
        "</w:p></w:ftr>"
    )


def sample_paragraph(style: str, text: str, *, runs: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id(style)}"/></w:pPr>{runs or run(text)}</w:p>'


def sample_table(style: str) -> str:
    def cell(text: str, paragraph_style: str) -> str:
        return (
            '<w:tc><w:tcPr><w:tcW w:w="3134" w:type="dxa"/></w:tcPr>'
            f"{sample_paragraph(paragraph_style, text)}</w:tc>"
        )

    rows = [
        (P.TABLE_HEADING, ("Reference", "Action", "Due")),
        (P.TABLE_TEXT, ("EMC/2026/03/A1", "An action in Table Text", "20 Mar 2026")),
        (P.TABLE_OVERDUE, ("EMC/2026/02/A1", "An overdue action", "28 Feb 2026")),
    ]
    body = "".join(
        "<w:tr>"
        + ("<w:trPr><w:tblHeader/></w:trPr>" if index == 0 else "")
        + "".join(cell(text, kind) for text in texts)
        + "</w:tr>"
        for index, (kind, texts) in enumerate(rows)
    )
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id(style)}"/>'
        '<w:tblW w:w="9402" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="3134"/><w:gridCol w:w="3134"/><w:gridCol w:w="3134"/>'
        f"</w:tblGrid>{body}</w:tbl>" + sample_paragraph(P.NOTE, f"Table style “{style}”.")
    )


def document_xml() -> str:
    label = f'<w:rPr><w:rStyle w:val="{style_id(C.LABEL)}"/></w:rPr>'
    number = f'<w:rPr><w:rStyle w:val="{style_id(C.MINUTE_NUMBER)}"/></w:rPr>'
    tab = "<w:r><w:tab/></w:r>"
    body = [
        sample_paragraph(P.TITLE, "ccsc-gov house template"),
        sample_paragraph(P.SUBTITLE, "Every style the documents use, shown once"),
        sample_paragraph(
            P.DETAILS,
            "Change a style here (Home → Styles → Modify) to change it in every document. "
            "This text is never copied into a document.",
        ),
        sample_paragraph(P.MARKING, "Document Marking — DRAFT — subject to approval"),
        sample_paragraph(
            P.ATTENDANCE, "", runs=run("Present:", label) + tab + run("Attendance List style")
        ),
        sample_paragraph(P.QUORUM, "Quorum Statement style."),
        sample_paragraph(P.HEADING_1, "Heading 1"),
        sample_paragraph(P.HEADING_2, "Heading 2"),
        sample_paragraph(P.MINUTE_HEADING, "", runs=run("5", number) + tab + run("Minute Heading")),
        sample_paragraph(
            P.MINUTE_SUBHEADING, "", runs=run("5.1", number) + tab + run("Minute Subheading")
        ),
        sample_paragraph(P.ITEM_DETAILS, "Item Details — for approval — presented by …"),
        sample_paragraph(P.BODY, "Body Text: the minute of an item, in reported speech."),
        sample_paragraph(P.BULLET, "List Bullet: a point of the minute."),
        sample_paragraph(
            P.DECISION, "", runs=run("Decision EMC/2026/03/D1 — Approved. ", label) + run("…")
        ),
        sample_paragraph(P.ACTION, "", runs=run("Action EMC/2026/03/A1 ", label) + run("…")),
        sample_paragraph(P.WITHHELD, "Withheld Notice: Confidential item — minute withheld."),
        sample_paragraph(P.NOTE, "Note: small print under a table."),
        sample_table(T.ACTION_TABLE),
        sample_table(T.AGENDA_TABLE),
        sample_table(T.REGISTER_TABLE),
        sample_paragraph(P.APPROVAL, "Approval Statement: approved at meeting …"),
        sample_paragraph(
            P.SIGNATURE, "", runs=run("Signed ……………………… (Chair)") + tab + run("Date ………………")
        ),
    ]
    section = (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeader"/>'
        '<w:footerReference w:type="default" r:id="rIdFooter"/>'
        '<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1304" w:right="1247" w:bottom="1247" w:left="1247" '
        'w:header="567" w:footer="510" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
        "</w:sectPr>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {NS}>'
        f"<w:body>{''.join(body)}{section}</w:body></w:document>"
    )


SETTINGS = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings {NS}>'
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>"
    '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/>'
    "</w:compat>"
    '<w:themeFontLang w:val="en-GB"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
    "</w:settings>"
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/footer1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdNumbering" Type="{_REL}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdHeader" Type="{_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdFooter" Type="{_REL}/footer" Target="footer1.xml"/>'
    "</Relationships>"
)

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>ccsc-gov house template</dc:title>"
    "<dc:language>en-GB</dc:language>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>ccsc-gov</Application></Properties>'
)


def build(target: Path) -> None:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "docProps/core.xml": CORE,
        "docProps/app.xml": APP,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(),
        "word/numbering.xml": numbering_xml(),
        "word/settings.xml": SETTINGS,
        "word/header1.xml": header_xml(),
        "word/footer1.xml": footer_xml(),
    }
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))


def main() -> None:
    import docx

    target = Path(__file__).resolve().parent / "templates" / "house.docx"
    build(target)
    problems = missing_styles(docx.Document(str(target)))
    if problems:
        raise SystemExit("house.docx lacks: " + "; ".join(d for _, d in problems))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
