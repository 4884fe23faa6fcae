"""An approved meeting with a row in every table of its record (`locks.RECORD`), for the tests
that try to change it behind the app's back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cycle_helpers import meet, schedule, seat
from paper_helpers import pdf_bytes
from sqlalchemy import Connection, create_engine

from ccsc_gov.core.export.paper_files import check_paper_bytes
from ccsc_gov.core.services import actions, agenda, approval, decisions, papers
from ccsc_gov.core.services.common import meeting_by_ref
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import (
    ActionNote,
    ActionStatus,
    CarriedAction,
    DecisionOutcome,
    Declaration,
    MinutesReview,
    Purpose,
    Referral,
    ReportedDecision,
    Withdrawal,
)


@dataclass(frozen=True)
class ApprovedRecord:
    meeting_id: int  # April's, approved
    later_id: int  # May's, not locked


def approve_full_record(db: Database) -> ApprovedRecord:
    """EMC's April meeting, with an item, attendance, a withdrawal, a declaration, a decision, a
    referral, an action with an owner, a carried action, a progress note, the chair's review and
    a paper, approved at May."""
    with db.transaction() as s:
        people = seat(s, "EMC")
        april = schedule(s, "EMC", dt.date(2026, 4, 14))
        item = agenda.add_item(s, meeting=april, title="Annual report", purpose=Purpose.APPROVAL)
        meet(s, april, people.values())
        agenda.write_minutes(s, item_id=item.id, text="The Committee discussed the draft.")
        decision = decisions.record_decision(
            s, item_id=item.id, text="Approved.", outcome=DecisionOutcome.APPROVED
        )
        action = actions.add_action(
            s, item_id=item.id, description="Circulate it", owner_ids=[people["Natarajan"]]
        )
        meeting_id = meeting_by_ref(s, april).id
        today = dt.date(2026, 4, 14)
        s.add_all(
            [
                Withdrawal(item_id=item.id, person_id=people["Ferreira"]),
                Declaration(item_id=item.id, person_id=people["Ferreira"], nature="Co-author"),
                Referral(decision_id=decision.id, item_id=item.id),
                # (a decision taken between meetings would be reported so; any serves here)
                ReportedDecision(decision_id=decision.id, item_id=item.id),
                CarriedAction(meeting_id=meeting_id, action_id=action.id, status=ActionStatus.OPEN),
                ActionNote(
                    action_id=action.id,
                    meeting_id=meeting_id,
                    written_on=today,
                    text="Drafted.",
                    status=ActionStatus.OPEN,
                ),
                MinutesReview(
                    meeting_id=meeting_id,
                    reviewer="Prof. Hannah Okafor",
                    taken_in_at=dt.datetime(2026, 4, 20, 10),
                    taken_in_by="clerk",
                ),
            ]
        )
        papers.add_paper(
            s,
            meeting=april,
            item=item.number,
            file=check_paper_bytes("report.pdf", pdf_bytes("Report", 2)),
        )
        approval.mark_minutes_drafted(s, meeting=april, override=True, reason="A test")
        may = schedule(s, "EMC", dt.date(2026, 5, 12))
        meet(s, may, people.values())
        approval.approve_minutes(s, meeting=april, at_meeting=may)
        later_id = meeting_by_ref(s, may).id
    return ApprovedRecord(meeting_id, later_id)


@contextmanager
def other_tool(db: Database) -> Iterator[Connection]:
    """A connection of its own, with none of the app's code, as any script could open;
    committed if the block succeeds."""
    engine = create_engine(db.url)
    try:
        with engine.connect() as conn:
            yield conn
            conn.commit()
    finally:
        engine.dispose()
