"""`ccsc-gov papers …` and `ccsc-gov export pack`: a clerk attaches, lists, replaces, fetches
and removes papers and builds packs from the command line; bad input is one line and a
failing status, with nothing written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cycle_helpers import schedule, seat
from paper_helpers import agenda_starts, read_pack, write_encrypted_pdf, write_fake_pdf, write_pdf

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services import agenda
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import Confidentiality

pytestmark = pytest.mark.sqlite_only


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(result: tuple[int, str, str]) -> str:
    code, out, err = result
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ccsc-gov: "), err
    return lines[0]


@pytest.fixture
def centre(tmp_path: Path) -> str:
    path = str(tmp_path / "centre.sqlite3")
    database = open_database(path)
    with database.transaction() as s:
        seat(s, "EMC")
        ref = schedule(s, "EMC", dt.date(2026, 11, 10))
        agenda.add_item(s, meeting=ref, title="Data-management policy", papers="EMC-26-11-A")
        agenda.add_item(s, meeting=ref, title="Pay", confidentiality=Confidentiality.CONFIDENTIAL)
    database.close()
    return path


def test_a_clerk_attaches_lists_replaces_fetches_and_removes_papers(
    capsys: pytest.CaptureFixture[str], centre: str, tmp_path: Path
) -> None:
    db = ("--db", centre)
    policy = write_pdf(tmp_path, "policy.pdf", 3)
    code, out, _ = run(
        capsys, *db, "papers", "add", "EMC/2026/01", "5.1", str(policy), "--title", "Policy"
    )
    assert code == 0
    assert "as paper EMC-26-11-A" in out
    annex = write_pdf(tmp_path, "annex.pdf", 2)
    code, out, _ = run(
        capsys, *db, "papers", "add", "emc/2026/01", "5.1", str(annex), "--confidential"
    )
    assert code == 0
    assert "EMC-26-11-B (confidential)" in out
    code, out, _ = run(capsys, *db, "papers", "list", "EMC/2026/01", "--json")
    listed = json.loads(out)
    assert [
        (p["number"], p["item"], p["version"], p["pages"], p["confidential"]) for p in listed
    ] == [
        ("EMC-26-11-A", "5.1", 1, 3, False),
        ("EMC-26-11-B", "5.1", 1, 2, True),
    ]
    assert listed[0]["size"] == policy.stat().st_size
    newer = write_pdf(tmp_path, "policy-v2.pdf", 4)
    assert run(capsys, *db, "papers", "replace", "EMC-26-11-A", str(newer))[0] == 0
    code, out, _ = run(capsys, *db, "papers", "list", "EMC/2026/01")
    assert "EMC-26-11-A  5.1  Policy  v2  4 pp" in out
    got = tmp_path / "got.pdf"
    assert (
        run(capsys, *db, "papers", "get", "EMC-26-11-A", "-o", str(got), "--version", "1")[0] == 0
    )
    assert got.read_bytes() == policy.read_bytes()
    assert run(capsys, *db, "papers", "remove", "EMC-26-11-B")[0] == 0
    code, out, _ = run(capsys, *db, "papers", "list", "EMC/2026/01", "--json")
    assert [p["number"] for p in json.loads(out)] == ["EMC-26-11-A"]


def test_the_pack_and_its_public_version_and_supplement_from_the_command_line(
    capsys: pytest.CaptureFixture[str], centre: str, tmp_path: Path
) -> None:
    db = ("--db", centre)
    run(capsys, *db, "papers", "add", "EMC/2026/01", "5.1", str(write_pdf(tmp_path, "a.pdf", 3)))
    run(capsys, *db, "papers", "add", "EMC/2026/01", "5.2", str(write_pdf(tmp_path, "pay.pdf", 2)))
    pack, public = tmp_path / "pack.pdf", tmp_path / "public.pdf"
    code, out, _ = run(capsys, *db, "export", "pack", "EMC/2026/01", "-o", str(pack))
    assert code == 0
    assert "(7 pages, 2 papers)" in out
    assert agenda_starts(read_pack(pack)) == {"EMC-26-11-A": 3, "EMC-26-11-B": 6}
    code, out, _ = run(capsys, *db, "export", "pack", "EMC/2026/01", "-o", str(public), "--public")
    assert code == 0
    assert "public pack" in out
    assert len(read_pack(public).pages) == 5
    # Built again with nothing changed: the same file, and no new line in `papers packs`.
    again = tmp_path / "again.pdf"
    code, out, _ = run(capsys, *db, "export", "pack", "EMC/2026/01", "-o", str(again))
    assert code == 0
    assert "(7 pages, 2 papers)" in out
    assert again.read_bytes() == pack.read_bytes()
    refusal = one_line_error(
        run(
            capsys,
            *db,
            "export",
            "pack",
            "EMC/2026/01",
            "-o",
            str(tmp_path / "s.pdf"),
            "--supplement",
        )
    )
    assert "nothing for a supplement" in refusal
    run(capsys, *db, "papers", "add", "EMC/2026/01", "5.1", str(write_pdf(tmp_path, "late.pdf", 1)))
    code, out, _ = run(
        capsys, *db, "export", "pack", "EMC/2026/01", "-o", str(tmp_path / "s.pdf"), "--supplement"
    )
    assert code == 0
    assert "supplement 1 to the board pack" in out
    assert "(3 pages, 1 paper)" in out
    code, out, _ = run(capsys, *db, "papers", "packs", "EMC/2026/01", "--json")
    assert [(p["pack"], p["papers"]) for p in json.loads(out)] == [
        ("board pack", ["EMC-26-11-A v1", "EMC-26-11-B v1"]),
        ("public pack", ["EMC-26-11-A v1"]),
        ("supplement 1 to the board pack", ["EMC-26-11-C v1"]),
    ]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["papers", "add", "EMC/2026/01", "5.1", "{fake}"], "is not a PDF"),
        (["papers", "add", "EMC/2026/01", "5.1", "{locked}"], "protected by a password"),
        (["papers", "add", "EMC/2026/01", "5.1", "{missing}"], "There is no file at"),
        (["papers", "add", "EMC/2026/01", "9.9", "{good}"], "has no agenda item 9.9"),
        (["papers", "add", "EMC/2099/01", "5.1", "{good}"], "no meeting with the reference"),
        (["papers", "replace", "EMC-26-11-Q", "{good}"], "no paper numbered"),
        (["papers", "get", "EMC-26-11-Q", "-o", "{out}"], "no paper numbered"),
        (["export", "pack", "EMC/2026/01", "-o", "{docx}"], "give a name ending in .pdf"),
        (["export", "pack", "EMC/2026/01", "-o", "/nowhere/p.pdf"], "does not exist"),
    ],
    ids=["fake", "encrypted", "missing", "item", "meeting", "paper", "get", "extension", "folder"],
)
def test_bad_input_is_one_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], centre: str, tmp_path: Path, argv: list[str], words: str
) -> None:
    names = {
        "fake": write_fake_pdf(tmp_path),
        "locked": write_encrypted_pdf(tmp_path),
        "missing": tmp_path / "absent.pdf",
        "good": write_pdf(tmp_path, "good.pdf", 1),
        "out": tmp_path / "out.pdf",
        "docx": tmp_path / "pack.docx",
    }
    filled = [a.format(**{k: str(v) for k, v in names.items()}) for a in argv]
    assert words in one_line_error(run(capsys, "--db", centre, *filled))
    _code, out, _ = run(capsys, "--db", centre, "papers", "list", "EMC/2026/01", "--json")
    assert json.loads(out) == []
    assert not (tmp_path / "out.pdf").exists()
    assert not (tmp_path / "pack.docx").exists()
