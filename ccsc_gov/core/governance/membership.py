"""Who votes, who chairs, who is listed as in attendance: rules over membership types."""

from __future__ import annotations

from ccsc_gov.core.governance.vocabulary import Role

# Membership types that vote unless a clerk says otherwise (a funder observer, say, does not).
VOTING_BY_DEFAULT = frozenset(
    {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.EX_OFFICIO, Role.FUNDER_REPRESENTATIVE}
)
# Membership types that never vote nor count: listed under "In attendance" in the minutes,
# not under "Present".
ATTENDING_ROLES = frozenset({Role.OBSERVER, Role.SECRETARY, Role.IN_ATTENDANCE})
# Who may take the chair.
CHAIR_ROLES = frozenset({Role.CHAIR, Role.VICE_CHAIR})
# Roles with at most one holder at a time on a body.
SINGLE_HOLDER = frozenset({Role.CHAIR})
# Who sees confidential business when the terms of reference say nothing else: the members,
# ex officio members and the secretary; observers, funder representatives and those in
# attendance receive the public papers.
SEES_CONFIDENTIAL_BY_DEFAULT = frozenset(
    {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.EX_OFFICIO, Role.SECRETARY}
)


def votes_by_default(role: Role) -> bool:
    return role in VOTING_BY_DEFAULT


def counts_towards_quorum(role: Role, *, votes: bool, quorum_roles: frozenset[Role]) -> bool:
    """A member counts towards the quorum (and attendance statistics) when the terms of
    reference name their membership type and they vote."""
    return votes and role in quorum_roles


def non_voting_note(role: Role | None, *, votes: bool) -> bool:
    """Whether a list should say "(non-voting)" after someone: a member who does not vote,
    where their membership type would lead a reader to expect a vote."""
    return not votes and role not in ATTENDING_ROLES
