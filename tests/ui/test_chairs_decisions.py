"""The decisions register: every body's decisions, and the referral chain of the one selected,
followed both ways by its links."""

from __future__ import annotations

import pytest
from chairs_helpers import OpenChairWindow
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from sqlalchemy import select

from ccsc_gov.core.services import agenda, decisions
from ccsc_gov.core.services.registers import DecisionLine, decision_register
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import DecisionOutcome, Meeting, MeetingStatus
from ccsc_gov.ui.chairs.decisions import LINK_PREFIX, DecisionsWindow

pytest_plugins = ["chairs_fixtures"]


@pytest.fixture
def register(open_chair_window: OpenChairWindow, demo: Database) -> DecisionsWindow:
    return open_chair_window(DecisionsWindow, demo)


def shown_refs(window: DecisionsWindow) -> list[str]:
    return [window.model.row_at(row).ref for row in range(window.model.rowCount())]


def three_links(database: Database) -> tuple[str, str, str]:
    """A subcommittee's recommendation, the EMC's decision on it, and the Board's."""
    with database.reading() as session:
        lines = {line.ref: line for line in decision_register(session)}
    for line in lines.values():
        middle = lines.get(line.referred_from or "")
        if middle is not None and middle.referred_from:
            return middle.referred_from, middle.ref, line.ref
    raise AssertionError("the demo history has a recommendation referred up twice")


def chain_refs(window: DecisionsWindow) -> list[str]:
    chain = window.current_chain
    assert chain is not None
    return [view.ref for view in (*chain.earlier, chain.decision, *chain.later)]


def follow(window: DecisionsWindow, ref: str) -> None:
    """Click the chain's link to `ref`."""
    card = next(card for card in window.chain.cards if f"{LINK_PREFIX}{ref}'" in card.text())
    card.linkActivated.emit(f"{LINK_PREFIX}{ref}")


def test_the_register_lists_every_decision_in_the_order_taken(
    register: DecisionsWindow, demo: Database
) -> None:
    with demo.reading() as session:
        expected = [d.ref for d in decisions.list_decisions(session)]

    assert shown_refs(register) == expected
    assert register.summary.text() == f"Showing {len(expected)} decisions"


def test_the_model_behaves_as_qt_expects(
    register: DecisionsWindow, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(register.model)
    register.body_box.select_value("GB")
    register.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(register.model)


def test_filters_for_body_outcome_referrals_and_text(
    register: DecisionsWindow, demo: Database
) -> None:
    with demo.reading() as session:
        everything: list[DecisionLine] = decision_register(session)

    register.body_box.select_value("RSC")
    assert shown_refs(register) == [d.ref for d in everything if d.body == "RSC"]

    register.outcome_box.select_value(DecisionOutcome.RECOMMENDED)
    assert shown_refs(register) == [
        d.ref for d in everything if d.body == "RSC" and d.outcome is DecisionOutcome.RECOMMENDED
    ]

    register.clear_filters()
    register.referrals_box.setChecked(True)
    assert shown_refs(register) == [d.ref for d in everything if d.referred_from or d.referred_to]

    register.clear_filters()
    register.search.setText("MINUTES correct")
    expected = [
        d.ref for d in everything if "minutes" in d.text.lower() and "correct" in d.text.lower()
    ]
    assert expected
    assert shown_refs(register) == expected


def test_the_chain_shows_where_a_decision_came_from_and_where_it_went(
    register: DecisionsWindow, demo: Database
) -> None:
    first, middle, last = three_links(demo)

    assert register.select_decision(middle)

    assert chain_refs(register) == [first, middle, last]
    cards = register.chain.cards
    assert [card.accessibleName() for card in cards] == [first, f"{middle} (this decision)", last]
    assert f"{LINK_PREFIX}{first}" in cards[0].text()
    assert LINK_PREFIX not in cards[1].text()  # no link to where one already is
    assert register.heading.text() == f"{middle} · Recommended to GB"


def test_the_links_lead_back_down_and_up_the_chain(
    register: DecisionsWindow, demo: Database
) -> None:
    first, middle, last = three_links(demo)
    register.select_decision(last)

    follow(register, first)
    assert register.selected_line() is not None
    assert register.selected_line().ref == first  # type: ignore[union-attr]
    assert chain_refs(register) == [first, middle, last]

    follow(register, last)
    assert register.selected_line().ref == last  # type: ignore[union-attr]

    follow(register, middle)
    assert register.selected_line().ref == middle  # type: ignore[union-attr]


def test_following_a_link_the_filters_hide_clears_them(
    register: DecisionsWindow, demo: Database
) -> None:
    first, _middle, last = three_links(demo)
    register.body_box.select_value("GB")
    register.select_decision(last)

    follow(register, first)

    assert register.selected_line().ref == first  # type: ignore[union-attr]
    assert register.body_box.value() is None


def test_a_decision_taken_alone_says_so(register: DecisionsWindow, demo: Database) -> None:
    with demo.reading() as session:
        alone = next(
            d.ref
            for d in decision_register(session)
            if not d.referred_from and d.outcome is DecisionOutcome.APPROVED
        )
    register.select_decision(alone)

    assert register.chain.cards == []
    assert chain_refs(register) == [alone]
    labels = register.chain.findChildren(QLabel)
    assert any("taken by this body alone" in label.text() for label in labels)


def test_a_recommendation_not_yet_decided_shows_where_it_waits(
    open_chair_window: OpenChairWindow, demo_copy: Database
) -> None:
    with demo_copy.transaction() as session:
        meeting = session.scalars(
            select(Meeting)
            .where(Meeting.ref.like("RSC/%"), Meeting.status == MeetingStatus.HELD)
            .order_by(Meeting.start_at.desc())
        ).first()
        if meeting is None:
            meeting = session.scalars(
                select(Meeting)
                .where(Meeting.ref.like("RSC/%"), Meeting.status == MeetingStatus.MINUTES_DRAFTED)
                .order_by(Meeting.start_at.desc())
            ).first()
        assert meeting is not None
        item = agenda.add_item(session, meeting=meeting.ref, title="Core facility charging")
        recommended = decisions.record_decision(
            session,
            item_id=item.id,
            text="The charging model is recommended to the EMC.",
            outcome=DecisionOutcome.RECOMMENDED,
        )
    register = open_chair_window(DecisionsWindow, demo_copy)

    register.select_decision(recommended.ref)

    waiting = register.chain.cards[-1]
    assert "Awaiting Executive Management Committee" in waiting.text()
    where = (
        f"on the agenda of {recommended.referred_to_item}"
        if recommended.referred_to_item
        else "not yet on one of its agendas"
    )
    assert where in waiting.text()
