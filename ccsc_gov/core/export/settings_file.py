"""Writing ccsc-gov.toml (its tables and checks are in core/settings/config.py) with tomli-w,
through the same all-or-nothing file writer as every document: a failure leaves the file as it
was. Tables and keys this version does not know are kept; comments are not."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import tomli_w

from ccsc_gov.core.export.files import write_bytes
from ccsc_gov.core.settings.config import (
    KEYS,
    Settings,
    as_tables,
    check_settings,
    config_path,
    read_tables,
)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Check `settings` and write them to the file in one step, keeping what else it holds."""
    path = path or config_path()
    tables = as_tables(check_settings(settings))
    raw, _ = read_tables(path)
    for table, values in tables.items():
        section = raw.get(table)
        merged = dict(section) if isinstance(section, Mapping) else {}
        for key in KEYS[table]:  # an unset one (the house template, no mail) is the absence
            merged.pop(key, None)
        merged.update(values)
        if merged:
            raw[table] = merged
        else:
            raw.pop(table, None)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_bytes(path, tomli_w.dumps(raw).encode("utf-8"))
