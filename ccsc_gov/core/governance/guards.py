"""What no record may hold, checked on every record before it is written: the last line of
defence behind each service's own checks, so SQLite and PostgreSQL accept and refuse the same
things.

- Characters a Word document cannot carry, and PostgreSQL cannot store (NUL), are taken out of
  text: the C0 control characters other than tab and line breaks, lone surrogates and the two
  non-characters U+FFFE and U+FFFF. A vertical tab or form feed (Word's line and page breaks,
  when pasted) becomes a line break.
- Text longer than its column is refused in words (SQLite would keep it; PostgreSQL refuses it
  with a database error).
- Whole numbers beyond what an INTEGER column holds on both systems are refused likewise.
- Dates and times outside the years 1900 to 2199 are refused as the typing slips they are: a
  spreadsheet cannot show a date before 1900, and date arithmetic near year 9999 overflows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Enum, Integer, String, event, inspect
from sqlalchemy.orm import ColumnProperty, InstanceState, Mapper, Session

from ccsc_gov.core.governance.errors import InvalidInput

# PostgreSQL's INTEGER; SQLite's is wider, so this is the bound both keep.
INTEGER_MIN, INTEGER_MAX = -(2**31), 2**31 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2199

_UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})

Check = Callable[[Any], Any]  # a stored value, as it may be stored; or InvalidInput


def printable(text: str) -> str:
    """`text` without the characters no record may hold (see the module's docstring)."""
    return _UNPRINTABLE.sub("", text.translate(_BREAKS))


def shown(text: str, limit: int = 60) -> str:
    """Something a clerk typed, fit to quote back in a message: printable, and not too long."""
    cleaned = " ".join(printable(text).split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"


def in_integer_range(value: int) -> bool:
    return INTEGER_MIN <= value <= INTEGER_MAX


def in_record_years(value: dt.date) -> bool:
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def _label(column_name: str) -> str:
    return column_name.removesuffix("_id").removesuffix("_at").replace("_", " ")


def _text_guard(label: str, length: int | None) -> Check:
    def guard(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        cleaned = printable(value)
        if length is not None and len(cleaned) > length:
            raise InvalidInput(
                f"The {label} can be at most {length:,} characters long; this one has "
                f"{len(cleaned):,}."
            )
        return value if cleaned == value else cleaned

    return guard


def _integer_guard(label: str) -> Check:
    def guard(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and not in_integer_range(value):
            raise InvalidInput(f"The {label} {value:,} is too large a number to record.")
        return value

    return guard


def _date_guard(label: str) -> Check:
    def guard(value: Any) -> Any:
        if isinstance(value, dt.date) and not in_record_years(value):
            raise InvalidInput(
                f"{value.day} {value:%B} {value.year} ({label}) is outside the years "
                f"{EARLIEST_YEAR} to {LATEST_YEAR} that the Centre's records hold."
            )
        return value

    return guard


@cache
def _checks(mapper: Mapper[Any]) -> dict[str, Check]:
    """Each guarded attribute of a model, with its check (worked out once per model)."""
    checks: dict[str, Check] = {}
    for prop in mapper.column_attrs:
        if not isinstance(prop, ColumnProperty) or len(prop.columns) != 1:
            continue
        column = prop.columns[0]
        label = _label(column.name)
        if isinstance(column.type, Enum):
            continue  # set from the enum's members only
        if isinstance(column.type, String):
            checks[prop.key] = _text_guard(label, column.type.length)
        elif isinstance(column.type, Integer):
            checks[prop.key] = _integer_guard(label)
        elif isinstance(column.type, Date | DateTime):
            checks[prop.key] = _date_guard(label)
    return checks


def check_record(obj: Any) -> None:
    """Check the values set on a new record, or changed on one read from the database, and
    clean them where they hold what no record may; `InvalidInput` names a value refused.
    Every flush does this (`install`); code that makes records in bulk calls it per record
    to tell which one is wrong."""
    state: InstanceState[Any] = inspect(obj)
    checks = _checks(state.mapper)
    keys = state.dict.keys() if state.key is None else state.committed_state.keys()
    for key in keys & checks.keys():
        value = state.dict.get(key)
        checked = checks[key](value)
        if checked is not value:
            setattr(obj, key, checked)


def _check_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in (*session.new, *session.dirty):
        check_record(obj)


def _check_new(_session: Session, obj: Any) -> None:
    if inspect(obj).key is None:  # a new record is refused before it joins the session
        check_record(obj)


def install(session_class: type[Session]) -> None:
    """Guard every value a session of `session_class` writes, on every model: a new record as
    it is added, and every record again before each flush."""
    event.listen(session_class, "before_attach", _check_new)
    event.listen(session_class, "before_flush", _check_changes)
