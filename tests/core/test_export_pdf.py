"""PDF through LibreOffice: a clear message when it is missing, hangs or fails."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from demo_meeting import demo_agenda

from ccsc_gov.core.export import pdf
from ccsc_gov.core.export.agenda import write_agenda
from ccsc_gov.core.export.pdf import NOT_INSTALLED, convert_to_pdf, find_soffice
from ccsc_gov.core.governance.errors import UserError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is a shell script")


@pytest.fixture
def agenda(tmp_path: Path) -> Path:
    target = tmp_path / "agenda.docx"
    write_agenda(demo_agenda(), target)
    return target


def stand_in(tmp_path: Path, script: str) -> str:
    """A fake soffice behaving as `script` says."""
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    return str(program)


def test_without_libreoffice_the_clerk_is_told_what_to_do(
    agenda: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    with pytest.raises(UserError) as refused:
        convert_to_pdf(agenda)
    assert str(refused.value) == NOT_INSTALLED
    assert not agenda.with_suffix(".pdf").exists()


@posix_only
def test_a_libreoffice_that_hangs_is_stopped_after_the_time_limit(
    agenda: Path, tmp_path: Path
) -> None:
    program = stand_in(tmp_path, "sleep 60\n")
    started = time.monotonic()
    with pytest.raises(UserError, match=r"did not finish .* within 1 seconds"):
        convert_to_pdf(agenda, timeout=1, soffice=program)
    assert time.monotonic() - started < 10
    assert not agenda.with_suffix(".pdf").exists()


@posix_only
def test_a_libreoffice_that_makes_no_pdf_is_reported(agenda: Path, tmp_path: Path) -> None:
    program = stand_in(tmp_path, 'echo "Error: source file could not be loaded" >&2\nexit 1\n')
    with pytest.raises(UserError, match=r"could not make a PDF of agenda\.docx: Error: source"):
        convert_to_pdf(agenda, soffice=program)
    assert not agenda.with_suffix(".pdf").exists()


def test_a_missing_source_is_reported(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        convert_to_pdf(tmp_path / "nothing.docx", soffice=sys.executable)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_makes_a_checked_pdf_where_asked(agenda: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "Agenda — EMC 2026-04.pdf"
    target.parent.mkdir()
    assert convert_to_pdf(agenda, target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"%%EOF" in data[-1024:]
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]
