"""People and bodies in the desktop app: the clerk edits people, a body's members and their
terms, the bodies, and the terms of reference with the quorum in plain words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ccsc_gov.core.services import bodies, body_list, people
from ccsc_gov.core.services.body_list import BodyView
from ccsc_gov.core.services.people import MembershipView
from ccsc_gov.core.services.terms import add_terms_of_reference, list_terms
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Authority, BodyKind, Role
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.body_tree import BODY_ROLE
from ccsc_gov.ui.forms import Confirm
from ccsc_gov.ui.main_window import MEMBERS_LINK, MainWindow
from ccsc_gov.ui.people import dialogs as people_dialogs
from ccsc_gov.ui.people.details import (
    BodyDetails,
    NewMembership,
    PersonDetails,
    RoleChange,
    TermsDetails,
)
from ccsc_gov.ui.people.dialogs import (
    AddMemberDialog,
    BodyDialog,
    ChangeRoleDialog,
    EndTermDialog,
    PersonDetailsDialog,
    TermsVersionDialog,
)
from ccsc_gov.ui.people.windows import MembersDialog, PeopleDialog, TermsDialog

TODAY = dt.date(2026, 5, 1)
NOW = dt.datetime(2026, 5, 1, 9, 30)

COMMITTEE = (
    ("Prof.", "Hannah Okafor", Role.CHAIR, "Centre Director"),
    ("Dr", "Luis Ferreira", Role.VICE_CHAIR, "Deputy Director"),
    ("Ms", "Priya Natarajan", Role.MEMBER, "Head of Operations"),
    ("Dr", "Amara Mensah", Role.MEMBER, "Clinical Lead"),
    ("Mr", "Tom Walsh", Role.SECRETARY, "Governance Officer"),
)


def seat(db: Database, body: str = "EMC") -> dict[str, int]:
    """Four voting members and a secretary on `body` since 2020, and terms of reference from
    then (version 2, after the seeded one) that count a third of the voting members with the
    chair or vice-chair; person ids by surname."""
    ids: dict[str, int] = {}
    with db.transaction() as s:
        for title, name, role, position in COMMITTEE:
            person = people.add_person(s, name=name, title=title, position=position)
            people.add_membership(
                s, body=body, person_id=person.id, role=role, start=dt.date(2020, 1, 1)
            )
            ids[name.split()[-1]] = person.id
        add_terms_of_reference(
            s,
            body=body,
            effective_from=dt.date(2020, 1, 1),
            authority=Authority.DECIDE,
            quorum_roles=[Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER],
            quorum_fraction=(1, 3),
            chair_required=True,
            purpose="Runs the Centre.",
        )
    return ids


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        ops_module, "show_user_error", lambda _parent, error: shown.append(str(error))
    )
    return shown


Answer = Callable[..., None]


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Answer:
    """`answer(Dialog, value)`: the dialog's next `ask` returns `value` (or, when `value` is
    a function, what that function makes of the real dialog) without a modal loop."""

    def set_answer(dialog: type, value: Any) -> None:
        def ask(parent: QWidget | None = None, **kwargs: Any) -> Any:
            return value(parent, **kwargs) if callable(value) else value

        monkeypatch.setattr(dialog, "ask", ask)

    return set_answer


@pytest.fixture
def window(qtbot: QtBot, db: Database, shown_errors: list[str]) -> Iterator[MainWindow]:
    main = MainWindow(db, now=lambda: NOW)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    assert shown_errors == []


def members_of(window: MainWindow, code: str) -> MembersDialog:
    dialog = window.people_and_bodies.open_members(code)
    assert dialog is not None
    return dialog


def names_and_roles(dialog: MembersDialog) -> list[tuple[str, str]]:
    model = dialog.model
    return [
        (model.index(row, 0).data(), model.index(row, 1).data()) for row in range(model.rowCount())
    ]


# --- a body's members -----------------------------------------------------------------------


def test_a_bodys_members_are_listed_chair_first_with_the_quorum_in_words(
    window: MainWindow, db: Database, qtmodeltester: ModelTester
) -> None:
    seat(db)

    dialog = members_of(window, "EMC")

    qtmodeltester.check(dialog.model)
    assert dialog.windowTitle() == "Members of EMC"
    assert names_and_roles(dialog) == [
        ("Prof. Hannah Okafor", "Chair"),
        ("Dr Luis Ferreira", "Vice-chair"),
        ("Dr Amara Mensah", "Member"),
        ("Ms Priya Natarajan", "Member"),
        ("Mr Tom Walsh", "Secretary"),
    ]
    assert dialog.summary.text() == (
        "5 in office today. Quorate with 2 of 4 voting members, including the chair or "
        "vice-chair (terms, version 2)."
    )


def test_adding_a_member_through_the_dialog_shows_them_in_the_list(
    window: MainWindow, db: Database, qtbot: QtBot, answer: Answer
) -> None:
    seat(db)
    with db.transaction() as s:
        visitor = people.add_person(s, name="Grace Adeyemi", title="Dr", position="Statistician")
    dialog = members_of(window, "EMC")

    def fill_in(parent: QWidget | None, **kwargs: Any) -> NewMembership:
        form = AddMemberDialog(parent, kwargs["body"], kwargs["people"], kwargs["today"])
        qtbot.addWidget(form)
        # The people on the body already are not offered again.
        offered = [form.people.item(row).text() for row in range(form.people.count())]
        assert offered == ["Dr Grace Adeyemi, Statistician"]
        qtbot.keyClicks(form.filter, "adey")
        form.role.choose(Role.OBSERVER)
        assert not form.votes.isChecked()  # an observer does not vote, unless the clerk says
        form.start.setDate(form.start.date().addDays(14))
        assert form.ok_button.isEnabled()
        return form.value()

    answer(AddMemberDialog, fill_in)
    added = dialog.add_member()

    assert added is not None
    assert (added.person_id, added.role, added.votes, added.start) == (
        visitor.id,
        Role.OBSERVER,
        False,
        dt.date(2026, 5, 15),
    )
    assert ("Dr Grace Adeyemi", "Observer") in names_and_roles(dialog)
    assert dialog.selected() == added
    with db.reading() as s:
        assert [m.person for m in people.list_memberships(s, body="EMC") if m.id == added.id] == [
            "Dr Grace Adeyemi"
        ]


def test_someone_new_is_recorded_with_their_membership_in_one_step(
    window: MainWindow, db: Database, answer: Answer
) -> None:
    dialog = members_of(window, "RSC")
    answer(
        AddMemberDialog,
        NewMembership(
            role=Role.CHAIR,
            votes=True,
            start=TODAY,
            person=PersonDetails("Ines Carvalho", "Prof.", "Professor of Genomics"),
        ),
    )

    dialog.add_member()

    assert names_and_roles(dialog) == [("Prof. Ines Carvalho", "Chair")]
    with db.reading() as s:
        assert [p.display_name for p in people.list_people(s)] == ["Prof. Ines Carvalho"]


def test_a_refused_membership_leaves_no_new_person_behind(
    window: MainWindow, db: Database, answer: Answer, shown_errors: list[str]
) -> None:
    seat(db)
    dialog = members_of(window, "EMC")
    # A second chair at the same time is refused, so the new person is not kept either.
    answer(
        AddMemberDialog,
        NewMembership(role=Role.CHAIR, votes=True, start=TODAY, person=PersonDetails("Al Bell")),
    )

    assert dialog.add_member() is None

    assert len(shown_errors) == 1
    assert "is chair of EMC" in shown_errors.pop()
    with db.reading() as s:
        assert "Al Bell" not in [p.name for p in people.list_people(s)]


def test_a_change_of_role_ends_the_old_term_the_day_before(
    window: MainWindow, db: Database, answer: Answer
) -> None:
    seat(db)
    dialog = members_of(window, "EMC")
    dialog.select_membership(
        next(m.id for m in dialog.model.shown_rows() if m.person == "Ms Priya Natarajan")
    )
    answer(ChangeRoleDialog, RoleChange(Role.VICE_CHAIR, True, dt.date(2026, 6, 1)))

    changed = dialog.change_role()

    assert changed is not None
    assert changed.role is Role.VICE_CHAIR
    assert dialog.selected() == changed
    with db.reading() as s:
        terms = [
            (m.role, m.start, m.end)
            for m in people.list_memberships(s, body="EMC")
            if m.person == "Ms Priya Natarajan"
        ]
    assert sorted(terms, key=lambda t: t[1]) == [
        (Role.MEMBER, dt.date(2020, 1, 1), dt.date(2026, 5, 31)),
        (Role.VICE_CHAIR, dt.date(2026, 6, 1), None),
    ]


def test_the_change_role_dialog_offers_other_roles_from_the_day_after_the_term_began(
    qtbot: QtBot,
) -> None:
    membership = MembershipView(
        1, 1, "EMC", 2, "Ms Priya Natarajan", "", Role.MEMBER, True, TODAY, None
    )
    form = ChangeRoleDialog(None, membership, TODAY)
    qtbot.addWidget(form)

    assert "Member" not in [form.role.itemText(n) for n in range(form.role.count())]
    assert form.role.value() is Role.VICE_CHAIR
    assert form.value() == RoleChange(Role.VICE_CHAIR, True, TODAY + dt.timedelta(days=1))


def test_an_ended_term_is_hidden_until_ended_terms_are_shown(
    window: MainWindow, db: Database, answer: Answer
) -> None:
    seat(db)
    dialog = members_of(window, "EMC")
    dialog.select_membership(
        next(m.id for m in dialog.model.shown_rows() if m.person == "Mr Tom Walsh")
    )
    answer(EndTermDialog, dt.date(2026, 4, 30))

    ended = dialog.end_term()

    assert ended is not None
    assert ended.end == dt.date(2026, 4, 30)
    assert "Mr Tom Walsh" not in [name for name, _ in names_and_roles(dialog)]
    dialog.show_ended.setChecked(True)
    assert ("Mr Tom Walsh", "Secretary") in names_and_roles(dialog)
    row = dialog.model.find_row(lambda m: m.person == "Mr Tom Walsh")
    assert dialog.model.index(row, 4).data() == "Thu 30 Apr 2026"
    dialog.select_membership(ended.id)
    assert not dialog.end_button.isEnabled()
    assert not dialog.change_role_button.isEnabled()


def test_the_members_list_follows_changes_made_elsewhere(window: MainWindow, db: Database) -> None:
    dialog = members_of(window, "EMC")
    assert names_and_roles(dialog) == []

    def add(s: Any) -> MembershipView:
        person = people.add_person(s, name="Noor Haddad")
        return people.add_membership(
            s, body="EMC", person_id=person.id, role=Role.MEMBER, start=TODAY
        )

    window.ops.run_op(add)

    assert names_and_roles(dialog) == [("Noor Haddad", "Member")]


def test_the_empty_state_guide_opens_the_members_of_the_body(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.select_body("RSC")
    assert f'href="{MEMBERS_LINK}"' in window.empty_state.text()

    window.empty_state.linkActivated.emit(MEMBERS_LINK)

    rsc = window.body_model.index_of("RSC").data(BODY_ROLE)
    dialog = window.people_and_bodies.members[rsc.id]
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Members of RSC"


# --- people ---------------------------------------------------------------------------------


def test_people_are_found_by_any_of_their_details(
    window: MainWindow, db: Database, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    seat(db)
    dialog = window.people_and_bodies.open_people()
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 5

    qtbot.keyClicks(dialog.filter, "deputy")

    assert [p.display_name for p in dialog.model.shown_rows()] == ["Dr Luis Ferreira"]
    assert dialog.memberships.text().startswith("Memberships: EMC: vice-chair, since ")
    dialog.filter.clear()
    assert dialog.model.rowCount() == 5


def test_a_persons_details_are_corrected_through_the_form(
    window: MainWindow, db: Database, qtbot: QtBot, answer: Answer
) -> None:
    ids = seat(db)
    dialog = window.people_and_bodies.open_people()
    dialog.select_person(ids["Mensah"])

    def correct(parent: QWidget | None, **kwargs: Any) -> PersonDetails | None:
        form = PersonDetailsDialog(parent, kwargs["title"], "", kwargs["initial"])
        qtbot.addWidget(form)
        assert form.name.text() == "Amara Mensah"
        form.title.setText("Prof.")
        form.email.setText("not an address")
        assert not form.ok_button.isEnabled()
        assert "does not look like an email address" in form.problem.text()
        form.email.setText("a.mensah@example.ac.uk")
        assert form.ok_button.isEnabled()
        return form.value()

    answer(PersonDetailsDialog, correct)
    dialog.edit_person()

    with db.reading() as s:
        person = people.get_person(s, person_id=ids["Mensah"])
    assert (person.display_name, person.email) == ("Prof. Amara Mensah", "a.mensah@example.ac.uk")
    assert dialog.selected() is not None
    assert dialog.selected().display_name == "Prof. Amara Mensah"
    # The members list of the body says the same.
    assert ("Prof. Amara Mensah", "Member") in names_and_roles(members_of(window, "EMC"))


def test_someone_is_added_to_the_people_on_record(
    window: MainWindow, db: Database, answer: Answer
) -> None:
    dialog = window.people_and_bodies.open_people()
    answer(PersonDetailsDialog, PersonDetails("Kofi Boateng", "Dr", "Data manager", "Partner B"))

    added = dialog.add_person()

    assert added is not None
    assert [p.display_name for p in dialog.model.shown_rows()] == ["Dr Kofi Boateng"]
    assert dialog.selected() == added


# --- terms of reference ---------------------------------------------------------------------


def members_in_office(db: Database) -> list[MembershipView]:
    with db.reading() as s:
        return people.body_members_in_force(s, body="EMC", on=TODAY)


def emc(db: Database) -> BodyView:
    with db.reading() as s:
        return bodies.body_view(s, code="EMC")


def test_the_quorum_preview_follows_the_rule_as_it_is_set(db: Database, qtbot: QtBot) -> None:
    seat(db)
    with db.reading() as s:
        latest = list_terms(s, body="EMC")[-1]
    form = TermsVersionDialog(None, emc(db), latest, members_in_office(db), TODAY)
    qtbot.addWidget(form)
    form.show()

    # As the version before: a third of the four voting members, with the chair.
    assert form.preview.text() == (
        "Quorate with 2 of 4 voting members, including the chair or vice-chair."
    )
    form.use_count.setChecked(True)
    form.count.setValue(3)
    assert form.preview.text() == (
        "Quorate with 3 of 4 voting members, including the chair or vice-chair."
    )
    form.chair_required.setChecked(False)
    assert form.preview.text() == "Quorate with 3 of 4 voting members."
    # The secretary counts too once secretaries are named (the secretary votes: no).
    form.roles[Role.SECRETARY].setChecked(True)
    assert form.preview.text() == "Quorate with 3 of 4 voting members."
    form.roles[Role.MEMBER].setChecked(False)
    form.use_count.setChecked(False)
    form.numerator.setValue(1)
    form.denominator.setValue(2)
    assert form.preview.text() == "Quorate with 1 of 2 voting members."
    form.use_fraction.setChecked(False)
    assert form.preview.text() == "—"
    assert not form.ok_button.isEnabled()
    assert form.problem.text() == (
        "Set a number of members, a fraction of the voting members, or both."
    )


def test_a_new_version_cannot_take_effect_before_the_one_in_force(
    db: Database, qtbot: QtBot
) -> None:
    seat(db)
    with db.reading() as s:
        latest = list_terms(s, body="EMC")[-1]
    form = TermsVersionDialog(None, emc(db), latest, members_in_office(db), TODAY)
    qtbot.addWidget(form)

    form.effective_from.setDate(form.effective_from.date().addYears(-7))

    assert not form.ok_button.isEnabled()
    assert "Version 2 took effect on 1 January 2020" in form.problem.text()
    # The rule itself is whole, so its preview still shows.
    assert form.preview.text().startswith("Quorate with 2 of 4")


def test_a_new_version_of_the_terms_is_saved_and_listed(
    window: MainWindow, db: Database, answer: Answer, qtmodeltester: ModelTester
) -> None:
    seat(db)
    dialog = window.people_and_bodies.open_terms("EMC")
    assert dialog is not None
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    answer(
        TermsVersionDialog,
        TermsDetails(
            effective_from=TODAY,
            authority=Authority.RECOMMEND,
            quorum_roles=frozenset({Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER}),
            quorum_count=3,
            quorum_fraction=None,
            chair_required=False,
            purpose="Runs the Centre and recommends its budget.",
            review_date=dt.date(2027, 5, 1),
        ),
    )

    saved = dialog.new_version()

    assert saved is not None
    assert saved.version == 3
    rows = [
        [dialog.model.index(row, c).data() for c in range(dialog.model.columnCount())]
        for row in range(1, dialog.model.rowCount())
    ]
    assert rows == [
        [
            "2",
            "Wed 1 Jan 2020",
            "Decides",
            "1/3 of voting members, chair or vice-chair present",
            "chair, vice-chair, member",
            "—",
        ],
        [
            "3",
            "Fri 1 May 2026",
            "Recommends",
            "3 members",
            "chair, vice-chair, member",
            "Sat 1 May 2027",
        ],
    ]
    assert dialog.summary.text() == (
        "Version 3 in force since Fri 1 May 2026. 5 in office today. Quorate with 3 of 4 "
        "voting members."
    )
    assert (
        dialog.purpose.text() == "Purpose (version 3): Runs the Centre and recommends its budget."
    )


def test_the_terms_dialog_asks_with_the_members_in_office_and_the_latest_version(
    window: MainWindow, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    seat(db)
    asked: list[dict[str, Any]] = []
    monkeypatch.setattr(
        TermsVersionDialog, "ask", lambda _parent, **kwargs: asked.append(kwargs) or None
    )
    dialog = window.people_and_bodies.open_terms("EMC")
    assert dialog is not None

    assert dialog.new_version() is None

    (kwargs,) = asked
    assert kwargs["latest"].version == 2
    assert len(kwargs["members"]) == 5
    assert kwargs["today"] == TODAY


# --- bodies ---------------------------------------------------------------------------------


def test_a_new_body_is_created_and_chosen_in_the_tree(
    window: MainWindow, db: Database, answer: Answer, qtbot: QtBot
) -> None:
    def fill_in(parent: QWidget | None, **kwargs: Any) -> BodyDetails:
        form = BodyDialog(parent, "New body", "", kwargs["initial"], kwargs["bodies"], None)
        qtbot.addWidget(form)
        qtbot.keyClicks(form.code, "sab")
        assert form.code.text() == "SAB"
        form.name.setText("Scientific Advisory Board")
        form.kind.choose(BodyKind.SUBCOMMITTEE)
        assert form.problem.text() == "A subcommittee must report to a parent body."
        form.kind.choose(BodyKind.BOARD)
        form.parent_body.choose("GB")
        form.independent_chair.setChecked(True)
        assert form.ok_button.isEnabled()
        return form.value()

    answer(BodyDialog, fill_in)
    created = window.people_and_bodies.new_body()

    assert created is not None
    assert created.code == "SAB"
    selected = window.selected_body()
    assert selected is not None
    assert selected.code == "SAB"
    assert window.heading.text() == "Scientific Advisory Board (SAB)"
    assert window.body_model.index_of("SAB").parent() == window.body_model.index_of("GB")


def test_a_body_cannot_be_put_under_itself_or_a_body_below_it(db: Database, qtbot: QtBot) -> None:
    with db.reading() as s:
        everything = body_list.list_bodies(s)
    emc_body = next(b for b in everything if b.code == "EMC")
    form = BodyDialog(None, "Edit EMC", "", BodyDetails.of(emc_body), everything, "EMC")
    qtbot.addWidget(form)

    offered = [form.parent_body.itemText(n) for n in range(form.parent_body.count())]
    assert offered == ["No other body: the funder and the partners", "Governance Board (GB)"]


def test_a_body_is_renamed_retired_and_reinstated_from_the_menu(
    window: MainWindow, db: Database, answer: Answer, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.select_body("CTSC")
    answer(
        BodyDialog,
        BodyDetails(
            "CTSC", "Clinical Training and Fellowships Subcommittee", BodyKind.SUBCOMMITTEE, "EMC"
        ),
    )
    edited = window.people_and_bodies.edit_body()
    assert edited is not None
    assert window.heading.text() == "Clinical Training and Fellowships Subcommittee (CTSC)"

    questions: list[str] = []
    monkeypatch.setattr(
        Confirm, "ask", lambda _parent, **kwargs: questions.append(kwargs["text"]) or True
    )
    window.people_and_bodies.update_actions()
    assert window.people_and_bodies.retire_action.text() == "&Retire CTSC…"
    window.people_and_bodies.retire_action.trigger()

    assert "keeps its meetings, minutes and members on record" in questions[0]
    selected = window.selected_body()
    assert selected is not None
    assert selected.retired
    assert window.body_model.index_of("CTSC").data().endswith("(retired)")
    window.people_and_bodies.update_actions()
    assert window.people_and_bodies.retire_action.text() == "Rein&state CTSC…"
    window.people_and_bodies.retire_action.trigger()
    selected = window.selected_body()
    assert selected is not None
    assert not selected.retired


def test_the_body_trees_context_menu_names_the_body(window: MainWindow) -> None:
    emc_body = window.body_model.index_of("EMC").data(BODY_ROLE)
    window.select_body("EMC")

    menu = window.people_and_bodies.context_menu(emc_body)

    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == [
        "&Members of EMC…",
        "&Terms of reference of EMC…",
        "&Edit EMC…",
        "New &subcommittee of EMC…",
        "&Retire EMC…",
        "&New body…",
    ]
    menu.actions()[0].trigger()
    assert window.people_and_bodies.members[emc_body.id].isVisible()
    menu.close()


def test_the_people_and_bodies_menu_is_in_the_menu_bar(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    menu = menus["&People and bodies"]
    window.select_body("RSC")
    menu.aboutToShow.emit()
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "&People…",
        "&Import people…",
        "&Members of RSC…",
        "&Terms of reference of RSC…",
        "&New body…",
        "&Edit RSC…",
        "&Retire RSC…",
    ]


def test_a_dialog_left_open_is_not_modal(window: MainWindow) -> None:
    dialog = window.people_and_bodies.open_people()
    assert isinstance(dialog, PeopleDialog)
    assert isinstance(dialog, QDialog)
    assert not dialog.isModal()
    terms = window.people_and_bodies.open_terms("GB")
    assert isinstance(terms, TermsDialog)
    assert window.people_and_bodies.open_terms("GB") is terms


def test_the_default_terms_copy_the_version_before(db: Database) -> None:
    seat(db)
    with db.reading() as s:
        latest = list_terms(s, body="EMC")[-1]
    draft = people_dialogs.default_terms(latest, TODAY)
    assert (draft.quorum_fraction, draft.chair_required, draft.effective_from) == (
        (1, 3),
        True,
        TODAY,
    )
    assert draft.review_date == dt.date(2027, 5, 1)
    assert people_dialogs.years_later(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)


def test_another_clerks_change_shows_after_a_refresh(window: MainWindow, db: Database) -> None:
    dialog = members_of(window, "EMC")
    with db.transaction() as s:
        person = people.add_person(s, name="Noor Haddad")
        people.add_membership(s, body="EMC", person_id=person.id, role=Role.MEMBER, start=TODAY)
    assert names_and_roles(dialog) == []

    window.refresh_action.trigger()

    assert names_and_roles(dialog) == [("Noor Haddad", "Member")]


def test_a_new_version_of_the_terms_sets_who_sees_confidential_business_and_the_rhythm(
    qtbot: QtBot, db: Database
) -> None:
    seat(db)
    with db.reading() as s:
        latest = list_terms(s, body="EMC")[-1]
    form = TermsVersionDialog(None, emc(db), latest, members_in_office(db), TODAY)
    qtbot.addWidget(form)
    assert form.confidential_roles[Role.MEMBER].isChecked()
    assert not form.confidential_roles[Role.OBSERVER].isChecked()

    form.confidential_roles[Role.OBSERVER].setChecked(True)
    form.rhythm["circulate_days"].setValue(5)
    form.rhythm["remind_every_days"].setValue(form.rhythm["remind_every_days"].minimum())
    assert form.rhythm["remind_every_days"].text() == "not set"
    details = form.value()
    with db.transaction() as s:
        saved = add_terms_of_reference(s, body="EMC", **details.fields())
    assert Role.OBSERVER in saved.confidential_roles
    assert saved.rhythm.circulate_days == 5
    assert saved.rhythm.remind_every_days is None
    assert saved.rhythm.papers_due_days == latest.rhythm.papers_due_days


def test_a_new_version_carries_the_rules_for_decisions_between_meetings(
    db: Database, qtbot: QtBot
) -> None:
    seat(db)
    with db.reading() as s:
        latest = list_terms(s, body="EMC")[-1]
    form = TermsVersionDialog(None, emc(db), latest, members_in_office(db), TODAY)
    qtbot.addWidget(form)

    # As the version before: allowed, by a majority of all voting members.
    assert form.written_resolutions.isChecked()
    assert form.chairs_action.isChecked()
    assert form.resolution_rule.currentText() == "A majority of all voting members"
    form.resolution_rule.choose((2, 3))
    form.chairs_action.setChecked(False)
    details = form.value()
    assert (details.resolution_fraction, details.chairs_action) == ((2, 3), False)
    with db.transaction() as s:
        saved = add_terms_of_reference(s, body="EMC", **details.fields())
    assert saved.resolution_rule.words() == "more than 2/3 of all voting members"
    assert not saved.chairs_action
