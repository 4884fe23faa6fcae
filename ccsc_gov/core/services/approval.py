"""Before the minutes go out and after: the completeness check, marking the minutes drafted, and
their approval at a later meeting, which locks the meeting for good."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance import lifecycle
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import agenda, attendance, decisions, meetings
from ccsc_gov.core.services.common import Area, Changes, meeting_by_ref
from ccsc_gov.core.store import audit, backups
from ccsc_gov.core.store.database import database_of
from ccsc_gov.core.store.models import (
    Action,
    ActionOwner,
    AgendaItem,
    Confidentiality,
    Decision,
    DecisionOutcome,
    Declaration,
    Meeting,
    MeetingStatus,
    Person,
    Purpose,
    StandardItem,
)

_NEEDS_DECISION = (Purpose.DECISION, Purpose.APPROVAL)


@dataclass(frozen=True)
class Finding:
    """Something missing from the record of a meeting, in plain words."""

    item: str | None  # the item number it concerns, if any
    message: str


def _long_date(meeting: Meeting) -> str:
    day = meeting.start_at
    return f"{day.day} {day:%B %Y}"


def _had_earlier_meeting(session: Session, meeting: Meeting) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    Meeting.body_id == meeting.body_id,
                    Meeting.start_at < meeting.start_at,
                    Meeting.status != MeetingStatus.CANCELLED,
                )
            )
        )
    )


def _had_confidential_business(session: Session, meeting: Meeting) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(
                    AgendaItem.meeting_id == meeting.id,
                    AgendaItem.confidentiality != Confidentiality.OPEN,
                )
            )
        )
    )


def check_minutes(session: Session, *, meeting: str) -> list[Finding]:
    """What is missing before the minutes can be marked drafted; empty when nothing is."""
    m = meeting_by_ref(session, meeting)
    items = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == m.id)).all()
    numbers = agenda.item_numbers(session, [m.id])
    by_number = sorted(items, key=lambda i: [int(p) for p in numbers[i.id].split(".")])
    decided = set(
        session.scalars(
            select(Decision.item_id).join(AgendaItem).where(AgendaItem.meeting_id == m.id)
        )
    )
    findings: list[Finding] = []

    if not attendance.attendance_recorded(session, meeting_id=m.id):
        findings.append(
            Finding(
                None,
                "Attendance is not fully recorded: every member expected at the "
                "meeting must be marked present, remote, apologies or absent.",
            )
        )
    else:
        quorum = attendance.meeting_quorum(session, meeting_id=m.id)
        if not quorum.quorate:
            findings.append(
                Finding(
                    None, f"The meeting was not quorate ({quorum.reason}). The minutes must say so."
                )
            )
        else:
            for answer in attendance.items_quorum(session, meeting_id=m.id):
                if answer.item_id in decided and not answer.answer.quorate:
                    findings.append(
                        Finding(
                            answer.number,
                            f"Item {answer.number} was not quorate when its "
                            f"decision was taken ({answer.answer.reason}). The minutes "
                            "must say so.",
                        )
                    )

    first_meeting = not _had_earlier_meeting(session, m)
    children: dict[int, list[int]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item.id)
    for item in by_number:
        number = numbers[item.id]
        if item.purpose not in _NEEDS_DECISION:
            continue
        if item.standard is StandardItem.PREVIOUS_MINUTES and first_meeting:
            continue  # the body's first meeting has no earlier minutes to approve
        if item.id in decided or any(c in decided for c in children.get(item.id, [])):
            continue
        findings.append(
            Finding(
                number,
                f"Item {number} “{item.title}” is {item.purpose} but no decision "
                "is recorded for it.",
            )
        )

    actions = session.execute(
        select(Action.id, Action.ref, Action.item_id, Action.due_date)
        .join(AgendaItem, Action.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == m.id)
        .order_by(Action.id)
    ).all()
    owned = set(
        session.scalars(
            select(ActionOwner.action_id).where(ActionOwner.action_id.in_([a[0] for a in actions]))
        )
    )
    for action_id, ref, item_id, due in actions:
        lacks = []
        if action_id not in owned:
            lacks.append("no owner")
        if due is None:
            lacks.append("no due date")
        if lacks:
            number = numbers[item_id]
            findings.append(
                Finding(number, f"Action {ref} (item {number}) has {' and '.join(lacks)}.")
            )

    for item_id, name in session.execute(
        select(Declaration.item_id, Person.name)
        .join(Person, Declaration.person_id == Person.id)
        .join(AgendaItem, Declaration.item_id == AgendaItem.id)
        .where(AgendaItem.meeting_id == m.id, Declaration.action_taken.is_(None))
        .order_by(Declaration.id)
    ):
        number = numbers[item_id]
        findings.append(
            Finding(
                number,
                f"The declaration of interest by {name} on item {number} does not "
                "say what was done (withdrew, took no part in the decision, or noted).",
            )
        )

    for item in by_number:
        if item.confidentiality is not Confidentiality.OPEN and not item.public_title:
            number = numbers[item.id]
            findings.append(
                Finding(
                    number,
                    f"Item {number} “{item.title}” is {item.confidentiality} but has "
                    "no public title, so the public minutes could not show that it was taken.",
                )
            )
    return findings


def mark_minutes_drafted(
    session: Session, *, meeting: str, override: bool = False, reason: str = ""
) -> Changes:
    """Mark a held meeting's minutes drafted. Open findings of the completeness check refuse
    it unless `override` is given, and an override is written to the audit trail."""
    m = meeting_by_ref(session, meeting)
    lifecycle.check_step(m.ref, m.status, MeetingStatus.MINUTES_DRAFTED)
    findings = check_minutes(session, meeting=m.ref)
    if findings and not override:
        listed = "\n".join(f"• {f.message}" for f in findings)
        raise NotAllowed(
            f"The minutes of {m.ref} are not complete yet:\n{listed}\n"
            "Put these right, or mark the minutes drafted anyway with an override."
        )
    if findings:
        listed = "; ".join(f.message for f in findings)
        why = f" Reason given: {reason.strip()}" if reason.strip() else ""
        audit.note_override(
            session,
            table_name="meeting",
            row_key=str(m.id),
            note=f"Minutes of {m.ref} marked drafted despite: {listed}{why}",
        )
    meetings.advance(m, MeetingStatus.MINUTES_DRAFTED)
    session.flush()
    return Changes(Area.MEETINGS | Area.MINUTES, m.id)


@dataclass(frozen=True)
class Approval:
    """Minutes approved: the decision recorded at the later meeting, and the backup of the
    database taken just before (None where the server keeps the backups)."""

    decision: decisions.DecisionView
    backup: Path | None

    @property
    def changes(self) -> Changes:
        # Two meetings change: the one locked, and the one that records the decision.
        return Changes(Area.MEETINGS | Area.MINUTES | Area.DECISIONS | Area.AGENDA)


def approve_minutes(
    session: Session, *, meeting: str, at_meeting: str, amendments: str = ""
) -> Approval:
    """Approve the draft minutes of `meeting` as a correct record at a later meeting of the same
    body, under its "Minutes of the previous meeting" item. The meeting is then locked, so a
    backup of the database is taken first; minutes are approved oldest draft first."""
    draft = meeting_by_ref(session, meeting)
    at = meeting_by_ref(session, at_meeting)
    oldest = meetings.oldest_draft(session, body_id=draft.body_id)
    lifecycle.ensure_can_approve(
        draft=draft.ref, draft_status=draft.status, oldest_draft=oldest or draft.ref
    )
    if at.body_id != draft.body_id:
        raise NotAllowed(
            f"The minutes of {draft.ref} can be approved only at a meeting of the same body, "
            f"and {at.ref} is not one."
        )
    if at.start_at <= draft.start_at:
        raise NotAllowed(
            f"The minutes of {draft.ref} are approved at a later meeting; {at.ref} is not later."
        )
    lifecycle.ensure_unlocked(at.ref, at.status)
    if at.status not in lifecycle.SITTING:
        raise NotAllowed(
            f"{at.ref} has not met yet (its agenda is not published, or it was cancelled), so it "
            "cannot approve minutes."
        )
    changes = agenda.clean_text(amendments)
    if len(changes) > 20_000:
        raise InvalidInput("The amendments are too long to record.")
    database = database_of(session)
    # Approval locks a meeting for good: keep a copy of the database as it stands first. A
    # failed backup is a DatabaseError, so nothing is approved.
    backup = backups.rotating_backup(database, reason="before-approval") if database else None
    text = (
        f"The minutes of the meeting held on {_long_date(draft)} ({draft.ref}) were approved as a "
        "correct record"
    )
    if not changes:
        text += "."
    elif _had_confidential_business(session, draft):
        # The decision is printed in the public minutes, and an amendment may quote a
        # confidential minute: the amendments are kept with the meeting's confidential minutes.
        text += f", subject to amendments recorded in the confidential minutes of {draft.ref}."
    else:
        text += f", subject to the following amendments: {changes}"
    item = agenda.standard_item(session, at, StandardItem.PREVIOUS_MINUTES)
    decision = decisions.record(session, item, text=text, outcome=DecisionOutcome.APPROVED)
    draft.approved_at_id = at.id
    draft.approval_amendments = changes
    meetings.advance(draft, MeetingStatus.MINUTES_APPROVED)
    session.flush()
    return Approval(decisions.decision_view(session, decision=decision.ref), backup)
