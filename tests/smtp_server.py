"""A real SMTP server on localhost (aiosmtpd) for the sending tests: with or without STARTTLS
(a self-signed certificate made with openssl) and a login, keeping what it received."""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "clerk", "s3cret-in-the-keyring"


@dataclass
class Received:
    """What the server accepted: each message as parsed back, with its envelope recipients."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    refuse_after: int | None = None  # refuse every message after this many (a full mailbox)
    vanish_after: int | None = None  # drop the connection after this many

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.vanish_after is not None and len(self.messages) >= self.vanish_after:
            session.transport.close()
            return "421 closing"
        if self.refuse_after is not None and len(self.messages) >= self.refuse_after:
            return "552 Mailbox full"
        parsed = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(parsed, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


def _authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key."""
    cert, key = folder / "localhost.pem", folder / "localhost.key"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@contextmanager
def smtp_server(*, tls_folder: Path | None = None) -> Iterator[tuple[int, Received]]:
    """A server on a free port; with `tls_folder`, STARTTLS and a login are required."""
    received = Received()
    options: dict[str, Any] = {}
    if tls_folder is not None:
        cert, key = self_signed(tls_folder)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        options = {
            "tls_context": context,
            "require_starttls": True,
            "auth_required": True,
            "authenticator": _authenticator,
        }
    port = free_port()
    controller = Controller(received, hostname="localhost", port=port, **options)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()
