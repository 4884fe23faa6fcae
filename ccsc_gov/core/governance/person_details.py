"""What a person's record may hold: their details cleaned as they are stored, and what is
refused. Adding or editing someone (`services/people.py`), importing a file of people
(`services/people_import.py`) and the person dialog all ask these."""

from __future__ import annotations

import re

from ccsc_gov.core.governance.guards import printable, shown

# Light on purpose: catches typing slips, not every address the standards allow.
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
EMAIL_LIMIT = 254
# The longest each of a person's text details may be, in characters.
LIMITS = {"title": 40, "name": 200, "position": 200, "organisation": 200}


def clean_text(value: str) -> str:
    """A detail as stored: printable, its spaces and line breaks run into single spaces."""
    return " ".join(printable(value).split())


def text_problem(cleaned: str, *, label: str, required: bool = False) -> str | None:
    """What is wrong with a cleaned detail (`label`: a key of `LIMITS`), if anything."""
    if required and not cleaned:
        return f"A person needs a {label}."
    if len(cleaned) > LIMITS[label]:
        return f"The {label} can be at most {LIMITS[label]} characters long."
    return None


def clean_email(value: str) -> str:
    return printable(value).strip()


def email_problem(cleaned: str) -> str | None:
    """What is wrong with a cleaned email address, if anything (an empty one is no address)."""
    if cleaned and (len(cleaned) > EMAIL_LIMIT or not EMAIL_PATTERN.fullmatch(cleaned)):
        return f"“{shown(cleaned)}” does not look like an email address."
    return None
