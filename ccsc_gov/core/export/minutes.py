"""The minutes of a meeting as a Word document: the full version, and the public version that
shows a confidential item by its public title only.

The shape follows CGI/ICSA practice (docs/architecture.md, "The documents"): a heading block, the
attendance lists, the quorum statement, one numbered minute per item with its decisions and
actions set off, the confidential section, a table of the meeting's actions, and the
approval statement with the chair's signature line once the minutes are approved.

The public version is built so that no text of a confidential item can reach it: such an
item's title, minute, decisions, actions, papers and declarations are never read when
`public` is set; only its number and public title are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from docx.document import Document
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ccsc_gov.core.export.files import save_document
from ccsc_gov.core.export.snapshots import (
    ActionEntry,
    Attendee,
    CarriedAction,
    DecisionEntry,
    DeclarationEntry,
    ItemQuorum,
    MinutesItem,
    MinutesSnapshot,
    ReportedEntry,
)
from ccsc_gov.core.export.template import (
    CharacterStyle,
    HeaderFields,
    ParagraphStyle,
    Part,
    Properties,
    TableStyle,
    add_paragraph,
    add_row,
    add_table,
    append_runs,
    keep_together,
    new_document,
)
from ccsc_gov.core.export.text import (
    blocks,
    body_words,
    capitalised,
    clean_line,
    clock,
    count_words,
    due_text,
    join_names,
    long_date,
    outcome_words,
    plain_date,
    purpose_words,
    role_words,
    sentence,
    status_words,
    time_span,
)
from ccsc_gov.core.governance.resolutions import How
from ccsc_gov.core.store.models import (
    BodyKind,
    DecisionOutcome,
    DeclarationAction,
    StandardItem,
)

P = ParagraphStyle
LABEL = CharacterStyle.LABEL

WITHHELD = "Confidential item — minute withheld."
CONFIDENTIAL_FALLBACK_TITLE = "Confidential item"
DRAFT_MARKING = "DRAFT — subject to approval"
OVERDUE = "— overdue"
CLOSED_SESSION = "closed session (confidential business)"

# Standard items whose purpose goes without saying.
_PLAIN_ITEMS = {
    StandardItem.WELCOME,
    StandardItem.DECLARATIONS,
    StandardItem.MATTERS_ARISING,
    StandardItem.BUSINESS,
    StandardItem.SUBCOMMITTEE_REPORTS,
    StandardItem.ANY_OTHER_BUSINESS,
    StandardItem.NEXT_MEETING,
}


# Standard items that head sub-items: said to be empty when there are none.
_HEADINGS = {StandardItem.BUSINESS, StandardItem.SUBCOMMITTEE_REPORTS}


def _has_sub_items(snapshot: MinutesSnapshot, item: MinutesItem) -> bool:
    prefix = f"{clean_line(item.number)}."
    return any(clean_line(other.number).startswith(prefix) for other in snapshot.items)


def public_title(item: MinutesItem) -> str:
    """What may be printed of a confidential item: its public title, never its real one."""
    return clean_line(item.public_title) or CONFIDENTIAL_FALLBACK_TITLE


def header_marking(snapshot: MinutesSnapshot, *, public: bool) -> str:
    confidential = not public and snapshot.has_confidential_content
    if snapshot.draft:
        return "CONFIDENTIAL · DRAFT" if confidential else DRAFT_MARKING
    return "CONFIDENTIAL" if confidential else ""


# --- marking the pieces a chair reviews ------------------------------------------------------


class Marks(Protocol):
    """How the chair's review copy marks a piece of the minutes so that it can be found again
    in the file the chair sends back (see `review_copy`); the plain minutes mark nothing."""

    def around(self, key: str, first: Run, last: Run) -> None: ...

    def at_end(self, key: str, paragraph: Paragraph) -> None: ...


class _NoMarks:
    def around(self, key: str, first: Run, last: Run) -> None:
        pass

    def at_end(self, key: str, paragraph: Paragraph) -> None:
        pass


NO_MARKS: Marks = _NoMarks()


def short_ref(ref: str) -> str:
    """A decision's or action's reference within its meeting: "D2" of "EMC/2026/03/D2"."""
    return clean_line(ref).rsplit("/", 1)[-1]


def _piece(paragraph: Paragraph, marks: Marks, key: str, *parts: Part) -> None:
    """Add parts at the end of the paragraph, marked together as the piece `key`."""
    before = len(paragraph.runs)
    append_runs(paragraph, parts)
    runs = paragraph.runs[before:]
    if runs:
        marks.around(key, runs[0], runs[-1])
    else:
        marks.at_end(key, paragraph)


# --- pieces --------------------------------------------------------------------------------


def _attendee(person: Attendee) -> str:
    """ "Prof. Hannah Okafor, Centre Director (Chair, by video)": the name, then the role."""
    position = clean_line(person.position)
    role = role_words(person.role)
    if role and role.lower() in position.lower():
        role = ""  # "Committee Secretary" says it already
    details = [role, "by video" if person.remote else "", clean_line(person.note)]
    details = [d for d in details if d]
    text = clean_line(person.name)
    if position:
        text += f", {position}"
    return f"{text} ({', '.join(details)})" if details else text


def _attendance(
    document: Document,
    label: str,
    people: Sequence[Attendee],
    marks: Marks,
    *,
    one_a_line: bool = False,
) -> None:
    """A list of the minutes' heading: those present one a line, as boards print them; the
    names of apologies and absences run on. The list is one piece of the review copy."""
    paragraph = add_paragraph(document, P.ATTENDANCE, (f"{label}:", LABEL), "\t")
    key = label.lower().replace(" ", "_")
    if not one_a_line or not people:
        _piece(paragraph, marks, key, join_names(_attendee(p) for p in people) or "None")
        return
    lines: list[Part] = []
    for person in people:
        lines += ["\n", _attendee(person)] if lines else [_attendee(person)]
    _piece(paragraph, marks, key, *lines)


def _quorum(snapshot: MinutesSnapshot) -> str:
    quorum = snapshot.quorum
    if quorum is None:
        return ""
    counted = f"{quorum.voting_present} of {quorum.voting_members} voting members present"
    if quorum.chair_present:
        counted += ", including the Chair"
    if quorum.chair_missing and not quorum.quorate:
        counted += "; neither the Chair nor the Vice-chair was present"
    text = f"The meeting was {'quorate' if quorum.quorate else 'not quorate'} ({counted})."
    items = [clean_line(n) for n in quorum.inquorate_items if clean_line(n)]
    # A late arrival or an early departure can leave an item inquorate as surely as a
    # withdrawal: blame withdrawals only when no item named says otherwise.
    other_causes = {
        _number_key(item.number)
        for item in snapshot.items
        if item.quorum is None or not item.quorum.withdrawn
    }
    named = {_number_key(n) for n in items}
    why = "" if named & other_causes else " following withdrawals"
    if len(items) == 1:
        text += f" Item {items[0]} was inquorate{why}."
    elif items:
        listed = ", ".join(items[:-1]) + f" and {items[-1]}"
        text += f" Items {listed} were inquorate{why}."
    return text


def _declaration(entry: DeclarationEntry) -> str:
    nature = clean_line(entry.nature).rstrip(".")
    text = (
        f"{clean_line(entry.person)} declared an interest in item {clean_line(entry.item_number)}"
    )
    if nature:
        text += f" ({nature})"
    if entry.action is DeclarationAction.WITHDREW:
        return text + " and withdrew for that item."
    if entry.action is DeclarationAction.NO_PART_IN_DECISION:
        return text + " and took no part in the decision."
    if entry.action is DeclarationAction.NOTED:
        return text + "; the declaration was noted."
    return text + "."


def _number_key(number: str) -> str:
    return clean_line(number).casefold()


def _declarations(
    document: Document, snapshot: MinutesSnapshot, *, public: bool, text_given: bool
) -> None:
    confidential = {_number_key(item.number) for item in snapshot.items if item.confidential}
    shown = [
        d
        for d in snapshot.declarations
        if not (public and _number_key(d.item_number) in confidential)
    ]
    withheld = len(snapshot.declarations) - len(shown)
    for entry in shown:
        add_paragraph(document, P.BODY, _declaration(entry))
    if withheld:
        many = "s of interest were" if withheld > 1 else " of interest was"
        add_paragraph(
            document,
            P.BODY,
            f"{capitalised(count_words(withheld))} further declaration{many} made in respect "
            "of a confidential item.",
        )
    if not snapshot.declarations and not text_given:
        add_paragraph(document, P.BODY, "No declarations of interest were made.")


# What the body did with a subcommittee's recommendation, by the outcome recorded.
_ON_RECOMMENDATION = {
    DecisionOutcome.APPROVED: "approved",
    DecisionOutcome.REJECTED: "did not approve",
    DecisionOutcome.DEFERRED: "deferred",
    DecisionOutcome.NOTED: "noted",
    DecisionOutcome.RECOMMENDED: "endorsed",
}


def _on_recommendation(decision: DecisionEntry, body: str) -> str:
    """ "The Committee approved the recommendation of NCTSC/2026/01 (NCTSC/2026/01/D3) that
    …": what was decided, on which recommendation, in the subcommittee's words."""
    body_name = clean_line(decision.referred_from_body)
    source = clean_line(decision.referred_from_meeting) or (f"the {body_name}" if body_name else "")
    of = f" of {source}" if source else ""
    text = (
        f"{capitalised(body)} {_ON_RECOMMENDATION[decision.outcome]} the recommendation{of} "
        f"({clean_line(decision.referred_from)})"
    )
    recommended = sentence(clean_line(decision.referred_from_text))
    return f"{text}: “{recommended}”" if recommended else f"{text}."


def _decision(document: Document, decision: DecisionEntry, body: str, marks: Marks) -> None:
    referred_to = clean_line(decision.referred_to)
    outcome = outcome_words(decision.outcome, referred_to=referred_to)
    short = short_ref(decision.ref)
    paragraph = add_paragraph(document, P.DECISION)
    _piece(
        paragraph,
        marks,
        f"ref_{short}",
        (f"Decision {clean_line(decision.ref)} — {outcome}.", LABEL),
    )
    append_runs(paragraph, (" ",))
    if decision.referred_from:
        append_runs(paragraph, (_on_recommendation(decision, body) + " ",))
    _piece(paragraph, marks, f"decision_{short}", sentence(clean_line(decision.text)))
    # A recommendation's outcome already names the body it goes to.
    if referred_to and decision.outcome is not DecisionOutcome.RECOMMENDED:
        append_runs(paragraph, (f" Referred to the {referred_to}.",))


NO_OWNER = "to be confirmed"
NO_DUE_DATE = "to be agreed"


def _action(document: Document, action: ActionEntry, marks: Marks) -> None:
    owners = join_names(action.owners, separator=", ") or NO_OWNER
    due = plain_date(action.due) if action.due else NO_DUE_DATE
    if action.due and action.original_due and action.original_due != action.due:
        due += f" (was {plain_date(action.original_due)})"
    short = short_ref(action.ref)
    paragraph = add_paragraph(document, P.ACTION)
    _piece(paragraph, marks, f"ref_{short}", (f"Action {clean_line(action.ref)}", LABEL))
    append_runs(paragraph, (" — ",))
    _piece(paragraph, marks, f"action_{short}", sentence(clean_line(action.description)))
    append_runs(paragraph, (" ", ("Owner:", LABEL), " "))
    _piece(paragraph, marks, f"owners_{short}", owners)
    append_runs(paragraph, (". ", ("Due:", LABEL), " "))
    _piece(paragraph, marks, f"due_{short}", due)
    append_runs(paragraph, (".",))


def _carried_actions(
    document: Document, actions: Sequence[CarriedAction], *, public: bool, text_given: bool
) -> None:
    if not actions:
        if not text_given:
            add_paragraph(document, P.BODY, "No actions were carried forward.")
        return
    rows: list[tuple[str, str, str, str, str]] = []
    for action in actions:
        status = status_words(action.status)
        due = due_text(action.due, action.original_due)
        if action.overdue:
            due += f" {OVERDUE}"
        if public and action.confidential:
            rows.append((action.ref, "Confidential action — withheld", "", "", status))
            continue
        if action.note:
            status = f"{status} — {clean_line(action.note)}"
        owners = join_names(action.owners, separator=", ")
        rows.append((action.ref, action.description, owners, due, status))
    table = add_table(
        document,
        TableStyle.ACTION_TABLE,
        ("Ref", "Action", "Owner", "Due", "Status"),
        (2.8, 5.0, 2.1, 2.2, 3.0),
        rows,
        unbroken={3},
    )
    for row in rows:
        overdue = row[3].endswith(OVERDUE)
        add_row(table, row, cell_styles={3: P.TABLE_OVERDUE} if overdue else None)
    keep_together(table)
    late = [
        a for a in actions if a.overdue and a.due is not None and not (public and a.confidential)
    ]
    if late:
        listed = "; ".join(f"{a.ref} (due {plain_date(a.due)})" for a in late if a.due)
        many = len(late) > 1
        add_paragraph(
            document,
            P.BODY,
            f"{capitalised(count_words(len(late)))} action{'s were' if many else ' was'} "
            f"overdue: {listed}.",
        )


def _item_heading(document: Document, number: str, title: str) -> Paragraph:
    style = P.MINUTE_SUBHEADING if "." in number else P.MINUTE_HEADING
    return add_paragraph(
        document, style, (clean_line(number), CharacterStyle.MINUTE_NUMBER), "\t", title
    )


def item_key(number: str) -> str:
    """An item's number as it names the item's pieces ("5.2" → "5_2")."""
    return clean_line(number).replace(".", "_")


def _item_details(item: MinutesItem) -> str:
    details: list[str] = []
    if item.standard not in _PLAIN_ITEMS or item.presenter or item.papers:
        details.append(purpose_words(item.purpose))
    if item.presenter:
        details.append(f"presented by {clean_line(item.presenter)}")
    papers = join_names(item.papers, separator=", ")
    if papers:
        details.append(f"Paper{'s' if len(item.papers) > 1 else ''} {papers}")
    if item.confidential:
        details.append(f"public title: “{public_title(item)}”")
    return " · ".join(details)


def _item(
    document: Document,
    item: MinutesItem,
    snapshot: MinutesSnapshot,
    *,
    public: bool,
    marks: Marks = NO_MARKS,
) -> None:
    """One minute in full. In the public version this is only ever called for an open item,
    and what it shows of other items (declarations, carried actions) leaves out the
    confidential ones."""
    last = _item_heading(document, item.number, clean_line(item.title))
    details = _item_details(item)
    if details:
        last = add_paragraph(document, P.ITEM_DETAILS, details)
    text = blocks(item.minutes)
    written = [
        add_paragraph(document, P.BULLET if block.bullet else P.BODY, block.text) for block in text
    ]
    if written and written[0].runs and written[-1].runs:
        marks.around("minute_" + item_key(item.number), written[0].runs[0], written[-1].runs[-1])
    else:
        marks.at_end("minute_" + item_key(item.number), last)
    if item.quorum is not None:
        quorum = add_paragraph(document, P.BODY)
        _piece(
            quorum,
            marks,
            f"quorum_{item_key(item.number)}",
            _item_quorum(item.quorum, snapshot.body_kind),
        )
    if item.standard is StandardItem.DECLARATIONS:
        _declarations(document, snapshot, public=public, text_given=bool(text))
    if item.standard is StandardItem.MATTERS_ARISING:
        _carried_actions(document, snapshot.carried_actions, public=public, text_given=bool(text))
    # The date itself comes from the schedule, whatever the clerk wrote around it.
    if item.standard is StandardItem.NEXT_MEETING and (
        snapshot.next_meeting is not None or not text
    ):
        add_paragraph(document, P.BODY, _next_meeting(snapshot))
    nothing = not (text or item.decisions or item.actions)
    if item.standard is StandardItem.ANY_OTHER_BUSINESS and nothing:
        add_paragraph(document, P.BODY, "None.")
    if item.standard in _HEADINGS and nothing and not _has_sub_items(snapshot, item):
        add_paragraph(document, P.BODY, "None.")
    if item.reported is not None:
        _reported(document, item.reported)
    for decision in item.decisions:
        _decision(document, decision, body_words(snapshot.body_kind), marks)
    for action in item.actions:
        _action(document, action, marks)


def _reported(document: Document, entry: ReportedEntry) -> None:
    """What the meeting did with a decision taken since its last meeting: it ratifies a chair's
    action and notes a written resolution."""
    ratified = entry.how is How.CHAIRS_ACTION
    label = (
        f"{capitalised(entry.how)} {clean_line(entry.ref)} — {'ratified' if ratified else 'noted'}."
    )
    parts = [sentence(clean_line(entry.text))]
    if ratified:
        parts.append(f"Taken by {clean_line(entry.taken_by)} on {plain_date(entry.taken_on)}.")
        parts.append(f"Reason for urgency: {sentence(clean_line(entry.reason))}")
        if entry.consulted:
            parts.append(f"Consulted: {join_names(entry.consulted, separator=', ')}.")
        parts.append("The meeting ratified the chair's action.")
    else:
        parts.append(
            f"Carried in writing by {plain_date(entry.taken_on)}: {clean_line(entry.tally)}."
        )
        parts.append("The meeting noted the written resolution.")
    add_paragraph(document, P.DECISION, (label, LABEL), " " + " ".join(parts))


def _withheld_item(document: Document, item: MinutesItem) -> None:
    """A confidential item in the public version: its number and public title, nothing else."""
    _item_heading(document, item.number, public_title(item))
    add_paragraph(document, P.WITHHELD, WITHHELD)


def _taking_the_chair(quorum: ItemQuorum, kind: BodyKind) -> str:
    if not quorum.chair_away:
        return ""
    if quorum.taken_by_vice_chair:
        return f"The Vice-chair, {clean_line(quorum.taken_by)}, took the chair for this item."
    if quorum.taken_by:
        return (
            f"{capitalised(body_words(kind))} chose {clean_line(quorum.taken_by)} to take the "
            "chair for this item."
        )
    return ""  # nobody recorded: the quorum sentence says what the terms make of it


def _item_quorum(quorum: ItemQuorum, kind: BodyKind) -> str:
    counted = f"{quorum.voting_present} of {quorum.voting_members} voting members present"
    if quorum.quorate:
        state = f"The item remained quorate ({counted})."
    elif quorum.chair_missing:
        state = (
            "The item was inquorate: neither the Chair nor the Vice-chair was present for it "
            f"({counted})."
        )
    else:
        state = f"The item was inquorate ({counted})."
    withdrawn = join_names(quorum.withdrawn, separator=", ")
    chair = _taking_the_chair(quorum, kind)
    parts = [f"{withdrawn} withdrew for this item." if withdrawn else "", chair, state]
    return " ".join(p for p in parts if p)


def _next_meeting(snapshot: MinutesSnapshot) -> str:
    if snapshot.next_meeting is None:
        return "To be confirmed."
    text = f"{long_date(snapshot.next_meeting.date())}, {clock(snapshot.next_meeting)}"
    if snapshot.next_meeting_location:
        text += f", {clean_line(snapshot.next_meeting_location)}"
    return text + "."


def closed_session_resolution(body: BodyKind) -> str:
    """The resolution that takes the rest of the meeting into closed session: moved in the
    agenda, recorded as resolved in the minutes."""
    return (
        f"that {body_words(body)} take the following business in closed session, its "
        "publicity being prejudicial to the public interest by reason of the confidential "
        "nature of the business to be transacted."
    )


def _closed_session(
    document: Document,
    snapshot: MinutesSnapshot,
    items: Sequence[MinutesItem],
    *,
    public: bool,
    marks: Marks,
) -> None:
    """Part II: the confidential and reserved business, taken together after the open
    business, in agenda order; who withdrew before it and the resolution to go into closed
    session. The public version shows the items by their public titles only."""
    add_paragraph(document, P.HEADING_1, f"Part II — {CLOSED_SESSION}")
    if not public:
        add_paragraph(document, P.MARKING, "CONFIDENTIAL — not for publication")
    names = [clean_line(n) for n in snapshot.withdrew_before_closed if clean_line(n)]
    if names:
        listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
        add_paragraph(document, P.BODY, f"{listed} withdrew before the closed session.")
    add_paragraph(document, P.BODY, f"Resolved: {closed_session_resolution(snapshot.body_kind)}")
    for item in items:
        if public:
            _withheld_item(document, item)
        else:
            _item(document, item, snapshot, public=False, marks=marks)


# --- the document ----------------------------------------------------------------------------


def _heading_block(document: Document, snapshot: MinutesSnapshot, *, public: bool) -> None:
    add_paragraph(document, P.TITLE, snapshot.body_name)
    add_paragraph(
        document,
        P.SUBTITLE,
        f"Minutes of the meeting held on {long_date(snapshot.start.date())}, "
        f"{time_span(snapshot.start, snapshot.end)}",
    )
    place = clean_line(snapshot.location)
    if snapshot.video_link:
        place = f"{place} and by video" if place else "By video"
    if place:
        add_paragraph(document, P.DETAILS, place)
    add_paragraph(document, P.DETAILS, ("Reference", LABEL), f" {clean_line(snapshot.meeting_ref)}")
    if snapshot.approval is not None:
        add_paragraph(
            document,
            P.DETAILS,
            f"Approved at meeting {clean_line(snapshot.approval.meeting_ref)} on "
            f"{plain_date(snapshot.approval.date)}",
        )
    if public:
        add_paragraph(
            document,
            P.DETAILS,
            "Public version: confidential items are shown by title only, their minutes withheld.",
        )
    markings = []
    if snapshot.draft:
        markings.append(DRAFT_MARKING)
    if not public and snapshot.has_confidential_content:
        markings.append("CONFIDENTIAL — not for publication")
    if markings:
        add_paragraph(document, P.MARKING, " · ".join(markings))


def _actions_table(
    document: Document, snapshot: MinutesSnapshot, *, public: bool, marks: Marks
) -> None:
    rows: list[tuple[MinutesItem, ActionEntry]] = []
    withheld = 0
    for item in snapshot.items:
        if public and item.confidential:
            withheld += len(item.actions)
            continue
        rows.extend((item, action) for action in item.actions)
    add_paragraph(document, P.HEADING_1, "Actions from this meeting")
    if rows:
        cells = [
            (
                action.ref,
                item.number,
                action.description,
                join_names(action.owners, separator=", "),
                due_text(action.due, action.original_due),
            )
            for item, action in rows
        ]
        table = add_table(
            document,
            TableStyle.ACTION_TABLE,
            ("Ref", "Item", "Action", "Owner", "Due"),
            (2.4, 0.9, 6.6, 2.6, 2.1),
            cells,
            unbroken={4},
        )
        for row, (_, action) in zip(cells, rows, strict=True):
            add_row(table, row)
            # The table repeats the action's minute: marked so that a chair's change here is
            # reported, not lost.
            written = table.rows[-1].cells
            for column, kind in ((2, "action"), (3, "owners"), (4, "due")):
                runs = written[column].paragraphs[0].runs
                if runs:
                    marks.around(f"listed_{kind}_{short_ref(action.ref)}", runs[0], runs[-1])
        keep_together(table)
    else:
        add_paragraph(document, P.NOTE, "No actions were recorded at this meeting.")
    if withheld:
        add_paragraph(
            document,
            P.NOTE,
            "Actions arising from confidential items are recorded in the confidential minutes.",
        )


def _approval(document: Document, snapshot: MinutesSnapshot, *, public: bool) -> None:
    """The approval statement once approved, and the chair's signature block: left blank on
    the draft, for the chair to sign the approved copy."""
    approval = snapshot.approval
    if approval is not None:
        text = (
            f"Approved as a correct record at meeting {clean_line(approval.meeting_ref)} on "
            f"{plain_date(approval.date)}"
        )
        if approval.amendments.strip():
            # An amendment may quote a confidential minute: the public version only points to
            # it, and where the meeting had confidential business, the approving meeting's
            # minutes point back here rather than quote it (see `approval.approve_minutes`).
            if not public:
                text += f", subject to amendment: {sentence(clean_line(approval.amendments))}"
            elif snapshot.has_confidential_items:
                text += ", subject to amendments recorded in the confidential minutes"
            else:
                text += (
                    f", subject to the amendments recorded in the minutes of {approval.meeting_ref}"
                )
        add_paragraph(document, P.APPROVAL, sentence(text))
    chair = clean_line(snapshot.chair)
    add_paragraph(
        document,
        P.SIGNATURE,
        "Signed …………………………………",
        "\t",
        "Date ……………………",
        "\n",
        f"{chair}, Chair" if chair else "Chair",
    )


def minutes_document(
    snapshot: MinutesSnapshot,
    *,
    public: bool = False,
    template: Path | None = None,
    marks: Marks = NO_MARKS,
) -> Document:
    """The minutes as a python-docx Document (for writing, or for a test to read); `marks`
    marks the pieces a chair reviews (the review copy)."""
    kind = "Minutes (public version)" if public else "Minutes"
    document = new_document(
        template,
        header=HeaderFields(
            body=snapshot.body_name,
            document="Minutes",
            reference=snapshot.meeting_ref,
            marking=header_marking(snapshot, public=public),
        ),
        properties=Properties(
            title=f"{snapshot.body_name} — {kind.lower()} of {snapshot.meeting_ref}",
            subject=f"{kind} of the meeting held on {long_date(snapshot.start.date())}",
            keywords=f"{snapshot.body_code}; {snapshot.meeting_ref}; minutes",
            category=kind,
            status="Draft" if snapshot.draft else "Approved",
        ),
    )
    _heading_block(document, snapshot, public=public)
    _attendance(document, "Present", snapshot.present, marks, one_a_line=True)
    if snapshot.in_attendance:
        _attendance(document, "In attendance", snapshot.in_attendance, marks, one_a_line=True)
    _attendance(document, "Apologies", snapshot.apologies, marks)
    if snapshot.absent:
        _attendance(document, "Absent", snapshot.absent, marks)
    quorum = _quorum(snapshot)
    if quorum:
        _piece(add_paragraph(document, P.QUORUM), marks, "quorum", quorum)

    standards = {item.standard for item in snapshot.items}
    if snapshot.declarations and StandardItem.DECLARATIONS not in standards:
        add_paragraph(document, P.HEADING_1, "Declarations of interest")
        _declarations(document, snapshot, public=public, text_given=True)
    if snapshot.carried_actions and StandardItem.MATTERS_ARISING not in standards:
        add_paragraph(document, P.HEADING_1, "Matters arising: the action log")
        _carried_actions(document, snapshot.carried_actions, public=public, text_given=True)

    for item in snapshot.items:
        if not item.confidential:
            _item(document, item, snapshot, public=public, marks=marks)
    if snapshot.next_meeting is not None and StandardItem.NEXT_MEETING not in standards:
        add_paragraph(document, P.HEADING_1, "Date of next meeting")
        add_paragraph(document, P.BODY, _next_meeting(snapshot))

    confidential = [item for item in snapshot.items if item.confidential]
    if confidential:
        _closed_session(document, snapshot, confidential, public=public, marks=marks)
    if snapshot.closed_at is not None:
        add_paragraph(document, P.BODY, f"The meeting closed at {clock(snapshot.closed_at)}.")

    _actions_table(document, snapshot, public=public, marks=marks)
    _approval(document, snapshot, public=public)
    return document


def write_minutes(
    snapshot: MinutesSnapshot,
    path: Path,
    *,
    public: bool = False,
    template: Path | None = None,
) -> Path:
    """Write the minutes (full, or public with `public`) to `path`, atomically."""
    return save_document(minutes_document(snapshot, public=public, template=template), path)
