"""Text as the documents print it: cleaned of what Word and Excel cannot hold, dates in words.

Whatever a clerk pasted (control characters from an old system, half an emoji, a
100 kB e-mail) must come out as a document, never as a crash, so every string a
writer puts into a file goes through `clean` or `clean_line` first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ccsc_gov.core.store.models import (
    ActionStatus,
    AttendanceCategory,
    BodyKind,
    DecisionOutcome,
    Purpose,
    Role,
)

# Characters XML 1.0 forbids (so neither Word nor Excel can store them), the C1 controls
# (legal XML but shown as boxes or refused by Office), and the non-characters U+FFFE/FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Explicit bidi embeddings, overrides and isolates: an unbalanced one re-orders the text that
# follows it in the same paragraph (other people's names, a date). Right-to-left letters
# themselves need none of them; Word lays them out by the Unicode bidi algorithm.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Line breaks in every spelling a paste can bring: CRLF, CR, vertical tab and form feed
# (Word's own line and page breaks), NEL, and the Unicode line and paragraph separators.
_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")
_BULLET = re.compile(r"^\s*[-•*‣◦·]\s+")

EXCEL_CELL_LIMIT = 32_767
"""The most characters an Excel cell holds."""

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Spelled out here rather than taken from strftime: the GUI sets the process locale, and
# the Centre's documents are in English whatever the clerk's desktop language is.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _mend_surrogates(text: str) -> str:
    """Pair up surrogate halves that belong together (an emoji split in two); a lone one becomes
    U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean(text: str) -> str:
    """Text safe for a Word or Excel file, line breaks kept as `\\n`."""
    text = _mend_surrogates(text)
    text = _NEWLINES.sub("\n", text)
    text = _ILLEGAL.sub("", text)
    return _BIDI_CONTROLS.sub("", text)


def clean_inline(text: str) -> str:
    """`clean`, then every run of white space (line breaks and tabs included) as one space."""
    return _SPACES.sub(" ", clean(text))


def clean_line(text: str) -> str:
    """`clean_inline`, without white space at either end."""
    return clean_inline(text).strip()


def truncate(text: str, limit: int, *, marker: str = " … [truncated]") -> str:
    """At most `limit` characters; a cut is said to be one."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(marker))] + marker


@dataclass(frozen=True)
class Block:
    """One paragraph of minute text: plain, or a bullet point."""

    text: str
    bullet: bool = False


def blocks(text: str) -> list[Block]:
    """Minute text as paragraphs: each non-blank line is one; a line starting "- " or "• " is a
    bullet point. Blank lines only separate."""
    result: list[Block] = []
    for line in clean(text).split("\n"):
        if not line.strip():
            continue
        marker = _BULLET.match(line)
        if marker:
            result.append(Block(clean_line(line[marker.end() :]), bullet=True))
        else:
            result.append(Block(clean_line(line)))
    return [b for b in result if b.text]


def join_names(names: Iterable[str], *, separator: str = "; ") -> str:
    return separator.join(clean_line(n) for n in names if clean_line(n))


def long_date(day: dt.date) -> str:
    """Tuesday 10 March 2026."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def plain_date(day: dt.date) -> str:
    """10 March 2026."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def read_plain_date(text: str) -> dt.date | None:
    """The date of "10 March 2026" (as `plain_date` writes it), or None."""
    parts = text.split()
    months = [m.casefold() for m in _MONTHS]
    if len(parts) != 3 or not parts[0].isdigit() or not parts[2].isdigit():
        return None
    if parts[1].casefold() not in months:
        return None
    try:
        return dt.date(int(parts[2]), months.index(parts[1].casefold()) + 1, int(parts[0]))
    except ValueError:
        return None


def short_date(day: dt.date) -> str:
    """10 Mar 2026: for table cells."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def clock(moment: dt.datetime | dt.time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


WORD_JOINER = "\u2060"
"""Joins what must not be broken over two lines ("14:00–16:00"); it prints as nothing."""


def time_span(start: dt.datetime, end: dt.datetime) -> str:
    """14:00–16:00, never broken over two lines (the end's date too when the meeting runs
    past midnight)."""
    if end.date() != start.date():
        return f"{clock(start)} – {short_date(end.date())} {clock(end)}"
    return f"{clock(start)}{WORD_JOINER}–{WORD_JOINER}{clock(end)}"


def due_text(due: dt.date | None, original: dt.date | None = None) -> str:
    """The due date in force, and the original one when it was revised: "31 Mar 2026 (was 28 Feb
    2026)"."""
    if due is None:
        return "No date"
    if original is not None and original != due:
        return f"{short_date(due)} (was {short_date(original)})"
    return short_date(due)


def sentence(text: str) -> str:
    """The text ending with a full stop (or its own closing punctuation)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…:;)\"'’”":
        return text
    return text + "."


def count_words(number: int) -> str:
    """Small counts in words, as minutes write them."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[number] if 0 <= number < len(words) else str(number)


# --- the domain's values in words ------------------------------------------------------------

_ROLE_WORDS = {
    Role.CHAIR: "Chair",
    Role.VICE_CHAIR: "Vice-chair",
    Role.EX_OFFICIO: "ex officio",
    Role.FUNDER_REPRESENTATIVE: "funder representative",
    Role.OBSERVER: "observer",
    Role.SECRETARY: "Secretary",
}

ATTENDANCE_MARKS = {
    AttendanceCategory.PRESENT: "P",
    AttendanceCategory.REMOTE: "V",
    AttendanceCategory.APOLOGIES: "A",
    AttendanceCategory.ABSENT: "X",
    AttendanceCategory.IN_ATTENDANCE: "I",
}
ATTENDANCE_KEY = (
    "P present in person · V present by video · A apologies · X absent without apologies · "
    "I in attendance · – not a member at the time"
)


_BODY_WORDS = {
    BodyKind.BOARD: "the Board",
    BodyKind.COMMITTEE: "the Committee",
    BodyKind.SUBCOMMITTEE: "the Subcommittee",
}


def body_words(kind: BodyKind) -> str:
    """How a body's minutes name it in their own text: "the Committee" ("The Committee
    approved …" at the start of a sentence, with `capitalised`)."""
    return _BODY_WORDS[kind]


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def role_words(role: Role | None) -> str:
    """The role as the attendance list prints it; ordinary members and invitees need none."""
    return "" if role is None else _ROLE_WORDS.get(role, "")


def purpose_words(purpose: Purpose) -> str:
    return capitalised(purpose.value)


def status_words(status: ActionStatus) -> str:
    return capitalised(status.value)


def outcome_words(outcome: DecisionOutcome, *, referred_to: str = "") -> str:
    if outcome is DecisionOutcome.RECOMMENDED:
        return (
            f"Recommended to the {referred_to}" if referred_to else "Recommended to the parent body"
        )
    return capitalised(outcome.value)
