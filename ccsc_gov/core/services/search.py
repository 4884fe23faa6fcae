"""Search across minutes, decisions and actions, over the index the database keeps in step.

The index (revision 0003) holds one row per agenda item (title and minute), decision and
action; triggers keep it right however the record changes. SQLite searches it with FTS5,
PostgreSQL with a tsvector; `search` gives the same hits on both. Whatever the clerk types is
taken as words to find, never as query syntax: quotes, stars, brackets and operators are
plain text, and the last word is matched as the start of a word, so results follow typing.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import DateTime, Integer, Row, String, Text, TextualSelect, select, text
from sqlalchemy.orm import Session

from ccsc_gov.core.governance.numbering import Placed, agenda_order
from ccsc_gov.core.store.models import AgendaItem
from ccsc_gov.core.store.references import item_ref


class HitKind(enum.StrEnum):
    MINUTE = "minute"  # an agenda item: its title or its minute
    DECISION = "decision"
    ACTION = "action"


@dataclass(frozen=True)
class SearchHit:
    """Where some text was found, with enough to open the place."""

    kind: HitKind
    # "EMC/2026/03 item 5.2", "EMC/2026/03/D2" or "EMC/2026/03/A4".
    ref: str
    meeting_ref: str
    meeting_id: int
    meeting_start: dt.datetime
    body: str
    item_id: int
    item_title: str  # the agenda item it was found at (under)
    # A stretch of the text around the match, on one line, and the parts that matched as
    # (start, end) offsets into it.
    snippet: str
    marks: tuple[tuple[int, int], ...]

    @property
    def record_ref(self) -> str | None:
        """The decision's or action's own reference; None for a minute."""
        return None if self.kind is HitKind.MINUTE else self.ref


# Words as both index tokenizers see them: runs of letters and digits; anything else
# (punctuation, quotes, operators) only separates words.
_WORD = re.compile(r"[^\W_]+")
# Around a match in the snippets the databases return; characters no text ever holds.
_OPEN, _CLOSE = "\x02", "\x03"
_ELLIPSIS = "…"
_MARKER = re.compile(f"([{_OPEN}{_CLOSE}])")
_SPACES = re.compile(r"\s+")
SNIPPET_WORDS = 24
# A last word shorter than this is looked for whole: the start of almost every word is a
# single letter, and the index keeps prefixes of two and three letters ready.
MIN_PREFIX = 2
# A match in an item's title weighs more than one in its minute.
TITLE_WEIGHT = 4.0


@dataclass(frozen=True)
class Query:
    """What a clerk typed, as phrases of words; the last word may be only its beginning."""

    phrases: tuple[tuple[str, ...], ...]
    prefix: bool

    def fts5(self) -> str:
        """SQLite FTS5: every phrase quoted (so nothing typed is syntax), all required."""
        parts = ['"' + " ".join(words) + '"' for words in self.phrases]
        if self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery: words quoted, those of a phrase adjacent, all required."""
        parts = []
        for number, words in enumerate(self.phrases):
            lexemes = [f"'{w.lower()}'" for w in words]
            if self.prefix and number == len(self.phrases) - 1:
                lexemes[-1] += ":*"
            parts.append("(" + " <-> ".join(lexemes) + ")" if len(lexemes) > 1 else lexemes[0])
        return " & ".join(parts)


def parse_query(typed: str) -> Query | None:
    """The words to look for; None when there are none (only spaces or punctuation).

    Each space-separated term is a phrase ("5.2" is the words 5 and 2, next to each other).
    The last word is a prefix unless the text ends with a space (the clerk is still typing
    it), or it is a single letter or digit.
    """
    typed = unicodedata.normalize("NFKC", typed)
    phrases = tuple(words for term in typed.split() if (words := tuple(_WORD.findall(term))))
    if not phrases:
        return None
    ends_in_word = bool(_WORD.search(typed[-1:]))
    return Query(phrases, prefix=ends_in_word and len(phrases[-1][-1]) >= MIN_PREFIX)


def _one_line(snippet: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The database's snippet on one line, its markers taken out, and where they were."""
    out = ""
    marks: list[tuple[int, int]] = []
    start: int | None = None
    for part in _MARKER.split(snippet):
        if part == _OPEN:
            start = len(out)
        elif part == _CLOSE:
            if start is not None and len(out) > start:
                marks.append((start, len(out)))
            start = None
        else:
            part = _SPACES.sub(" ", part)
            out += part[1:] if part.startswith(" ") and (not out or out.endswith(" ")) else part
    line = out.rstrip()
    return line, tuple((a, min(b, len(line))) for a, b in marks if a < len(line))


def _fold(word: str) -> str:
    """A word as the SQLite index compares it: case and accents set aside."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(text: str, query: Query) -> str:
    """The words of a text around the first one looked for, those looked for between markers,
    with an ellipsis where it is cut: FTS5's snippet, for a database without one."""
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return text
    wanted = {_fold(word) for words in query.phrases for word in words}
    start_of = _fold(query.phrases[-1][-1]) if query.prefix else None

    def found(token: re.Match[str]) -> bool:
        word = _fold(token.group())
        return word in wanted or (start_of is not None and word.startswith(start_of))

    first = next((n for n, token in enumerate(tokens) if found(token)), 0)
    start = max(0, min(first - SNIPPET_WORDS // 4, len(tokens) - SNIPPET_WORDS))
    end = min(len(tokens), start + SNIPPET_WORDS)
    begin = 0 if start == 0 else tokens[start].start()
    finish = len(text) if end == len(tokens) else tokens[end - 1].end()
    parts = [_ELLIPSIS + " "] if start > 0 else []
    at = begin
    for token in tokens[start:end]:
        if found(token):
            parts += [text[at : token.start()], _OPEN, token.group(), _CLOSE]
            at = token.end()
    parts.append(text[at:finish])
    if end < len(tokens):
        parts.append(" " + _ELLIPSIS)
    return "".join(parts)


def _opening(text: str) -> str:
    """The first words of a text, for a hit found by its reference rather than its words."""
    words = text.split()
    more = f" {_ELLIPSIS}" if len(words) > SNIPPET_WORDS else ""
    return " ".join(words[:SNIPPET_WORDS]) + more


# What was found (kind, source_id, snip, score, key), with where it sits. `found` is ranked
# and limited on its own, so the joins run for the rows returned only.
_WITH_PLACES = """WITH found AS ({found})
SELECT found.kind AS kind, found.source_id AS source_id, {snip} AS snip,
    coalesce(decision.ref, action.ref) AS ref, agenda_item.id AS item_id,
    agenda_item.title AS item_title, agenda_item.meeting_id AS meeting_id,
    meeting.ref AS meeting_ref, meeting.start_at AS meeting_start, body.code AS body
FROM found
LEFT JOIN decision ON found.kind = 'decision' AND decision.id = found.source_id
LEFT JOIN action ON found.kind = 'action' AND action.id = found.source_id
JOIN agenda_item ON agenda_item.id = CASE found.kind WHEN 'minute' THEN found.source_id
    WHEN 'decision' THEN decision.item_id ELSE action.item_id END
JOIN meeting ON meeting.id = agenda_item.meeting_id
JOIN body ON body.id = meeting.body_id
ORDER BY found.score, found.key DESC"""

_TYPES = {
    "kind": String,
    "source_id": Integer,
    "snip": Text,
    "ref": String,
    "item_id": Integer,
    "item_title": String,
    "meeting_id": Integer,
    "meeting_ref": String,
    "meeting_start": DateTime,
    "body": String,
}


def _statement(found: str, snip: str = "found.snip") -> TextualSelect:
    return text(_WITH_PLACES.format(found=found, snip=snip)).columns(**_TYPES)


# A word found in thousands of records (a "the", or the first two letters typed) would have every
# one of them ranked; only the latest RANK_WINDOW of them are, so a search costs the same in a
# year or in thirty. The index key grows with the source id, so the latest come last.
RANK_WINDOW = 500

# bm25 is best when lowest; the later of equal matches (the newer record) first.
_SQLITE_SEARCH = _statement(
    "SELECT rowid AS key, kind, source_id, "
    # The snippet comes from the text (an item's minute) even when the match is in its
    # title, which the results show anyway; from the title only while there is no text.
    "snippet(search_index, CASE WHEN text = '' THEN 2 ELSE 3 END, "
    ":open, :close, :ellipsis, :words) AS snip, "
    "bm25(search_index, 0.0, 0.0, :title_weight, 1.0) AS score "
    "FROM search_index WHERE search_index MATCH :query AND rowid >= coalesce(("
    "SELECT rowid FROM search_index WHERE search_index MATCH :query "
    "ORDER BY rowid DESC LIMIT 1 OFFSET :window), 0) "
    "ORDER BY score, key DESC LIMIT :limit"
)
# ts_rank is best when highest, so it is negated to sort like bm25. The snippet is made in
# Python: ts_headline parses text as PostgreSQL's parser does, so "<for one year>" is a tag
# to it, and "EMC/2026/03" a file name.
_PG_SEARCH = _statement(
    "SELECT id AS key, kind, source_id, title, text, query, "
    "-ts_rank(document, query, 1) AS score "
    "FROM search_index, to_tsquery('simple'::regconfig, :query) AS query "
    "WHERE document @@ query AND id >= coalesce(("
    "SELECT id FROM search_index WHERE document @@ to_tsquery('simple'::regconfig, :query) "
    "ORDER BY id DESC LIMIT 1 OFFSET :window), 0) "
    "ORDER BY score, key DESC LIMIT :limit",
    snip="CASE WHEN found.text = '' THEN found.title ELSE found.text END",
)
# A decision's or an action's reference typed whole, as printed in the minutes.
_REFERENCE = re.compile(r"\s*([A-Za-z][A-Za-z0-9]*/\d{4}/\d+/[ADad]\d+)\s*")
_BY_REFERENCE = _statement(
    "SELECT 0 AS key, 'decision' AS kind, id AS source_id, text AS snip, 0 AS score "
    "FROM decision WHERE ref = :ref UNION ALL "
    "SELECT 0, 'action', id, description, 0 FROM action WHERE ref = :ref"
)


def _run(session: Session, statement: TextualSelect, params: dict[str, Any]) -> list[Row[Any]]:
    return list(session.execute(statement, params))


def _found(session: Session, query: Query, limit: int) -> list[Row[Any]]:
    if session.get_bind().dialect.name == "postgresql":
        params = {"query": query.tsquery(), "window": RANK_WINDOW - 1, "limit": limit}
        return _run(session, _PG_SEARCH, params)
    params = {
        "query": query.fts5(),
        "open": _OPEN,
        "close": _CLOSE,
        "ellipsis": _ELLIPSIS,
        "words": SNIPPET_WORDS,
        "title_weight": TITLE_WEIGHT,
        "window": RANK_WINDOW - 1,
        "limit": limit,
    }
    return _run(session, _SQLITE_SEARCH, params)


def _by_reference(session: Session, typed: str) -> list[Row[Any]]:
    match = _REFERENCE.fullmatch(typed)
    if match is None:
        return []
    return _run(session, _BY_REFERENCE, {"ref": match.group(1).upper()})


def _item_numbers(session: Session, meeting_ids: set[int]) -> dict[int, str]:
    """Item id → number for the items of these meetings (a lean `agenda.item_numbers`)."""
    if not meeting_ids:
        return {}
    rows = session.connection().execute(
        select(AgendaItem.meeting_id, AgendaItem.id, AgendaItem.parent_id, AgendaItem.position)
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .order_by(AgendaItem.meeting_id)
    )
    numbers: dict[int, str] = {}
    for _, items in groupby(rows, key=lambda row: row[0]):
        numbers.update(agenda_order(Placed(i, parent, place) for _, i, parent, place in items))
    return numbers


def search(session: Session, *, text: str, limit: int = 50) -> list[SearchHit]:
    """Minutes (and agenda item titles), decisions and actions holding every word typed,
    best match first; a decision's or an action's reference typed whole finds it first."""
    if limit < 1:
        return []
    exact = _by_reference(session, text)
    query = parse_query(text)
    found = _found(session, query, limit) if query is not None else []
    # SQLite's index makes the snippets; PostgreSQL gives the whole text, cut here.
    whole_text = session.get_bind().dialect.name == "postgresql"
    seen = {(row.kind, row.source_id) for row in exact}
    rows = exact + [row for row in found if (row.kind, row.source_id) not in seen]
    rows = rows[:limit]
    numbers = _item_numbers(session, {row.meeting_id for row in rows if row.kind == HitKind.MINUTE})
    hits = []
    for row in rows:
        ref = row.ref or item_ref(row.meeting_ref, numbers[row.item_id])
        if (row.kind, row.source_id) in seen:
            shown = _opening(row.snip)
        elif whole_text and query is not None:
            shown = snippet(row.snip, query)
        else:
            shown = row.snip
        line, marks = _one_line(shown)
        hits.append(
            SearchHit(
                kind=HitKind(row.kind),
                ref=ref,
                meeting_ref=row.meeting_ref,
                meeting_id=row.meeting_id,
                meeting_start=row.meeting_start,
                body=row.body,
                item_id=row.item_id,
                item_title=row.item_title,
                snippet=line,
                marks=marks,
            )
        )
    return hits
