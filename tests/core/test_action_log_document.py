"""The action log as the chair reads it: soonest due first, an overdue action marked in its
status rather than a whole row in bold red, open actions unless asked for all (and saying so),
and a public log that leaves out actions from confidential items."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from demo_database import DEMO_UNTIL
from docx.oxml.ns import qn

from ccsc_gov.cli.commands import main
from ccsc_gov.core.export import gather
from ccsc_gov.core.export.action_log import write_action_log
from ccsc_gov.core.store.db import Database
from ccsc_gov.core.store.models import ActionStatus


def header(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(
        t.text or ""
        for section in document.sections
        for t in section.header._element.iter(qn("w:t"))
    )


def export(capsys: pytest.CaptureFixture[str], db: Path, target: Path, *extra: str) -> None:
    code = main(
        [
            "export",
            "actions",
            "-o",
            str(target),
            "--as-of",
            DEMO_UNTIL.isoformat(),
            "--db",
            str(db),
            *list(extra),
        ]
    )
    capsys.readouterr()
    assert code == 0


def rows(path: Path) -> list[list[str]]:
    table = docx.Document(str(path)).tables[0]
    return [[c.text for c in r.cells] for r in table.rows]


def test_the_log_lists_open_actions_soonest_due_first_and_says_so(
    demo_db: Database, demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "log.docx"
    export(capsys, demo_db_path, target, "--body", "EMC")
    with demo_db.reading() as session:
        snapshot = gather.action_log_snapshot(
            session, body="EMC", outstanding=True, today=DEMO_UNTIL
        )
    assert snapshot.rows
    assert all(r.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) for r in snapshot.rows)
    table = rows(target)
    assert [r[0] for r in table[1:]] == [r.ref for r in snapshot.rows]
    dues = [r.due for r in snapshot.rows if r.due is not None]
    assert dues == sorted(dues)
    subtitle = docx.Document(str(target)).paragraphs[1].text
    assert subtitle.endswith(": open and in-progress actions")


def test_an_overdue_action_is_marked_in_its_status_only(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.reading() as session:
        snapshot = gather.action_log_snapshot(session, today=DEMO_UNTIL)
    assert any(r.overdue for r in snapshot.rows)
    target = tmp_path / "log.docx"
    write_action_log(snapshot, target)
    table = docx.Document(str(target)).tables[0]
    status = [c.text for c in table.rows[0].cells].index("Status")
    for row, data in zip(table.rows[1:], snapshot.rows, strict=True):
        styles = [c.paragraphs[0].style.name for c in row.cells]
        if data.overdue:
            assert row.cells[status].text.endswith("OVERDUE")
            assert styles[status] == "Table Text Overdue"
        assert [s for i, s in enumerate(styles) if i != status] == ["Table Text"] * (
            len(styles) - 1
        )


def test_the_public_log_leaves_out_confidential_actions_and_is_not_marked_confidential(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    internal, public = tmp_path / "internal.docx", tmp_path / "public.docx"
    export(capsys, demo_db_path, internal, "--all")
    export(capsys, demo_db_path, public, "--all", "--public")
    assert "CONFIDENTIAL" in header(internal)
    assert "CONFIDENTIAL" not in header(public)
    confidential = {r[1] for r in rows(internal)[1:] if r[3].startswith("Confidential:")}
    assert confidential
    shown = {r[1] for r in rows(public)[1:]}
    assert not shown & confidential
    assert len(shown) == len(rows(internal)) - 1 - len(confidential)
    text = "\n".join(p.text for p in docx.Document(str(public)).paragraphs)
    assert "Actions from confidential items left out" in text
