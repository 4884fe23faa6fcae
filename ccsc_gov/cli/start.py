"""The `ccsc-gov` command's first step: the collector is paused before anything is imported
(core/settings/start.py); then the window opens (window.py) or the command line runs
(commands.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ccsc_gov.core.settings.start import pause_collection


def main(argv: Sequence[str] | None = None) -> int:
    pause_collection()
    from ccsc_gov.cli.window import window_arguments

    args = window_arguments(argv)
    if args is None:
        from ccsc_gov.cli.commands import main as command_line

        return command_line(argv)
    from ccsc_gov.cli.running import run

    return run(args.command, args)
