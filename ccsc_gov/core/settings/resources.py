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
"""The application icon: `ccsc-gov.svg` and `ccsc-gov-<size>.png` at the sizes desktops ask."""
