"""Clear words under every fault, for every command that writes: a crash (SIGKILL), a lock held
past the busy timeout, a full disk (a file-size limit on the process, RLIMIT_FSIZE) and a
read-only folder and file. Each command runs as its own process, as a clerk runs it; each fault
ends in one line on standard error, the fault's own exit status, no traceback, and the database
as it was (or, after a crash, sound, with each transaction whole or absent)."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from ccsc_gov.core.store.backups import backup_file
from ccsc_gov.core.store.db import open_database

pytestmark = pytest.mark.sqlite_only

CSV = "name,body,role,start\r\n" + "".join(
    f"Member {n},RSC,member,2024-01-01\r\n" for n in range(200)
)


@dataclass(frozen=True)
class Place:
    folder: Path
    db: Path
    backup: Path
    csv: Path
    profile: Path


@pytest.fixture
def place() -> Iterator[Place]:
    """A database with a backup and a CSV file beside it, in a folder any user may enter (the
    read-only case runs as another user, since root writes through permissions)."""
    folder = Path(tempfile.mkdtemp(prefix="ccsc-gov-faults-"))
    os.chmod(folder, 0o755)
    db = folder / "centre.sqlite3"
    database = open_database(str(db))
    backup_file(database, folder / "monday.sqlite3")
    database.close()
    (folder / "members.csv").write_text(CSV, encoding="utf-8")
    profile = folder / "profile"
    profile.mkdir(mode=0o777)
    os.chmod(profile, 0o777)
    yield Place(folder, db, folder / "monday.sqlite3", folder / "members.csv", profile)
    shutil.rmtree(folder, ignore_errors=True)


# Every command that writes: its arguments, given the place.
WRITERS: dict[str, Callable[[Place], list[str]]] = {
    "init": lambda p: ["init", "--db", str(p.folder / "new.sqlite3")],
    "demo": lambda p: ["demo", "--years", "1", "--until", "2026-06-30", "--db", str(p.db)],
    "import people": lambda p: ["import", "people", str(p.csv), "--db", str(p.db)],
    "backup": lambda p: ["backup", "--db", str(p.db), "-o", str(p.folder / "copy.sqlite3")],
    "restore": lambda p: ["restore", str(p.backup), "--db", str(p.db)],
}


def _run(
    place: Place, argv: list[str], *, read_only: bool = False, **options: object
) -> subprocess.CompletedProcess[str]:
    """Run a command as a clerk would; `read_only` puts the place on a read-only file system
    (a read-only bind mount, in a mount namespace of the command's own)."""
    command = command_of(argv)
    if read_only:
        mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
        command = ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount]
        command += [str(place.folder), *command_of(argv)]
    env = os.environ | {
        "CCSC_GOV_BUSY_TIMEOUT_MS": "300",
        **{v: str(place.profile) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")},
    }
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        **options,
    )


def command_of(argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "ccsc_gov", *argv]


def _can_mount() -> bool:
    probe = ["unshare", "--mount", "--propagation", "private", "mount", "--bind", "/", "/mnt"]
    return shutil.which("unshare") is not None and subprocess.run(probe).returncode == 0


def _content(path: Path) -> list[tuple[object, ...]]:
    """Every row of every table, to compare before and after."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, *row) for t in sorted(tables) for row in conn.execute(f"SELECT * FROM {t}")]


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ccsc-gov: "), result.stderr
    return lines[0]


def _sound(place: Place) -> None:
    result = _run(place, ["check", "--db", str(place.db)])
    assert result.returncode == 0, result.stderr


# What each writer does under each fault: (exit status, words in the message); None: the
# command does not write the database under that fault and succeeds.
BUSY = {
    "demo": (4, "Another clerk is saving a change; nothing was written — try again."),
    "import people": (4, "Another clerk is saving a change; nothing was written — try again."),
    "backup": None,  # a backup reads a snapshot while others write
    "restore": (1, "still has"),
}
DISK_FULL = {
    "init": (5, "full"),
    "demo": (5, "full"),
    "import people": (5, "full"),
    "backup": (5, "full"),
    "restore": (5, "full"),
}
READ_ONLY = {
    "init": (1, "Cannot create a database"),
    "demo": (7, "is read-only"),
    "import people": (7, "is read-only"),
    "backup": (1, "Cannot write the backup"),
    "restore": (7, "is read-only"),
}


@pytest.mark.parametrize("command", BUSY)
def test_a_lock_held_past_the_busy_timeout(place: Place, command: str) -> None:
    before = _content(place.db)
    holder = sqlite3.connect(place.db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = _run(place, WRITERS[command](place))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    if BUSY[command] is None:
        assert result.returncode == 0, result.stderr
    else:
        status, words = BUSY[command]
        assert (result.returncode, words in _one_line(result)) == (status, True)
        assert _content(place.db) == before
    _sound(place)


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


@pytest.mark.parametrize("command", DISK_FULL)
def test_a_full_disk(place: Place, command: str) -> None:
    before = _content(place.db)
    result = _run(place, WRITERS[command](place), preexec_fn=_file_size_limit(8192))
    status, words = DISK_FULL[command]
    assert (result.returncode, words in _one_line(result)) == (status, True), result.stderr
    assert _content(place.db) == before
    assert not (place.folder / "new.sqlite3").exists()
    assert not (place.folder / "copy.sqlite3").exists()
    _sound(place)


@pytest.mark.skipif(not _can_mount(), reason="needs a mount namespace (unshare --mount)")
@pytest.mark.parametrize("command", READ_ONLY)
def test_a_read_only_file_system(place: Place, command: str) -> None:
    before = _content(place.db)
    result = _run(place, WRITERS[command](place), read_only=True)
    status, words = READ_ONLY[command]
    assert (result.returncode, words in _one_line(result)) == (status, True), result.stderr
    # Reading and exporting still work.
    listing = _run(place, ["bodies", "--db", str(place.db)], read_only=True)
    assert listing.returncode == 0, listing.stderr
    assert "Governance Board" in listing.stdout
    exported = place.profile.parent.parent / f"{place.folder.name}-actions.xlsx"
    export = ["export", "actions", "--db", str(place.db), "-o", str(exported)]
    result = _run(place, export, read_only=True)
    assert result.returncode == 0, result.stderr
    assert exported.exists()
    exported.unlink()
    assert _content(place.db) == before
    _sound(place)


@pytest.mark.parametrize("command", WRITERS)
def test_a_crash_part_way(place: Place, command: str) -> None:
    before = _content(place.db)
    process = subprocess.Popen(
        [sys.executable, "-m", "ccsc_gov", *WRITERS[command](place)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(random.uniform(0.6, 1.2))
    process.send_signal(signal.SIGKILL)
    process.wait()
    _sound(place)
    after = _content(place.db)
    if command == "import people":
        added = len(after) - len(before)
        assert added in (0, len(_content(place.db)) - len(before))  # whole or absent
    for made in ("new.sqlite3", "copy.sqlite3"):
        target = place.folder / made
        if target.exists() and target.stat().st_size:
            result = _run(place, ["check", "--db", str(target)])
            assert result.returncode == 0 or "empty" in result.stderr, result.stderr


# ------------------------------------------------- files that are not (sound) databases


def _main(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    from ccsc_gov.cli.commands import main

    code = main(list(argv))
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    # `check` lists each problem it finds, then a summary line.
    assert "Traceback" not in err, err
    assert len(lines) <= 1 or argv[0] == "check", err
    return code, err


def test_a_zero_byte_file_is_never_made_a_database_by_a_read_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    for command in ("meetings", "check", "bodies", "audit"):
        code, err = _main(capsys, command, "--db", str(empty))
        assert code == 1, err
        assert "is empty: it holds no ccsc-gov database" in err
        assert "ccsc-gov init --db" in err
    assert empty.stat().st_size == 0
    assert _main(capsys, "init", "--db", str(empty))[0] == 0
    assert _main(capsys, "check", "--db", str(empty))[0] == 0


def test_a_read_command_never_makes_a_database_where_there_is_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _main(capsys, "meetings", "--db", str(tmp_path / "new.db"))
    assert code == 1
    assert "There is no database at" in err
    assert not (tmp_path / "new.db").exists()


def test_a_foreign_file_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"Minutes of the meeting\n" * 200)
    for command in ("meetings", "check", "init"):
        code, err = _main(capsys, command, "--db", str(notes))
        assert code == 1, err
        assert "is not a ccsc-gov database" in err
    assert notes.read_bytes() == b"Minutes of the meeting\n" * 200


@pytest.mark.parametrize("versions", [("0099",), ("0006", "0099")], ids=["unknown", "doubled"])
def test_an_unknown_or_doubled_schema_version_is_refused(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], versions: tuple[str, ...]
) -> None:
    open_database(str(db_path)).close()
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("DELETE FROM alembic_version")
        conn.executemany("INSERT INTO alembic_version VALUES (?)", [(v,) for v in versions])
    words = "newer version of ccsc-gov" if len(versions) == 1 else "records 2 schema versions"
    for argv in (["meetings", "--db", str(db_path)], ["check", "--db", str(db_path)]):
        code, err = _main(capsys, *argv)
        assert code == 1, err
        assert words in err or "schema is at 0099" in err, err
    target = tmp_path / "live.db"
    open_database(str(target)).close()
    code, err = _main(capsys, "restore", str(db_path), "--db", str(target))
    assert (code == 1 and "nothing was restored" in err) or words in err, err


def test_a_damaged_page_gives_one_line_to_every_read_command(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(str(db_path)).close()
    with closing(sqlite3.connect(db_path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'body'").fetchone()
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with db_path.open("r+b") as f:
        f.seek((root[0] - 1) * page_size)
        f.write(b"\xff" * 100)
    for command in ("bodies", "check"):  # (with no meetings, `meetings` never reads the page)
        code, err = _main(capsys, command, "--db", str(db_path))
        assert code in {1, 6}, err
        assert "damaged" in err or "malformed" in err, err
