"""The application icon: the committed files are what the drawing makes, every desktop's form
of it opens, and the Linux desktop entry names it and the command."""

from __future__ import annotations

import configparser
import tomllib
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from ccsc_gov.core.settings.resources import ICON_SIZES, ICONS, icon_png
from ccsc_gov.resources import build_icons

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_icons_are_what_the_drawing_makes(qapp: QApplication, tmp_path: Path) -> None:
    written = build_icons.build(tmp_path)
    assert {path.name for path in written} == {entry.name for entry in ICONS.iterdir()}
    for path in written:
        assert path.read_bytes() == (ICONS / path.name).read_bytes(), path.name


def test_every_form_of_the_icon_opens_at_its_size(qapp: QApplication) -> None:
    for size in ICON_SIZES:
        picture = QImage.fromData(icon_png(size).read_bytes(), "PNG")
        assert (picture.width(), picture.height()) == (size, size)
        # The corners are transparent, the middle is the page: a drawing, not a blank square.
        assert picture.pixelColor(0, 0).alpha() == 0
        assert picture.pixelColor(size // 2, size // 3).lightness() > 200
    renderer = QSvgRenderer((ICONS / "ccsc-gov.svg").read_bytes())
    assert renderer.isValid()
    assert renderer.viewBox().width() == 64
    ico = QImage.fromData((ICONS / "ccsc-gov.ico").read_bytes(), "ICO")
    assert (ico.width(), ico.height()) == (256, 256)
    # Qt's own ICNS reader warns about the table of contents Qt's writer puts first (which
    # macOS reads), so the macOS icon is checked by its layout: the header, then a 512-pixel
    # PNG (type ic09).
    icns = (ICONS / "ccsc-gov.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert int.from_bytes(icns[4:8], "big") == len(icns)
    assert b"ic09" in icns
    inner = QImage.fromData(icns[icns.index(b"\x89PNG") :], "PNG")
    assert (inner.width(), inner.height()) == (512, 512)


def test_the_desktop_entry_starts_the_command_with_the_icon(qapp: QApplication) -> None:
    entry_file = ROOT / "packaging" / "linux" / "ccsc-gov.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(entry_file, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] in scripts
    assert desktop["Icon"] == "ccsc-gov"
    assert (ICONS / "ccsc-gov.svg").is_file()
    # The window says which desktop entry it belongs to, so docks group it under this icon.
    from ccsc_gov.ui.app import application

    before = QApplication.desktopFileName()
    try:
        application()
        assert QApplication.desktopFileName() == entry_file.stem == desktop["StartupWMClass"]
    finally:
        QApplication.setDesktopFileName(before)
