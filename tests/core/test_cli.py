"""The command line, as a clerk or a script uses it: output, JSON and one-line errors."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services.bodies import body_by_code
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import Meeting, MeetingStatus


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_bodies_json_lists_the_five_bodies_with_their_reporting_lines(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "bodies", "--db", db_target, "--json")
    assert code == 0
    bodies = {b["code"]: b for b in json.loads(out)}
    assert bodies["GB"] == {
        **bodies["GB"],
        "parent": None,
        "independent_chair": True,
        "name": "Governance Board",
    }
    assert bodies["EMC"]["parent"] == "GB"
    assert {bodies[c]["parent"] for c in ("RSC", "NCTSC", "CTSC")} == {"EMC"}
    assert [b["code"] for b in json.loads(out)][:2] == ["GB", "EMC"]


def test_db_may_come_before_the_command(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", db_target, "bodies")
    assert code == 0
    assert "Executive Management Committee" in out
    assert "reports to GB" in out


def test_meetings_lists_one_meeting_a_line_and_as_json(
    db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_target)
    with database.transaction() as session:
        emc = body_by_code(session, "EMC")
        session.add(
            Meeting(
                ref="EMC/2026/03",
                body_id=emc.id,
                start_at=dt.datetime(2026, 3, 10, 14),
                end_at=dt.datetime(2026, 3, 10, 16),
                status=MeetingStatus.PLANNED,
            )
        )
    database.close()
    code, out, _ = run(capsys, "meetings", "--db", db_target, "--body", "emc")
    assert code == 0
    assert out.splitlines() == ["EMC/2026/03  EMC  Tue 10 Mar 2026 14:00  planned"]
    code, out, _ = run(capsys, "meetings", "--db", db_target, "--json")
    [meeting] = json.loads(out)
    assert meeting["ref"] == "EMC/2026/03"
    assert meeting["body"] == "EMC"
    assert meeting["start"] == "2026-03-10T14:00:00"
    assert meeting["status"] == "planned"


def test_an_unknown_body_code_is_one_clear_line(
    db: Database, db_target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "meetings", "--db", db_target, "--body", "SAB")
    assert code != 0
    assert out == ""
    assert err.strip().splitlines() == [
        "ccsc-gov: There is no body with the code “SAB”. Known bodies: GB, EMC, RSC, NCTSC, CTSC."
    ]


@pytest.mark.sqlite_only  # files and SQLite's own checks
def test_check_passes_a_sound_database_and_refuses_a_missing_one(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(str(db_path)).close()
    assert run(capsys, "check", "--db", str(db_path))[0] == 0
    missing = tmp_path / "nowhere.sqlite3"
    code, _, err = run(capsys, "check", "--db", str(missing))
    assert code != 0
    assert "There is no database" in err
    assert not missing.exists()


@pytest.mark.sqlite_only  # files and SQLite's own checks
def test_backup_writes_a_copy_that_passes_check(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(str(db_path)).close()
    target = tmp_path / "copy.sqlite3"
    assert run(capsys, "backup", "--db", str(db_path), "-o", str(target))[0] == 0
    assert run(capsys, "check", "--db", str(target))[0] == 0
    code, _, err = run(
        capsys,
        "backup",
        "--db",
        str(tmp_path / "absent.sqlite3"),
        "-o",
        str(tmp_path / "x.sqlite3"),
    )
    assert code != 0
    assert "There is no database" in err


@pytest.mark.sqlite_only  # needs no database of the test's: once is enough
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("postgresql+psycopg://clerk:secret@127.0.0.1:9/centre", "Cannot open the database"),
        ("nosuchdialect://somewhere/db", "Cannot use the database address"),
        ("{tmp}/notes.txt/centre.sqlite3", "There is no database at"),
        ("{tmp}/notes.txt", "is not a ccsc-gov database"),
    ],
)
def test_a_bad_database_is_one_clear_line_without_a_traceback(
    tmp_path: Path, target: str, message: str
) -> None:
    (tmp_path / "notes.txt").write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "ccsc_gov", "bodies", "--db", target.format(tmp=tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "secret" not in result.stderr
