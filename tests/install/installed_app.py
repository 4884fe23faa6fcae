"""What a clerk does first with an installed copy of the app, run as separate processes from a
folder far from the checkout: the version, a demo database, minutes, an agenda and an action log
exported from it (each reopened with python-docx), the PostgreSQL driver loaded, and the window
started (offscreen) on the database."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import docx

from ccsc_gov import __version__

MEETING = "EMC/2026/04"  # minutes approved in the one-year demo up to DEMO_UNTIL
DEMO_UNTIL = "2026-11-29"


def clean_environment(home: Path) -> dict[str, str]:
    """An environment with its own profile (settings, data, logs) and no path into the checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["HOME"] = str(home)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def window_starts(app: Sequence[str | Path], db: Path, cwd: Path, env: dict[str, str]) -> None:
    """Start the window (offscreen) and see it opened, in the app's log; then close the app."""
    log = Path(env["XDG_STATE_HOME"]) / "ccsc-gov" / "log" / "ccsc-gov.log"
    process = subprocess.Popen(
        [str(part) for part in (*app, "--db", db)],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if log.exists() and "The main window is open on" in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.2)
        running = process.poll() is None
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=30)
    assert running, f"The window did not start (exit status {process.returncode}):\n{errors}"
    assert f"The main window is open on {db}" in log.read_text(encoding="utf-8")
    assert "Traceback" not in errors


def paragraphs(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def exercise(app: Sequence[str | Path], workdir: Path) -> None:
    """Run the installed `app` (its command line) through a clerk's first steps in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = clean_environment(workdir / "home")
    db = workdir / "centre.sqlite3"
    assert run([*app, "--version"], workdir, env).strip() == f"ccsc-gov {__version__}"
    run([*app, "demo", "--db", db, "--years", "1", "--until", DEMO_UNTIL], workdir, env)

    run([*app, "export", "minutes", MEETING, "--db", db, "-o", "minutes.docx"], workdir, env)
    minutes = docx.Document(str(workdir / "minutes.docx"))
    assert minutes.paragraphs[0].text == "Executive Management Committee"
    assert "Approved at meeting EMC/2026/05" in paragraphs(workdir / "minutes.docx")
    # Styled by the shipped house template, not python-docx's default one.
    assert any(p.style is not None and p.style.name == "Minute Heading" for p in minutes.paragraphs)

    run([*app, "export", "agenda", MEETING, "--db", db, "-o", "agenda.docx"], workdir, env)
    assert "Agenda" in paragraphs(workdir / "agenda.docx")

    run([*app, "export", "actions", "--db", db, "-o", "actions.docx"], workdir, env)
    log = docx.Document(str(workdir / "actions.docx"))
    assert log.tables
    assert len(log.tables[0].rows) > 1

    # The PostgreSQL driver is there: the server is what is missing, not the means to reach it.
    refused = subprocess.run(
        [
            str(part)
            for part in (*app, "check", "--db", "postgresql+psycopg://nobody@127.0.0.1:9/x")
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1, refused.stderr
    assert "connection failed" in refused.stderr, refused.stderr

    window_starts(app, db, workdir, env)
