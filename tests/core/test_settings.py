"""ccsc-gov.toml, the one source of this computer's settings: read with defaults, every value
checked (the reason and the line named), written whole or not at all, keeping what it does not
know."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from ccsc_gov.cli.commands import main
from ccsc_gov.core.export.settings_file import save_settings
from ccsc_gov.core.governance.errors import InvalidInput
from ccsc_gov.core.settings.config import MailSettings, Settings, config_path, load_settings

CHOSEN = Settings(
    backups_kept=25,
    template=Path("/srv/templates/our-house.docx"),
    papers_max_size_mb=80,
    mail=MailSettings(
        host="smtp.example.ac.uk",
        port=465,
        starttls=False,
        username="clerk@example.ac.uk",
        sender="Committee Office <committees@example.ac.uk>",
    ),
)


def test_without_a_file_the_defaults_apply(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "ccsc-gov.toml")
    assert settings == Settings()
    assert (settings.backups_kept, settings.papers_max_size_mb) == (10, 50)
    assert settings.template is None
    assert settings.mail is None


def test_saved_settings_read_back_and_are_plain_toml(tmp_path: Path) -> None:
    path = tmp_path / "config" / "ccsc-gov.toml"
    save_settings(CHOSEN, path)
    assert load_settings(path) == CHOSEN
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert written["papers"] == {"max_size_mb": 80}
    # The names the circulation of papers reads: exactly these.
    assert written["mail"] == {
        "host": "smtp.example.ac.uk",
        "port": 465,
        "starttls": False,
        "username": "clerk@example.ac.uk",
        "from": "Committee Office <committees@example.ac.uk>",
    }
    assert written["documents"] == {"template": "/srv/templates/our-house.docx"}


def test_saving_keeps_what_this_version_does_not_know_and_can_go_back_to_the_house_template(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ccsc-gov.toml"
    path.write_text(
        '[circulation]\nsignature = "The Committee Office"\n\n'
        '[documents]\ntemplate = "~/house.docx"\n\n[mail]\nhost = "old.example.org"\nlegacy = 1\n',
        encoding="utf-8",
    )
    assert load_settings(path).template == Path.home() / "house.docx"

    save_settings(Settings(mail=MailSettings(host="smtp.example.org")), path)

    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert written["circulation"] == {"signature": "The Committee Office"}
    assert written["mail"]["legacy"] == 1
    assert written["mail"]["host"] == "smtp.example.org"
    assert "documents" not in written  # the house template: no key, and so no table
    assert load_settings(path).template is None

    save_settings(Settings(), path)  # no mail server any more: its keys go, the rest stays
    assert tomllib.loads(path.read_text(encoding="utf-8"))["mail"] == {"legacy": 1}
    assert load_settings(path).mail is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[backups]\nkeep = 0\n", "line 2, backups.keep must be a whole number from 1 to 1000"),
        ('[papers]\n# in MB\nmax_size_mb = "big"\n', "line 3, papers.max_size_mb must be a whole"),
        ("[papers]\nmax_size_mb = 5000\n", "papers.max_size_mb must be a whole number from 1"),
        ("[mail]\nhost = 'smtp'\nport = 70000\n", "line 3, mail.port must be a whole number"),
        ("[mail]\nstarttls = 'yes'\nhost = 'smtp'\n", "line 2, mail.starttls must be true or"),
        ("[mail]\nhost = 'smtp example'\n", "line 2, mail.host must name the SMTP server"),
        ("[mail]\nport = 25\n", "mail.host must name the SMTP server"),
        ("[mail]\nhost = 'smtp'\npassword = 'x'\n", "line 3, remove the mail password"),
        ("[mail]\nfrom = 'the office'\nhost = 'smtp'\n", "line 2, mail.from must be an email"),
        ("[documents]\ntemplate = 3\n", "line 2, documents.template must be text in quotes"),
        ("mail = 3\n", "line 1, mail must be a [mail] table"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_line_and_what_it_must_be(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = tmp_path / "ccsc-gov.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        load_settings(path)
    assert f"In {path}, " in str(refused.value)
    assert reason in str(refused.value)


def test_a_file_that_is_not_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ccsc-gov.toml"
    path.write_text('[backups]\nkeep = 10\n[mail\nhost = "x"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"is not valid TOML: .*line 3"):
        load_settings(path)


def test_invalid_settings_are_not_saved_and_the_file_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "ccsc-gov.toml"
    save_settings(CHOSEN, path)
    before = path.read_bytes()
    for wrong in (
        Settings(backups_kept=0),
        Settings(papers_max_size_mb=0),
        Settings(mail=MailSettings(host="smtp.example.org", port=0)),
        Settings(mail=MailSettings(host="smtp.example.org", sender="nobody")),
    ):
        with pytest.raises(InvalidInput):
            save_settings(wrong, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ccsc-gov.toml"]  # no temporary left


def test_a_hand_edited_bad_file_is_one_line_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    config_path().parent.mkdir(parents=True)
    config_path().write_text("[documents]\ntemplate = [1]\n", encoding="utf-8")
    db = tmp_path / "centre.sqlite3"

    status = main(["export", "actions", "--db", str(db), "-o", str(tmp_path / "log.docx")])

    assert status == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "line 2, documents.template must be text in quotes" in error
    assert not (tmp_path / "log.docx").exists()
