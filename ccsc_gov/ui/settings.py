"""Where the desktop app keeps its per-user preferences (QSettings), in one place."""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "CCSC"
APPLICATION = "ccsc-gov"


def user_settings() -> QSettings:
    """The app's settings; named explicitly so they never depend on how QApplication was set up."""
    return QSettings(ORGANISATION, APPLICATION)
