"""Cleaning what a clerk pastes, and writing files all-or-nothing with a clear refusal."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import IO

import pytest

from ccsc_gov.core.export import files
from ccsc_gov.core.export.files import write_atomic, write_bytes
from ccsc_gov.core.export.text import (
    Block,
    blocks,
    clean,
    clean_line,
    due_text,
    long_date,
    time_span,
    truncate,
)
from ccsc_gov.core.governance.errors import UserError

# --- text -----------------------------------------------------------------------------------


def test_clean_removes_what_xml_cannot_hold_and_keeps_every_real_character() -> None:
    text = "a\x00b\x01c\x1bd\x7fe\x9ff\ufffeg\uffffh"
    assert clean(text) == "abcdefgh"
    kept = "Wójcik — עברית العربية 😀 ∑ ½ “quoted” =cmd|' /C calc'!A0"
    assert clean(kept) == kept


def test_surrogates_are_paired_when_they_belong_together_and_replaced_when_alone() -> None:
    assert clean("smile \ud83d\ude00!") == "smile 😀!"
    assert clean("lone \ud800 and \udfff") == "lone \ufffd and \ufffd"
    clean("x\udfff").encode("utf-8")  # encodable: no exception


def test_every_spelling_of_a_line_break_becomes_one() -> None:
    assert clean("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h") == "a\nb\nc\nd\ne\nf\ng\nh"
    assert clean_line("  a\r\n\tb  c ") == "a b c"


def test_bidi_overrides_are_dropped_but_right_to_left_text_is_kept() -> None:
    assert clean("abc\u202edef\u202c \u2067x\u2069") == "abcdef x"
    assert clean("שלום world") == "שלום world"


def test_minute_text_becomes_paragraphs_and_bullets() -> None:
    text = (
        "The Committee discussed the report.\r\n\r\n"
        "Points raised:\n"
        "- first point\n"
        "• second point\n"
        "  * third point\n"
        "-not a bullet\n\n\n"
        "Closing remark."
    )
    assert blocks(text) == [
        Block("The Committee discussed the report."),
        Block("Points raised:"),
        Block("first point", bullet=True),
        Block("second point", bullet=True),
        Block("third point", bullet=True),
        Block("-not a bullet"),
        Block("Closing remark."),
    ]
    assert blocks("") == []
    assert blocks("- \n\n   ") == []


def test_truncate_says_it_cut() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("x" * 100, 40)
    assert len(cut) == 40
    assert cut.endswith("[truncated]")


def test_dates_are_written_in_english_whatever_the_locale() -> None:
    assert long_date(dt.date(2026, 3, 10)) == "Tuesday 10 March 2026"
    # Word joiners keep the range on one line; they print as nothing.
    assert time_span(dt.datetime(2026, 3, 10, 14), dt.datetime(2026, 3, 10, 16, 30)) == (
        "14:00\u2060–\u206016:30"
    )
    assert due_text(dt.date(2026, 3, 31), dt.date(2026, 2, 28)) == "31 Mar 2026 (was 28 Feb 2026)"
    assert due_text(dt.date(2026, 3, 31), dt.date(2026, 3, 31)) == "31 Mar 2026"
    assert due_text(None) == "No date"


# --- files ----------------------------------------------------------------------------------


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_file_is_replaced_whole_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


def test_a_writer_that_fails_leaves_the_last_good_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"last good")

    def fail(stream: IO[bytes]) -> None:
        stream.write(b"half a docu")
        raise RuntimeError("the writer broke")

    with pytest.raises(RuntimeError):
        write_atomic(target, fail)
    assert target.read_bytes() == b"last good"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("lock", ["~$nutes.docx", "~$minutes.docx", ".~lock.minutes.docx#"])
def test_a_file_open_in_word_or_libreoffice_is_refused_clearly(tmp_path: Path, lock: str) -> None:
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"open elsewhere")
    (tmp_path / lock).write_bytes(b"")
    with pytest.raises(UserError, match="open in another program"):
        write_bytes(target, b"new")
    assert target.read_bytes() == b"open elsewhere"


def test_a_refused_replace_says_the_file_is_open_or_the_folder_not_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What Windows does when Word holds the file open.
    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(UserError, match="open in another program"):
        write_bytes(tmp_path / "minutes.docx", b"new")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_read_only_folder_or_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "minutes.docx").write_bytes(b"x")
    (folder / "minutes.docx").chmod(0o444)
    with pytest.raises(UserError, match="read-only"):
        write_bytes(folder / "minutes.docx", b"new")
    folder.chmod(0o555)
    try:
        with pytest.raises(UserError, match="cannot be written to"):
            write_bytes(folder / "agenda.docx", b"new")
    finally:
        folder.chmod(0o755)


def test_a_read_only_file_or_folder_is_refused_even_for_an_administrator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere, so the refusals are staged: the checks are what is under test.
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"x")
    monkeypatch.setattr(files.os, "access", lambda path, mode: False)
    with pytest.raises(UserError, match="read-only"):
        write_bytes(target, b"new")
    monkeypatch.undo()

    def refuse(**_: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    with pytest.raises(UserError, match="cannot be written to"):
        write_bytes(tmp_path / "agenda.docx", b"new")


def test_a_missing_folder_or_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_bytes(tmp_path / "nowhere" / "minutes.docx", b"x")
    with pytest.raises(UserError, match="is a folder"):
        write_bytes(tmp_path, b"x")
