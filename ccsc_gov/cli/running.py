"""Running one command of `ccsc-gov`, the window included: the log started, and a refusal told
on one line with the exit status a script can act on."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from ccsc_gov import __version__
from ccsc_gov.core.governance.errors import (
    Conflict,
    DatabaseBusy,
    DatabaseDamaged,
    DiskFull,
    ReadOnlyDatabase,
    UserError,
)
from ccsc_gov.core.settings.logs import start_logging

Command = Callable[[argparse.Namespace], int]

# Exit statuses a script can act on; any other refusal is status 1 (bad usage is argparse's 2).
EXIT_STATUS: dict[type[UserError], int] = {
    # Someone else changed the record first: reload and try again.
    Conflict: 3,
    # Another clerk held the database past the wait: nothing was written; try again.
    DatabaseBusy: 4,
    # The disk would not take the change: nothing was written.
    DiskFull: 5,
    # The database file is damaged: restore a backup.
    DatabaseDamaged: 6,
    # The database may be read but not changed from here.
    ReadOnlyDatabase: 7,
}
EXIT_CONFLICT = EXIT_STATUS[Conflict]

log = logging.getLogger(__name__)


def run(command: Command, args: argparse.Namespace) -> int:
    """The command's exit status; a refusal is logged and printed, not raised."""
    start_logging()
    name = getattr(command, "__name__", "command").removeprefix("cmd_").replace("_", " ")
    log.info("ccsc-gov %s: %s", __version__, name)
    try:
        return int(command(args))
    except UserError as exc:
        log.warning("Refused %s: %s", name, exc)
        print(f"ccsc-gov: {exc}", file=sys.stderr)
        return next((code for kind, code in EXIT_STATUS.items() if isinstance(exc, kind)), 1)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as other command-line tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception:
        log.exception("Unexpected error in %s", name)
        raise
