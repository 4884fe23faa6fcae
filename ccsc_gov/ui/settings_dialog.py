"""File ▸ Settings…: this computer's settings, read from and saved to ccsc-gov.toml (the one
source of them): the Word template (checked when chosen), backups kept, the paper size limit
and the mail server. Save stays disabled, with the reason shown, while a value is wrong."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ccsc_gov.core.export.template import check_template
from ccsc_gov.core.governance.errors import InvalidInput, TemplateError
from ccsc_gov.core.settings.config import (
    MAX_BACKUPS_KEPT,
    MAX_PAPER_SIZE_MB,
    MailSettings,
    Settings,
    check_settings,
)
from ccsc_gov.ui.forms import FormDialog


def choose_template_file(parent: QWidget) -> Path | None:
    """Ask for a Word document or template; tests replace this function."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose the Word template", "", "Word documents and templates (*.docx *.dotx)"
    )
    return Path(name) if name else None


def _spin(low: int, high: int, value: int, *, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(FormDialog[Settings]):
    def __init__(self, parent: QWidget | None, settings: Settings, path: Path) -> None:
        super().__init__(
            parent,
            "Settings",
            f"For every database on this computer; saved in {path}.",
            ok_text="&Save",
        )
        self.template = QLineEdit()
        self.template.setReadOnly(True)
        self.template.setPlaceholderText("The house template")
        self.template_problem = ""
        choose = QPushButton("&Choose…")
        choose.clicked.connect(self.choose_template)
        house = QPushButton("&House template")
        house.clicked.connect(lambda: self.use_template(None))
        row = QHBoxLayout()
        row.addWidget(self.template, 1)
        row.addWidget(choose)
        row.addWidget(house)
        self.form.addRow("Word template:", row)

        self.backups = _spin(1, MAX_BACKUPS_KEPT, settings.backups_kept)
        self.form.addRow("Backups kept:", self.backups)
        self.papers = _spin(1, MAX_PAPER_SIZE_MB, settings.papers_max_size_mb, suffix=" MB")
        self.form.addRow("Largest paper:", self.papers)

        mail = settings.mail or MailSettings(host="")
        self.mail_host = QLineEdit(mail.host)
        self.mail_host.setPlaceholderText("smtp.example.ac.uk (empty: no mail)")
        self.mail_port = _spin(1, 65535, mail.port)
        self.mail_starttls = QCheckBox("Use STARTTLS")
        self.mail_starttls.setChecked(mail.starttls)
        self.mail_username = QLineEdit(mail.username)
        self.mail_sender = QLineEdit(mail.sender)
        self.mail_sender.setPlaceholderText("Committee Office <committees@example.org>")
        self.form.addRow("Mail server:", self.mail_host)
        self.form.addRow("Port:", self.mail_port)
        self.form.addRow("", self.mail_starttls)
        self.form.addRow("User name:", self.mail_username)
        self.form.addRow("From:", self.mail_sender)

        for edit in (self.mail_host, self.mail_username, self.mail_sender):
            edit.textChanged.connect(self.update_ok)
        for spin in (self.backups, self.papers, self.mail_port):
            spin.valueChanged.connect(self.update_ok)
        self.use_template(settings.template)

    def choose_template(self) -> None:
        path = choose_template_file(self)
        if path is not None:
            self.use_template(path)

    def use_template(self, path: Path | None) -> None:
        """Take `path` as the template (None: the house one), checking it has every style."""
        self.template_problem = ""
        if path is not None:
            try:
                check_template(path)
            except TemplateError as error:
                self.template_problem = str(error)
        self.template.setText(str(path) if path else "")
        self.update_ok()

    def _settings(self) -> Settings:
        return Settings(
            backups_kept=self.backups.value(),
            template=Path(self.template.text()) if self.template.text() else None,
            papers_max_size_mb=self.papers.value(),
            mail=self._mail(),
        )

    def _mail(self) -> MailSettings | None:
        """No mail server when host, user name and sender are all empty; else what is typed
        (an empty host among them is refused by the checks)."""
        texts = (self.mail_host.text(), self.mail_username.text(), self.mail_sender.text())
        if not any(text.strip() for text in texts):
            return None
        return MailSettings(
            host=texts[0],
            port=self.mail_port.value(),
            starttls=self.mail_starttls.isChecked(),
            username=texts[1],
            sender=texts[2],
        )

    def problems(self) -> str:
        if self.template_problem:
            return self.template_problem
        try:
            check_settings(self._settings())
        except InvalidInput as error:
            return str(error)
        return ""

    def value(self) -> Settings:
        return check_settings(self._settings())
