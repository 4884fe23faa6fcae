"""A body's working rhythm, set by its terms of reference: when papers are due, when the
agenda and pack go out, how soon the draft minutes go to the chair, and how often action
owners are reminded."""

from __future__ import annotations

from dataclasses import dataclass

from ccsc_gov.core.governance.errors import InvalidInput


@dataclass(frozen=True)
class Rhythm:
    """A body's working rhythm from its terms of reference; None: no such deadline."""

    papers_due_days: int | None = None  # papers due this many days before the meeting
    circulate_days: int | None = None  # agenda and pack out this many days before
    draft_minutes_days: int | None = None  # draft minutes to the chair, working days after
    remind_before_days: int | None = None  # first reminder this many days before an action
    remind_every_days: int | None = None  # then again every so many days while overdue

    def check(self) -> None:
        for name, value in vars(self).items():
            if value is not None and not 0 <= value <= 365:
                words = name.removesuffix("_days").replace("_", " ")
                raise InvalidInput(
                    f"The working rhythm's “{words}” must be a number of days from 0 to 365."
                )
        if self.remind_every_days == 0:
            raise InvalidInput("Reminders about overdue actions must be at least a day apart.")


# The usual rhythm, which a new database's terms start with: papers ten days before, agenda
# and pack out a week before, draft minutes to the chair within ten working days, reminders
# a week before an action is due and weekly while it is overdue.
USUAL_RHYTHM = Rhythm(
    papers_due_days=10,
    circulate_days=7,
    draft_minutes_days=10,
    remind_before_days=7,
    remind_every_days=7,
)
