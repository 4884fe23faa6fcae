"""The `ccsc-gov` command's first step: the collector is paused before anything is imported
(core/settings/start.py), then the command line runs (commands.py)."""

from __future__ import annotations

from collections.abc import Sequence

from ccsc_gov.core.settings.start import pause_collection


def main(argv: Sequence[str] | None = None) -> int:
    pause_collection()
    from ccsc_gov.cli.commands import main as run

    return run(argv)
