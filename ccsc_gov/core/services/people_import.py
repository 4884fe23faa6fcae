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
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.errors import InvalidInput, NotAllowed, UserError
from ccsc_gov.core.governance.guards import check_record
from ccsc_gov.core.governance.membership import (
    A_NEW_TERM,
    BodyTerms,
    Term,
    clash_message,
    first_approved,
    locked_message,
    member_votes,
    no_new_members,
)
from ccsc_gov.core.governance.person_details import (
    clean_email,
    clean_text,
    email_problem,
    text_problem,
)
from ccsc_gov.core.services import people
from ccsc_gov.core.services.body_list import unknown_body
from ccsc_gov.core.services.common import Area, Changes, collector_paused, reference_key
from ccsc_gov.core.services.terms import approved_meetings
from ccsc_gov.core.store.models import Body, Membership, Person, Role

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

    def told(self, source: str) -> str:
        """What the clerk is told: "Imported members.csv: 2,998 people added, …"."""
        return (
            f"Imported {source}: {self.people_added:,} people added, {self.people_found:,} "
            f"already known, {self.memberships_added:,} memberships added."
        )


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


class ImportCancelled(UserError):
    """The clerk stopped the import; none of it was written."""

    def __init__(self, source: str) -> None:
        super().__init__(f"{source} was not imported: you cancelled it, and nothing was written.")


def read_file(path: Path) -> bytes:
    """The bytes of the file to import, or the reason it cannot be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror}.") from exc


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
    cleaned = {column: clean_text(values.get(column, "")) for column in COLUMNS}
    if not cleaned["name"]:
        problems.add(line, "the name is empty.")
    email = clean_email(values.get("email", ""))
    problem = email_problem(email)
    if problem is not None:
        problems.add(line, problem)
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


# ---------------------------------------------------------------- checking rows against the record

CHUNK = 1_000  # rows written, and progress told, at a time
Progress = Callable[[int, int], None]  # told (rows done, rows in all)


@dataclass(eq=False)
class _Who:
    """Someone a row may name: a person on record, or one an earlier row of the file adds."""

    key: int  # their id; a negative stand-in for someone the file adds
    person: Person
    shown: str  # "Prof. Hannah Okafor"


@dataclass(frozen=True)
class _Accepted:
    """A row that passed every check: what it writes, and what the summary counts of it."""

    objects: tuple[Person | Membership, ...]
    who: _Who
    new: bool  # the row adds its person
    first: bool  # the first accepted row about its person


class _Record:
    """What the rows are checked against, read from the database once: the people by email
    and by name, the bodies by code, each body's terms of office and approved meetings. Each
    accepted row adds to it, so that rows of the file are checked against each other too."""

    def __init__(self, session: Session) -> None:
        self.by_email: dict[str, _Who] = {}
        self.by_name: dict[str, list[_Who]] = {}
        keys: dict[int, _Who] = {}
        for person in session.scalars(select(Person).order_by(Person.id)):
            keys[person.id] = who = _Who(
                person.id, person, people.display_name(person.title, person.name)
            )
            self.know(who)
        self.bodies = {body.code: body for body in session.scalars(select(Body).order_by(Body.id))}
        self.terms = {body.id: BodyTerms() for body in self.bodies.values()}
        memberships = select(
            Membership.body_id,
            Membership.person_id,
            Membership.role,
            Membership.start_date,
            Membership.end_date,
        ).order_by(Membership.id)
        for body_id, person_id, role, start, end in session.execute(memberships):
            holder = keys[person_id]
            self.terms[body_id].add(Term(holder.key, holder.shown, role, start, end))
        self.approved = approved_meetings(session)
        self._stand_ins = 0

    def know(self, who: _Who) -> None:
        if who.person.email:
            self.by_email.setdefault(who.person.email.lower(), who)
        self.by_name.setdefault(who.person.name.casefold(), []).append(who)

    def person(self, row: _Row) -> tuple[_Who, bool]:
        """The person a row names, found or to be added: (them, whether they are new)."""
        if row.email:
            found = self.by_email.get(row.email.lower())
            if found is not None and found.person.name.casefold() != row.name.casefold():
                raise InvalidInput(
                    f"{row.email} belongs to {found.shown} in the database, not to {row.name}."
                )
        else:
            matches = self.by_name.get(row.name.casefold(), [])
            if len(matches) > 1:
                raise InvalidInput(
                    f"{len(matches)} people in the database are called {row.name}; give the "
                    "email address of the one meant."
                )
            found = matches[0] if matches else None
        if found is not None:
            return found, False
        # What adding someone checks (`people.add_person`); the email was checked on reading.
        details = {
            "name": row.name,
            "title": row.title,
            "position": row.position,
            "organisation": row.organisation,
        }
        for label, value in details.items():
            problem = text_problem(value, label=label, required=label == "name")
            if problem is not None:
                raise InvalidInput(problem)
        person = Person(**details, email=row.email)
        check_record(person)
        self._stand_ins -= 1
        return _Who(self._stand_ins, person, people.display_name(row.title, row.name)), True

    def membership(self, row: _Row, who: _Who) -> tuple[Membership, Term, BodyTerms]:
        """The row's membership, checked as `people.add_membership` checks one: the new term,
        and the body's terms it is to join."""
        # A row with a body has a role and a start, or it was refused on reading.
        assert row.role is not None
        assert row.start is not None
        body = self.bodies.get(reference_key(row.body))
        if body is None:
            raise unknown_body(row.body, self.bodies)
        if body.retired:
            raise NotAllowed(no_new_members(body.name))
        term = Term(who.key, who.shown, row.role, row.start, row.end)
        terms = self.terms[body.id]
        clash = terms.first_clash(term)
        if clash is not None:
            raise NotAllowed(clash_message(term, clash, body=body.code))
        locked = first_approved(row.start, row.end, self.approved.get(body.id, []))
        if locked is not None:
            raise NotAllowed(locked_message(A_NEW_TERM, locked))
        membership = Membership(
            body=body,
            person=who.person,
            role=row.role,
            votes=member_votes(row.role, row.votes),
            start_date=row.start,
            end_date=row.end,
        )
        check_record(membership)
        return membership, term, terms


def _check_record(
    record: _Record, rows: list[_Row], problems: _Problems, tell: Callable[[int], None]
) -> list[_Accepted]:
    """Each row checked against the database and the rows before it, as the services would
    check it; the rows that pass, ready to write."""
    accepted: list[_Accepted] = []
    named: dict[str, _Who] = {}  # by the rows' person keys
    for done, row in enumerate(rows):
        if done % CHUNK == 0:
            tell(done)
        earlier = named.get(row.person_key)
        try:
            who, new = (earlier, False) if earlier is not None else record.person(row)
            joined = record.membership(row, who) if row.body else None
        except UserError as exc:
            problems.add(row.line, str(exc))
            continue
        # Only an accepted row's person and term are known to the rows after it.
        if earlier is None:
            named[row.person_key] = who
            if new:
                record.know(who)
        objects: tuple[Person | Membership, ...] = (who.person,) if new else ()
        if joined is not None:
            membership, term, terms = joined
            terms.add(term)
            objects += (membership,)
        accepted.append(_Accepted(objects, who, new, first=earlier is None))
    tell(len(rows))
    return accepted


def _teller(
    source: str, progress: Progress | None, cancelled: Callable[[], bool] | None, total: int
) -> Callable[[int], None]:
    """Tells `progress` of rows done, first stopping the import if the clerk has cancelled."""

    def tell(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled(source)
        if progress is not None:
            progress(done, total)

    return tell


# ---------------------------------------------------------------- importing


@collector_paused()  # the thousands of rows made are not cycles the collector need walk
def import_people(
    session: Session,
    *,
    data: bytes,
    source: str = "The file",
    progress: Progress | None = None,
    checking: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Add the people and memberships of a CSV file (the README lists its columns).

    People already in the database (the same email address, or the same name where the row
    gives no email) are not added again; their details are left as they are. Every row is
    checked first, against what is read from the database once and against the rows before
    it, by the rules adding someone and their membership follow; `ImportRefused` lists the
    problems by line unless the whole file can be imported. Then the rows are written `CHUNK`
    at a time, each chunk in one flush (its audit records with it).

    `checking(done, total)` and then `progress(done, total)` are told how many rows have been
    checked and written, `CHUNK` rows at a time, each from `(0, total)` to `(total, total)`.
    Before each, `cancelled()` is asked whether the clerk has stopped the import; if so,
    `ImportCancelled` is raised and the caller's transaction rolls back.
    """
    problems = _Problems()
    rows = _check_file(_read(data, problems), problems)
    accepted: list[_Accepted] = []
    if rows:
        tell = _teller(source, checking, cancelled, len(rows))
        accepted = _check_record(_Record(session), rows, problems, tell)
    if problems.found:
        raise ImportRefused(source, problems.lines())
    tell = _teller(source, progress, cancelled, len(accepted))
    for first in range(0, len(accepted), CHUNK):
        tell(first)
        for row in accepted[first : first + CHUNK]:
            session.add_all(row.objects)
        session.flush()
    tell(len(accepted))
    return ImportSummary(
        people_added=sum(row.new for row in accepted),
        people_found=sum(row.first and not row.new for row in accepted),
        memberships_added=sum(isinstance(o, Membership) for row in accepted for o in row.objects),
    )
