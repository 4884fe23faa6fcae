"""What a clerk does first with an installed copy of the app, run as separate processes from a
folder far from the checkout: the version, a demo database, and minutes, an agenda and an action
log exported from it, each reopened with python-docx."""

from __future__ import annotations

import os
import subprocess
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
    assert log.tables and len(log.tables[0].rows) > 1
