"""The chair's review of the draft minutes: the review copy's stamp, what the returned file
changes, and taking the accepted changes into the record.

A piece is one thing the review copy marks (see `export.review_copy`): an item's minute, a
decision's text, an action's text, owners and due date, which the chair may correct; and the
attendance lists, quorum statements and references, which the chair may not (a change to
those is reported as "changed in the file, not taken in").

Each piece has an id a clerk can type: "5.2" (the minute of item 5.2), "D2" (the text of
decision D2), "A4", "A4-owners", "A4-due"; and for the pieces not taken in, "present",
"apologies", "quorum", "quorum-5.2", "ref-D2".

It lives with the writers, not the services: it compares the file with the review copy the
record would give now, and takes changes in through the services like any front end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.export.gather import minutes_snapshot
from ccsc_gov.core.export.minutes import NO_DUE_DATE, NO_OWNER, item_key, short_ref
from ccsc_gov.core.export.review_copy import (
    Comment,
    Rendered,
    ReviewFile,
    Source,
    Stamp,
    TrackedChange,
    read_review_file,
    rendered,
)
from ccsc_gov.core.export.snapshots import MinutesSnapshot
from ccsc_gov.core.export.template import ParagraphStyle
from ccsc_gov.core.export.text import capitalised, read_plain_date
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.governance.lifecycle import is_locked
from ccsc_gov.core.services import actions, agenda, decisions
from ccsc_gov.core.services.common import Area, Changes, meeting_by_ref
from ccsc_gov.core.store.audit import note_event, operator
from ccsc_gov.core.store.models import (
    Action,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MinutesReview,
    Person,
)

EDITABLE = ("minute", "decision", "action", "owners", "due")


# --- pieces and their ids --------------------------------------------------------------------


def piece_id(key: str) -> str:
    """The id a clerk types for a piece ("minute_5_2" → "5.2", "owners_A4" → "A4-owners")."""
    kind, _, rest = key.partition("_")
    if kind == "minute":
        return rest.replace("_", ".")
    if kind in ("decision", "action"):
        return rest
    if kind in ("owners", "due"):
        return f"{rest}-{kind}"
    if kind == "quorum" and rest:
        return f"quorum-{rest.replace('_', '.')}"
    return key.replace("_", "-")


def describe(key: str) -> str:
    """A piece in words: "the minute of item 5.2", "the owners of action A4"."""
    kind, _, rest = key.partition("_")
    if kind == "listed":
        return f"{describe(rest)} in the table of actions (correct it in the minute)"
    return {
        "minute": f"the minute of item {rest.replace('_', '.')}",
        "decision": f"the text of decision {rest}",
        "action": f"the text of action {rest}",
        "owners": f"the owners of action {rest}",
        "due": f"the due date of action {rest}",
        "ref": f"the reference and outcome of {rest}",
        "quorum": f"the quorum statement of item {rest.replace('_', '.')}"
        if rest
        else "the quorum statement",
        "present": "the list of those present",
        "in": "the list of those in attendance",
        "apologies": "the list of apologies",
        "absent": "the list of those absent",
    }.get(kind, key)


def editable(key: str) -> bool:
    return key.partition("_")[0] in EDITABLE


# --- the review copy's stamp -----------------------------------------------------------------


def _rows(
    session: Session, meeting: Meeting
) -> tuple[list[AgendaItem], list[Decision], list[Action]]:
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)))
    ids = [i.id for i in items]
    found_decisions = list(session.scalars(select(Decision).where(Decision.item_id.in_(ids))))
    found_actions = list(session.scalars(select(Action).where(Action.item_id.in_(ids))))
    return items, found_decisions, found_actions


def review_stamp(session: Session, *, meeting: str) -> Stamp:
    """Where a review copy made now comes from: the meeting, the version of its record (a
    fingerprint of the versions of its rows) and the row behind each piece."""
    m = meeting_by_ref(session, meeting)
    items, found_decisions, found_actions = _rows(session, m)
    numbers = agenda.item_numbers(session, [m.id])
    sources: dict[str, Source] = {}
    for item in items:
        source = Source("agenda_item", item.id, item.version)
        sources["minute_" + item_key(numbers[item.id])] = source
    for decision in found_decisions:
        sources["decision_" + short_ref(decision.ref)] = Source(
            "decision", decision.id, decision.version
        )
    for action in found_actions:
        source = Source("action", action.id, action.version)
        for kind in ("action", "owners", "due"):
            sources[f"{kind}_{short_ref(action.ref)}"] = source
    attendance = session.execute(
        select(Attendance.id, Attendance.version).where(Attendance.meeting_id == m.id)
    ).all()
    rows = sorted(
        [("meeting", m.id, m.version)]
        + [(s.table, s.row_id, s.version) for s in sources.values()]
        + [("attendance", row_id, version) for row_id, version in attendance]
    )
    fingerprint = hashlib.sha256(repr(sorted(set(rows))).encode()).hexdigest()[:12]
    return Stamp(meeting_ref=m.ref, record_version=fingerprint, sources=sources)


def review_copy_source(session: Session, *, meeting: str) -> tuple[MinutesSnapshot, Stamp]:
    """What a review copy is written from: the draft minutes and their stamp."""
    snapshot = minutes_snapshot(session, meeting=meeting)
    if not snapshot.draft:
        raise NotAllowed(
            f"The minutes of {snapshot.meeting_ref} have been approved: there is nothing left "
            "for the chair to review."
        )
    return snapshot, review_stamp(session, meeting=meeting)


# --- what the file changes -------------------------------------------------------------------


@dataclass(frozen=True)
class PieceChange:
    """One piece the chair changed or commented on, as the file holds it against the record."""

    id: str
    key: str
    what: str  # in words: "the minute of item 5.2"
    sent: str  # the text in the review copy as it was made
    returned: str  # the text in the returned file, its tracked changes accepted
    now: str  # the text the record gives today
    tracked: tuple[TrackedChange, ...] = ()
    comments: tuple[Comment, ...] = ()
    untracked: bool = False  # edited without Track Changes
    placed_by_text: bool = False  # its bookmark was lost; found by item number and heading

    @property
    def changed(self) -> bool:
        return self.returned != self.sent

    @property
    def may_take_in(self) -> bool:
        return editable(self.key)

    @property
    def already_in(self) -> bool:
        """The record already says what the chair's file says (taken in before)."""
        return self.changed and self.now == self.returned

    @property
    def newer_in_record(self) -> bool:
        """The record's text has changed since the copy was made, to something other than the
        chair's: take it in only on purpose."""
        return self.now not in (self.sent, self.returned)

    @property
    def reviewers(self) -> tuple[str, ...]:
        names = [c.author for c in self.tracked] + [c.author for c in self.comments]
        return tuple(dict.fromkeys(n for n in names if n))


@dataclass(frozen=True)
class ReviewReport:
    meeting_ref: str
    file_name: str
    made_from: str  # the record version the copy was made from
    record_version: str  # the record's version now
    approved: bool
    changes: tuple[PieceChange, ...]
    unplaced: tuple[str, ...]  # pieces neither bookmark nor text could find, in words
    notes: tuple[str, ...] = ()  # what the clerk should know about the file as a whole
    last_modified_by: str = ""
    other_comments: tuple[Comment, ...] = ()  # comments made on no piece

    @property
    def to_take_in(self) -> tuple[PieceChange, ...]:
        return tuple(c for c in self.changes if c.changed and c.may_take_in and not c.already_in)

    @property
    def not_taken_in(self) -> tuple[PieceChange, ...]:
        return tuple(c for c in self.changes if c.changed and not c.may_take_in)


_HEADING = re.compile(r"^([A-Z]?\d+(?:\.\d+)*)\t(.*)$")
_HEADING_STYLES = {
    ParagraphStyle.MINUTE_HEADING,
    ParagraphStyle.MINUTE_SUBHEADING,
    ParagraphStyle.HEADING_1,
}


def _placed_by_text(
    file: ReviewFile, now: Rendered, titles: Mapping[str, str], missing: Iterable[str]
) -> dict[str, str]:
    """Pieces whose bookmarks were lost, found again in the text: an item's minute is the
    paragraphs under its number and heading that are not lines the minutes themselves write
    there (details, quorum, decisions, actions); a decision or action by its reference."""
    found: dict[str, str] = {}
    headings: dict[str, int] = {}
    breaks: list[int] = []  # where any item's minute, or a part of the document, begins
    for index, (style, text) in enumerate(file.paragraphs):
        match = _HEADING.match(text.strip())
        if match or style in _HEADING_STYLES:
            breaks.append(index)
        if match and " ".join(match.group(2).split()) == titles.get(item_key(match.group(1))):
            headings[item_key(match.group(1))] = index
    minute_lines = {
        line.removeprefix("- ")
        for key, text in now.pieces.items()
        if key.startswith("minute_")
        for line in text.split("\n")
    }
    generated = {text.strip() for _, text in now.paragraphs} - minute_lines
    for key in missing:
        kind, _, rest = key.partition("_")
        if kind == "minute" and rest in headings:
            start = headings[rest]
            end = min([i for i in breaks if i > start] or [len(file.paragraphs)])
            lines = []
            for style, text in file.paragraphs[start + 1 : end]:
                text = text.strip()
                if text and text not in generated and not text.startswith(("Decision ", "Action ")):
                    lines.append(f"- {text}" if style == ParagraphStyle.BULLET else text)
            found[key] = "\n".join(lines)
        elif kind in ("decision", "action", "owners", "due"):
            before, after = _written_around(now, key)
            for _, text in file.paragraphs:
                piece = _labelled(text, rest, kind)
                if piece is not None:
                    found[key] = piece.removeprefix(before).removesuffix(after).strip()
                    break
    return found


def _written_around(now: Rendered, key: str) -> tuple[str, str]:
    """What the minutes write around a decision's text in its labelled paragraph (the
    recommendation it was made on, before; "Referred to the …", after), which is not part of
    the decision's text; nothing for an action's pieces, which the pattern already separates."""
    kind, _, short = key.partition("_")
    piece = now.pieces.get(key, "")
    if kind != "decision" or not piece:
        return "", ""
    for _, text in now.paragraphs:
        labelled = _labelled(text, short, kind)
        if labelled is not None and piece in labelled:
            before, _, after = labelled.partition(piece)
            return before, after
    return "", ""


_ACTION = re.compile(r"^Action (\S+) — (.*) Owner: (.*)\. Due: (.*)\.$")
_DECISION = re.compile(r"^Decision (\S+) — [^.]*\. (.*)$")


def _labelled(text: str, short: str, kind: str) -> str | None:
    pattern = _DECISION if kind == "decision" else _ACTION
    match = pattern.match(text.strip())
    if match is None or short_ref(match.group(1)) != short:
        return None
    if kind == "decision":
        return match.group(2).strip()
    return {"action": match.group(2), "owners": match.group(3), "due": match.group(4)}[kind].strip()


def _open(path: Path) -> ReviewFile:
    return read_review_file(Path(path).expanduser())


def review_changes(session: Session, *, meeting: str, path: Path) -> ReviewReport:
    """What the returned review copy changes, piece by piece, against the copy as it was made
    and the record as it is now. Nothing is applied."""
    m = meeting_by_ref(session, meeting)
    file = _open(path)
    notes: list[str] = []
    if file.meeting_ref and file.meeting_ref != m.ref:
        raise NotAllowed(
            f"“{Path(path).name}” is the review copy of the minutes of {file.meeting_ref}, "
            f"not of {m.ref}: nothing was taken in."
        )
    if not file.meeting_ref:
        notes.append(
            f"The file does not say which meeting it is for (its document properties were "
            f"lost); it was read as the minutes of {m.ref}."
        )
    stamp = review_stamp(session, meeting=m.ref)
    snapshot = minutes_snapshot(session, meeting=m.ref)
    now = rendered(snapshot, stamp)
    sent = {key: b.text for key, b in file.baseline.items()} or dict(now.pieces)
    if not file.baseline:
        notes.append(
            "The file does not carry the text it was made with; it was compared with the "
            "record as it is now."
        )
    missing = [key for key in sent if key not in file.pieces]
    # An item with no minute has only an empty mark, which a chair's new paragraph misses:
    # its minute is looked for under its heading, as when the marks are lost.
    unwritten = [
        key
        for key, piece in file.pieces.items()
        if key.startswith("minute_") and not piece.after and not sent.get(key)
    ]
    titles = {item_key(i.number): " ".join(i.title.split()) for i in snapshot.items}
    by_text = _placed_by_text(file, now, titles, missing + unwritten)
    if missing:
        notes.append(
            "The file has lost the marks that place some pieces; they were found again by "
            "item number and heading where possible."
        )
    changes: list[PieceChange] = []
    for key, was in sent.items():
        piece = file.pieces.get(key)
        if by_text.get(key) and key in unwritten:
            piece = None  # written under the heading of an item that had no minute
        if piece is None and key not in by_text:
            continue
        returned = piece.after if piece is not None else by_text[key]
        change = PieceChange(
            id=piece_id(key),
            key=key,
            what=describe(key),
            sent=was,
            returned=returned,
            now=now.pieces.get(key, ""),
            tracked=piece.tracked if piece else (),
            comments=piece.comments if piece else (),
            untracked=(piece.before != was) if piece else returned != was,
            placed_by_text=piece is None,
        )
        if change.changed or change.comments:
            changes.append(change)
    unplaced = tuple(describe(k) for k in missing if k not in by_text)
    return ReviewReport(
        meeting_ref=m.ref,
        file_name=Path(path).name,
        made_from=file.record_version,
        record_version=stamp.record_version,
        approved=is_locked(m.status),
        changes=tuple(changes),
        unplaced=unplaced,
        notes=tuple(notes),
        last_modified_by=file.last_modified_by,
        other_comments=file.other_comments,
    )


# --- taking changes in -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewTakenIn:
    report: ReviewReport
    taken_in: tuple[PieceChange, ...]
    reviewer: str
    changes: Changes
    review_id: int


def _chosen(report: ReviewReport, accept: str | Sequence[str]) -> list[PieceChange]:
    offered = report.to_take_in
    if accept == "all":
        return list(offered)
    if accept == "none":
        return []
    by_id = {c.id.casefold(): c for c in offered}
    known = {c.id.casefold(): c for c in report.changes}
    chosen: list[PieceChange] = []
    for wanted in accept:
        key = wanted.strip().casefold()
        if key in by_id:
            chosen.append(by_id[key])
        elif key in known:
            raise NotAllowed(
                f"{capitalised(known[key].what)} ({known[key].id}) cannot be changed through "
                "the chair's review: it was changed in the file, not taken in."
            )
        else:
            ids = ", ".join(c.id for c in offered) or "none"
            raise InvalidInput(f"“{wanted}” is not a change in this file (the changes are: {ids}).")
    return list(dict.fromkeys(chosen))


def _three_versions(change: PieceChange) -> str:
    return (
        f"{capitalised(change.what)} ({change.id}) has changed in the record since the review "
        f"copy was made.\n  As sent to the chair: {change.sent}\n  In the record now:   "
        f"{change.now}\n  As the chair returned it: {change.returned}\nTake in the other "
        f"changes without it, or with --over-newer {change.id} to put the chair's text over "
        "the newer one."
    )


def _due(text: str, what: str) -> dt.date:
    cleaned = re.sub(r"\s*\(was [^)]*\)\s*$", "", text).strip().rstrip(".")
    due = read_plain_date(cleaned)
    if due is not None:
        return due
    try:
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise InvalidInput(
            f"{capitalised(what)} reads “{text}” in the file, which is not a date like "
            "10 March 2026: nothing was taken in."
        ) from None


def _owners(session: Session, text: str, what: str) -> list[int]:
    if text.strip().rstrip(".").casefold() == NO_OWNER:
        return []
    names = [n.strip() for n in re.split(r",|;| and ", text.strip().rstrip(".")) if n.strip()]
    people = session.execute(select(Person.id, Person.title, Person.name)).all()
    ids: list[int] = []
    for name in names:
        wanted = " ".join(name.split()).casefold()
        matches = [
            pid
            for pid, title, full in people
            if wanted in (full.casefold(), f"{title} {full}".strip().casefold())
        ]
        if len(matches) != 1:
            why = "is not in the list of people" if not matches else "names more than one person"
            raise InvalidInput(f"{capitalised(what)}: “{name}” {why}; nothing was taken in.")
        ids.append(matches[0])
    return ids


def _take_in(session: Session, m: Meeting, change: PieceChange) -> Changes:
    kind, _, rest = change.key.partition("_")
    text = change.returned
    if kind == "minute":
        numbers = agenda.item_numbers(session, [m.id])
        item_id = next(i for i, n in numbers.items() if item_key(n) == rest)
        return agenda.write_minutes(session, item_id=item_id, text=text)
    ref = f"{m.ref}/{rest}"
    if kind == "decision":
        return decisions.edit_decision(session, decision=ref, text=text)
    if kind == "action":
        return actions.edit_action(session, action=ref, description=text)
    if kind == "owners":
        return actions.edit_action(
            session, action=ref, owner_ids=_owners(session, text, change.what)
        )
    if text.strip().rstrip(".").casefold() == NO_DUE_DATE:
        raise NotAllowed(
            f"{capitalised(change.what)} was removed in the file; a due date can be changed "
            "but not taken away: nothing was taken in."
        )
    return actions.revise_due_date(
        session,
        action=ref,
        due=_due(text, change.what),
        reason="Corrected at the chair's review of the draft minutes",
        today=m.start_at.date(),
    )


def _write_piece(
    session: Session, m: Meeting, source: Source, change: PieceChange, why: str
) -> Area:
    """Write the piece's `returned` text into the record, and say in the audit why."""
    areas = _take_in(session, m, change).areas
    note_event(
        session,
        what="review",
        table_name=source.table,
        row_key=str(source.row_id),
        note=f"{capitalised(change.what)} ({change.id}) {why}",
    )
    return areas


def _reviewer(report: ReviewReport, chosen: Sequence[PieceChange]) -> str:
    names = [n for c in chosen for n in c.reviewers]
    if not names and report.last_modified_by:
        names = [report.last_modified_by]
    return ", ".join(dict.fromkeys(names)) or "the chair (not named in the file)"


def apply_review(
    session: Session,
    *,
    meeting: str,
    path: Path,
    accept: str | Sequence[str],
    over_newer: Sequence[str] = (),
) -> ReviewTakenIn:
    """Take the accepted changes of a returned review copy into the record, through the same
    services a clerk's own edits use, and record that the chair's review was taken in. Any
    refusal leaves the record as it was (the caller's transaction is not committed)."""
    report = review_changes(session, meeting=meeting, path=path)
    m = meeting_by_ref(session, report.meeting_ref)
    if report.approved:
        raise NotAllowed(
            f"The minutes of {m.ref} have been approved, so they no longer change: nothing "
            "was taken in. Record a correction as an amendment at the next meeting."
        )
    chosen = _chosen(report, accept)
    forced = {i.strip().casefold() for i in over_newer}
    for change in chosen:
        if change.newer_in_record and change.id.casefold() not in forced:
            raise NotAllowed(_three_versions(change))
        if not change.returned.strip():
            raise NotAllowed(
                f"{capitalised(change.what)} ({change.id}) is empty in the file; a piece "
                "cannot be taken in empty: nothing was taken in."
            )
    reviewer = _reviewer(report, chosen)
    sources = review_stamp(session, meeting=m.ref).sources
    areas = Area.NONE
    for change in chosen:
        by = ", ".join(change.reviewers) or reviewer
        areas |= _write_piece(
            session,
            m,
            sources[change.key],
            change,
            f"corrected by {by} in the chair's review ({report.file_name}), taken in by "
            f"{operator()}.",
        )
    record = MinutesReview(
        meeting_id=m.id,
        reviewer=reviewer,
        file_name=report.file_name,
        made_from=report.made_from,
        taken_in_at=dt.datetime.now().replace(microsecond=0),
        taken_in_by=operator(),
        accepted=", ".join(c.id for c in chosen),
        not_taken_in=", ".join(
            [c.id for c in report.to_take_in if c not in chosen]
            + [c.id for c in report.not_taken_in]
        ),
    )
    session.add(record)
    session.flush()
    return ReviewTakenIn(
        report, tuple(chosen), reviewer, Changes(areas | Area.MINUTES, m.id), record.id
    )


def take_back_review(session: Session, *, taken: ReviewTakenIn) -> Changes:
    """Undo a review taken in: each piece back to the record's text before it, through the
    same services, and the record of the review removed (the audit keeps both steps)."""
    m = meeting_by_ref(session, taken.report.meeting_ref)
    sources = review_stamp(session, meeting=m.ref).sources
    areas = Area.MINUTES
    for change in reversed(taken.taken_in):
        areas |= _write_piece(
            session,
            m,
            sources[change.key],
            replace(change, returned=change.now),
            f"put back as it was before the chair's review ({taken.report.file_name}) was "
            f"taken in, by {operator()}.",
        )
    record = session.get(MinutesReview, taken.review_id)
    if record is not None:
        session.delete(record)
    session.flush()
    return Changes(areas, m.id)


@dataclass(frozen=True)
class ReviewRecord:
    at: dt.datetime
    reviewer: str
    taken_in_by: str
    file_name: str
    accepted: str
    not_taken_in: str


def reviews_taken_in(session: Session, *, meeting: str) -> list[ReviewRecord]:
    """The chair's reviews of a meeting's draft minutes taken in so far, oldest first."""
    m = meeting_by_ref(session, meeting)
    rows = session.scalars(
        select(MinutesReview).where(MinutesReview.meeting_id == m.id).order_by(MinutesReview.id)
    )
    return [
        ReviewRecord(
            r.taken_in_at, r.reviewer, r.taken_in_by, r.file_name, r.accepted, r.not_taken_in
        )
        for r in rows
    ]
