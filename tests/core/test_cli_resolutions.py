"""Decisions between meetings through the command line, on a copy of the demo history: a
written resolution from proposal to the register, the refusals, chair's action, and both on
the next meeting's agenda and in its minutes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services.meetings import schedule_meeting
from ccsc_gov.core.store.db import open_database
from ccsc_gov.core.store.models import AuditRecord


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _audit_rows(db: str) -> int:
    database = open_database(db, create=False)
    try:
        with database.reading() as session:
            return int(session.scalar(select(func.count()).select_from(AuditRecord)) or 0)
    finally:
        database.close()


@pytest.fixture
def db(demo_db_path: Path, tmp_path: Path) -> str:
    """A copy of the demo with an EMC meeting planned a few weeks from today."""
    target = tmp_path / "demo-copy.sqlite3"
    shutil.copyfile(demo_db_path, target)
    database = open_database(str(target), create=False)
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=30), dt.time(14))
    with database.transaction() as session:
        schedule_meeting(session, body="EMC", start=start, end=start + dt.timedelta(hours=2))
    database.close()
    return str(target)


def _next_emc_meeting(capsys: pytest.CaptureFixture[str], db: str) -> str:
    _, out, _ = run(capsys, "meetings", "--body", "EMC", "--json", "--db", db)
    planned = [
        m
        for m in json.loads(out)
        if m["status"] == "planned" and m["start"] >= dt.date.today().isoformat()
    ]
    return str(min(planned, key=lambda m: m["start"])["ref"])


def test_a_written_resolution_and_chairs_action_from_proposal_to_the_minutes(
    db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "members", "EMC", "--json", "--db", db)
    assert code == 0
    members = json.loads(out)
    voting = [m for m in members if m["votes"]]
    non_voting = [m for m in members if not m["votes"]]
    assert len(voting) >= 3
    assert {"name", "email", "role", "start", "end"} <= set(members[0])
    chair = next(m for m in voting if m["role"] == "chair")
    others = [m for m in voting if m is not chair]

    code, out, _ = run(
        capsys,
        "resolution",
        "propose",
        "--body",
        "EMC",
        "--title",
        "Extend the data agreement",
        "--text",
        "The Committee approves a six-month extension of the data agreement.",
        "--db",
        db,
    )
    assert code == 0
    ref = out.strip()
    assert ref.startswith(f"EMC/{dt.date.today().year}/WR")

    # A minority of all voting members for: not carried, still open.
    minority = len(voting) // 2
    for member in voting[:minority]:
        code, _, err = run(
            capsys,
            "resolution",
            "vote",
            ref,
            "--person",
            member["email"],
            "--vote",
            "for",
            "--via",
            "letter",
            "--db",
            db,
        )
        assert (code, err) == (0, "")
    _, out, _ = run(capsys, "resolution", "list", "--body", "EMC", "--json", "--db", db)
    [listed] = [r for r in json.loads(out) if r["ref"] == ref]
    assert listed["outcome"] == "open"
    assert listed["rule"] == "a majority of all voting members"
    assert listed["tally"] == {
        "for": minority,
        "against": 0,
        "abstain": 0,
        "entitled": len(voting),
        "required": len(voting) // 2 + 1,
    }

    # The refusals: each in words, with a non-zero status, nothing written.
    before = _audit_rows(db)
    declarer = others[-1]
    code, _, _ = run(
        capsys,
        "resolution",
        "declare",
        ref,
        "--person",
        declarer["email"],
        "--interest",
        "Collaborator on the project",
        "--db",
        db,
    )
    assert code == 0
    after_declaring = _audit_rows(db)
    assert after_declaring > before
    # The demo's EMC has an observer and a secretary, who do not vote.
    refusals = [
        (declarer["email"], "for", "declared an interest"),
        ("nobody@example.org", "for", "There is nobody"),
        (non_voting[0]["email"], "for", "was not a voting member"),
    ]
    for person, vote, words in refusals:
        code, out, err = run(
            capsys, "resolution", "vote", ref, "--person", person, "--vote", vote, "--db", db
        )
        assert code == 1
        assert words in err
        assert err.startswith("ccsc-gov: ")
        assert out == ""
    with pytest.raises(SystemExit) as bad_value:
        main(["resolution", "vote", ref, "--person", chair["email"], "--vote", "maybe", "--db", db])
    assert bad_value.value.code == 2
    assert "“maybe” is not a vote: use for, against, abstain" in capsys.readouterr().err
    assert _audit_rows(db) == after_declaring

    # Every voting member left for: carried when closed.
    for member in voting[minority:]:
        if member is not declarer:
            assert (
                run(
                    capsys,
                    "resolution",
                    "vote",
                    ref,
                    "--person",
                    member["email"],
                    "--vote",
                    "for",
                    "--db",
                    db,
                )[0]
                == 0
            )
    code, out, _ = run(capsys, "resolution", "close", ref, "--db", db)
    assert code == 0
    assert f"{ref} closed: carried" in out
    assert f"decision {ref}" in out
    code, _, err = run(
        capsys,
        "resolution",
        "vote",
        ref,
        "--person",
        chair["email"],
        "--vote",
        "against",
        "--db",
        db,
    )
    assert code == 1
    assert "nothing about it can change" in err

    # Chair's action: refused to a member who is not chair or vice-chair; taken by the chair.
    plain_member = next(m for m in others if m["role"] == "member")
    code, _, err = run(
        capsys,
        "chairs-action",
        "--body",
        "EMC",
        "--title",
        "Urgent purchase",
        "--text",
        "The purchase is approved.",
        "--reason",
        "The quote expires.",
        "--by",
        plain_member["email"],
        "--db",
        db,
    )
    assert code == 1
    assert "not the chair or vice-chair" in err
    code, out, _ = run(
        capsys,
        "chairs-action",
        "--body",
        "EMC",
        "--title",
        "Urgent purchase of a freezer",
        "--text",
        "The purchase of a replacement freezer is approved.",
        "--reason",
        "The old freezer failed and samples are at risk.",
        "--consulted",
        others[0]["name"],
        "Centre Manager",
        "--json",
        "--db",
        db,
    )
    assert code == 0
    [action] = json.loads(out)
    assert action["taken_by"] == chair["name"]
    assert action["acting_as"] == "chair"

    # The register says how each was taken.
    _, out, _ = run(capsys, "decisions", "--body", "EMC", "--json", "--db", db)
    register = {d["ref"]: d for d in json.loads(out)}
    assert register[ref]["how"] == "written resolution"
    assert register[ref]["tally"].startswith(f"{len(voting) - 1} for, 0 against")
    assert register[action["ref"]]["how"] == "chair's action"
    assert register[action["ref"]]["consulted"] == [others[0]["name"], "Centre Manager"]
    assert register[action["ref"]]["reason"] == "The old freezer failed and samples are at risk."
    assert {d["how"] for d in register.values()} >= {"meeting"}

    # The next meeting has both, to note and for ratification; its minutes record them.
    meeting = _next_emc_meeting(capsys, db)
    _, out, _ = run(capsys, "items", meeting, "--json", "--db", db)
    titles = [i["title"] for i in json.loads(out)]
    assert "Decisions taken since the last meeting" in titles
    assert f"Written resolution {ref}: Extend the data agreement — to note" in titles
    assert (
        f"Chair's action {action['ref']}: Urgent purchase of a freezer — for ratification" in titles
    )
    target = tmp_path / "minutes.docx"
    assert run(capsys, "export", "minutes", meeting, "-o", str(target), "--db", db)[0] == 0
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert f"Chair's action {action['ref']} — ratified." in text
    assert "The meeting ratified the chair's action." in text
    assert f"Written resolution {ref} — noted." in text

    # The outcome exports as a short Word record.
    record = tmp_path / "outcome.docx"
    code, out, _ = run(
        capsys, "export", "resolution", ref, "--outcome", "-o", str(record), "--db", db
    )
    assert code == 0
    assert out == f"Saved the outcome of the written resolution {ref} to {record}.\n"
    recorded = "\n".join(p.text for p in docx.Document(str(record)).paragraphs)
    assert "Outcome: Carried." in recorded
