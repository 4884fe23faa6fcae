"""The op helpers: one transaction per user action, plain-words errors, one change broadcast."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import NotAllowed, UserError
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.services.meeting_list import list_meetings
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import Meeting
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.ops import Operations

Diary = Callable[..., str]


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the clerk would have seen in a message box."""
    shown: list[str] = []
    monkeypatch.setattr(
        ops_module, "show_user_error", lambda _parent, error: shown.append(str(error))
    )
    return shown


@pytest.fixture
def ops(db: Database) -> Operations:
    return Operations(db)


@pytest.fixture
def broadcast(ops: Operations) -> list[Changes]:
    received: list[Changes] = []
    ops.changed.connect(received.append)
    return received


def meeting_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count(Meeting.id))) or 0


def test_an_op_is_saved_and_its_changes_announced_once(
    ops: Operations, db: Database, put_in_diary: Diary, broadcast: list[Changes]
) -> None:
    def schedule(session: Session) -> Changes:
        put_in_diary(session, "EMC", 7)
        return Changes(Area.MEETINGS)

    result = ops.run_op(schedule)

    assert result == Changes(Area.MEETINGS)
    assert broadcast == [Changes(Area.MEETINGS)]
    assert meeting_count(db) == 1


@dataclass(frozen=True)
class Scheduled:
    ref: str

    @property
    def changes(self) -> Changes:
        return Changes(Area.MEETINGS)


def test_an_op_may_return_a_view_that_carries_its_changes(
    ops: Operations, put_in_diary: Diary, broadcast: list[Changes]
) -> None:
    result = ops.run_op(lambda session: Scheduled(put_in_diary(session, "RSC", 7)))

    assert result is not None
    assert result.ref.startswith("RSC/")
    assert broadcast == [Changes(Area.MEETINGS)]


def test_a_refused_op_is_explained_in_plain_words_and_nothing_is_half_saved(
    ops: Operations,
    db: Database,
    put_in_diary: Diary,
    broadcast: list[Changes],
    shown_errors: list[str],
) -> None:
    def schedule_then_refuse(session: Session) -> Changes:
        put_in_diary(session, "EMC", 7)
        raise NotAllowed("The meeting is locked.")

    assert ops.run_op(schedule_then_refuse) is None

    assert shown_errors == ["The meeting is locked."]
    assert broadcast == []
    assert meeting_count(db) == 0


def test_a_bug_in_an_op_reaches_the_crash_handler_and_nothing_is_half_saved(
    ops: Operations,
    db: Database,
    put_in_diary: Diary,
    broadcast: list[Changes],
    shown_errors: list[str],
) -> None:
    def schedule_then_fail(session: Session) -> Changes:
        put_in_diary(session, "EMC", 7)
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        ops.run_op(schedule_then_fail)

    assert shown_errors == []
    assert broadcast == []
    assert meeting_count(db) == 0


def test_a_query_reads_without_writing_or_announcing(
    ops: Operations, db: Database, put_in_diary: Diary, broadcast: list[Changes]
) -> None:
    def peek(session: Session) -> int:
        put_in_diary(session, "EMC", 7)
        return len(list_meetings(session, body="EMC"))

    assert ops.run_query(peek) == 1

    assert broadcast == []
    assert meeting_count(db) == 0


def test_a_query_about_something_missing_is_explained(
    ops: Operations, shown_errors: list[str]
) -> None:
    assert ops.run_query(lambda session: list_meetings(session, body="SAB")) is None

    [message] = shown_errors
    assert "no body with the code “SAB”" in message


def test_the_error_box_shows_the_message_as_it_is(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append((box.windowTitle(), box.text()))
        return QMessageBox.StandardButton.Ok.value

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)

    ops_module.show_user_error(None, UserError("There is no body with the code “X”."))

    assert seen == [("Cannot do that", "There is no body with the code “X”.")]


def test_a_refused_action_is_logged_with_its_reason(
    ops: Operations, shown_errors: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(_session: Session) -> Changes:
        raise NotAllowed("Approved minutes cannot be changed.")

    with caplog.at_level("WARNING", logger="ccsc_gov"):
        assert ops.run_op(refuse) is None
        assert ops.run_query(refuse) is None

    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("ccsc_gov.ui.ops", "WARNING", "Refused: Approved minutes cannot be changed."),
    ] * 2
    assert shown_errors == ["Approved minutes cannot be changed."] * 2
