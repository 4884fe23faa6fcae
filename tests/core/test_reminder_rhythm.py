"""The reminder rhythm: a week before an action is due, then weekly while it is overdue."""

from __future__ import annotations

import datetime as dt

from ccsc_gov.core.governance.reminders import reminder_due

DUE = dt.date(2026, 3, 31)


def due_on(today: dt.date, last: dt.date | None, before: int | None = 7, every: int | None = 7):
    return reminder_due(
        due=DUE, last_reminded=last, today=today, before_days=before, every_days=every
    )


def test_a_week_before_the_due_date_the_owner_is_reminded_once() -> None:
    assert not due_on(dt.date(2026, 3, 23), None)
    assert due_on(dt.date(2026, 3, 24), None)
    assert not due_on(dt.date(2026, 3, 27), dt.date(2026, 3, 24))
    assert due_on(dt.date(2026, 3, 27), dt.date(2026, 3, 10))  # reminded before the window


def test_once_overdue_the_owner_is_reminded_every_week() -> None:
    assert due_on(dt.date(2026, 4, 1), dt.date(2026, 3, 24))
    assert not due_on(dt.date(2026, 4, 7), dt.date(2026, 4, 1))
    assert due_on(dt.date(2026, 4, 8), dt.date(2026, 4, 1))
    assert not due_on(dt.date(2026, 4, 20), dt.date(2026, 4, 1), every=None)


def test_without_a_rhythm_every_open_action_is_listed_and_undated_ones_are_never_chased() -> None:
    assert due_on(dt.date(2026, 1, 1), dt.date(2026, 1, 1), before=None, every=None)
    assert not reminder_due(due=None, last_reminded=None, today=DUE, before_days=7, every_days=7)


def test_a_rhythm_outside_a_year_or_reminding_every_day_zero_is_refused() -> None:
    import pytest

    from ccsc_gov.core.governance.errors import InvalidInput
    from ccsc_gov.core.governance.rhythm import Rhythm

    with pytest.raises(InvalidInput, match="circulate"):
        Rhythm(circulate_days=400).check()
    with pytest.raises(InvalidInput, match="at least a day apart"):
        Rhythm(remind_every_days=0).check()
    Rhythm(papers_due_days=0, remind_every_days=1).check()
