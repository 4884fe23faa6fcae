"""Importing people and their memberships from a CSV file: a clean file goes in whole; a file
with any problem is refused whole, every problem named by its line, and nothing is written."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ccsc_gov.cli.commands import main
from ccsc_gov.core.services import bodies, people
from ccsc_gov.core.services.people_import import (
    ImportCancelled,
    ImportRefused,
    ImportSummary,
    import_people,
)
from ccsc_gov.core.store.database import Database
from ccsc_gov.core.store.models import AuditRecord, BodyKind, Membership, Person, Role

HEADER = "title,name,position,organisation,email,body,role,votes,start,end"


def csv_bytes(*lines: str, bom: bool = True) -> bytes:
    """A file as Excel's “CSV UTF-8” writes it: a byte-order mark and CRLF line ends."""
    data = "\r\n".join(lines).encode() + b"\r\n"
    return codecs.BOM_UTF8 + data if bom else data


def counts(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Person)) or 0,
            session.scalar(select(func.count()).select_from(Membership)) or 0,
            session.scalar(select(func.count()).select_from(AuditRecord)) or 0,
        )


def refused(db: Database, data: bytes) -> list[str]:
    """The problems the import names; and it wrote nothing at all."""
    before = counts(db)
    with pytest.raises(ImportRefused) as caught, db.transaction() as session:
        import_people(session, data=data, source="members.csv")
    assert counts(db) == before
    message = str(caught.value)
    assert message.startswith("members.csv was not imported and nothing was written")
    assert message.splitlines()[1:] == caught.value.problems
    return caught.value.problems


def imported(db: Database, data: bytes) -> ImportSummary:
    with db.transaction() as session:
        return import_people(session, data=data, source="members.csv")


def test_a_clean_file_from_excel_brings_in_people_and_their_memberships(db: Database) -> None:
    with db.transaction() as session:
        people.add_person(session, name="Hannah Okafor", title="Prof.", email="h.okafor@ccsc.ac.uk")
    summary = imported(
        db,
        csv_bytes(
            # Columns in any order and case; only name is required.
            "Name,Title,Email,Body,Role,Votes,Start,End,Position,Organisation",
            "Hannah Okafor,Prof.,H.Okafor@ccsc.ac.uk,GB,member,,2024-01-01,,,",
            "Hannah Okafor,Prof.,h.okafor@ccsc.ac.uk,EMC,chair,yes,01/01/2024,,,",
            "Luis Ferreira,Dr,l.ferreira@ccsc.ac.uk,RSC,vice-chair,Y,2024-02-01,2026-01-31,"
            '"Head of Genomics, Partner A",Partner A',
            "Priya Natarajan,Ms,,RSC,Observer,no,2024-02-01,,Funder liaison,The Charity",
            "Sam Ortiz,Mr,s.ortiz@ccsc.ac.uk,,,,,,Finance Officer,Partner B",
            ",,,,,,,,,",  # the blank line a spreadsheet leaves
        ),
    )
    assert summary == ImportSummary(people_added=3, people_found=1, memberships_added=4)
    with db.reading() as session:
        rsc = {m.person: m for m in people.list_memberships(session, body="RSC")}
        ferreira = rsc["Dr Luis Ferreira"]
        assert (ferreira.role, ferreira.votes) == (Role.VICE_CHAIR, True)
        assert (ferreira.start, ferreira.end) == (dt.date(2024, 2, 1), dt.date(2026, 1, 31))
        assert ferreira.position == "Head of Genomics, Partner A"
        natarajan = rsc["Ms Priya Natarajan"]
        assert (natarajan.role, natarajan.votes) == (Role.OBSERVER, False)
        [chair] = people.list_memberships(session, body="EMC")
        assert (chair.person, chair.role, chair.votes) == ("Prof. Hannah Okafor", Role.CHAIR, True)
        assert chair.start == dt.date(2024, 1, 1)
        names = [p.display_name for p in people.list_people(session)]
        assert names.count("Prof. Hannah Okafor") == 1
        assert "Mr Sam Ortiz" in names


def test_an_end_date_of_31_december_9999_means_the_term_has_no_end(db: Database) -> None:
    """HR systems export an open-ended appointment with 9999-12-31 as its end date."""
    imported(
        db,
        csv_bytes(
            HEADER,
            "Dr,Ada Lovelace,,,,GB,member,,2024-01-01,9999-12-31",
            "Dr,Alan Turing,,,,EMC,member,,2024-01-01,31/12/9999",
        ),
    )
    with db.reading() as session:
        ends = {m.person: m.end for m in people.list_memberships(session)}
    assert ends == {"Dr Ada Lovelace": None, "Dr Alan Turing": None}


def test_a_file_with_the_wrong_columns_is_refused_at_its_first_line(db: Database) -> None:
    problems = refused(db, csv_bytes("title,fullname,emial,body,body", "Dr,Ada,,GB,GB"))
    assert problems == [
        "line 1: unknown column “fullname”; the columns are title, name, position, "
        "organisation, email, body, role, votes, start, end (only name is required).",
        "line 1: unknown column “emial”; the columns are title, name, position, "
        "organisation, email, body, role, votes, start, end (only name is required).",
        "line 1: the column “body” appears twice.",
        "line 1: there is no “name” column.",
    ]


def test_rows_with_too_many_or_too_few_values_are_named(db: Database) -> None:
    problems = refused(
        db,
        csv_bytes(HEADER, "Dr,Ada Lovelace,,,,GB,member,,2024-01-01", "Dr,Alan Turing,,,,,,,,,,"),
    )
    assert problems == [
        "line 2: 9 values where the first line names 10 columns.",
        "line 3: 12 values where the first line names 10 columns.",
    ]


def test_bad_dates_unknown_bodies_and_roles_are_each_named_by_line(db: Database) -> None:
    with db.transaction() as session:
        bodies.create_body(
            session, code="SAB", name="Scientific Advisory Board", kind=BodyKind.BOARD
        )
        bodies.retire_body(session, code="SAB")
    problems = refused(
        db,
        csv_bytes(
            HEADER,
            "Dr,Ada Lovelace,,,,GB,member,,31/02/2026,",
            "Dr,Alan Turing,,,,GB,member,,2026-03-01,next week",
            "Dr,Grace Hopper,,,,XYZ,member,,2026-03-01,",
            "Dr,Mary Somerville,,,,GB,chairman,,2026-03-01,",
            "Dr,Rosalind Franklin,,,,GB,member,maybe,2026-03-01,",
            "Dr,Dorothy Hodgkin,,,,GB,member,,2026-03-01,2025-03-01",
            "Dr,Lise Meitner,,,,GB,,,,",
            "Dr,Emmy Noether,,,,,member,,,",
            ",,,,,GB,member,,2026-03-01,",
            "Dr,Marie Curie,,,marie@,,,,,",
            "Dr,Chien-Shiung Wu,,,,SAB,member,,2026-03-01,",
        ),
    )
    assert problems == [
        "line 2: “31/02/2026” in start is not a date (write 2026-03-10 or 10/03/2026).",
        "line 3: “next week” in end is not a date (write 2026-03-10 or 10/03/2026).",
        "line 4: There is no body with the code “XYZ”. Known bodies: GB, EMC, RSC, NCTSC, "
        "CTSC, SAB.",
        "line 5: “chairman” is not a membership type (chair, vice-chair, member, ex officio, "
        "funder representative, observer, secretary, in attendance).",
        "line 6: “maybe” in votes is not yes or no (leave it empty for the usual).",
        "line 7: the membership ends before it starts.",
        "line 8: a membership of GB needs a role.",
        "line 8: a membership of GB needs a start date.",
        "line 9: a role, vote or dates are given but no body.",
        "line 10: the name is empty.",
        "line 11: “marie@” does not look like an email address.",
        "line 12: The Scientific Advisory Board is retired and takes no new members.",
    ]


def test_duplicates_in_the_file_or_against_the_database_are_refused(db: Database) -> None:
    with db.transaction() as session:
        okafor = people.add_person(session, name="Hannah Okafor", email="h.okafor@ccsc.ac.uk")
        people.add_membership(
            session, body="GB", person_id=okafor.id, role=Role.MEMBER, start=dt.date(2020, 1, 1)
        )
        people.add_person(session, name="Sam Ortiz")
        people.add_person(session, name="Sam Ortiz", email="sam.ortiz@partner-b.ac.uk")
    problems = refused(
        db,
        csv_bytes(
            HEADER,
            "Dr,Ada Lovelace,,,ada@ccsc.ac.uk,GB,member,,2024-01-01,",
            "Dr,Ada Lovelace,,,ada@ccsc.ac.uk,GB,member,,2024-01-01,",
            "Dr,Alan Turing,,,ada@ccsc.ac.uk,EMC,member,,2024-01-01,",
            "Prof.,Ada Lovelace,,,ada@ccsc.ac.uk,RSC,member,,2024-01-01,",
            "Prof.,Hannah Okafor,,,,GB,chair,,2024-01-01,",
            "Mr,Hannah Okafor Jr,,,H.OKAFOR@ccsc.ac.uk,,,,,",
            "Mr,Sam Ortiz,,,,RSC,member,,2024-01-01,",
            "Dr,Grace Hopper,,,,GB,chair,,2024-01-01,",
            "Dr,Mary Somerville,,,,GB,chair,,2024-06-01,",
        ),
    )
    assert problems == [
        "line 3: repeats line 2.",
        "line 4: ada@ccsc.ac.uk is given to Alan Turing, but line 2 gives it to Ada Lovelace.",
        "line 5: Ada Lovelace has another title “Prof.” (line 2 has “Dr”).",
        "line 6: Hannah Okafor is already on GB (member) from 1 January 2020. End that "
        "membership before starting another.",
        "line 7: H.OKAFOR@ccsc.ac.uk belongs to Hannah Okafor in the database, not to Hannah "
        "Okafor Jr.",
        "line 8: 2 people in the database are called Sam Ortiz; give the email address of the "
        "one meant.",
        "line 10: Dr Grace Hopper is chair of GB then; end that membership first.",
    ]


def test_a_file_that_is_not_utf8_is_refused_with_the_lines_that_are_not(db: Database) -> None:
    latin1 = "\n".join(
        [HEADER, "Dr,Zoë Ferreira,,,,,,,,", "Dr,Ada Lovelace,,,,,,,,", "Mr,José Núñez,,,,,,,,"]
    ).encode("latin-1")
    assert refused(db, latin1) == [
        "line 2: not UTF-8 text (byte 0xEB); save the file as “CSV UTF-8 (Comma delimited)”.",
        "line 4: not UTF-8 text (byte 0xE9); save the file as “CSV UTF-8 (Comma delimited)”.",
    ]
    utf16 = (HEADER + "\r\nDr,Ada Lovelace,,,,,,,,\r\n").encode("utf-16")
    assert refused(db, utf16) == [
        "line 1: the file is UTF-16 text (Excel's “Unicode Text”); save it as “CSV UTF-8 (Comma "
        "delimited)” instead."
    ]


def test_an_empty_file_or_one_with_only_its_header_is_refused(db: Database) -> None:
    assert refused(db, b"") == ["line 1: the file is empty; its first line must name the columns."]
    assert refused(db, csv_bytes(HEADER)) == [
        "line 1: the file names its columns but has no people in it."
    ]


def test_a_broken_quote_is_named_by_its_line(db: Database) -> None:
    problems = refused(db, csv_bytes("name,position", 'Ada Lovelace,"Analyst', "Alan Turing,x"))
    assert len(problems) == 1
    assert problems[0].startswith("line 2: the file cannot be read as CSV")


def test_semicolons_as_a_european_excel_writes_them_are_understood(db: Database) -> None:
    summary = imported(db, csv_bytes("name;body;role;start", "Ada Lovelace;RSC;member;2024-01-01"))
    assert summary.memberships_added == 1


def test_the_command_imports_a_file_and_refuses_a_bad_one_without_writing(
    db: Database, db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "members.csv"
    good.write_bytes(csv_bytes(HEADER, "Dr,Ada Lovelace,,,ada@ccsc.ac.uk,GB,member,,2024-01-01,"))
    assert main(["import", "people", str(good), "--db", db_target]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == (
        f"Imported {good}: 1 people added, 0 already known, 1 memberships added."
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(HEADER, "Dr,Alan Turing,,,,GB,member,,2024-13-01,"))
    assert main(["import", "people", str(bad), "--db", db_target]) == 1
    _, err = capsys.readouterr()
    assert err.splitlines() == [
        f"ccsc-gov: {bad} was not imported and nothing was written (1 problem):",
        "line 2: “2024-13-01” in start is not a date (write 2026-03-10 or 10/03/2026).",
    ]
    assert main(["import", "people", str(tmp_path / "absent.csv"), "--db", db_target]) == 1
    _, err = capsys.readouterr()
    assert (
        err.strip()
        == f"ccsc-gov: Cannot read {tmp_path / 'absent.csv'}: No such file or directory."
    )


def test_a_binary_file_is_refused_in_one_short_line(
    db: Database, db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = tmp_path / "members.xlsx"
    workbook.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 80)
    assert main(["import", "people", str(workbook), "--db", db_target]) == 1
    err = capsys.readouterr().err
    assert len(err) < 400
    assert err.count("\n") == 2
    assert "line 1: the file is not text (it holds binary data" in err


def test_a_file_with_many_problems_lists_the_first_twenty_and_counts_the_rest(
    db: Database,
) -> None:
    lines = [HEADER] + [f"Dr,Person {n},,,,GB,member,,2024-13-01," for n in range(100)]
    problems = refused(db, csv_bytes(*lines))
    assert len(problems) == 21
    assert problems[-1] == "… and 80 more problems; put these right first."


def test_progress_is_told_of_each_thousand_rows_checked_then_written(db: Database) -> None:
    checked: list[tuple[int, int]] = []
    written: list[tuple[int, int]] = []
    lines = [HEADER] + [f"Dr,Person {n},,,,RSC,member,,2024-01-01," for n in range(2_500)]
    with db.transaction() as session:
        import_people(
            session,
            data=csv_bytes(*lines),
            checking=lambda done, total: checked.append((done, total)),
            progress=lambda done, total: written.append((done, total)),
        )
    steps = [(0, 2_500), (1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]
    assert checked == steps
    assert written == steps
    assert counts(db)[:2] == (2_500, 2_500)


def test_the_terminal_shows_checking_then_importing_and_clears_its_line(
    db: Database, db_target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    members = tmp_path / "members.csv"
    lines = [HEADER] + [f"Dr,Person {n},,,,RSC,member,,2024-01-01," for n in range(1_500)]
    members.write_bytes(csv_bytes(*lines))
    assert main(["import", "people", str(members), "--db", db_target]) == 0
    shown = [line for line in terminal.getvalue().split("\r") if line.strip()]
    assert shown[0] == "Checking: 0 of 1,500 rows (0%)"
    assert "Checking: 1,500 of 1,500 rows (100%)" in shown
    assert "Importing: 0 of 1,500 rows (0%)" in shown
    assert shown[-1] == "Importing: 1,500 of 1,500 rows (100%)"
    # Each line is cleared when its stage ends, so the summary starts on a clean line.
    assert terminal.getvalue().endswith("\r" + " " * len(shown[-1]) + "\r")


@pytest.mark.parametrize("stage", ["checking", "writing"])
def test_a_cancelled_import_writes_nothing(db: Database, stage: str) -> None:
    told: list[int] = []
    lines = [HEADER] + [f"Dr,Person {n},,,,RSC,member,,2024-01-01," for n in range(2_500)]
    before = counts(db)
    with pytest.raises(ImportCancelled) as caught, db.transaction() as session:
        import_people(
            session,
            data=csv_bytes(*lines),
            source="members.csv",
            checking=lambda done, _total: told.append(done) if stage == "checking" else None,
            progress=lambda done, _total: told.append(done) if stage == "writing" else None,
            cancelled=lambda: len(told) >= 2,  # after the first thousand rows of the stage
        )
    assert str(caught.value) == (
        "members.csv was not imported: you cancelled it, and nothing was written."
    )
    assert told == [0, 1_000]
    assert counts(db) == before
