"""`ccsc-gov` with no command: the desktop window, on the database named by --db. Its
arguments are read without building every command's parser (`window_arguments`), so that the
window starts sooner."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ccsc_gov.cli.support import opened
from ccsc_gov.core.governance.errors import UserError


def window_options() -> argparse.ArgumentParser:
    """The options of the window, which every command shares (`--db`)."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--db",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="an SQLite file or a SQLAlchemy URL (default: the file in your user data folder)",
    )
    return options


def window_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they only open the window (`ccsc-gov`, `ccsc-gov --db FILE`); None
    for anything else (a command, --help, --version, a mistake), which the whole command line
    reads (commands.py)."""
    reader = window_options()
    reader.exit_on_error = False
    try:
        args, rest = reader.parse_known_args(argv)
    except argparse.ArgumentError:  # told in the whole command line's words
        return None
    if rest:
        return None
    return argparse.Namespace(db=getattr(args, "db", None), command=cmd_gui)


def cmd_gui(args: argparse.Namespace) -> int:
    # The first start makes the default database; another one is made by `init`.
    try:
        with opened(args, create=args.db is None) as database:
            # Qt is imported only when a window is wanted. The day's backup is taken once the
            # window is painted, and a problem with it is told there (ui/app.py).
            from ccsc_gov.ui.app import run_gui

            return run_gui(database)
    except UserError as error:
        if _can_show_windows():
            from ccsc_gov.ui.app import show_refusal

            show_refusal(error)
        raise  # and one line on the terminal, with its exit status


def _can_show_windows() -> bool:
    """Whether a dialog can be shown (Qt aborts the process when there is no display)."""
    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
