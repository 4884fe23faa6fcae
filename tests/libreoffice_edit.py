"""Edit a Word file in LibreOffice as a chair would, with Track Changes on, and save it as Word.

Run by the system Python, which has LibreOffice's UNO bridge (Debian's python3-uno):

    /usr/bin/python3 libreoffice_edit.py IN.docx OUT.docx EDITS.json

EDITS.json is {"author": "Prof. Jane Ward", "replace": [["old text", "new text"], ...]}: each
"old text" is found and replaced (once) with changes recorded, under the author's name. The
tests use it so that a real word processor writes the tracked changes they read back.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _connect(pipe: str) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(300):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.2)
    raise SystemExit("LibreOffice did not start")


def _set_author(context: object, author: str) -> None:
    provider = context.ServiceManager.createInstanceWithContext(  # type: ignore[attr-defined]
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_property("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    first, _, last = author.rpartition(" ")
    access.setPropertyValue("givenname", first)
    access.setPropertyValue("sn", last)
    access.commitChanges()


def main(source: str, target: str, edits_file: str) -> None:
    edits = json.loads(Path(edits_file).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as profile:
        pipe = f"ccsc_review_{Path(profile).name}"
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                f"--accept=pipe,name={pipe};urp;",
            ]
        )
        try:
            context = _connect(pipe)
            _set_author(context, edits["author"])
            desktop = context.ServiceManager.createInstanceWithContext(  # type: ignore[attr-defined]
                "com.sun.star.frame.Desktop", context
            )
            document = desktop.loadComponentFromURL(
                Path(source).resolve().as_uri(), "_blank", 0, (_property("Hidden", True),)
            )
            document.RecordChanges = True
            for old, new in edits["replace"]:
                search = document.createSearchDescriptor()
                search.SearchString = old
                search.SearchCaseSensitive = True
                found = document.findFirst(search)
                if found is None:
                    raise SystemExit(f"not found: {old}")
                found.setString(new)
            document.storeToURL(
                Path(target).resolve().as_uri(), (_property("FilterName", "MS Word 2007 XML"),)
            )
            document.close(True)
            # The bridge closes as the office quits, which may raise on our side.
            with contextlib.suppress(Exception):
                desktop.terminate()
            office.wait(timeout=60)
        finally:
            if office.poll() is None:
                office.kill()
                office.wait()


if __name__ == "__main__":
    main(*sys.argv[1:4])
