"""The desktop bundle, built by packaging/build_bundle.py and run from a folder of its own:
the version, a demo database, minutes, an agenda and an action log exported, the PostgreSQL
driver loaded, and the window started offscreen.

PyInstaller is not among the test dependencies (building takes a minute or more), so the
ordinary test run skips this test and says why; CI installs `.[bundle]` and runs it
(`.ci/run`), as does `pip install -e '.[bundle]' && python -m pytest -m bundle`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from installed_app import exercise

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

pytest.importorskip(
    "PyInstaller",
    reason="PyInstaller is not installed; the bundle test runs in CI, or here after "
    "pip install -e '.[bundle]'",
)

import build_bundle  # noqa: E402


def test_the_bundle_runs_from_a_folder_of_its_own(tmp_path: Path) -> None:
    built = build_bundle.build(tmp_path / "dist", tmp_path / "work")
    # Moved away from where it was built, as a clerk's copy would be.
    bundle = Path(shutil.move(built, tmp_path / "elsewhere" / "ccsc-gov"))
    shutil.rmtree(tmp_path / "work")
    assert (bundle / "_internal" / "ccsc_gov" / "resources" / "templates" / "house.docx").is_file()
    exercise([build_bundle.program(bundle)], tmp_path / "clerk")
