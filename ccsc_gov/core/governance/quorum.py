"""Quorum: the rule in a body's terms of reference, how many make a quorum, and whether those
in the room do. Pure arithmetic over counts; who was in the room is worked out by the services."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ccsc_gov.core.governance.errors import InvalidInput
from ccsc_gov.core.governance.vocabulary import AttendanceCategory, Role

# Categories of someone in the room (or on the call) for at least part of the meeting.
THERE = frozenset(
    {AttendanceCategory.PRESENT, AttendanceCategory.REMOTE, AttendanceCategory.IN_ATTENDANCE}
)


@dataclass(frozen=True)
class QuorumRule:
    """A quorum rule: a number of members and/or a fraction of the voting members in office,
    the membership types that count, and whether the chair or vice-chair must be there."""

    count: int | None
    fraction: tuple[int, int] | None
    roles: frozenset[Role]
    chair_required: bool = False

    def check(self) -> None:
        """Refuse a rule that cannot be a quorum, in words."""
        if self.count is None and self.fraction is None:
            raise InvalidInput(
                "A quorum rule needs a number of members, a fraction of the voting members, "
                "or both."
            )
        if self.count is not None and self.count < 1:
            raise InvalidInput("The quorum must be at least one member.")
        if self.fraction is not None:
            num, den = self.fraction
            if den < 1 or not 1 <= num <= den:
                raise InvalidInput(
                    f"{num}/{den} cannot be a quorum: use a fraction between 1/{max(den, 1)} "
                    "and 1 (for example 1/3 or 1/2)."
                )
        if not self.roles:
            raise InvalidInput("Say which membership types count towards the quorum.")

    def required(self, voting_members: int) -> int:
        """How many counting members make a quorum, given how many are in office: the larger
        of the fixed number and the fraction (rounded up); never fewer than one, so a body
        with no members in office is never quorate."""
        by_count = self.count or 0
        by_fraction = 0
        if self.fraction is not None:
            num, den = self.fraction
            by_fraction = math.ceil(num * voting_members / den)
        return max(by_count, by_fraction, 1)

    def describe(self, voting_members: int) -> str:
        """The rule in plain words for a given membership, e.g.
        "quorate with 4 of 9 voting members, including the chair or vice-chair"."""
        noun = "voting member" if voting_members == 1 else "voting members"
        words = f"quorate with {self.required(voting_members)} of {voting_members} {noun}"
        if self.chair_required:
            words += ", including the chair or vice-chair"
        return words

    def is_met(self, *, present: int, voting_members: int, chair_present: bool) -> bool:
        """Enough counting members there, and the chair or vice-chair where the rule asks."""
        chair_ok = chair_present or not self.chair_required
        return present >= self.required(voting_members) and chair_ok
