"""This computer's settings for the app: `ccsc-gov.toml` in the user config folder, the one
source of them. The Settings dialog reads and writes this file; so may a person with an editor.

[backups]
keep = 10                      # rotating backups kept per database

[documents]
template = "/path/to/our-house-style.docx"   # absent: the house template

[papers]
max_size_mb = 50               # the largest paper a clerk may attach

[mail]                         # only for sending directly; drafts need none of it
host = "smtp.example.ac.uk"
port = 587
starttls = true
username = "clerk@example.ac.uk"
from = "Committee Office <committees@example.ac.uk>"

A value that is not what it should be is refused with the reason, naming the file and its line.
The file is written by `ccsc_gov.core.export.settings_file.save_settings`, whole or not at all.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any, Final, TypeVar

from platformdirs import user_config_path

from ccsc_gov.core.governance.errors import InvalidInput

DEFAULT_BACKUPS_KEPT: Final = 10
MAX_BACKUPS_KEPT: Final = 1000
DEFAULT_PAPER_SIZE_MB: Final = 50
MAX_PAPER_SIZE_MB: Final = 1000
DEFAULT_MAIL_PORT: Final = 587  # the submission port, with STARTTLS

T = TypeVar("T")


def config_path() -> Path:
    return user_config_path("ccsc-gov", appauthor=False) / "ccsc-gov.toml"


@dataclass(frozen=True)
class MailSettings:
    """The `[mail]` table: the Centre's SMTP server, for sending directly (drafts need none of
    it). The password is never here: it is kept in the operating system's keyring under the user
    name (see `core.export.mail`)."""

    host: str
    port: int = DEFAULT_MAIL_PORT
    starttls: bool = True
    username: str = ""
    sender: str = ""  # `from` in the file


@dataclass(frozen=True)
class Settings:
    backups_kept: int = DEFAULT_BACKUPS_KEPT
    template: Path | None = None
    papers_max_size_mb: int = DEFAULT_PAPER_SIZE_MB
    mail: MailSettings | None = None  # no [mail] table: no mail server set

    @property
    def paper_max_bytes(self) -> int:
        """The largest paper a clerk may attach, in bytes."""
        return self.papers_max_size_mb * 1024 * 1024


# --- what each value must be ------------------------------------------------------------------


def _whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value

    return check


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text in quotes")
    return value.strip()


def _host(value: object) -> str:
    host = _text(value)
    if not host or re.search(r"[\s/@]", host):
        raise ValueError("must name the SMTP server, such as smtp.example.ac.uk, without spaces")
    return host


def _sender(value: object) -> str:
    sender = _text(value)
    if sender and "@" not in parseaddr(sender)[1]:
        raise ValueError("must be an email address, e.g. Committee Office <committees@example.org>")
    return sender


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _template(value: object) -> Path | None:
    text = _text(value)
    return Path(text).expanduser() if text else None


# --- reading ----------------------------------------------------------------------------------


KEYS: Final = {
    "backups": ("keep",),
    "documents": ("template",),
    "papers": ("max_size_mb",),
    "mail": ("host", "port", "starttls", "username", "from"),
}
"""The keys the app writes, table by table; a file's others are kept as they are."""


def _line_of(text: str, table: str, key: str) -> int | None:
    """The line of `key` in `[table]` of the file's text, to point a person at it."""
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if header := re.fullmatch(r"\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?", stripped):
            current = header.group(1)
        elif current == table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return None


def parse_settings(raw: Mapping[str, Any], *, source: str = "", text: str = "") -> Settings:
    """Settings from the file's tables (or the dialog's values, shaped the same), each value
    checked; InvalidInput names the first wrong one, where it is and what it must be."""

    def get(table: str, key: str, check: Callable[[object], T], default: T) -> T:
        section = raw.get(table, {})
        if not isinstance(section, Mapping):
            raise InvalidInput(
                f"{where(_line_of(text, '', table))}{table} must be a [{table}] table."
            )
        if key not in section:
            return default
        try:
            return check(section[key])
        except ValueError as exc:
            raise InvalidInput(f"{where(_line_of(text, table, key))}{table}.{key} {exc}.") from None

    def where(line: int | None) -> str:
        if not source:
            return ""
        return f"In {source}, line {line}, " if line else f"In {source}, "

    def mail() -> MailSettings | None:
        section = raw.get("mail", {})
        if isinstance(section, Mapping) and not any(key in section for key in KEYS["mail"]):
            return None  # no mail server set (only keys of another version, if any)
        if isinstance(section, Mapping) and "password" in section:
            raise InvalidInput(
                f"{where(_line_of(text, 'mail', 'password'))}remove the mail password: it is kept "
                "in the system's keyring (ccsc-gov mail-password), never in the settings file."
            )
        host = get("mail", "host", _host, None)
        if host is None:
            raise InvalidInput(
                f"{where(_line_of(text, '', 'mail'))}mail.host must name the SMTP server."
            )
        return MailSettings(
            host=host,
            port=get("mail", "port", _whole(1, 65535), DEFAULT_MAIL_PORT),
            starttls=get("mail", "starttls", _flag, True),
            username=get("mail", "username", _text, ""),
            sender=get("mail", "from", _sender, ""),
        )

    defaults = Settings()
    return Settings(
        backups_kept=get("backups", "keep", _whole(1, MAX_BACKUPS_KEPT), defaults.backups_kept),
        template=get("documents", "template", _template, defaults.template),
        papers_max_size_mb=get(
            "papers", "max_size_mb", _whole(1, MAX_PAPER_SIZE_MB), defaults.papers_max_size_mb
        ),
        mail=mail(),
    )


def read_tables(path: Path) -> tuple[dict[str, Any], str]:
    """The file's tables and its text (both empty when there is no file)."""
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except FileNotFoundError:
        return {}, ""
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(
            f"The settings file {path} is not valid TOML: {exc}. Correct it in an editor, or "
            "delete it to start again from the defaults."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"The settings file {path} cannot be read: {exc}.") from exc


def load_settings(path: Path | None = None) -> Settings:
    """This computer's settings (the defaults where the file is absent or silent)."""
    path = path or config_path()
    raw, text = read_tables(path)
    return parse_settings(raw, source=str(path), text=text)


# --- writing ----------------------------------------------------------------------------------


def as_tables(settings: Settings) -> dict[str, dict[str, Any]]:
    """The file's tables for `settings`; no template or no mail server leaves its keys out."""
    mail = settings.mail
    return {
        "backups": {"keep": settings.backups_kept},
        "documents": {"template": str(settings.template)} if settings.template else {},
        "papers": {"max_size_mb": settings.papers_max_size_mb},
        "mail": {}
        if mail is None
        else {
            "host": mail.host,
            "port": mail.port,
            "starttls": mail.starttls,
            "username": mail.username,
            "from": mail.sender,
        },
    }


def check_settings(settings: Settings) -> Settings:
    """`settings` as they would read back from the file, or InvalidInput saying what is wrong."""
    tables = {name: values for name, values in as_tables(settings).items() if values}
    return parse_settings(tables)
