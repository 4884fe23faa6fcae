"""Which of the app's UI functions run meanwhile: a view painted and measured by Qt alone
calls none of them."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any


@contextmanager
def python_calls() -> Iterator[list[str]]:
    """The app's UI functions called meanwhile."""
    calls: list[str] = []

    def watch(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and "ccsc_gov/ui" in frame.f_code.co_filename.replace("\\", "/"):
            calls.append(frame.f_code.co_qualname)

    sys.setprofile(watch)
    try:
        yield calls
    finally:
        sys.setprofile(None)
