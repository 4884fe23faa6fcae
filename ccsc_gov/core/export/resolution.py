"""A written resolution as Word documents: the paper circulated to the voting members (its
text, the rule that carries it, a reply slip for each member), and the record of its outcome."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.template import (
    CharacterStyle,
    HeaderFields,
    ParagraphStyle,
    Properties,
    TableStyle,
    add_paragraph,
    add_row,
    add_table,
    new_document,
)
from ccsc_gov.core.export.text import blocks, capitalised, clean_line, plain_date, short_date
from ccsc_gov.core.services.resolutions import ResolutionView

P = ParagraphStyle
LABEL = CharacterStyle.LABEL
BOX = "☐"


def _document(view: ResolutionView, what: str, template: Path | None) -> Document:
    document = new_document(
        template,
        header=HeaderFields(body=view.body_name, document=what, reference=view.ref),
        properties=Properties(
            title=f"{view.body_name} — {what.lower()} {view.ref}: {view.title}",
            subject=what,
            keywords=f"{view.body}; written resolution",
            category="Written resolution",
        ),
    )
    add_paragraph(document, P.TITLE, view.body_name)
    add_paragraph(document, P.SUBTITLE, f"{what}: {clean_line(view.title)}")
    details = f"Reference {view.ref} · circulated on {plain_date(view.proposed_on)}"
    if view.deadline is not None:
        details += f" · replies by {plain_date(view.deadline)}"
    add_paragraph(document, P.DETAILS, details)
    return document


def _text(document: Document, view: ResolutionView) -> None:
    for block in blocks(view.text):
        add_paragraph(document, P.BULLET if block.bullet else P.BODY, block.text)


def _rule(view: ResolutionView) -> str:
    tally = view.tally
    return (
        f"The resolution carries with {view.rule.words()}: {tally.required} of the "
        f"{tally.entitled} voting members entitled to vote must agree in writing, whoever else "
        "replies. A member who declares an interest takes no part and does not count."
    )


def resolution_paper_document(view: ResolutionView, *, template: Path | None = None) -> Document:
    """The paper to circulate: the resolution, how it carries, and a slip for each member."""
    document = _document(view, "Written resolution", template)
    add_paragraph(document, P.HEADING_1, "Resolution")
    _text(document, view)
    add_paragraph(document, P.HEADING_1, "How it carries")
    add_paragraph(document, P.BODY, _rule(view))
    if view.deadline is not None:
        add_paragraph(
            document,
            P.BODY,
            f"Replies received after {plain_date(view.deadline)} do not count; a resolution "
            "that has not carried by then lapses.",
        )
    add_paragraph(document, P.HEADING_1, "Reply slips")
    add_paragraph(
        document, P.NOTE, "Return your slip to the secretary by email, by letter or in person."
    )
    for reply in view.replies:
        if not reply.entitled:
            continue
        add_paragraph(document, P.HEADING_2, clean_line(reply.name))
        add_paragraph(
            document,
            P.BODY,
            (f"Written resolution {view.ref}", LABEL),
            f" — {clean_line(view.title)}. My reply:  {BOX} For   {BOX} Against   {BOX} Abstain",
        )
        add_paragraph(document, P.BODY, "Interest to declare, if any: …………………………………………")
        add_paragraph(document, P.SIGNATURE, "Signed …………………………………", "\t", "Date ……………………")
    return document


def resolution_outcome_document(view: ResolutionView, *, template: Path | None = None) -> Document:
    """The short record of how the resolution closed, with every reply."""
    document = _document(view, "Written resolution outcome", template)
    _text(document, view)
    closed = f", closed on {plain_date(view.closed_on)}" if view.closed_on else ", still open"
    add_paragraph(
        document,
        P.DECISION,
        (f"Outcome: {capitalised(view.outcome.value)}.", LABEL),
        f" {view.tally.words()}{closed}. It carries with {view.rule.words()}.",
    )
    if view.decision:
        add_paragraph(document, P.BODY, f"Recorded in the decisions register as {view.decision}.")
    table = add_table(
        document,
        TableStyle.REGISTER_TABLE,
        ("Member", "Reply", "Received", "How"),
        (6.0, 4.0, 2.6, 2.4),
    )
    for reply in view.replies:
        if reply.interest:
            answer = f"Declared an interest ({reply.interest}); took no part"
        else:
            answer = capitalised(reply.vote.value) if reply.vote else "No reply"
        received = short_date(reply.received_on) if reply.received_on else ""
        add_row(table, (reply.name, answer, received, reply.via.value if reply.via else ""))
    return document


def write_resolution_paper(
    view: ResolutionView, path: Path, *, template: Path | None = None
) -> Path:
    return save_document(resolution_paper_document(view, template=template), path)


def write_resolution_outcome(
    view: ResolutionView, path: Path, *, template: Path | None = None
) -> Path:
    return save_document(resolution_outcome_document(view, template=template), path)
