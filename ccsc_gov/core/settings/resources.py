"""Where the shipped resources (Word template, icons) live: `resources/` beside the package.

The app is installed from its checkout (`pip install -e .`, as the README says), so the
resources are found next to the source rather than copied into site-packages.
"""

from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
