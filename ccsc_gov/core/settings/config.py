"""This computer's settings for the app, from `ccsc-gov.toml` in the user config folder.

[backups]
keep = 10            # rotating backups kept per database

[documents]
template = "/path/to/our-house-style.docx"

[mail]               # only for sending directly (`--send`); drafts need none of it
host = "smtp.example.org"
port = 587
starttls = true
username = "clerk@example.org"   # the password is kept in the system's keyring, never here
from = "Governance Office <governance@example.org>"

[papers]
max_size_mb = 50     # the largest file a clerk may attach as a paper
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path

from ccsc_gov.core.governance.errors import InvalidInput

DEFAULT_BACKUPS_KEPT = 10
DEFAULT_PAPER_MAX_MB = 50


def config_path() -> Path:
    return user_config_path("ccsc-gov", appauthor=False) / "ccsc-gov.toml"


@dataclass(frozen=True)
class MailSettings:
    """The Centre's SMTP server. The password is never here: it is kept in the operating
    system's keyring under `KEYRING_SERVICE` and the user name (see `core.export.mail`)."""

    host: str
    port: int = 587
    starttls: bool = True
    username: str = ""
    sender: str = ""


@dataclass(frozen=True)
class Settings:
    backups_kept: int = DEFAULT_BACKUPS_KEPT
    template: Path | None = None
    mail: MailSettings | None = None
    paper_max_mb: int = DEFAULT_PAPER_MAX_MB

    @property
    def paper_max_bytes(self) -> int:
        return self.paper_max_mb * 1024 * 1024


def _mail(raw: object, path: Path) -> MailSettings | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput(f"In {path}, [mail] must be a section of settings.")
    if "password" in raw:
        raise InvalidInput(
            f"In {path}, remove the mail password: it is kept in the system's keyring "
            "(ccsc-gov mail-password), never in the settings file."
        )
    host, port = raw.get("host"), raw.get("port", 587)
    if not isinstance(host, str) or not host.strip():
        raise InvalidInput(f"In {path}, mail.host must name the SMTP server in quotes.")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise InvalidInput(f"In {path}, mail.port must be a port number from 1 to 65535.")
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        raise InvalidInput(f"In {path}, mail.starttls must be true or false.")
    texts = {key: raw.get(key, "") for key in ("username", "from")}
    for key, value in texts.items():
        if not isinstance(value, str):
            raise InvalidInput(f"In {path}, mail.{key} must be text in quotes.")
    return MailSettings(
        host=host.strip(),
        port=port,
        starttls=starttls,
        username=str(texts["username"]).strip(),
        sender=str(texts["from"]).strip(),
    )


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
    max_mb = raw.get("papers", {}).get("max_size_mb", DEFAULT_PAPER_MAX_MB)
    if not isinstance(max_mb, int) or isinstance(max_mb, bool) or not 1 <= max_mb <= 1024:
        raise InvalidInput(f"In {path}, papers.max_size_mb must be a whole number from 1 to 1024.")
    return Settings(
        backups_kept=keep,
        template=Path(template).expanduser() if template else None,
        mail=_mail(raw.get("mail"), path),
        paper_max_mb=max_mb,
    )
