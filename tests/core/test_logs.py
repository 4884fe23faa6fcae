"""The app's log: a rotating file in the user's log folder with every refusal and its reason,
errors with their traceback, and no minute text at INFO."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import docx
import pytest
from demo_database import DEMO_UNTIL

from ccsc_gov.cli.commands import main
from ccsc_gov.core.settings.logs import LOG_BYTES, LOG_FILE_NAME, LOGS_KEPT, log_dir, start_logging

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(autouse=True)
def own_log_handler() -> Iterator[None]:
    """Each test's log file is closed and let go afterwards."""
    yield
    logger = logging.getLogger("ccsc_gov")
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own log folder, as the user's log folder."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return log_dir() / LOG_FILE_NAME


def test_a_refused_command_is_logged_with_its_reason(
    log_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["check", "--db", str(missing)]) == 1

    log = log_file.read_text(encoding="utf-8")
    assert f"WARNING ccsc_gov.cli.running: Refused check: There is no database at {missing}" in (
        log
    )
    assert "INFO ccsc_gov.cli.running: ccsc-gov 0.1.0: check" in log
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    capsys.readouterr()


def test_minute_text_never_reaches_the_log(
    log_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "centre.sqlite3")
    until = DEMO_UNTIL.isoformat()
    assert main(["demo", "--db", db, "--years", "1", "--until", until]) == 0
    minutes = tmp_path / "minutes.docx"
    assert main(["export", "minutes", "EMC/2026/04", "--db", db, "-o", str(minutes)]) == 0
    assert main(["export", "minutes", "EMC/2099/01", "--db", db, "-o", str(minutes)]) == 1

    log = log_file.read_text(encoding="utf-8")
    texts = [p.text for p in docx.Document(str(minutes)).paragraphs if len(p.text) > 20]
    assert len(texts) > 20
    assert not [text for text in texts if text in log]
    assert "Refused export minutes:" in log  # the refusal is there, with its reason
    capsys.readouterr()


def test_the_log_rolls_over_and_keeps_a_few_old_files(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    assert start_logging(folder) == folder / LOG_FILE_NAME
    logger = logging.getLogger("ccsc_gov.test")
    line = "x" * 1000
    for _ in range((LOGS_KEPT + 2) * LOG_BYTES // 1000):
        logger.info(line)
    names = sorted(path.name for path in folder.iterdir())
    assert names == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, LOGS_KEPT + 1)]
    assert all(path.stat().st_size <= LOG_BYTES + 2000 for path in folder.iterdir())


def test_a_log_folder_that_cannot_be_made_costs_the_log_not_the_app(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert start_logging(blocker / "log") is None
    logging.getLogger("ccsc_gov.test").warning("goes nowhere, quietly")
