"""Between meetings: a clerk sees a body's written resolutions with their tally, records each
member's reply with one click, closes one, exports it, and records chair's action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from chairs_helpers import TODAY, OpenChairWindow
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.governance.resolutions import Outcome, Vote
from ccsc_gov.core.services.decisions import list_decisions
from ccsc_gov.core.services.resolutions import list_resolutions
from ccsc_gov.core.store.database import Database
from ccsc_gov.ui.chairs import between as between_module
from ccsc_gov.ui.chairs.between import (
    BetweenMeetingsWindow,
    ChairsActionDetails,
    ResolutionDetails,
)

pytest_plugins = ["chairs_fixtures"]


@pytest.fixture
def window(open_chair_window: OpenChairWindow, demo_copy: Database) -> BetweenMeetingsWindow:
    view: BetweenMeetingsWindow = open_chair_window(BetweenMeetingsWindow, demo_copy)
    view.show_body("EMC")
    return view


def test_the_model_behaves_as_qt_expects(
    window: BetweenMeetingsWindow, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.actions_model)


def test_the_open_resolution_shows_its_tally_against_what_carries_it(
    window: BetweenMeetingsWindow,
) -> None:
    rows = window.model.shown_rows()
    assert [r.outcome for r in rows][:1] == [Outcome.OPEN]
    assert {Outcome.CARRIED} <= {r.outcome for r in rows}
    assert window.current is not None
    assert window.current.outcome is Outcome.OPEN
    assert "Carries with a majority of all voting members" in window.rule.text()
    assert "6 needed" in window.rule.text()


def test_one_click_per_member_records_replies_until_it_carries_and_closes(
    window: BetweenMeetingsWindow, demo_copy: Database, qtbot: QtBot
) -> None:
    current = window.current
    assert current is not None
    waiting = [r for r in current.replies if r.entitled and r.vote is None]
    for reply in waiting:
        window.vote_buttons[(reply.person_id, Vote.FOR)].click()
    assert window.current is not None
    assert window.current.tally.votes_for >= 6
    assert window.close_button.isEnabled()
    window.close_button.click()
    with demo_copy.reading() as session:
        [closed] = [
            r for r in list_resolutions(session, body="EMC", today=TODAY) if r.ref == current.ref
        ]
        decided = [d.ref for d in list_decisions(session, body="EMC")]
    assert closed.outcome is Outcome.CARRIED
    assert current.ref in decided
    # Closed, nothing about it changes: the reply buttons are off.
    assert window.current is not None
    assert window.current.closed_on == TODAY
    assert not any(b.isEnabled() for b in window.vote_buttons.values())
    assert not window.close_button.isEnabled()


def test_a_new_resolution_and_chairs_action_from_their_forms(
    window: BetweenMeetingsWindow, demo_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        between_module.ResolutionDialog,
        "ask",
        classmethod(
            lambda cls, parent, **kw: ResolutionDetails(
                "New lab rota", "The rota is agreed.", None, False
            )
        ),
    )
    window.propose_button.click()
    assert window.current is not None
    assert window.current.title == "New lab rota"
    assert window.current.outcome is Outcome.OPEN

    offered: list[Any] = []

    def ask(cls: Any, parent: Any, *, body: str, chairs: Any) -> ChairsActionDetails:
        offered.extend(chairs)
        return ChairsActionDetails(
            chairs[0].email,
            "Urgent repair",
            "The repair is approved.",
            "A leak.",
            ("Manager",),
            False,
        )

    monkeypatch.setattr(between_module.ChairsActionDialog, "ask", classmethod(ask))
    window.chairs_action_button.click()
    assert [m.role.value for m in offered] == ["chair", "vice-chair"]
    with demo_copy.reading() as session:
        [taken] = [
            d for d in list_decisions(session, body="EMC") if d.text == "The repair is approved."
        ]
    assert taken.how.value == "chair's action"
    # The window lists it among the body's chair's actions, the latest first.
    listed = window.actions_model.row_at(0)
    assert (listed.ref, listed.title, listed.consulted) == (
        taken.ref,
        "Urgent repair",
        ("Manager",),
    )


def test_the_resolution_exports_to_circulate_and_its_outcome(
    window: BetweenMeetingsWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    targets = iter([tmp_path / "paper.docx", tmp_path / "outcome.docx"])
    monkeypatch.setattr(between_module, "ask_save_path", lambda *a, **k: next(targets))
    monkeypatch.setattr(between_module, "open_path", opened.append)
    window.paper_button.click()
    window.outcome_button.click()
    assert opened == [tmp_path / "paper.docx", tmp_path / "outcome.docx"]
    paper = [p.text for p in docx.Document(str(opened[0])).paragraphs]
    assert any("☐ For" in t for t in paper)
    outcome = "\n".join(p.text for p in docx.Document(str(opened[1])).paragraphs)
    assert "Outcome: Open." in outcome


def test_the_decisions_register_says_how_each_decision_was_taken(
    open_chair_window: OpenChairWindow, demo: Database
) -> None:
    from ccsc_gov.ui.chairs.decisions import DecisionsWindow

    register = open_chair_window(DecisionsWindow, demo)
    taken = register.model.columns.index(
        next(c for c in register.model.columns if c.title == "Taken")
    )
    kinds = {
        register.model.row_at(row).ref: register.model.columns[taken].text(
            register.model.row_at(row)
        )
        for row in range(register.model.rowCount())
    }
    assert {"Meeting", "Written resolution", "Chair's action"} <= set(kinds.values())
    assert all(kinds[ref] == "Chair's action" for ref in kinds if "/CA" in ref)
    assert all(kinds[ref] == "Written resolution" for ref in kinds if "/WR" in ref)
