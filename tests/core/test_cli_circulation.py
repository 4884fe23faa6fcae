"""`ccsc-gov circulate`, `circulations` and `chair-cleared`: drafts written, messages sent to a
real SMTP server (aiosmtpd) with the password in a real keyring backend, failures reported per
message, and nothing recorded as sent that was not."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from circulation_helpers import (
    EMAIL_OF,
    ENTITLED,
    SECRET,
    Committee,
    addresses,
    attachments,
    build_meeting,
    everything_in,
    read_folder,
)
from keyring.backend import KeyringBackend
from keyrings.alt.file import PlaintextKeyring
from smtp_server import PASSWORD, USER, smtp_server

from ccsc_gov.cli.commands import main
from ccsc_gov.core.store.db import Database

pytestmark = pytest.mark.sqlite_only  # commands on SQLite files; services run in both lanes


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ccsc-gov: "), err
    return lines[0]


@pytest.fixture
def committee(db: Database) -> Committee:
    with db.transaction() as session:
        return build_meeting(session)


@pytest.fixture
def settings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not sys.platform.startswith("linux"):
        pytest.skip("the settings folder is moved through XDG_CONFIG_HOME, a Linux convention")
    folder = tmp_path / "config" / "ccsc-gov"
    folder.mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return folder


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[KeyringBackend]:
    """keyrings.alt's file keyring in the test's folder, as the system keyring."""
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def mail_settings(folder: Path, port: int, *, login: bool) -> None:
    lines = ["[mail]", 'host = "localhost"', f"port = {port}", f"starttls = {str(login).lower()}"]
    if login:
        lines.append(f'username = "{USER}"')
    lines.append('from = "Governance Office <governance@example.ac.uk>"')
    (folder / "ccsc-gov.toml").write_text("\n".join(lines) + "\n")


def circulations(capsys: pytest.CaptureFixture[str], db: Database, ref: str) -> list[dict]:
    code, out, _ = run(capsys, "circulations", ref, "--json", "--db", str(db.path))
    assert code == 0
    return json.loads(out)


# --- drafts ----------------------------------------------------------------------------------


def test_circulate_writes_drafts_names_who_has_no_address_and_keeps_the_record(
    db: Database, committee: Committee, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, _ = run(
        capsys, "circulate", committee.ref, "agenda", "-o", str(out_dir), "--db", str(db.path)
    )
    assert code == 0
    assert "No email address for: Dr Nadia Noemail" in out
    messages = read_folder(out_dir)
    assert len(messages) == 2
    [record] = circulations(capsys, db, committee.ref)
    assert record["kind"] == "agenda"
    assert record["sent"] is False
    assert record["by"]
    for message in messages:
        on_record = next(m for m in record["messages"] if m["subject"] == message["Subject"])
        assert {p["address"] for p in on_record["to"]} == addresses(message, "To")
        for name, data in attachments(message).items():
            assert {"file": name, "sha256": hashlib.sha256(data).hexdigest()} in on_record[
                "attachments"
            ]

    code, _, err = run(
        capsys, "circulate", committee.ref, "agenda", "-o", str(out_dir), "--db", str(db.path)
    )
    assert "already went out" in one_line_error(code, err)
    code, _, _ = run(
        capsys, "circulate", committee.ref, "agenda", "-o", str(out_dir), "--again",
        "--db", str(db.path),
    )  # fmt: skip
    assert code == 0
    assert len(circulations(capsys, db, committee.ref)) == 2


def test_draft_minutes_go_to_the_chair_then_the_members_once_cleared(
    db: Database, committee: Committee, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chair, members = tmp_path / "chair", tmp_path / "members"
    chair.mkdir()
    members.mkdir()
    db_arg = ("--db", str(db.path))
    assert (
        run(capsys, "circulate", committee.ref, "draft-minutes", "-o", str(chair), *db_arg)[0] == 0
    )
    [message] = read_folder(chair)
    assert addresses(message, "To") == {EMAIL_OF["Okafor"]}
    code, out, _ = run(capsys, "meetings", "--json", *db_arg)
    [meeting] = [m for m in json.loads(out) if m["ref"] == committee.ref]
    assert meeting["minutes_status"] == "with the chair"

    code, _, err = run(capsys, "circulate", committee.ref, "minutes", "-o", str(members), *db_arg)
    assert "with the chair" in one_line_error(code, err)
    assert run(capsys, "chair-cleared", committee.ref, *db_arg)[0] == 0
    assert run(capsys, "circulate", committee.ref, "minutes", "-o", str(members), *db_arg)[0] == 0
    assert len(read_folder(members)) == 2


@pytest.mark.parametrize(
    ("ref", "kind", "expected"),
    [
        ("EMC/1999/01", "agenda", "no meeting"),
        (None, "pack", "board pack"),
    ],
)
def test_a_circulation_that_cannot_be_made_is_one_line_and_nothing_is_recorded(
    db: Database,
    committee: Committee,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    ref: str | None,
    kind: str,
    expected: str,
) -> None:
    code, _, err = run(
        capsys, "circulate", ref or committee.ref, kind, "-o", str(tmp_path), "--db", str(db.path)
    )
    assert expected in one_line_error(code, err)
    assert circulations(capsys, db, committee.ref) == []
    assert list(tmp_path.glob("*.eml")) == []


def test_minutes_of_a_meeting_not_yet_held_and_an_unwritable_folder_are_refused(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with db.transaction() as session:
        planned = build_meeting(session, held=False)
    db_arg = ("--db", str(db.path))
    code, _, err = run(capsys, "circulate", planned.ref, "minutes", "-o", str(tmp_path), *db_arg)
    assert "has not been held" in one_line_error(code, err)
    code, _, err = run(
        capsys, "circulate", planned.ref, "agenda", "-o", str(tmp_path / "nowhere"), *db_arg
    )
    assert "does not exist" in one_line_error(code, err)
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = run(capsys, "circulate", planned.ref, "agenda", "-o", str(locked), *db_arg)
        assert "cannot be written" in one_line_error(code, err)
    assert circulations(capsys, db, planned.ref) == []


# --- sending ---------------------------------------------------------------------------------


def test_send_delivers_each_message_to_a_real_smtp_server(
    db: Database,
    committee: Committee,
    settings_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with smtp_server() as (port, received):
        mail_settings(settings_folder, port, login=False)
        code, out, _ = run(
            capsys, "circulate", committee.ref, "minutes", "--send", "--db", str(db.path)
        )
    assert code == 0, out
    assert len(received.messages) == 2
    for envelope, message in received.messages:
        assert message["X-Unsent"] is None
        assert message["From"] == "Governance Office <governance@example.ac.uk>"
        assert set(envelope) == addresses(message, "To") | addresses(message, "Cc")
        public = not addresses(message, "To") & {EMAIL_OF[n] for n in ENTITLED}
        assert (SECRET in everything_in(message)) is not public
    [record] = circulations(capsys, db, committee.ref)
    assert record["sent"] is True
    assert {m["outcome"] for m in record["messages"]} == {"sent"}


def test_send_with_starttls_and_the_password_from_the_keyring(
    db: Database,
    committee: Committee,
    settings_folder: Path,
    file_keyring: KeyringBackend,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tls = tmp_path / "tls"
    tls.mkdir()
    with smtp_server(tls_folder=tls) as (port, received):
        monkeypatch.setenv("SSL_CERT_FILE", str(tls / "localhost.pem"))
        mail_settings(settings_folder, port, login=True)
        db_arg = ("--db", str(db.path))
        code, _, err = run(capsys, "circulate", committee.ref, "agenda", "--send", *db_arg)
        assert "mail-password" in one_line_error(code, err)

        monkeypatch.setattr("getpass.getpass", lambda prompt: "wrong")
        assert run(capsys, "mail-password", *db_arg)[0] == 0
        code, _, err = run(capsys, "circulate", committee.ref, "agenda", "--send", *db_arg)
        assert "refused the user name or password" in one_line_error(code, err)
        assert received.messages == []
        assert circulations(capsys, db, committee.ref) == []

        monkeypatch.setattr("getpass.getpass", lambda prompt: PASSWORD)
        assert run(capsys, "mail-password", *db_arg)[0] == 0
        code, out, _ = run(capsys, "circulate", committee.ref, "agenda", "--send", *db_arg)
    assert code == 0, out
    assert len(received.messages) == 2
    assert PASSWORD not in (settings_folder / "ccsc-gov.toml").read_text()
    assert file_keyring.get_password("ccsc-gov SMTP", f"{USER}@localhost") == PASSWORD


@pytest.mark.parametrize("fault", ["refuse_after", "vanish_after"])
def test_a_failure_part_way_is_reported_per_message_and_what_went_is_on_record(
    db: Database,
    committee: Committee,
    settings_folder: Path,
    capsys: pytest.CaptureFixture[str],
    fault: str,
) -> None:
    with smtp_server() as (port, received):
        setattr(received, fault, 1)
        mail_settings(settings_folder, port, login=False)
        code, out, err = run(
            capsys, "circulate", committee.ref, "agenda", "--send", "--db", str(db.path)
        )
    assert "1 of 2 messages could not be sent" in one_line_error(code, err)
    assert "NOT SENT to" in out
    assert "Sent to" in out
    assert len(received.messages) == 1
    [record] = circulations(capsys, db, committee.ref)
    outcomes = sorted(m["outcome"] for m in record["messages"])
    assert outcomes == ["failed", "sent"]
    [sent] = [m for m in record["messages"] if m["outcome"] == "sent"]
    assert sent["subject"] == received.messages[0][1]["Subject"]


def test_a_server_that_is_not_there_sends_nothing_and_records_nothing(
    db: Database, committee: Committee, settings_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from smtp_server import free_port

    mail_settings(settings_folder, free_port(), login=False)
    code, _, err = run(capsys, "circulate", committee.ref, "agenda", "--send", "--db", str(db.path))
    assert "Cannot reach the mail server" in one_line_error(code, err)
    assert circulations(capsys, db, committee.ref) == []
