"""Fixtures of the chairs' views tests (a pytest plugin: `pytest_plugins = ["chairs_fixtures"]`):
a year of demo history built once per run and copied for each module (to read) or test (to
change), the chairs' windows opened on it, and the messages a chair would have seen."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from chairs_helpers import TODAY
from pytestqt.qtbot import QtBot

from ccsc_gov.core.demo.history import build_demo
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.ui import ops as ops_module
from ccsc_gov.ui.chairs import action_log as action_log_module
from ccsc_gov.ui.chairs.common import ChairWindow
from ccsc_gov.ui.ops import Operations

Window = TypeVar("Window", bound=ChairWindow)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of the Centre's business, built once for the whole run."""
    path = tmp_path_factory.mktemp("chairs-demo") / "demo.sqlite3"
    database = open_database(str(path))
    try:
        build_demo(database, years=1, until=TODAY)
    finally:
        database.close()
    return path


def _copy(source: Path, folder: Path) -> Database:
    target = folder / "centre.sqlite3"
    shutil.copyfile(source, target)
    return open_database(str(target))


@pytest.fixture(scope="module")
def demo(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo history for a module's tests that only read it."""
    database = _copy(demo_file, tmp_path_factory.mktemp("chairs"))
    yield database
    database.close()


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo history for one test that changes it."""
    database = _copy(demo_file, tmp_path)
    yield database
    database.close()


@pytest.fixture
def open_chair_window(qtbot: QtBot) -> Callable[..., Any]:
    """`open_chair_window(ActionLogWindow, database)`: the window, shown and read."""

    def open_(cls: type[Window], database: Database) -> Window:
        window = cls(Operations(database), today=lambda: TODAY)
        qtbot.addWidget(window)
        window.resize(1300, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages a chair would have seen in a message box."""
    shown: list[str] = []

    def show(_parent: Any, error: Exception) -> None:
        shown.append(str(error))

    monkeypatch.setattr(ops_module, "show_user_error", show)
    monkeypatch.setattr(action_log_module, "show_user_error", show)
    return shown
