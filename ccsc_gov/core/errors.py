"""The errors a clerk is shown, in a clerk's words; anything else is a bug."""


class UserError(Exception):
    """Something the user can put right; the message is shown as it is."""


class NotFound(UserError):
    """A body, meeting, person or reference that does not exist."""


class DatabaseError(UserError):
    """The database cannot be opened, created or used as asked."""


class NotAllowed(UserError):
    """A rule of the committee process refuses this change (a locked meeting, a wrong step)."""


class InvalidInput(UserError):
    """A value a clerk entered is not acceptable."""


class TemplateError(UserError):
    """A Word template that cannot be used: unreadable, or lacking a style the documents need."""
