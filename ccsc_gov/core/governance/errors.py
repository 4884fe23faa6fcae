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


class Conflict(UserError):
    """Someone else changed the record after this clerk read it: the change is refused, never
    merged or written over theirs. `by` says who and when ("alice at 14:02 on 3 March 2026")."""

    def __init__(self, *, subject: str, by: str, removed: bool = False) -> None:
        self.subject = subject
        self.by = by
        self.removed = removed
        super().__init__(f"{self.what_happened} — reload to see the latest version.")

    @property
    def what_happened(self) -> str:
        """What happened: “Item 5 of EMC/2026/03 was changed by alice at 14:02 on 3 March 2026”."""
        return f"{self.subject} was {'removed' if self.removed else 'changed'} by {self.by}"


class DatabaseBusy(DatabaseError):
    """Another clerk held the database past the wait: nothing was written; try again."""


class DiskFull(DatabaseError):
    """The disk would not take the change: nothing was written."""


class DatabaseDamaged(DatabaseError):
    """The database file is damaged: restore a backup, or recover what is readable."""


class ReadOnlyDatabase(DatabaseError):
    """The database may be read (and exported) but not changed from here."""
