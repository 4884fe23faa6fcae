"""People and bodies: everyone on record, a body's members and their terms of office, the
bodies themselves, and their versioned terms of reference with the quorum rule in plain words."""

from ccsc_gov.ui.people.menu import PeopleAndBodies
from ccsc_gov.ui.people.windows import MembersDialog, PeopleDialog, TermsDialog

__all__ = ["MembersDialog", "PeopleAndBodies", "PeopleDialog", "TermsDialog"]
