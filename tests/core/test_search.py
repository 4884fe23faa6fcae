"""Search: whatever a clerk types finds the minutes, decisions and actions that hold it, and
the index follows every change to the record however it is made."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from cycle_helpers import item_id, meet, schedule, seat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from ccsc_gov.core.services import actions, agenda, approval, decisions
from ccsc_gov.core.services.search import HitKind, SearchHit, parse_query, search, snippet
from ccsc_gov.core.store import migrate
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import DecisionOutcome, StandardItem

APRIL, MAY = dt.date(2026, 4, 14), dt.date(2026, 5, 12)

AWARDS_MINUTE = (
    "The Committee considered the four shortlisted proposals for pump-priming awards.\n\n"
    "- The panel's scores were noted.\n- Two proposals were funded in full."
)


def find(db: Database, typed: str, limit: int = 50) -> list[SearchHit]:
    with db.reading() as s:
        return search(s, text=typed, limit=limit)


def refs(db: Database, typed: str) -> list[str]:
    return [hit.ref for hit in find(db, typed)]


def april_meeting(s: Session) -> tuple[str, int]:
    """An EMC meeting in April with an awards item, its minute, a decision and an action."""
    ref = schedule(s, "EMC", APRIL)
    awards = agenda.add_item(s, meeting=ref, title="Pump-priming awards")
    agenda.write_minutes(s, item_id=awards.id, text=AWARDS_MINUTE)
    decisions.record_decision(
        s,
        item_id=awards.id,
        text="Fund the imaging and the organoid proposals for one year.",
        outcome=DecisionOutcome.APPROVED,
    )
    actions.add_action(
        s, item_id=awards.id, description="Write to the unsuccessful applicants with feedback"
    )
    return ref, awards.id


def test_minutes_decisions_and_actions_are_found_where_they_were_recorded(db: Database) -> None:
    with db.transaction() as s:
        april, awards = april_meeting(s)

    (minute,) = find(db, "shortlisted proposals")
    assert minute.kind is HitKind.MINUTE
    assert minute.ref == f"{april} item 5.1"
    assert (minute.meeting_ref, minute.body, minute.item_id) == (april, "EMC", awards)
    assert minute.item_title == "Pump-priming awards"
    assert minute.meeting_start == dt.datetime(2026, 4, 14, 14)

    (decision,) = find(db, "organoid")
    assert (decision.kind, decision.ref, decision.item_id) == (
        HitKind.DECISION,
        f"{april}/D1",
        awards,
    )
    (action,) = find(db, "unsuccessful applicants")
    assert (action.kind, action.ref, action.meeting_ref) == (HitKind.ACTION, f"{april}/A1", april)


def test_the_words_found_are_marked_in_a_one_line_snippet(db: Database) -> None:
    with db.transaction() as s:
        april_meeting(s)

    (hit,) = find(db, "scores noted")
    assert "\n" not in hit.snippet
    assert "The panel's scores were noted." in hit.snippet
    assert [hit.snippet[a:b].lower() for a, b in hit.marks] == ["scores", "noted"]


def test_the_last_word_is_found_as_it_is_typed(db: Database) -> None:
    with db.transaction() as s:
        april_meeting(s)

    assert refs(db, "unsucc") == ["EMC/2026/01/A1"]
    assert refs(db, "pump-prim") == ["EMC/2026/01 item 5.1"]
    # A space after it says the word is complete.
    assert refs(db, "unsucc ") == []


def test_every_word_typed_must_be_there(db: Database) -> None:
    with db.transaction() as s:
        april_meeting(s)

    assert refs(db, "organoid proposals") == ["EMC/2026/01/D1"]
    assert refs(db, "organoid budget") == []


def test_the_index_follows_edits_through_the_services(db: Database) -> None:
    with db.transaction() as s:
        april, awards = april_meeting(s)
    with db.transaction() as s:
        agenda.write_minutes(s, item_id=awards, text="Deferred to the June meeting.")
        decisions.edit_decision(s, decision=f"{april}/D1", text="Fund the genomics proposal.")
        actions.edit_action(s, action=f"{april}/A1", description="Tell the applicants")
        agenda.edit_item(s, item_id=awards, title="Seed-corn awards")

    assert refs(db, "shortlisted") == []
    assert refs(db, "organoid") == []
    assert refs(db, "unsuccessful") == []
    assert refs(db, "pump") == []
    assert refs(db, "June") == [f"{april} item 5.1"]
    assert refs(db, "genomics") == [f"{april}/D1"]
    assert refs(db, "tell applicants") == [f"{april}/A1"]
    assert refs(db, "seed-corn") == [f"{april} item 5.1"]


def test_removed_records_are_no_longer_found(db: Database) -> None:
    with db.transaction() as s:
        april, awards = april_meeting(s)
    with db.transaction() as s:
        actions.remove_action(s, action=f"{april}/A1")
        decisions.remove_decision(s, decision=f"{april}/D1")
    assert refs(db, "unsuccessful") == []
    assert refs(db, "organoid") == []
    assert refs(db, "shortlisted") == [f"{april} item 5.1"]

    with db.transaction() as s:
        agenda.remove_item(s, item_id=awards)
    assert refs(db, "shortlisted") == []
    with db.reading() as s:
        indexed = s.scalar(text("SELECT count(*) FROM search_index WHERE text LIKE '%shortlist%'"))
    assert indexed == 0


def test_an_items_reference_follows_the_agenda_when_it_is_reordered(db: Database) -> None:
    with db.transaction() as s:
        april, _awards = april_meeting(s)
        agenda.add_item(s, meeting=april, title="Budget", at=1)

    assert refs(db, "shortlisted") == [f"{april} item 5.2"]


def test_a_new_meetings_standard_items_are_found_by_their_titles(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        declarations = item_id(s, april, "2")

    (hit,) = find(db, "declarations of interest")
    assert (hit.ref, hit.item_id) == (f"{april} item 2", declarations)


def test_a_decisions_or_actions_reference_typed_whole_finds_it_first(db: Database) -> None:
    with db.transaction() as s:
        april, _ = april_meeting(s)

    assert refs(db, f"{april}/D1") == [f"{april}/D1"]
    assert refs(db, f" {april.lower()}/a1 ") == [f"{april}/A1"]
    # A reference that was never given out is looked for as words, and not found.
    assert refs(db, f"{april}/A9") == []


def test_a_title_match_ranks_above_a_passing_mention(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        agenda.add_item(s, meeting=april, title="Risk register review")
        # Recorded later: it would come first if the two ranked equal.
        mention = agenda.add_item(s, meeting=april, title="Director's report")
        agenda.write_minutes(
            s,
            item_id=mention.id,
            text="The Director reported on recruitment, estates, the new imaging suite, "
            "the summer school, and in passing on the risk register, which was noted.",
        )

    assert refs(db, "risk register") == [f"{april} item 5.1", f"{april} item 5.2"]


def test_the_record_saying_more_about_it_ranks_first(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        items = [agenda.add_item(s, meeting=april, title=f"Report {n}").id for n in (1, 2)]
        agenda.write_minutes(
            s,
            item_id=items[0],
            text="Recruitment of fellows: recruitment is behind plan; recruitment resumes.",
        )
        agenda.write_minutes(s, item_id=items[1], text="Recruitment was mentioned once.")

    assert refs(db, "recruitment") == [f"{april} item 5.1", f"{april} item 5.2"]


def test_equal_matches_come_newest_first(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        may = schedule(s, "EMC", MAY)

    assert refs(db, "welcome") == [f"{may} item 1", f"{april} item 1"]


def test_the_limit_is_kept(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        for n in range(5):
            agenda.add_item(s, meeting=april, title=f"Estates update {n}")

    assert len(find(db, "estates", limit=3)) == 3
    assert find(db, "estates", limit=0) == []


HOSTILE = [
    '"',
    "*",
    "NEAR(",
    "-",
    "AND",
    "OR",
    "NOT",
    'awards"',
    '"pump priming',
    "awards AND (budget OR",
    "NEAR(awards feedback, 2)",
    "-awards",
    "title:awards",
    "{title text}:awards",
    "^awards",
    "awards*",
    "aw*ards",
    "'",
    "''awards'' & !",
    "\\",
    "a:* | b",
    "(",
    ")",
    "",
    "   ",
    "\x00",
    "\x02awards\x03",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_nothing_a_clerk_types_breaks_the_search(db: Database, typed: str) -> None:
    with db.transaction() as s:
        april_meeting(s)

    hits = find(db, typed)

    assert isinstance(hits, list)


def test_operator_words_are_looked_for_as_words(db: Database) -> None:
    with db.transaction() as s:
        april, _ = april_meeting(s)

    # "and" is an ordinary word of the decision's text, not an operator.
    assert f"{april}/D1" in refs(db, "AND")
    assert refs(db, "NEAR(organoid") == []
    assert refs(db, '"organoid') == [f"{april}/D1"]
    assert refs(db, "-organoid") == [f"{april}/D1"]


@settings(
    max_examples=150,
    deadline=None,
    # The database is only read, so one per test (not per example) is right.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(typed=st.text(max_size=40))
def test_any_text_at_all_is_searched_without_error(db: Database, typed: str) -> None:
    hits = find(db, typed)
    assert isinstance(hits, list)


def test_parsing_keeps_words_only_and_quotes_them() -> None:
    query = parse_query('say "NEAR(" 5.2 pump-prim')
    assert query is not None
    assert query.fts5() == '"say" "NEAR" "5 2" "pump prim"*'
    assert query.tsquery() == "'say' & 'near' & ('5' <-> '2') & ('pump' <-> 'prim':*)"
    assert parse_query('" * - ( ) :') is None
    assert parse_query("word ").prefix is False  # type: ignore[union-attr]
    assert parse_query("item 5").prefix is False  # type: ignore[union-attr]
    assert parse_query("item 52").prefix is True  # type: ignore[union-attr]


def test_a_snippet_made_without_the_index_marks_the_words_and_cuts_long_text() -> None:
    query = parse_query("zurich organo")
    assert query is not None
    short = "Fund the Zürich & organoid proposals <for one year>."
    assert snippet(short, query) == (
        "Fund the \x02Zürich\x03 & \x02organoid\x03 proposals <for one year>."
    )
    long = (
        " ".join(f"w{n}" for n in range(60)) + " organoids " + " ".join("x" * 5 for _ in range(60))
    )
    cut = snippet(long, query)
    assert cut.startswith("… w54 ")
    assert cut.endswith(" xxxxx …")
    assert "\x02organoids\x03" in cut
    assert len(cut.split()) == 24 + 2


@pytest.mark.sqlite_only
def test_accents_are_ignored(db: Database) -> None:
    with db.transaction() as s:
        april = schedule(s, "EMC", APRIL)
        item = agenda.add_item(s, meeting=april, title="Visit to the Zürich partners")

    assert [h.item_id for h in find(db, "zurich")] == [item.id]
    assert [h.item_id for h in find(db, "ZÜRICH")] == [item.id]


def test_a_locked_meetings_record_is_still_found(db: Database) -> None:
    with db.transaction() as s:
        people = seat(s, "EMC")
        april, _ = april_meeting(s)
        may = schedule(s, "EMC", MAY)
        meet(s, april, people.values())
        approval.mark_minutes_drafted(s, meeting=april, override=True)
        meet(s, may, people.values())
        approval.approve_minutes(s, meeting=april, at_meeting=may)

    assert refs(db, "organoid") == [f"{april}/D1"]
    approved = [h for h in find(db, "correct record") if h.kind is HitKind.DECISION]
    assert [(h.ref, h.meeting_ref) for h in approved] == [(f"{may}/D1", may)]
    with db.reading() as s:
        assert approved[0].item_id == item_id(s, may, "3")
        assert agenda.item_view(s, item_id=approved[0].item_id).standard is (
            StandardItem.PREVIOUS_MINUTES
        )


def test_a_database_made_before_search_has_its_record_indexed_on_upgrade(db: Database) -> None:
    # Made with today's services, then taken back to the schema before search (0002): the
    # record is what an older version of the app would have written.
    with db.transaction() as s:
        april, _ = april_meeting(s)
    command.downgrade(migrate.config(db.engine), "0002")
    assert not inspect(db.engine).has_table("search_index")
    with db.engine.begin() as conn:
        # Changed while there was no index: found as it is now, all the same.
        conn.execute(
            text("UPDATE action SET description = :text WHERE ref = :ref"),
            {"text": "Send the panel's feedback", "ref": f"{april}/A1"},
        )

    migrate.upgrade(db.engine)

    assert refs(db, "shortlisted") == [f"{april} item 5.1"]
    assert refs(db, "organoid") == [f"{april}/D1"]
    assert refs(db, "panel feedback") == [f"{april}/A1"]
    assert refs(db, "unsuccessful") == []
    assert refs(db, "welcome") == [f"{april} item 1"]
    # And the index follows the record from then on.
    with db.transaction() as s:
        decisions.edit_decision(s, decision=f"{april}/D1", text="Fund the genomics proposal.")
    assert refs(db, "organoid") == []
    assert refs(db, "genomics") == [f"{april}/D1"]
