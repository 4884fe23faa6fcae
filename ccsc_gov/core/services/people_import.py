"""Importing people and their memberships from a CSV file, all or nothing.

One row a membership: the person's details, then the body, role, vote and term. A row with no
body adds the person alone; a person with several memberships has a row for each, with the
same name and email. The file is read as a whole, every problem is reported with its line
number, and nothing is written unless there is none: the caller's transaction is rolled back
by the `ImportRefused` error.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, UserError
from ccsc_gov.core.governance.guards import printable
from ccsc_gov.core.services import people
from ccsc_gov.core.services.common import Area, Changes
from ccsc_gov.core.store.models import Person, Role

# The columns, in the order the README documents them; only `name` must be there.
COLUMNS = (
    "title",
    "name",
    "position",
    "organisation",
    "email",
    "body",
    "role",
    "votes",
    "start",
    "end",
)
_MEMBERSHIP_COLUMNS = ("role", "votes", "start", "end")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DATE_EXAMPLE = "2026-03-10 or 10/03/2026"


@dataclass(frozen=True)
class ImportSummary:
    people_added: int
    people_found: int  # already in the database: their memberships were added to them
    memberships_added: int

    @property
    def changes(self) -> Changes:
        return Changes(Area.PEOPLE | Area.BODIES | Area.ATTENDANCE)


class ImportRefused(InvalidInput):
    """The file has problems; none of it was imported."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        super().__init__(
            f"{source} was not imported and nothing was written ({count}):\n" + "\n".join(problems)
        )


@dataclass(frozen=True)
class _Row:
    line: int
    title: str
    name: str
    position: str
    organisation: str
    email: str
    body: str
    role: Role | None
    votes: bool | None
    start: dt.date | None
    end: dt.date | None

    @property
    def person_key(self) -> str:
        """Who the row is about: the email address when given, else the name."""
        return self.email.lower() if self.email else "name:" + self.name.casefold()


SHOWN = 20  # problems listed by line; a file with more is told how many more


class _Problems:
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.found.append((line, message))

    def lines(self) -> list[str]:
        """Each problem by line, the first `SHOWN` of them, and how many more there are."""
        ordered = sorted(self.found, key=lambda problem: problem[0])
        shown = [f"line {line}: {message}" for line, message in ordered[:SHOWN]]
        if len(ordered) > SHOWN:
            shown.append(f"… and {len(ordered) - SHOWN} more problems; put these right first.")
        return shown


# ---------------------------------------------------------------- reading the file


def _decode(data: bytes, problems: _Problems) -> str | None:
    if b"\x00" in data[:8192] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            1,
            "the file is not text (it holds binary data: a workbook, a PDF or an image?); save "
            "it from the spreadsheet as “CSV UTF-8 (Comma delimited)”.",
        )
        return None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            1,
            "the file is UTF-16 text (Excel's “Unicode Text”); save it as “CSV UTF-8 (Comma "
            "delimited)” instead.",
        )
        return None
    data = data.removeprefix(codecs.BOM_UTF8)  # Excel's “CSV UTF-8” starts with one
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.add(
                number,
                f"not UTF-8 text (byte 0x{line[exc.start]:02X}); save the file as “CSV UTF-8 "
                "(Comma delimited)”.",
            )
    return None


def _records(text: str, problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each record; a record may span lines inside quotes."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if "," not in first_line and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.add(start, f"the file cannot be read as CSV from here: {exc}.")
            return
        yield start, fields


def _header(line: int, fields: list[str], problems: _Problems) -> list[str] | None:
    names = [" ".join(f.split()).lower() for f in fields]
    ok = True
    for name in names:
        if name not in COLUMNS:
            problems.add(
                line,
                f"unknown column “{name}”; the columns are {', '.join(COLUMNS)} "
                "(only name is required).",
            )
            ok = False
    for name in dict.fromkeys(n for n in names if names.count(n) > 1):
        problems.add(line, f"the column “{name}” appears twice.")
        ok = False
    if "name" not in names:
        problems.add(line, "there is no “name” column.")
        ok = False
    return names if ok else None


# How HR and finance systems write "no end date" in their exports.
OPEN_ENDED = dt.date(9999, 12, 31)


def _date(value: str, column: str, line: int, problems: _Problems) -> dt.date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    problems.add(line, f"“{value}” in {column} is not a date (write {_DATE_EXAMPLE}).")
    return None


def _role(value: str, line: int, problems: _Problems) -> Role | None:
    wanted = value.lower().replace("-", " ").replace("_", " ")
    for role in Role:
        if role.value.replace("-", " ") == wanted:
            return role
    known = ", ".join(r.value for r in Role)
    problems.add(line, f"“{value}” is not a membership type ({known}).")
    return None


def _votes(value: str, line: int, problems: _Problems) -> bool | None:
    if not value:
        return None
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    problems.add(line, f"“{value}” in votes is not yes or no (leave it empty for the usual).")
    return None


def _row(line: int, values: dict[str, str], problems: _Problems) -> _Row | None:
    before = len(problems.found)
    cleaned = {column: " ".join(printable(values.get(column, "")).split()) for column in COLUMNS}
    if not cleaned["name"]:
        problems.add(line, "the name is empty.")
    email = cleaned["email"]
    if email and not people.EMAIL_PATTERN.fullmatch(email):
        problems.add(line, f"“{email}” does not look like an email address.")
    role = votes = start = end = None
    if cleaned["body"]:
        if not cleaned["role"]:
            problems.add(line, f"a membership of {cleaned['body']} needs a role.")
        else:
            role = _role(cleaned["role"], line, problems)
        votes = _votes(cleaned["votes"], line, problems)
        if not cleaned["start"]:
            problems.add(line, f"a membership of {cleaned['body']} needs a start date.")
        start = _date(cleaned["start"], "start", line, problems)
        end = _date(cleaned["end"], "end", line, problems)
        if end == OPEN_ENDED:
            end = None
        if start is not None and end is not None and end < start:
            problems.add(line, "the membership ends before it starts.")
    elif any(cleaned[c] for c in _MEMBERSHIP_COLUMNS):
        problems.add(line, "a role, vote or dates are given but no body.")
    if len(problems.found) > before:
        return None
    return _Row(
        line=line,
        title=cleaned["title"],
        name=cleaned["name"],
        position=cleaned["position"],
        organisation=cleaned["organisation"],
        email=email,
        body=cleaned["body"].upper(),
        role=role,
        votes=votes,
        start=start,
        end=end,
    )


def _read(data: bytes, problems: _Problems) -> list[_Row]:
    text = _decode(data, problems)
    if text is None:
        return []
    records = _records(text, problems)
    header = next(
        ((line, fields) for line, fields in records if any(f.strip() for f in fields)), None
    )
    if header is None:
        if not problems.found:
            problems.add(1, "the file is empty; its first line must name the columns.")
        return []
    columns = _header(header[0], header[1], problems)
    if columns is None:
        return []
    rows: list[_Row] = []
    for line, fields in records:
        if not any(f.strip() for f in fields):
            continue  # blank lines, as spreadsheets leave at the end
        if len(fields) != len(columns):
            problems.add(
                line, f"{len(fields)} values where the first line names {len(columns)} columns."
            )
            continue
        row = _row(line, dict(zip(columns, fields, strict=True)), problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems.found:
        problems.add(header[0], "the file names its columns but has no people in it.")
    return rows


# ---------------------------------------------------------------- checking rows against each other


def _check_file(rows: list[_Row], problems: _Problems) -> list[_Row]:
    """Rows that repeat or contradict an earlier row of the file are problems; the rest."""
    first: dict[str, _Row] = {}
    names_by_email: dict[str, _Row] = {}
    seen: dict[tuple[object, ...], int] = {}
    kept: list[_Row] = []
    for row in rows:
        key = (row.person_key, row.body, row.role, row.start)
        if key in seen:
            problems.add(row.line, f"repeats line {seen[key]}.")
            continue
        seen[key] = row.line
        if row.email:
            other = names_by_email.setdefault(row.email.lower(), row)
            if other.name.casefold() != row.name.casefold():
                problems.add(
                    row.line,
                    f"{row.email} is given to {row.name}, but line {other.line} gives it to "
                    f"{other.name}.",
                )
                continue
        earlier = first.setdefault(row.person_key, row)
        clash = [
            f"{field} “{getattr(row, field)}” (line {earlier.line} has “{getattr(earlier, field)}”)"
            for field in ("title", "position", "organisation")
            if getattr(row, field) and getattr(earlier, field) != getattr(row, field)
        ]
        if clash:
            problems.add(row.line, f"{row.name} has another {'; '.join(clash)}.")
            continue
        kept.append(row)
    return kept


# ---------------------------------------------------------------- writing, through the services


def _existing(session: Session, row: _Row) -> Person | None:
    if row.email:
        person = session.execute(
            select(Person).where(func.lower(Person.email) == row.email.lower())
        ).scalar()
        if person is not None and person.name.casefold() != row.name.casefold():
            raise InvalidInput(
                f"{row.email} belongs to {people.display_name(person.title, person.name)} in the "
                f"database, not to {row.name}."
            )
        return person
    matches = [
        p
        for p in session.scalars(select(Person).where(func.lower(Person.name) == row.name.lower()))
        if p.name.casefold() == row.name.casefold()
    ]
    if len(matches) > 1:
        raise InvalidInput(
            f"{len(matches)} people in the database are called {row.name}; give the email "
            "address of the one meant."
        )
    return matches[0] if matches else None


def _person(session: Session, row: _Row) -> tuple[int, bool]:
    """The row's person, found or added: (their id, whether they were added)."""
    existing = _existing(session, row)
    if existing is not None:
        return existing.id, False
    added = people.add_person(
        session,
        name=row.name,
        title=row.title,
        position=row.position,
        organisation=row.organisation,
        email=row.email,
    )
    return added.id, True


def import_people(
    session: Session,
    *,
    data: bytes,
    source: str = "The file",
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Add the people and memberships of a CSV file (the README lists its columns).

    People already in the database (the same email address, or the same name where the row
    gives no email) are not added again; their details are left as they are. Raises
    `ImportRefused`, listing the problems by line, unless the whole file can be imported.
    `progress(done, total)` is told of each row as it is written.
    """
    problems = _Problems()
    rows = _check_file(_read(data, problems), problems)
    person_ids: dict[str, int] = {}
    added = found = memberships = 0
    for done, row in enumerate(rows, start=1):
        if progress is not None:
            progress(done, len(rows))
        known = person_ids.get(row.person_key)
        try:
            with session.begin_nested():
                person_id, new = (known, False) if known is not None else _person(session, row)
                if row.body and row.role is not None and row.start is not None:
                    people.add_membership(
                        session,
                        body=row.body,
                        person_id=person_id,
                        role=row.role,
                        start=row.start,
                        end=row.end,
                        votes=row.votes,
                    )
        except UserError as exc:
            problems.add(row.line, str(exc))
            continue
        # Counted once the row's savepoint holds: a refused row leaves nothing behind.
        if known is None:
            person_ids[row.person_key] = person_id
            added += new
            found += not new
        memberships += bool(row.body)
    if problems.found:
        raise ImportRefused(source, problems.lines())
    return ImportSummary(people_added=added, people_found=found, memberships_added=memberships)
