"""How a ccsc-gov process starts: the garbage collector paused while it starts up.

Starting makes a few hundred thousand objects that live as long as the process: the ORM's
classes, mappers and compiled queries, Qt's bindings, the first rows read. The collector,
left on, walks them again and again as they are made (about a quarter of what importing and
mapping the models takes, `benchmarks/floor.py`). Paused, and then frozen where they are when
start-up is over, they are never walked again; what is made afterwards is collected as usual.
"""

from __future__ import annotations

import gc


def pause_collection() -> None:
    """Called first thing by the `ccsc-gov` command (cli/start.py)."""
    gc.disable()


def resume_collection() -> None:
    """Start-up is over (a command is about to run; the main window is painted): what it made
    is set aside for good, and collection goes on as usual. Nothing happens if it was not
    paused (the app started from a test or another program)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
