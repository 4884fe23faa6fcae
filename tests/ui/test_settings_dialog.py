"""File ▸ Settings…: the settings of ccsc-gov.toml in the window, a chosen Word template checked
at once (the missing style named), wrong values refused with the reason, and a hand-edited bad
file reported with its line rather than a crash."""

from __future__ import annotations

import io
import tomllib
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from ccsc_gov.core.settings.config import MailSettings, Settings, config_path, load_settings
from ccsc_gov.core.settings.resources import HOUSE_TEMPLATE
from ccsc_gov.ui import main_window as main_window_module
from ccsc_gov.ui import settings_dialog
from ccsc_gov.ui.main_window import MainWindow
from ccsc_gov.ui.settings_dialog import SettingsDialog


@pytest.fixture
def profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own settings folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return config_path()


def template_without(path: Path, style: str) -> Path:
    document = docx.Document(io.BytesIO(HOUSE_TEMPLATE.read_bytes()))
    document.styles[style].delete()
    document.save(str(path))
    return path


def dialog_on(qtbot: QtBot, settings: Settings, path: Path) -> SettingsDialog:
    dialog = SettingsDialog(None, settings, path)
    qtbot.addWidget(dialog)
    dialog.update_ok()
    return dialog


def test_the_dialog_shows_the_settings_and_gives_back_what_is_typed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = dialog_on(qtbot, Settings(backups_kept=12), tmp_path / "ccsc-gov.toml")
    assert dialog.backups.value() == 12
    assert dialog.papers.value() == 50
    assert dialog.template.text() == ""
    assert dialog.ok_button.isEnabled()

    dialog.papers.setValue(80)
    dialog.mail_host.setText("smtp.example.ac.uk")
    dialog.mail_port.setValue(465)
    dialog.mail_starttls.setChecked(False)
    dialog.mail_username.setText("clerk")
    dialog.mail_sender.setText("Committee Office <committees@example.ac.uk>")

    assert dialog.value() == Settings(
        backups_kept=12,
        papers_max_size_mb=80,
        mail=MailSettings(
            host="smtp.example.ac.uk",
            port=465,
            starttls=False,
            username="clerk",
            sender="Committee Office <committees@example.ac.uk>",
        ),
    )


def test_a_chosen_template_lacking_a_style_is_refused_naming_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lacking = template_without(tmp_path / "ours.docx", "Decision")
    monkeypatch.setattr(settings_dialog, "choose_template_file", lambda _parent: lacking)
    dialog = dialog_on(qtbot, Settings(), tmp_path / "ccsc-gov.toml")

    dialog.choose_template()

    assert not dialog.ok_button.isEnabled()
    assert "no paragraph style named “Decision”" in dialog.problem.text()

    good = tmp_path / "good.docx"
    good.write_bytes(HOUSE_TEMPLATE.read_bytes())
    monkeypatch.setattr(settings_dialog, "choose_template_file", lambda _parent: good)
    dialog.choose_template()
    assert dialog.ok_button.isEnabled()
    assert dialog.value().template == good


def test_a_template_that_has_gone_since_is_named_when_the_dialog_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = dialog_on(qtbot, Settings(template=tmp_path / "gone.docx"), tmp_path / "s.toml")
    assert "gone.docx does not exist" in dialog.problem.text()
    assert not dialog.ok_button.isEnabled()
    dialog.use_template(None)  # the House template button
    assert dialog.ok_button.isEnabled()
    assert dialog.value().template is None


def test_a_wrong_sender_or_server_is_refused_with_the_reason(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = dialog_on(qtbot, Settings(), tmp_path / "ccsc-gov.toml")
    dialog.mail_sender.setText("the committee office")
    assert not dialog.ok_button.isEnabled()
    assert "mail.host must name the SMTP server" in dialog.problem.text()  # a sender, no server
    dialog.mail_host.setText("smtp.example.org")
    assert "mail.from must be an email address" in dialog.problem.text()
    dialog.mail_sender.setText("committees@example.org")
    dialog.mail_host.setText("smtp example org")
    assert "mail.host must name the SMTP server" in dialog.problem.text()
    dialog.mail_host.setText("smtp.example.org")
    assert dialog.ok_button.isEnabled()
    dialog.mail_host.setText("")
    dialog.mail_sender.setText("")
    assert dialog.ok_button.isEnabled()  # all mail fields empty: no mail server
    assert dialog.value().mail is None


def test_file_settings_saves_to_the_settings_file(
    open_window: Callable[[], MainWindow], profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill_in(dialog: SettingsDialog) -> bool:
        dialog.backups.setValue(30)
        dialog.mail_host.setText("smtp.example.ac.uk")
        return True

    monkeypatch.setattr(SettingsDialog, "run", fill_in)
    window = open_window()

    window.settings_action.trigger()

    assert load_settings().backups_kept == 30
    written = tomllib.loads(profile.read_text(encoding="utf-8"))
    assert written["backups"] == {"keep": 30}
    assert written["mail"]["host"] == "smtp.example.ac.uk"
    assert written["papers"] == {"max_size_mb": 50}


def test_a_hand_edited_bad_file_is_reported_with_its_line_and_left_alone(
    open_window: Callable[[], MainWindow], profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.parent.mkdir(parents=True)
    profile.write_text("[papers]\nmax_size_mb = -1\n", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(
        main_window_module, "show_user_error", lambda _p, error: shown.append(str(error))
    )
    monkeypatch.setattr(SettingsDialog, "run", lambda _dialog: pytest.fail("no dialog expected"))
    window = open_window()

    assert window.open_settings() is None

    [message] = shown
    assert f"In {profile}, line 2, papers.max_size_mb must be a whole number" in message
    assert profile.read_text(encoding="utf-8") == "[papers]\nmax_size_mb = -1\n"


def test_a_settings_file_that_cannot_be_read_is_refused_in_plain_words(
    open_window: Callable[[], MainWindow], profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile.parent.mkdir(parents=True)
    profile.mkdir()  # a folder where the file should be
    shown: list[str] = []
    monkeypatch.setattr(
        main_window_module, "show_user_error", lambda _p, error: shown.append(str(error))
    )
    monkeypatch.setattr(SettingsDialog, "run", lambda _dialog: True)
    window = open_window()

    assert window.open_settings() is None
    assert len(shown) == 1
    assert f"The settings file {profile} cannot be read" in shown[0]
