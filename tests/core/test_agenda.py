"""Building an agenda: business items, sub-items, numbering, timing and the cycle of business."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

import pytest
from cycle_helpers import item_id, numbered, on, schedule, standard_id
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, UserError
from ccsc_gov.core.services import agenda, decisions, meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Confidentiality, DecisionOutcome, Purpose, StandardItem

APRIL = dt.date(2026, 4, 14)


def test_business_items_are_numbered_under_item_5_and_renumber_as_they_move(
    db: Database,
) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        report = agenda.add_item(
            s,
            meeting=ref,
            title="Annual report",
            purpose=Purpose.APPROVAL,
            presenter="Centre Director",
            duration=20,
            papers="EMC-26-04-B",
        )
        finance = agenda.add_item(s, meeting=ref, title="Finance report", purpose=Purpose.NOTE)
        agenda.add_item(s, meeting=ref, title="Pump-priming awards", at=1)
        assert report.number == "5.1"
        assert report.ref == "EMC/2026/01 item 5.1"
        assert (report.presenter, report.duration, report.papers) == (
            "Centre Director",
            20,
            "EMC-26-04-B",
        )
        assert numbered(s, ref)[4:8] == [
            ("5", "Business items"),
            ("5.1", "Pump-priming awards"),
            ("5.2", "Annual report"),
            ("5.3", "Finance report"),
        ]
        agenda.move_item(s, item_id=finance.id, under=StandardItem.BUSINESS, at=1)
        agenda.add_item(s, meeting=ref, title="Strategy away day", under=None, at=5)
        assert numbered(s, ref)[4:10] == [
            ("5", "Strategy away day"),
            ("6", "Business items"),
            ("6.1", "Finance report"),
            ("6.2", "Pump-priming awards"),
            ("6.3", "Annual report"),
            ("7", "Reports from subcommittees"),
        ]


def test_agendas_go_one_level_deep_only(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        sub = agenda.add_item(s, meeting=ref, title="Finance report")
        business = standard_id(s, ref, StandardItem.BUSINESS)
        with pytest.raises(NotAllowed, match="one level deep"):
            agenda.add_item(s, meeting=ref, title="Quarter 3", under=sub.id)
        with pytest.raises(NotAllowed, match="sub-items of its own"):
            agenda.move_item(s, item_id=business, under=item_id(s, ref, "4"))
        with pytest.raises(NotAllowed, match="under itself"):
            agenda.move_item(s, item_id=item_id(s, ref, "4"), under=item_id(s, ref, "4"))
        with pytest.raises(InvalidInput, match="choose a position from 1 to 2"):
            agenda.move_item(s, item_id=item_id(s, ref, "4"), under=business, at=7)


def test_indenting_and_outdenting_an_item(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        agenda.add_item(s, meeting=ref, title="Finance report")
        agenda.add_item(s, meeting=ref, title="Risk register")
        agenda.outdent_item(s, item_id=item_id(s, ref, "5.1"))
        assert numbered(s, ref)[4:7] == [
            ("5", "Business items"),
            ("5.1", "Risk register"),
            ("6", "Finance report"),
        ]
        agenda.indent_item(s, item_id=item_id(s, ref, "6"))
        assert numbered(s, ref)[4:7] == [
            ("5", "Business items"),
            ("5.1", "Risk register"),
            ("5.2", "Finance report"),
        ]
        with pytest.raises(NotAllowed, match="no item above"):
            agenda.indent_item(s, item_id=item_id(s, ref, "1"))


def test_an_item_with_a_record_against_it_cannot_be_removed(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        finance = agenda.add_item(s, meeting=ref, title="Finance report", purpose=Purpose.NOTE)
        awards = agenda.add_item(s, meeting=ref, title="Awards")
        decisions.record_decision(
            s,
            item_id=awards.id,
            text="Shortlisted four proposals.",
            outcome=DecisionOutcome.APPROVED,
        )
        with pytest.raises(NotAllowed, match="decisions are recorded under it"):
            agenda.remove_item(s, item_id=awards.id)
        with pytest.raises(NotAllowed, match="it has sub-items"):
            agenda.remove_item(s, item_id=standard_id(s, ref, StandardItem.BUSINESS))
        agenda.remove_item(s, item_id=finance.id)
        assert numbered(s, ref)[4:6] == [("5", "Business items"), ("5.1", "Awards")]


def test_item_details_and_minutes_are_kept_as_the_clerk_wrote_them(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        item = agenda.add_item(s, meeting=ref, title="Staffing matter")
        agenda.edit_item(
            s,
            item_id=item.id,
            confidentiality=Confidentiality.CONFIDENTIAL,
            public_title="Staffing matter",
            confidentiality_reason="Personal information",
            confidentiality_review=dt.date(2027, 4, 1),
            title="Extension of a fellow's contract",
        )
        agenda.write_minutes(
            s,
            item_id=item.id,
            text="The Committee discussed the request.\r\n\r\n- funding confirmed\r\n"
            "- start date agreed  \r\n",
        )
        view = agenda.item_view(s, item_id=item.id)
    assert view.title == "Extension of a fellow's contract"
    assert view.confidentiality is Confidentiality.CONFIDENTIAL
    assert (view.public_title, view.confidentiality_review) == (
        "Staffing matter",
        dt.date(2027, 4, 1),
    )
    assert view.minutes == (
        "The Committee discussed the request.\n\n- funding confirmed\n- start date agreed"
    )


def test_the_agenda_time_is_compared_with_the_meeting_slot(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)  # two hours
        for minutes in (50, 45, 40):
            agenda.add_item(s, meeting=ref, title=f"Item of {minutes} minutes", duration=minutes)
        timing = agenda.agenda_timing(s, meeting=ref)
    assert (timing.planned_minutes, timing.slot_minutes) == (135, 120)
    assert timing.over_by == 15
    assert not timing.fits
    assert timing.untimed_items == 8


def test_recurring_items_land_on_the_bodys_first_meeting_of_their_month(db: Database) -> None:
    with db.transaction() as s:
        first_march = schedule(s, "EMC", dt.date(2026, 3, 3))
        second_march = schedule(s, "EMC", dt.date(2026, 3, 24))
        april = schedule(s, "EMC", APRIL)
        board_may = schedule(s, "GB", dt.date(2026, 5, 20))
        assert ("5.1", "Annual report to the funder") in numbered(s, first_march)
        assert [t for _, t in numbered(s, second_march)] == [t for _, t in numbered(s, april)]
        assert ("5.1", "Risk register review") in numbered(s, board_may)
        report = next(i for i in agenda.agenda(s, meeting=first_march) if i.number == "5.1")
        assert (report.purpose, report.presenter) == (Purpose.APPROVAL, "Centre Director")


def test_a_cancelled_meeting_passes_its_recurring_items_to_the_next_that_month(
    db: Database,
) -> None:
    with db.transaction() as s:
        first_march = schedule(s, "EMC", dt.date(2026, 3, 3))
        second_march = schedule(s, "EMC", dt.date(2026, 3, 24))
        meetings.cancel_meeting(s, meeting=first_march)
        assert ("5.1", "Annual report to the funder") in numbered(s, second_march)


def test_a_removed_standard_item_comes_back_in_its_place_when_needed(db: Database) -> None:
    with db.transaction() as s:
        ref = schedule(s, "EMC", APRIL)
        agenda.remove_item(s, item_id=standard_id(s, ref, StandardItem.BUSINESS))
        agenda.add_item(s, meeting=ref, title="Finance report")
        assert numbered(s, ref)[3:6] == [
            ("4", "Matters arising and action log"),
            ("5", "Business items"),
            ("5.1", "Finance report"),
        ]


# --- any sequence of edits keeps the numbering consistent and loses nothing ---------------


@dataclass
class Model:
    """The agenda as a clerk sees it: top-level titles, each with its sub-item titles."""

    tops: list[tuple[str, list[str]]] = field(default_factory=list)

    def flat(self) -> list[str]:
        return [t for title, subs in self.tops for t in (title, *subs)]

    def numbered(self) -> list[tuple[str, str]]:
        rows = []
        for n, (title, subs) in enumerate(self.tops, start=1):
            rows.append((str(n), title))
            rows += [(f"{n}.{k}", sub) for k, sub in enumerate(subs, start=1)]
        return rows

    def find(self, title: str) -> tuple[int, int | None]:
        for i, (top, subs) in enumerate(self.tops):
            if top == title:
                return i, None
            if title in subs:
                return i, subs.index(title)
        raise KeyError(title)

    def take(self, title: str) -> list[str]:
        """Take an item out; a top-level item takes its sub-items with it."""
        i, k = self.find(title)
        if k is None:
            return self.tops.pop(i)[1]
        del self.tops[i][1][k]
        return []

    def put(self, title: str, under: str | None, at: int, subs: list[str] | None = None) -> None:
        if under is None:
            self.tops.insert(at - 1, (title, subs or []))
        else:
            self.tops[self.find(under)[0]][1].insert(at - 1, title)

    def room(self, under: str | None, leaving: str | None = None) -> int:
        """How many places there are among the siblings once `leaving` has left."""
        siblings = [t for t, _ in self.tops] if under is None else self.tops[self.find(under)[0]][1]
        return len([t for t in siblings if t != leaving]) + 1

    def has_subs(self, title: str) -> bool:
        i, k = self.find(title)
        return k is None and bool(self.tops[i][1])


Op = tuple[str, int, int | None, int]
ops = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "move", "indent", "outdent"]),
        st.integers(0, 40),  # which item
        st.one_of(st.none(), st.integers(0, 40)),  # which top-level item to go under
        st.integers(1, 6),  # place among the siblings
    ),
    min_size=1,
    max_size=25,
)
_names = itertools.count(1)


def _apply(db: Database, ref: str, model: Model, op: Op, ids: dict[str, int]) -> None:
    kind, which, parent, at = op
    flat = model.flat()
    tops = [t for t, _ in model.tops]
    title = flat[which % len(flat)] if flat else None
    under = tops[parent % len(tops)] if parent is not None and tops else None
    expect_refusal = False
    if kind == "add":
        new = f"Item {next(_names)}"
        expect_refusal = at > model.room(under)
        with db.transaction() as s:
            if expect_refusal:
                with pytest.raises(InvalidInput):
                    agenda.add_item(
                        s, meeting=ref, title=new, under=ids[under] if under else None, at=at
                    )
                return
            ids[new] = agenda.add_item(
                s, meeting=ref, title=new, under=ids[under] if under else None, at=at
            ).id
        model.put(new, under, at)
        return
    if title is None:
        return
    with db.transaction() as s:
        if kind == "remove":
            if model.has_subs(title):
                with pytest.raises(NotAllowed):
                    agenda.remove_item(s, item_id=ids[title])
                return
            agenda.remove_item(s, item_id=ids[title])
            model.take(title)
        elif kind == "move":
            refused = under == title or (under is not None and model.has_subs(title))
            if refused or at > model.room(under, leaving=title):
                with pytest.raises(UserError):
                    agenda.move_item(
                        s, item_id=ids[title], under=ids[under] if under else None, at=at
                    )
                return
            agenda.move_item(s, item_id=ids[title], under=ids[under] if under else None, at=at)
            model.put(title, under, at, model.take(title))
        elif kind == "indent":
            i, k = model.find(title)
            if k is not None or i == 0 or model.has_subs(title):
                with pytest.raises(NotAllowed):
                    agenda.indent_item(s, item_id=ids[title])
                return
            agenda.indent_item(s, item_id=ids[title])
            above = model.tops[i - 1][0]
            model.take(title)
            model.put(title, above, len(model.tops[i - 1][1]) + 1)
        else:
            i, k = model.find(title)
            if k is None:
                with pytest.raises(NotAllowed):
                    agenda.outdent_item(s, item_id=ids[title])
                return
            agenda.outdent_item(s, item_id=ids[title])
            model.take(title)
            model.put(title, None, i + 2)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=ops)
def test_any_sequence_of_agenda_edits_keeps_numbering_consistent_and_loses_nothing(
    db: Database, edits: list[Op]
) -> None:
    with db.transaction() as s:
        ref = meetings.schedule_meeting(s, body="EMC", **on(APRIL)).ref
        items = agenda.agenda(s, meeting=ref)
    model = Model()
    ids = {i.title: i.id for i in items}
    for i in items:
        if i.parent_id is None:
            model.tops.append((i.title, []))
    for op in edits:
        _apply(db, ref, model, op, ids)
        with db.reading() as s:
            shown = agenda.agenda(s, meeting=ref)
        assert [(i.number, i.title) for i in shown] == model.numbered()
        assert sorted(i.id for i in shown) == sorted(ids[t] for t in model.flat())
        for top_number, top in enumerate((i for i in shown if i.parent_id is None), start=1):
            assert top.number == str(top_number)
