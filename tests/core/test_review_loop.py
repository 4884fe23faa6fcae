"""The chair's review loop: the draft minutes go out as a review copy, come back from Word (or
LibreOffice) with the chair's corrections, are listed piece by piece, and the accepted ones are
taken into the record through the normal services, with the audit naming the reviewer."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import docx
import docx.document
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from review_files import (
    comment_on,
    drop_bookmarks,
    edited,
    edited_in_libreoffice,
    libreoffice_available,
    make_review_copy,
    plain_replace,
    track_replace,
)

from ccsc_gov.cli.commands import main
from ccsc_gov.core.export import chairs_review as review
from ccsc_gov.core.export.gather import minutes_snapshot
from ccsc_gov.core.export.minutes import minutes_document
from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed
from ccsc_gov.core.services import (
    actions,
    agenda,
    circulation,
    decisions,
    meeting_list,
    meetings,
    minutes_stage,
    people,
)
from ccsc_gov.core.store.db import Database, open_database
from ccsc_gov.core.store.models import AuditRecord, DecisionOutcome, MinutesReview

REF = "CTSC/2026/03"
CHAIR = "Dr Farah Rahman"
SHORTLIST = "The Subcommittee reviewed the shortlist for the clinical fellowships."
DEFERRED = "Deferred to the next meeting, pending further information."
LEGAL = "Deferred to the next meeting, pending legal advice."
INTERVIEWS = "Confirm interview dates with the shortlisted candidates."
OWNER = "Aoife Brennan"
DUE = dt.date(2026, 9, 25)
APPOINTMENTS = "Three appointments to the clinical fellowships are recommended."


def record_the_pieces_under_review(db: Database) -> None:
    """The draft minutes of REF as the tests read them, recorded through the services on the
    demo's own draft, so the tests do not hang on the demo's wording: the minute of item 5.1,
    action A1 (its text, owner and due date), decision D3 (deferred) and D4, a recommendation
    the Executive Management Committee has since acted on."""
    with db.transaction() as s:
        items = {i.number: i for i in agenda.agenda(s, meeting=REF)}
        held_on = meetings.get_meeting(s, meeting=REF).start.date()
        agenda.write_minutes(s, item_id=items["5.1"].id, text=SHORTLIST)
        [owner] = [p.id for p in people.list_people(s) if p.name == OWNER]
        actions.edit_action(s, action=f"{REF}/A1", description=INTERVIEWS, owner_ids=[owner])
        actions.revise_due_date(s, action=f"{REF}/A1", due=DUE, today=held_on)
        deferred = decisions.record_decision(
            s, item_id=items["5.2"].id, text=DEFERRED, outcome=DecisionOutcome.DEFERRED
        )
        # The Committee's next meeting, still being planned, receives the recommendation.
        parent = meetings.schedule_meeting(
            s, body="EMC", start=dt.datetime(2027, 1, 12, 14), end=dt.datetime(2027, 1, 12, 16)
        )
        recommended = decisions.record_decision(
            s, item_id=items["5.2"].id, text=APPOINTMENTS, outcome=DecisionOutcome.RECOMMENDED
        )
        [brought_up] = [
            i for i in agenda.agenda(s, meeting=parent.ref) if i.referral == recommended.ref
        ]
        decisions.record_decision(
            s,
            item_id=brought_up.id,
            text="Approved as recommended.",
            outcome=DecisionOutcome.APPROVED,
        )
    assert (deferred.ref, recommended.ref) == (f"{REF}/D3", f"{REF}/D4")


@pytest.fixture(scope="module")
def demo_db_path(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo history with the pieces under review recorded on REF's draft minutes; the
    demo fixtures (`demo_db`, `demo_copy`) of this module read it."""
    path = tmp_path_factory.mktemp("review-demo") / "demo.sqlite3"
    shutil.copyfile(demo_db_path, path)
    database = open_database(str(path), create=False)
    try:
        record_the_pieces_under_review(database)
    finally:
        database.close()
    return path


def minute_of(db: Database, number: str) -> str:
    with db.reading() as s:
        return next(i.minutes for i in agenda.agenda(s, meeting=REF) if i.number == number)


def decision_text(db: Database, short: str) -> str:
    with db.reading() as s:
        return decisions.decision_view(s, decision=f"{REF}/{short}").text


def changes(db: Database, path: Path) -> dict[str, review.PieceChange]:
    with db.reading() as s:
        report = review.review_changes(s, meeting=REF, path=path)
    return {c.id: c for c in report.changes}


def apply(
    db: Database, path: Path, accept: str | list[str], **options: object
) -> review.ReviewTakenIn:
    with db.transaction() as s:
        return review.apply_review(s, meeting=REF, path=path, accept=accept, **options)  # type: ignore[arg-type]


def review_notes(db: Database) -> list[AuditRecord]:
    with db.reading() as s:
        rows = s.query(AuditRecord).filter(AuditRecord.what == "review").all()
        s.expunge_all()
        return rows


# --- the review copy --------------------------------------------------------------------------


def test_the_review_copy_reads_like_the_draft_minutes_and_says_where_it_came_from(
    demo_db: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_db, REF, tmp_path / "review.docx")
    with demo_db.reading() as s:
        plain = minutes_document(minutes_snapshot(s, meeting=REF))
        stamp = review.review_stamp(s, meeting=REF)
    returned = docx.Document(str(copy))
    assert [p.text for p in returned.paragraphs] == [p.text for p in plain.paragraphs]
    assert [p.style.name for p in returned.paragraphs] == [p.style.name for p in plain.paragraphs]

    # Read back with an independent reader: the zip and the XML as they are.
    with zipfile.ZipFile(copy) as package:
        custom = etree.fromstring(package.read("docProps/custom.xml"))
        body = package.read("word/document.xml").decode()
    values = {p.get("name"): "".join(p.itertext()) for p in custom}
    assert values == {"ccsc-gov meeting": REF, "ccsc-gov record version": stamp.record_version}
    for name in ("minute_5_1", "decision_D3", "action_A1", "owners_A1", "due_A1", "present"):
        assert f'w:name="ccsc_{name}"' in body


def test_an_unchanged_review_copy_changes_nothing(demo_db: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_db, REF, tmp_path / "review.docx")
    with demo_db.reading() as s:
        report = review.review_changes(s, meeting=REF, path=copy)
    assert report.changes == ()
    assert report.unplaced == ()
    assert report.notes == ()
    assert report.made_from == report.record_version


# --- tracked changes and comments written into the XML ---------------------------------------


def test_tracked_changes_and_comments_are_listed_and_the_accepted_ones_taken_in(
    demo_copy: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(
            d, "reviewed the shortlist", "approved the shortlist", author=CHAIR
        ),
        lambda d: track_replace(d, "further information", "legal advice", author=CHAIR),
        lambda d: comment_on(d, INTERVIEWS, "Before the end of the month, please.", author=CHAIR),
        lambda d: comment_on(d, "Actions from this meeting", "A fine table.", author="Clerk"),
    )

    listed = changes(demo_copy, returned)
    assert sorted(listed) == ["5.1", "A1", "D3"]
    minute = listed["5.1"]
    assert (minute.sent, minute.returned) == (
        SHORTLIST,
        "The Subcommittee approved the shortlist for the clinical fellowships.",
    )
    assert [(t.kind, t.text, t.author) for t in minute.tracked] == [
        ("deleted", "reviewed the shortlist", CHAIR),
        ("inserted", "approved the shortlist", CHAIR),
    ]
    assert minute.tracked[0].at is not None
    assert minute.tracked[0].at.year == 2026
    assert not minute.untracked
    assert minute.may_take_in
    assert not minute.newer_in_record
    assert listed["D3"].returned == LEGAL
    action = listed["A1"]
    assert not action.changed
    assert [(c.author, c.text) for c in action.comments] == [
        (CHAIR, "Before the end of the month, please.")
    ]
    with demo_copy.reading() as s:
        report = review.review_changes(s, meeting=REF, path=returned)
    assert [(c.author, c.text) for c in report.other_comments] == [("Clerk", "A fine table.")]
    # Listing applies nothing.
    assert minute_of(demo_copy, "5.1") == SHORTLIST

    done = apply(demo_copy, returned, ["5.1"])
    assert [c.id for c in done.taken_in] == ["5.1"]
    assert done.reviewer == CHAIR
    assert minute_of(demo_copy, "5.1") == (
        "The Subcommittee approved the shortlist for the clinical fellowships."
    )
    assert decision_text(demo_copy, "D3") == DEFERRED
    [note] = review_notes(demo_copy)
    assert note.table_name == "agenda_item"
    assert CHAIR in note.note
    assert f"taken in by {note.who}" in note.note
    with demo_copy.reading() as s:
        [record] = s.query(MinutesReview).all()
        assert (record.reviewer, record.accepted, record.not_taken_in) == (CHAIR, "5.1", "D3")
        assert [r.accepted for r in review.reviews_taken_in(s, meeting=REF)] == ["5.1"]
        updated = s.query(AuditRecord).filter(
            AuditRecord.what == "update", AuditRecord.table_name == "agenda_item"
        )
        assert any("approved the shortlist" in (u.after or "") for u in updated)

    # Read again, the taken-in change is already in the record; D3 is still on offer.
    again = changes(demo_copy, returned)
    assert again["5.1"].already_in
    assert not again["5.1"].newer_in_record
    with demo_copy.reading() as s:
        report = review.review_changes(s, meeting=REF, path=returned)
    assert [c.id for c in report.to_take_in] == ["D3"]


def test_the_minutes_stage_says_the_chairs_review_was_taken_in_until_cleared(
    demo_copy: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "further information", "legal advice", author=CHAIR),
    )
    with demo_copy.reading() as s:
        before = minutes_stage.minutes_stage(s, meeting=REF)
    assert before != minutes_stage.REVIEW_TAKEN_IN
    apply(demo_copy, returned, "all")
    with demo_copy.reading() as s:
        assert minutes_stage.minutes_stage(s, meeting=REF) == "chair's review taken in"
        assert [m.minutes_stage for m in meeting_list.list_meetings(s, body="CTSC")][-2] == (
            "chair's review taken in"
        )
    # Still awaiting the chair's clearance, which the clerk then records as usual.
    with demo_copy.transaction() as s:
        circulation.clear_minutes(s, meeting=REF)
    with demo_copy.reading() as s:
        assert minutes_stage.minutes_stage(s, meeting=REF) == "cleared by the chair"


def test_owners_and_due_date_corrected_by_the_chair(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(
            d, "Aoife Brennan", "Aoife Brennan, Farah Rahman", author=CHAIR, piece="owners_A1"
        ),
        lambda d: track_replace(d, "25 September 2026", "2 October 2026", author=CHAIR),
        lambda d: track_replace(
            d, "Confirm interview dates", "Agree interview dates", author=CHAIR, piece="action_A1"
        ),
    )
    assert sorted(changes(demo_copy, returned)) == ["A1", "A1-due", "A1-owners"]
    apply(demo_copy, returned, "all")
    with demo_copy.reading() as s:
        action = actions.action_view(s, action=f"{REF}/A1")
        assert action.owners == ("Aoife Brennan", "Farah Rahman")
        assert str(action.due) == "2026-10-02"
        assert action.description == "Agree interview dates with the shortlisted candidates."
        history = actions.action_history(s, action=f"{REF}/A1")
    assert any("chair's review" in r.reason for r in history.revisions)
    assert len(review_notes(demo_copy)) == 3


def test_an_owner_not_in_the_register_is_refused(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(
            d, "Aoife Brennan", "Somebody Unknown", author=CHAIR, piece="owners_A1"
        ),
    )
    with pytest.raises(InvalidInput, match=r"Somebody Unknown.*not in the list of people"):
        apply(demo_copy, returned, "all")
    assert review_notes(demo_copy) == []


# --- a real word processor --------------------------------------------------------------------


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice with python3-uno is needed")
def test_changes_recorded_and_saved_by_libreoffice(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited_in_libreoffice(
        copy,
        tmp_path / "returned.docx",
        author="Farah Rahman",
        replace=[
            ("reviewed the shortlist", "approved the shortlist"),
            ("further information", "legal advice"),
        ],
    )
    listed = changes(demo_copy, returned)
    assert sorted(listed) == ["5.1", "D3"]
    assert listed["5.1"].returned == (
        "The Subcommittee approved the shortlist for the clinical fellowships."
    )
    assert listed["D3"].returned == LEGAL
    for change in listed.values():
        assert {t.kind for t in change.tracked} == {"deleted", "inserted"}
        assert {t.author for t in change.tracked} == {"Farah Rahman"}
        assert not change.untracked
    done = apply(demo_copy, returned, ["D3"])
    assert done.reviewer == "Farah Rahman"
    assert decision_text(demo_copy, "D3") == LEGAL
    assert minute_of(demo_copy, "5.1") == SHORTLIST


# --- edits without Track Changes, lost bookmarks ----------------------------------------------


def test_an_untracked_edit_is_listed_and_taken_in(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: plain_replace(d, "further information", "advice"),
    )
    [change] = changes(demo_copy, returned).values()
    assert (change.id, change.untracked, change.tracked) == ("D3", True, ())
    assert change.returned == "Deferred to the next meeting, pending advice."
    apply(demo_copy, returned, ["d3"])
    assert decision_text(demo_copy, "D3") == "Deferred to the next meeting, pending advice."


def test_a_file_that_lost_its_bookmarks_is_placed_by_item_number_and_heading(
    demo_copy: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: plain_replace(d, "reviewed the shortlist", "approved the shortlist"),
        lambda d: plain_replace(d, "Confirm", "Agree", piece="action_A1"),
        lambda d: plain_replace(d, "Fellows' progress reviews", "Progress of the fellows"),
        drop_bookmarks,
    )
    with demo_copy.reading() as s:
        report = review.review_changes(s, meeting=REF, path=returned)
    listed = {c.id: c for c in report.changes}
    assert sorted(listed) == ["5.1", "A1"]
    assert all(c.placed_by_text for c in listed.values())
    assert listed["A1"].returned == "Agree interview dates with the shortlisted candidates."
    assert listed["5.1"].returned == (
        "The Subcommittee approved the shortlist for the clinical fellowships."
    )
    # Its heading was changed, so the minute of item 5.2 cannot be placed.
    assert "the minute of item 5.2" in report.unplaced
    apply(demo_copy, returned, "all")
    assert minute_of(demo_copy, "5.1") == (
        "The Subcommittee approved the shortlist for the clinical fellowships."
    )


def test_a_minute_written_for_an_item_that_had_none_is_found_under_its_heading(
    demo_copy: Database, tmp_path: Path
) -> None:
    def write_under_item_3(document: docx.document.Document) -> None:
        decision = next(p for p in document.paragraphs if p.text.startswith("Decision CTSC"))
        decision.insert_paragraph_before("The Chair signed the minutes.", style="Body Text")

    assert minute_of(demo_copy, "3") == ""
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(copy, tmp_path / "returned.docx", write_under_item_3)
    [change] = changes(demo_copy, returned).values()
    assert (change.id, change.sent, change.returned) == ("3", "", "The Chair signed the minutes.")
    assert change.placed_by_text
    assert change.may_take_in
    apply(demo_copy, returned, ["3"])
    assert minute_of(demo_copy, "3") == "The Chair signed the minutes."
    again = make_review_copy(demo_copy, REF, tmp_path / "again.docx")
    assert changes(demo_copy, again) == {}


# --- what the chair may not change, and refusals ---------------------------------------------


def test_attendance_quorum_and_references_are_reported_not_taken_in(
    demo_copy: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "Dr Farah Rahman", "Prof. Farah Rahman", author=CHAIR),
        lambda d: track_replace(
            d, "The meeting was quorate", "The meeting was inquorate", author=CHAIR
        ),
        lambda d: track_replace(
            d, "Decision CTSC/2026/03/D3", "Decision CTSC/2026/03/D9", author=CHAIR
        ),
        lambda d: track_replace(d, "further information", "legal advice", author=CHAIR),
        lambda d: track_replace(d, "Confirm", "Fix", author=CHAIR, piece="listed_action_A1"),
    )
    with demo_copy.reading() as s:
        report = review.review_changes(s, meeting=REF, path=returned)
    assert sorted(c.id for c in report.not_taken_in) == [
        "listed-action-A1",
        "present",
        "quorum",
        "ref-D3",
    ]
    assert report.not_taken_in[-1].what == (
        "the text of action A1 in the table of actions (correct it in the minute)"
    )
    assert [c.id for c in report.to_take_in] == ["D3"]
    with pytest.raises(NotAllowed, match="not taken in"):
        apply(demo_copy, returned, ["quorum"])
    done = apply(demo_copy, returned, "all")
    assert [c.id for c in done.taken_in] == ["D3"]
    with demo_copy.reading() as s:
        [record] = s.query(MinutesReview).all()
        assert record.not_taken_in == "present, quorum, ref-D3, listed-action-A1"
        text = "\n".join(
            p.text for p in minutes_document(minutes_snapshot(s, meeting=REF)).paragraphs
        )
    assert "Prof. Farah Rahman" not in text
    assert "D9" not in text
    assert "inquorate (" not in text


def test_a_file_for_another_meeting_is_refused(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, "CTSC/2026/02", tmp_path / "review.docx")
    with pytest.raises(NotAllowed, match="review copy of the minutes of CTSC/2026/02, not of"):
        apply(demo_copy, copy, "all")


def test_approved_minutes_take_nothing_in(demo_copy: Database, tmp_path: Path) -> None:
    approved = "CTSC/2026/02"
    copy = make_review_copy(demo_copy, approved, tmp_path / "review.docx")
    with demo_copy.reading() as s:
        first = next(i for i in agenda.agenda(s, meeting=approved) if i.minutes)
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, first.minutes.split()[0], "Changed", author=CHAIR),
    )
    with demo_copy.transaction() as s, pytest.raises(NotAllowed, match="have been approved"):
        review.apply_review(s, meeting=approved, path=returned, accept="all")


def test_a_file_that_is_not_a_word_document_is_refused(demo_copy: Database, tmp_path: Path) -> None:
    fake = tmp_path / "minutes.docx"
    fake.write_text("These are the minutes, typed in Notepad.", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is not a Word document"):
        apply(demo_copy, fake, "all")


def test_an_empty_piece_is_refused(demo_copy: Database, tmp_path: Path) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy, tmp_path / "returned.docx", lambda d: track_replace(d, DEFERRED, "", author=CHAIR)
    )
    with pytest.raises(NotAllowed, match="is empty in the file"):
        apply(demo_copy, returned, "all")
    assert decision_text(demo_copy, "D3") == DEFERRED
    assert review_notes(demo_copy) == []


def test_a_piece_changed_in_the_record_since_shows_the_three_versions(
    demo_copy: Database, tmp_path: Path
) -> None:
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "reviewed", "approved", author=CHAIR, piece="minute_5_1"),
        lambda d: track_replace(d, "further information", "legal advice", author=CHAIR),
    )
    with demo_copy.transaction() as s:
        item = next(i for i in agenda.agenda(s, meeting=REF) if i.number == "5.1")
        agenda.write_minutes(s, item_id=item.id, text="The shortlist was agreed.")
    with pytest.raises(NotAllowed) as refused:
        apply(demo_copy, returned, "all")
    message = str(refused.value)
    assert "As sent to the chair: " + SHORTLIST in message
    assert "In the record now:   The shortlist was agreed." in message
    assert "As the chair returned it: The Subcommittee approved the shortlist" in message
    # Nothing was applied, D3 included.
    assert decision_text(demo_copy, "D3") == DEFERRED
    # The clerk chooses: the other change alone, or the chair's text over the newer one.
    apply(demo_copy, returned, ["D3"])
    assert minute_of(demo_copy, "5.1") == "The shortlist was agreed."
    apply(demo_copy, returned, ["5.1"], over_newer=["5.1"])
    assert minute_of(demo_copy, "5.1").startswith("The Subcommittee approved the shortlist")


# --- the command line -------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_the_review_loop_on_the_command_line(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(demo_copy.path)
    copy = tmp_path / "review.docx"
    assert main(["--db", db, "export", "minutes", REF, "--for-review", "-o", str(copy)]) == 0
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "further information", "legal advice", author=CHAIR),
        lambda d: track_replace(d, "Dr Farah Rahman", "Prof. Farah Rahman", author=CHAIR),
    )
    capsys.readouterr()
    assert main(["--db", db, "review", "import", REF, str(returned), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(c["id"], c["may_take_in"]) for c in listed["changes"]] == [
        ("present", False),
        ("D3", True),
    ]
    assert listed["changes"][1]["tracked"][0]["author"] == CHAIR
    assert main(["--db", db, "review", "import", REF, str(returned)]) == 0
    out = capsys.readouterr().out
    assert "D3  the text of decision D3: changed with Track Changes" in out
    assert "changed in the file, not taken in" in out

    assert main(["--db", db, "review", "apply", REF, str(returned), "--accept", "all"]) == 0
    out = capsys.readouterr().out
    assert f"Took in 1 change from the chair's review of {REF} by {CHAIR}: D3." in out
    assert "Changed in the file, not taken in: the list of those present (present)." in out
    assert decision_text(demo_copy, "D3") == LEGAL

    notes = tmp_path / "notes.docx"
    notes.write_bytes(b"not a zip")
    assert main(["--db", db, "review", "apply", REF, str(notes), "--accept", "all"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ccsc-gov: “notes.docx” is not a Word document")
    assert err.count("\n") == 1
    assert main(["--db", db, "review", "apply", REF, str(returned), "--accept", "X7"]) == 1
    assert "“X7” is not a change in this file" in capsys.readouterr().err
    assert (
        main(["--db", db, "export", "minutes", "CTSC/2026/02", "--for-review", "-o", str(copy)])
        == 1
    )
    assert "have been approved" in capsys.readouterr().err


# --- the property: what is taken in comes back unchanged --------------------------------------

EDITS = {  # id: (piece, old, new)
    "5.1": ("minute_5_1", "reviewed the shortlist", "approved the shortlist"),
    "D3": ("decision_D3", "further information", "legal advice"),
    "A1": ("action_A1", "Confirm interview dates", "Agree interview dates"),
    "A1-owners": ("owners_A1", "Aoife Brennan", "Farah Rahman"),
    "A1-due": ("due_A1", "25 September 2026", "30 September 2026"),
}


@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    made=st.sets(st.sampled_from(sorted(EDITS)), min_size=1),
    data=st.data(),
)
def test_changes_taken_in_come_back_unchanged_in_a_new_review_copy(
    demo_db_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    made: set[str],
    data: st.DataObject,
) -> None:
    accepted = data.draw(st.sets(st.sampled_from(sorted(made))))
    folder = tmp_path_factory.mktemp("property")
    shutil.copyfile(demo_db_path, folder / "db.sqlite3")
    db = open_database(str(folder / "db.sqlite3"), create=False)
    try:
        copy = make_review_copy(db, REF, folder / "review.docx")
        returned = edited(
            copy,
            folder / "returned.docx",
            *[
                (
                    lambda d, edit=EDITS[i]: track_replace(
                        d, edit[1], edit[2], author=CHAIR, piece=edit[0]
                    )
                )
                for i in sorted(made)
            ],
        )
        before = changes(db, returned)
        apply(db, returned, sorted(accepted) or "none")
        again = make_review_copy(db, REF, folder / "again.docx")
        assert changes(db, again) == {}
        # And the new copy says what the chair wrote, for each change taken in.
        now = changes(db, returned)
        for piece in accepted:
            assert now[piece].already_in
            assert now[piece].now == before[piece].returned
    finally:
        db.close()


def test_the_services_rules_still_apply_to_a_chairs_correction(
    demo_copy: Database, tmp_path: Path
) -> None:
    """D4 was a recommendation the Executive Management Committee has since acted on: the
    decisions service refuses to change it, from the chair's file as from the clerk's hand."""
    copy = make_review_copy(demo_copy, REF, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: track_replace(d, "reviewed", "approved", author=CHAIR, piece="minute_5_1"),
        lambda d: track_replace(
            d, "Three appointments", "Four appointments", author=CHAIR, piece="decision_D4"
        ),
    )
    with pytest.raises(NotAllowed, match="already acted on CTSC/2026/03/D4"):
        apply(demo_copy, returned, "all")
    assert minute_of(demo_copy, "5.1") == SHORTLIST
    assert review_notes(demo_copy) == []


def test_a_decision_on_a_recommendation_found_by_its_label_is_the_decision_s_own_text(
    demo_copy: Database, tmp_path: Path
) -> None:
    """The minutes quote the recommendation a decision was made on before the decision's own
    text; when the marks are lost, the quote is not taken for part of the decision."""
    with demo_copy.reading() as s:
        drafted = [
            m.ref
            for body in ("GB", "EMC")
            for m in meeting_list.list_meetings(s, body=body)
            if m.minutes_stage == "draft"
        ]
        decision = next(
            d
            for ref in drafted
            for d in decisions.list_decisions(s, meeting=ref)
            if d.referred_from
        )
    short = decision.ref.rsplit("/", 1)[1]
    corrected = "Approved, the Chief Executive to report on the first year."
    copy = make_review_copy(demo_copy, decision.meeting, tmp_path / "review.docx")
    returned = edited(
        copy,
        tmp_path / "returned.docx",
        lambda d: plain_replace(d, decision.text, corrected, piece=f"decision_{short}"),
        drop_bookmarks,
    )
    with demo_copy.reading() as s:
        report = review.review_changes(s, meeting=decision.meeting, path=returned)
    [change] = report.changes
    assert (change.id, change.sent, change.returned) == (short, decision.text, corrected)
    assert change.placed_by_text
    with demo_copy.transaction() as s:
        review.apply_review(s, meeting=decision.meeting, path=returned, accept=[short])
    with demo_copy.reading() as s:
        assert decisions.decision_view(s, decision=decision.ref).text == corrected
        text = "\n".join(
            p.text
            for p in minutes_document(minutes_snapshot(s, meeting=decision.meeting)).paragraphs
        )
    assert text.count(f"({decision.referred_from})") == 1
