"""Unexpected errors: logged to a file and shown with their details; expected ones in words."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from ccsc_gov.core.governance.errors import NotFound
from ccsc_gov.core.settings.logs import LOG_FILE_NAME
from ccsc_gov.ui import crash, ops
from ccsc_gov.ui.crash import CrashHandler
from ccsc_gov.ui.crash_dialog import CrashDialog

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def raised(error: BaseException) -> ExcInfo:
    try:
        raise error
    except BaseException:
        exc_type, exc, tb = sys.exc_info()
        assert exc_type is not None
        assert exc is not None
        return exc_type, exc, tb


@pytest.fixture
def crashes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path | None]]:
    """The crash dialogs the user would have seen; each one chooses to carry on."""
    shown: list[tuple[str, Path | None]] = []

    def show(details: str, log_path: Path | None) -> bool:
        shown.append((details, log_path))
        return True

    monkeypatch.setattr(crash, "show_crash", show)
    return shown


def test_an_unexpected_error_is_logged_and_shown_with_its_details(
    tmp_path: Path, crashes: list[tuple[str, Path | None]], capsys: pytest.CaptureFixture[str]
) -> None:
    handler = CrashHandler(tmp_path / "log")

    handler(*raised(ZeroDivisionError("quorum of nobody")))

    [(details, log_path)] = crashes
    assert log_path == tmp_path / "log" / LOG_FILE_NAME
    assert "ZeroDivisionError: quorum of nobody" in details
    assert "Traceback" in details
    log = log_path.read_text(encoding="utf-8")
    assert "ccsc-gov 0.1.0" in log
    assert "ZeroDivisionError: quorum of nobody" in log
    assert "ZeroDivisionError" in capsys.readouterr().err


def test_each_crash_is_added_to_the_log(
    tmp_path: Path, crashes: list[tuple[str, Path | None]]
) -> None:
    handler = CrashHandler(tmp_path)

    handler(*raised(ValueError("first")))
    handler(*raised(ValueError("second")))

    log = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert log.index("ValueError: first") < log.index("ValueError: second")
    assert len(crashes) == 2


def test_an_unwritable_log_still_shows_the_crash(
    tmp_path: Path, crashes: list[tuple[str, Path | None]]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    handler = CrashHandler(not_a_folder)

    handler(*raised(RuntimeError("boom")))

    [(details, log_path)] = crashes
    assert log_path is None
    assert "RuntimeError: boom" in details


def test_an_error_while_the_crash_dialog_is_open_is_logged_but_not_stacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handler = CrashHandler(tmp_path)
    shown: list[str] = []

    def show(details: str, _log_path: Path | None) -> bool:
        shown.append(details)
        # A repaint behind the dialog fails again.
        handler(*raised(ValueError("again")))
        return True

    monkeypatch.setattr(crash, "show_crash", show)

    handler(*raised(ValueError("once")))

    assert len(shown) == 1
    assert "ValueError: again" in (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")


def test_a_user_error_that_escaped_an_op_is_still_shown_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crashes: list[tuple[str, Path | None]]
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(ops, "show_user_error", lambda _parent, error: messages.append(str(error)))

    CrashHandler(tmp_path)(*raised(NotFound("There is no meeting EMC/2026/09.")))

    assert messages == ["There is no meeting EMC/2026/09."]
    assert crashes == []
    assert not (tmp_path / LOG_FILE_NAME).exists()


def test_the_crash_dialog_offers_the_details_to_copy(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = CrashDialog("Traceback …\nValueError: x", tmp_path / LOG_FILE_NAME)
    qtbot.addWidget(dialog)

    assert dialog.details.toPlainText() == "Traceback …\nValueError: x"
    assert dialog.details.isReadOnly()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback …\nValueError: x"
    assert dialog.continue_button.isDefault()
