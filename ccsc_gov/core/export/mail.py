"""Sending circulated messages through the Centre's SMTP server (the `[mail]` settings).

The password is kept in the operating system's keyring (Windows Credential Manager, macOS
Keychain, the Secret Service on Linux) through the `keyring` library, under `KEYRING_SERVICE`
and "user@host"; it is never written to the settings file. Each message is sent on its own:
a refusal, or the server going away part-way, is reported per message, and the record says
which went and which did not.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence

import keyring
from keyring.errors import KeyringError

from ccsc_gov.core.export.circulate import Outgoing
from ccsc_gov.core.export.messages import email_message
from ccsc_gov.core.governance.errors import UserError
from ccsc_gov.core.services.circulation import MessageRecord
from ccsc_gov.core.settings.config import MailSettings
from ccsc_gov.core.store.models import MessageOutcome

KEYRING_SERVICE = "ccsc-gov SMTP"
TIMEOUT_SECONDS = 30


def _account(settings: MailSettings) -> str:
    return f"{settings.username}@{settings.host}"


def store_password(settings: MailSettings, password: str) -> None:
    """Keep the SMTP password in the system's keyring."""
    if not settings.username:
        raise UserError("The settings file names no mail.username to keep a password for.")
    try:
        keyring.set_password(KEYRING_SERVICE, _account(settings), password)
    except KeyringError as exc:
        raise UserError(f"The system's keyring cannot keep the password: {exc}.") from exc


def stored_password(settings: MailSettings) -> str:
    try:
        password = keyring.get_password(KEYRING_SERVICE, _account(settings))
    except KeyringError as exc:
        raise UserError(f"The system's keyring cannot be read: {exc}.") from exc
    if password is None:
        raise UserError(
            f"There is no password for {settings.username} on {settings.host} in the system's "
            "keyring: run `ccsc-gov mail-password` once to keep it there."
        )
    return password


def _connect(settings: MailSettings) -> smtplib.SMTP:
    password = stored_password(settings) if settings.username else None
    where = f"{settings.host}:{settings.port}"
    try:
        server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    except OSError as exc:
        raise UserError(f"Cannot reach the mail server {where}: {exc}. Nothing was sent.") from exc
    try:
        if settings.starttls:
            # The system's trusted certificates (SSL_CERT_FILE, where set, names others).
            server.starttls(context=ssl.create_default_context())
        if password is not None:
            server.login(settings.username, password)
    except smtplib.SMTPAuthenticationError as exc:
        server.close()
        raise UserError(
            f"The mail server {where} refused the user name or password "
            f"({exc.smtp_code}). Nothing was sent."
        ) from exc
    except (smtplib.SMTPException, OSError) as exc:
        server.close()
        raise UserError(
            f"The mail server {where} would not start a secure, signed-in session: {exc}. "
            "Nothing was sent."
        ) from exc
    return server


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(exc.recipients))
        return f"the server refused every recipient ({refused})"
    if isinstance(exc, smtplib.SMTPResponseException):
        message = exc.smtp_error
        text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
        return f"the server refused it: {exc.smtp_code} {text}"
    return f"the server went away: {exc}"


def send_letters(messages: Sequence[Outgoing], settings: MailSettings) -> list[MessageRecord]:
    """Send each message; the records say, message by message, what went and what did not.
    A server that cannot be reached or signed in to raises before anything is sent."""
    if not settings.sender and any(m.letter.sender is None for m in messages):
        raise UserError(
            "Say who the messages are from: set mail.from in the settings file "
            '(for example from = "Governance Office <governance@example.org>").'
        )
    server = _connect(settings)
    records: list[MessageRecord] = []
    gone: str | None = None
    try:
        for outgoing in messages:
            if gone is not None:
                records.append(outgoing.record(MessageOutcome.FAILED, gone))
                continue
            message = email_message(outgoing.letter, unsent=False)
            if settings.sender:
                del message["From"]
                message["From"] = settings.sender
            try:
                refused = server.send_message(message)
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                gone = _reason(exc)
                records.append(outgoing.record(MessageOutcome.FAILED, gone))
                continue
            except smtplib.SMTPException as exc:
                records.append(outgoing.record(MessageOutcome.FAILED, _reason(exc)))
                continue
            detail = f"sent by {settings.host}"
            if refused:
                detail += "; refused for " + ", ".join(sorted(refused))
            records.append(outgoing.record(MessageOutcome.SENT, detail))
    finally:
        try:
            server.quit()
        except (smtplib.SMTPException, OSError):
            server.close()
    return records
