"""The resources shipped inside the package (`ccsc_gov/resources/`): the house Word template and
the application icon.

They are read through `importlib.resources`, never by a path worked out from this file, so a
wheel, an sdist, an editable install and a frozen bundle all find them where they were put.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final

RESOURCES: Final[Traversable] = files("ccsc_gov.resources")

HOUSE_TEMPLATE: Final[Traversable] = RESOURCES / "templates" / "house.docx"
"""The house Word template, which defines every style the documents use."""

ICONS: Final[Traversable] = RESOURCES / "icons"
"""The application icon: `ccsc-gov.svg`, `ccsc-gov-<size>.png` for each of ICON_SIZES, and
`ccsc-gov.ico` and `ccsc-gov.icns` for the Windows and macOS bundles."""

ICON_SIZES: Final = (16, 24, 32, 48, 64, 128, 256, 512)
"""The PNG sizes: the title bar and task switcher at 16–64, desktop menus and docks above."""

WINDOW_ICON_SIZES: Final = tuple(size for size in ICON_SIZES if size <= 256)
"""The sizes a window carries: a task switcher shows at most 128 pixels, 256 on a doubled
screen; the 512 is for the desktop entry's icon theme and the bundles (and decoding it would
cost the window 2 ms as it starts)."""


def icon_png(size: int) -> Traversable:
    """The application icon drawn at `size` pixels square."""
    return ICONS / f"ccsc-gov-{size}.png"
