"""A written resolution as the clerk circulates it (a reply slip per voting member) and the
record of its outcome, reopened with python-docx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from cycle_helpers import COMMITTEE, seat

from ccsc_gov.core.export.resolution import write_resolution_outcome, write_resolution_paper
from ccsc_gov.core.governance.resolutions import Vote
from ccsc_gov.core.services.resolutions import (
    close_resolution,
    declare_interest,
    propose_resolution,
    record_vote,
)
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Role

DAY = dt.date(2026, 3, 2)


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_paper_has_the_text_the_rule_and_a_slip_for_each_member_who_may_vote(
    db: Database, tmp_path: Path
) -> None:
    with db.transaction() as session:
        seat(session, "EMC", (*COMMITTEE, ("Mr", "Tom Reyes", Role.OBSERVER)))
        ref = propose_resolution(
            session,
            body="EMC",
            title="Extend the agreement",
            text="The agreement is extended.",
            deadline=dt.date(2026, 3, 16),
            today=DAY,
        ).ref
        view = declare_interest(
            session, resolution=ref, person="Priya Natarajan", interest="Collaborator", today=DAY
        )
    paper = write_resolution_paper(view, tmp_path / "paper.docx")
    texts = _texts(paper)
    assert "The agreement is extended." in texts
    assert any(
        t.startswith("The resolution carries with a majority of all voting members: 2 of the 2")
        for t in texts
    )
    assert any("Replies received after 16 March 2026 do not count" in t for t in texts)
    slips = [t for t in texts if t.startswith(f"Written resolution {ref}")]
    assert len(slips) == 2
    assert all("☐ For" in t and "☐ Abstain" in t for t in slips)
    # Slips for the two who may vote: not for the observer, nor for the member with an interest.
    assert {"Prof. Hannah Okafor", "Dr Luis Ferreira"} <= set(texts)
    assert not {"Mr Tom Reyes", "Ms Priya Natarajan"} & set(texts)


def test_the_outcome_record_gives_every_reply(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        seat(session, "EMC")
        ref = propose_resolution(
            session, body="EMC", title="Approve the policy", text="Approved.", today=DAY
        ).ref
        record_vote(session, resolution=ref, person="Hannah Okafor", vote=Vote.FOR, today=DAY)
        record_vote(session, resolution=ref, person="Luis Ferreira", vote=Vote.FOR, today=DAY)
        view = close_resolution(session, resolution=ref, today=DAY)
    document = docx.Document(str(write_resolution_outcome(view, tmp_path / "outcome.docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Outcome: Carried. 2 for, 0 against, 0 abstaining of 3 entitled to vote" in text
    assert f"Recorded in the decisions register as {ref}." in text
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Member", "Reply", "Received", "How"]
    assert rows[1:] == [
        ["Prof. Hannah Okafor", "For", "2 Mar 2026", "email"],
        ["Dr Luis Ferreira", "For", "2 Mar 2026", "email"],
        ["Ms Priya Natarajan", "No reply", "", ""],
    ]
