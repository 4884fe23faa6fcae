"""Build the desktop bundle: one folder, `ccsc-gov/`, holding the `ccsc-gov` program (the window,
or a command when given one), Python, Qt and its plugins, the Word template, the icon, the
schema migrations and the PostgreSQL driver. Copy the folder anywhere and run the program in it;
nothing else need be installed.

    pip install -e '.[bundle]'
    python packaging/build_bundle.py            # writes dist/ccsc-gov/

It builds for the system it runs on: run it on Windows for Windows, on macOS for macOS, on
Linux for Linux (the spec, packaging/ccsc-gov.spec, is the same for all three).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "ccsc-gov.spec"


def program(bundle: Path) -> Path:
    """The program inside a bundle folder."""
    return bundle / ("ccsc-gov.exe" if sys.platform == "win32" else "ccsc-gov")


def build(dist: Path, work: Path) -> Path:
    """Build the bundle into `dist` (PyInstaller's own files into `work`); the bundle folder."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is not installed: pip install -e '.[bundle]'") from None
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
    )
    return dist / "ccsc-gov"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE.parent / "dist", help="(default: dist/)")
    parser.add_argument("--work", type=Path, default=HERE.parent / "build" / "bundle")
    args = parser.parse_args()
    bundle = build(args.dist, args.work)
    print(f"Built the bundle {bundle}; run {program(bundle)}")


if __name__ == "__main__":
    main()
