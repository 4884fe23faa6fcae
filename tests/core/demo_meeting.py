"""A fictional meeting of the Executive Management Committee, for previewing a template and
for the tests: everything in it is invented.

Its item C1 is confidential. Every piece of its text contains the word "Kestrel" (the
invented codename of the matter), so a test can look for that one word anywhere in a public
document.
"""

from __future__ import annotations

import datetime as dt

from ccsc_gov.core.export.calendar import meeting_uid
from ccsc_gov.core.export.snapshots import (
    ActionEntry,
    ActionLogRow,
    ActionLogSnapshot,
    AgendaEntry,
    AgendaSnapshot,
    Approval,
    AttendanceRegisterSnapshot,
    Attendee,
    CalendarMeeting,
    CarriedAction,
    DecisionEntry,
    DeclarationEntry,
    DeclarationRecord,
    DeclarationsRegisterSnapshot,
    ItemQuorum,
    MeetingHeading,
    MinutesItem,
    MinutesSnapshot,
    QuorumStatement,
    RegisterMeeting,
    RegisterPerson,
)
from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    BodyKind,
    Confidentiality,
    DecisionOutcome,
    DeclarationAction,
    Purpose,
    Role,
    StandardItem,
)

SECRET = "Kestrel"
"""The word every text of the demo's confidential item contains, and no other text does."""

EMC = "Executive Management Committee"

# The meetings the documents name. The Committee meets from 14:00 to 16:00 in the same room,
# with a video link.
_MEETING_DAYS = {
    "EMC/2026/01": dt.date(2026, 1, 13),
    "EMC/2026/02": dt.date(2026, 2, 10),
    "EMC/2026/03": dt.date(2026, 3, 10),
    "EMC/2026/04": dt.date(2026, 4, 14),
    "EMC/2026/05": dt.date(2026, 5, 12),
}
_ROOM = "Seminar Room 2"
_VIDEO_LINK = "https://video.example.org/emc"
_MINUTED = "EMC/2026/03"  # the meeting of the minutes
_NEXT = "EMC/2026/04"  # the meeting after it: the agenda's, and where the minutes are approved


def _start(meeting: str) -> dt.datetime:
    return dt.datetime.combine(_MEETING_DAYS[meeting], dt.time(14))


def _end(meeting: str) -> dt.datetime:
    return dt.datetime.combine(_MEETING_DAYS[meeting], dt.time(16))


def _heading(meeting: str) -> MeetingHeading:
    return MeetingHeading(
        body_name=EMC,
        body_code="EMC",
        body_kind=BodyKind.COMMITTEE,
        meeting_ref=meeting,
        start=_start(meeting),
        end=_end(meeting),
        location=_ROOM,
        video_link=_VIDEO_LINK,
    )


def _decision(
    number: int, text: str, outcome: DecisionOutcome = DecisionOutcome.APPROVED, **referral: str
) -> DecisionEntry:
    """Decision D<number> of the minuted meeting."""
    return DecisionEntry(f"{_MINUTED}/D{number}", outcome, text, **referral)


def _action(number: int, description: str, owners: tuple[str, ...], due: dt.date) -> ActionEntry:
    """Action A<number> of the minuted meeting."""
    return ActionEntry(f"{_MINUTED}/A{number}", description, owners, due)


def _confidential_item() -> MinutesItem:
    return MinutesItem(
        "C1",
        "Project Kestrel: restructure of the Centre Manager's office",
        Purpose.DECISION,
        public_title="Staffing matter",
        presenter="the Director (Kestrel lead)",
        papers=("EMC-26-03-KESTREL",),
        confidentiality=Confidentiality.CONFIDENTIAL,
        minutes=(
            "The Director outlined the Kestrel proposal to merge two administrative posts.\n"
            "Members noted:\n"
            "- the Kestrel consultation would run for 45 days;\n"
            "- no compulsory redundancies were expected under Kestrel."
        ),
        decisions=(_decision(6, "The Kestrel restructure was approved for consultation"),),
        actions=(
            _action(
                3,
                "Open the Kestrel consultation with the staff affected",
                ("H. Okafor",),
                dt.date(2026, 4, 30),
            ),
        ),
    )


def demo_minutes(*, approved: bool = False) -> MinutesSnapshot:
    """The minutes of EMC/2026/03, in draft, or approved at EMC/2026/04."""
    items = (
        MinutesItem(
            "1",
            "Welcome and apologies",
            Purpose.NOTE,
            standard=StandardItem.WELCOME,
            minutes="The Chair welcomed members. Apologies were noted as above.",
        ),
        MinutesItem(
            "2", "Declarations of interest", Purpose.NOTE, standard=StandardItem.DECLARATIONS
        ),
        MinutesItem(
            "3",
            "Minutes of the previous meeting (EMC/2026/02)",
            Purpose.APPROVAL,
            standard=StandardItem.PREVIOUS_MINUTES,
            papers=("EMC-26-03-01",),
            decisions=(
                _decision(
                    1,
                    "The minutes of the meeting held on 10 February 2026 were approved as a "
                    'correct record, subject to one amendment at minute 6 ("twelve" for '
                    '"ten" studentships)',
                ),
            ),
        ),
        MinutesItem(
            "4",
            "Matters arising and action log",
            Purpose.DISCUSSION,
            standard=StandardItem.MATTERS_ARISING,
            papers=("EMC-26-03-A",),
            minutes="The Committee reviewed the action log.",
            decisions=(_decision(2, "EMC/2026/01/A3 was closed", DecisionOutcome.NOTED),),
        ),
        MinutesItem("5", "Business items", Purpose.DISCUSSION, standard=StandardItem.BUSINESS),
        MinutesItem(
            "5.1",
            "Annual report to the funder",
            Purpose.APPROVAL,
            presenter="the Director",
            papers=("EMC-26-03-B",),
            minutes=(
                "The Committee discussed the draft annual report. Members asked that the "
                "training section give the number of clinical fellows by cohort.\n\n"
                "Points raised in discussion:\n"
                "- the research highlights should lead with the two trial results;\n"
                "• the public-engagement figures should cover both partner institutions."
            ),
            decisions=(
                _decision(3, "The annual report was approved subject to the changes above"),
            ),
            actions=(
                _action(
                    1,
                    "Add cohort figures to the training section and circulate the final report",
                    ("P. Natarajan",),
                    dt.date(2026, 3, 20),
                ),
            ),
        ),
        MinutesItem(
            "5.2",
            "Finance report, quarter 3",
            Purpose.NOTE,
            presenter="Mr Tomasz Wójcik",
            papers=("EMC-26-03-C",),
            minutes="The Committee noted a projected underspend of 4% on consumables.",
            actions=(
                _action(
                    2,
                    "Propose how the consumables underspend could be reallocated",
                    ("T. Wójcik", "P. Natarajan"),
                    dt.date(2026, 4, 7),
                ),
            ),
        ),
        MinutesItem(
            "5.3",
            "Pump-priming awards: shortlisting",
            Purpose.DECISION,
            papers=("EMC-26-03-D",),
            minutes="Eleven proposals were considered against the published criteria.",
            quorum=ItemQuorum(
                withdrawn=("Dr Samir Haddad",), voting_present=5, voting_members=8, quorate=True
            ),
            decisions=(_decision(4, "Four proposals were shortlisted for interview"),),
        ),
        MinutesItem(
            "6",
            "Reports from subcommittees",
            Purpose.NOTE,
            standard=StandardItem.SUBCOMMITTEE_REPORTS,
        ),
        MinutesItem(
            "6.1",
            "Research Subcommittee (RSC/2026/01)",
            Purpose.APPROVAL,
            decisions=(
                _decision(
                    5,
                    "The revised internal peer-review process was approved",
                    referred_from="RSC/2026/01/D3",
                    referred_from_body="Research Subcommittee",
                    referred_to="Governance Board",
                ),
            ),
        ),
        MinutesItem(
            "7", "Any other business", Purpose.NOTE, standard=StandardItem.ANY_OTHER_BUSINESS
        ),
        MinutesItem(
            "8", "Date of next meeting", Purpose.INFORMATION, standard=StandardItem.NEXT_MEETING
        ),
        _confidential_item(),
    )
    return MinutesSnapshot(
        **_heading(_MINUTED),
        chair="Prof. Hannah Okafor",
        approval=Approval(_NEXT, _MEETING_DAYS[_NEXT]) if approved else None,
        present=(
            Attendee("Prof. Hannah Okafor", Role.CHAIR, "Director"),
            Attendee("Dr Luis Ferreira", Role.VICE_CHAIR, "Deputy Director"),
            Attendee("Prof. Grace Lindqvist", Role.MEMBER),
            Attendee("Dr Samir Haddad", Role.MEMBER),
            Attendee("Dr Aoife Brennan", Role.MEMBER, remote=True),
            Attendee("Ms Priya Natarajan", Role.EX_OFFICIO, "Centre Manager"),
        ),
        in_attendance=(
            Attendee(
                "Mr Tomasz Wójcik",
                Role.IN_ATTENDANCE,
                "Finance Business Partner",
                note="for item 5.2",
            ),
            Attendee("Ms Ruth Adebayo", Role.SECRETARY, "Committee Secretary", note="minutes"),
        ),
        apologies=(
            Attendee("Prof. Martin Cole", Role.MEMBER),
            Attendee("Dr Yuki Tanaka", Role.FUNDER_REPRESENTATIVE),
        ),
        quorum=QuorumStatement(
            quorate=True, voting_present=6, voting_members=8, chair_present=True
        ),
        declarations=(
            DeclarationEntry(
                person="Dr Samir Haddad",
                item_number="5.3",
                nature="he is a co-applicant on one of the shortlisted proposals",
                action=DeclarationAction.WITHDREW,
            ),
            DeclarationEntry(
                person="Ms Priya Natarajan",
                item_number="C1",
                nature="her own post is within the scope of Kestrel",
                action=DeclarationAction.WITHDREW,
            ),
        ),
        items=items,
        carried_actions=(
            CarriedAction(
                ref="EMC/2026/01/A3",
                description="Circulate revised travel-fund criteria",
                status=ActionStatus.COMPLETED,
                owners=("P. Natarajan",),
                due=dt.date(2026, 2, 28),
                note="proposed for closure",
            ),
            CarriedAction(
                ref="EMC/2026/02/A1",
                description="Report on the equipment-sharing agreement",
                status=ActionStatus.IN_PROGRESS,
                owners=("L. Ferreira",),
                due=dt.date(2026, 3, 31),
                original_due=dt.date(2026, 2, 28),
            ),
            CarriedAction(
                ref="EMC/2026/02/A4",
                description="Brief the Kestrel working group on the options",
                status=ActionStatus.OPEN,
                owners=("H. Okafor",),
                due=dt.date(2026, 3, 31),
                confidential=True,
            ),
        ),
        next_meeting=_start(_NEXT),
        next_meeting_location=_ROOM,
    )


def demo_agenda() -> AgendaSnapshot:
    """The agenda of EMC/2026/04."""
    items = (
        AgendaEntry("1", "Welcome and apologies", Purpose.NOTE, duration_minutes=5),
        AgendaEntry("2", "Declarations of interest", Purpose.NOTE, duration_minutes=5),
        AgendaEntry(
            "3",
            "Minutes of the previous meeting (EMC/2026/03)",
            Purpose.APPROVAL,
            papers=("EMC-26-04-01",),
            duration_minutes=5,
        ),
        AgendaEntry(
            "4",
            "Matters arising and action log",
            Purpose.DISCUSSION,
            papers=("EMC-26-04-A",),
            duration_minutes=10,
        ),
        AgendaEntry("5", "Business items", Purpose.DISCUSSION),
        AgendaEntry(
            "5.1",
            "Risk register review",
            Purpose.APPROVAL,
            presenter="Ms Priya Natarajan",
            papers=("EMC-26-04-B",),
            duration_minutes=20,
        ),
        AgendaEntry(
            "5.2",
            "Clinical fellowship scheme: second cohort",
            Purpose.DECISION,
            presenter="Dr Luis Ferreira",
            papers=("EMC-26-04-C", "EMC-26-04-C1"),
            duration_minutes=25,
        ),
        AgendaEntry("6", "Reports from subcommittees", Purpose.NOTE, duration_minutes=10),
        AgendaEntry("7", "Any other business", Purpose.NOTE, duration_minutes=5),
        AgendaEntry("8", "Date of next meeting", Purpose.INFORMATION),
        AgendaEntry(
            "C1",
            "Project Kestrel: outcome of the consultation",
            Purpose.DECISION,
            public_title="Staffing matter",
            presenter="the Director (Kestrel lead)",
            papers=("EMC-26-04-KESTREL",),
            duration_minutes=15,
            confidentiality=Confidentiality.RESERVED,
        ),
    )
    return AgendaSnapshot(
        **_heading(_NEXT),
        items=items,
        issued_on=dt.date(2026, 4, 7),
        secretary="Ms Ruth Adebayo, Committee Secretary",
    )


def demo_action_log(*, as_of: dt.date = dt.date(2026, 4, 10)) -> ActionLogSnapshot:
    rows = (
        ActionLogRow(
            ref="EMC/2026/02/A1",
            body_code="EMC",
            item="6",
            description="Report on the equipment-sharing agreement",
            status=ActionStatus.IN_PROGRESS,
            owners=("L. Ferreira",),
            due=dt.date(2026, 3, 31),
            original_due=dt.date(2026, 2, 28),
            latest_note="Draft agreement with both partners' legal teams.",
            overdue=True,
        ),
        ActionLogRow(
            ref="EMC/2026/03/A1",
            body_code="EMC",
            item="5.1",
            description="Add cohort figures and circulate the final annual report",
            status=ActionStatus.COMPLETED,
            owners=("P. Natarajan",),
            due=dt.date(2026, 3, 20),
            latest_note="Circulated 18 March.",
        ),
        ActionLogRow(
            ref="EMC/2026/03/A2",
            body_code="EMC",
            item="5.2",
            description="Propose how the consumables underspend could be reallocated",
            status=ActionStatus.OPEN,
            owners=("T. Wójcik", "P. Natarajan"),
            due=dt.date(2026, 4, 7),
            overdue=True,
        ),
        ActionLogRow(
            ref="RSC/2026/01/A2",
            body_code="RSC",
            item="4.1",
            description="Publish the revised peer-review guidance on the intranet",
            status=ActionStatus.OPEN,
            owners=("G. Lindqvist",),
            due=dt.date(2026, 5, 1),
        ),
    )
    return ActionLogSnapshot(
        as_of=as_of,
        rows=rows,
        filter_description="Status: open, in progress, completed",
    )


def demo_attendance_register() -> AttendanceRegisterSnapshot:
    P, V, A, X, I = (  # noqa: E741 - the register's own one-letter marks
        AttendanceCategory.PRESENT,
        AttendanceCategory.REMOTE,
        AttendanceCategory.APOLOGIES,
        AttendanceCategory.ABSENT,
        AttendanceCategory.IN_ATTENDANCE,
    )
    held = ("EMC/2026/01", "EMC/2026/02", "EMC/2026/03", "EMC/2026/04")
    return AttendanceRegisterSnapshot(
        body_name=EMC,
        body_code="EMC",
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 4, 30),
        meetings=tuple(RegisterMeeting(ref, _MEETING_DAYS[ref]) for ref in held),
        people=(
            RegisterPerson("Prof. Hannah Okafor", (P, P, P, P), Role.CHAIR),
            RegisterPerson("Dr Luis Ferreira", (P, V, P, A), Role.VICE_CHAIR),
            RegisterPerson("Prof. Grace Lindqvist", (A, P, P, P), Role.MEMBER),
            RegisterPerson("Dr Samir Haddad", (P, X, P, P), Role.MEMBER),
            RegisterPerson("Dr Aoife Brennan", (None, None, V, P), Role.MEMBER),
            RegisterPerson("Mr Tomasz Wójcik", (None, I, I, None), Role.IN_ATTENDANCE),
        ),
    )


def demo_declarations_register() -> DeclarationsRegisterSnapshot:
    return DeclarationsRegisterSnapshot(
        as_of=dt.date(2026, 4, 10),
        records=(
            DeclarationRecord(
                person="Dr Samir Haddad",
                body_code="EMC",
                meeting_ref="EMC/2026/03",
                meeting_date=dt.date(2026, 3, 10),
                item_number="5.3",
                item_title="Pump-priming awards: shortlisting",
                nature="Co-applicant on one of the shortlisted proposals",
                action=DeclarationAction.WITHDREW,
            ),
            DeclarationRecord(
                person="Prof. Grace Lindqvist",
                body_code="RSC",
                meeting_ref="RSC/2026/01",
                meeting_date=dt.date(2026, 1, 20),
                item_number="5.1",
                item_title="Equipment fund allocations",
                nature="Her group is one of the bidders",
                action=DeclarationAction.NO_PART_IN_DECISION,
            ),
            DeclarationRecord(
                person="Dr Samir Haddad",
                body_code="RSC",
                meeting_ref="RSC/2026/01",
                meeting_date=dt.date(2026, 1, 20),
                item_number="6",
                item_title="Biobank access policy",
                nature="Advisory role with a biobank supplier (unpaid)",
                action=DeclarationAction.NOTED,
            ),
        ),
    )


def _event(
    meeting: str, *, sequence: int, video_link: str = "", cancelled: bool = False
) -> CalendarMeeting:
    return CalendarMeeting(
        uid=meeting_uid(meeting),
        ref=meeting,
        body_name=EMC,
        start=_start(meeting),
        end=_end(meeting),
        location=_ROOM,
        video_link=video_link,
        cancelled=cancelled,
        sequence=sequence,
    )


def demo_calendar() -> tuple[CalendarMeeting, ...]:
    """The meeting of the agenda, and the one after it, cancelled."""
    return (
        _event(_NEXT, sequence=1, video_link=_VIDEO_LINK),
        _event("EMC/2026/05", sequence=2, cancelled=True),
    )
