"""The app's log: a rotating file, `ccsc-gov.log`, in the user's log folder
(`~/.local/state/ccsc-gov/log` on Linux), for whoever supports the clerks.

It records errors and every refused action with its reason (WARNING), and at INFO only what
the app did in outline (started, opened a database, saved a file), never the text of minutes.
A log that cannot be written costs the log, not the app.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Final

from platformdirs import user_log_path

LOG_FILE_NAME: Final = "ccsc-gov.log"
LOG_BYTES: Final = 1_000_000  # then the file rolls over to ccsc-gov.log.1 …
LOGS_KEPT: Final = 5
LOGGER: Final = "ccsc_gov"


def log_dir() -> Path:
    return user_log_path("ccsc-gov", appauthor=False)


def start_logging(folder: Path | None = None) -> Path | None:
    """Send the app's records (INFO and above) to the rotating log file in `folder` (the user's
    log folder by default); the file's path, or None when it cannot be written."""
    path = (folder or log_dir()) / LOG_FILE_NAME
    logger = logging.getLogger(LOGGER)
    logger.setLevel(logging.INFO)
    for handler in list(logger.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            logger.removeHandler(handler)  # another folder: a test's profile, a new --log-dir
            handler.close()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOGS_KEPT, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    return path
