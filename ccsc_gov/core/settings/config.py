"""This computer's settings for the app, from `ccsc-gov.toml` in the user config folder.

[backups]
keep = 10            # rotating backups kept per database

[documents]
template = "/path/to/our-house-style.docx"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from ccsc_gov.core.governance.errors import InvalidInput

DEFAULT_BACKUPS_KEPT = 10


def config_path() -> Path:
    return user_config_path("ccsc-gov", appauthor=False) / "ccsc-gov.toml"


@dataclass(frozen=True)
class Settings:
    backups_kept: int = DEFAULT_BACKUPS_KEPT
    template: Path | None = None


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"The settings file {path} cannot be read: {exc}.") from exc
    keep = raw.get("backups", {}).get("keep", DEFAULT_BACKUPS_KEPT)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise InvalidInput(f"In {path}, backups.keep must be a whole number of at least 1.")
    template = raw.get("documents", {}).get("template")
    if template is not None and not isinstance(template, str):
        raise InvalidInput(f"In {path}, documents.template must be a file path in quotes.")
    return Settings(backups_kept=keep, template=Path(template).expanduser() if template else None)
