"""The app as a clerk's IT department installs it: an sdist and a wheel built the ordinary way,
the wheel installed (not editable) into a new virtual environment, and minutes, an agenda and
an action log exported there with the house template the wheel carries.

The new environment holds only the wheel; the app's dependencies are made visible to it by a
path file naming this environment's site-packages, whose own path files (the editable install's
finder among them) Python does not process from there, so nothing of the checkout can stand in
for a resource the wheel lacks. `pip check` then proves the wheel's declared dependencies are
what those packages satisfy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

from installed_app import clean_environment, exercise, run

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "ccsc_gov/resources/templates/house.docx",
    "ccsc_gov/resources/icons/ccsc-gov.svg",
    "ccsc_gov/resources/icons/ccsc-gov-256.png",
)


def clean_copy(target: Path) -> Path:
    """The checkout's files as a fresh clone (plus uncommitted work) has them: no egg-info left
    by an editable install, whose stale file list would otherwise put files into the sdist."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def test_a_wheel_built_from_the_sdist_installs_and_exports_minutes_agenda_and_actions(
    tmp_path: Path,
) -> None:
    dist = tmp_path / "dist"
    # The wheel is built from the sdist, so both must carry the resources for this to pass.
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(dist), str(clean_copy(tmp_path / "src"))],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (sdist,) = dist.glob("ccsc_gov-*.tar.gz")
    (wheel,) = dist.glob("ccsc_gov-*.whl")
    with tarfile.open(sdist) as archive:
        sdist_names = {name.partition("/")[2] for name in archive.getnames()}
    assert set(SHIPPED) <= sdist_names
    assert set(SHIPPED) <= set(zipfile.ZipFile(wheel).namelist())

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            tmp_path,
            clean_environment(tmp_path),
        ).strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = clean_environment(tmp_path / "home")
    run([python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel], tmp_path, env)
    run([python, "-m", "pip", "check"], tmp_path, env)
    where = run([python, "-c", "import ccsc_gov; print(ccsc_gov.__file__)"], tmp_path, env)
    assert Path(where.strip()).is_relative_to(site)

    exercise([venv / "bin" / "ccsc-gov"], tmp_path / "clerk")
