"""Email messages (RFC 5322), built with Python's `email` package: a plain-text body with an
HTML alternative, and the documents attached.

A message written to a file for the clerk's mail program carries `X-Unsent: 1`, so Outlook
(and Thunderbird, through its "Edit as new" on a draft) opens it as a draft to check and send.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ccsc_gov.core.export.text import clean, clean_line

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS = "text/calendar"
PDF = "application/pdf"
MESSAGE_ID_DOMAIN = "ccsc-gov"

# A block of a message's body: a paragraph, or a list of short lines shown as bullets.
Block = str | tuple[str, ...]


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf", "text/calendar"
    data: bytes

    @property
    def sha256(self) -> str:
        """Which version of the document went: the same bytes give the same hash."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Mailbox:
    name: str
    address: str


@dataclass(frozen=True)
class Letter:
    """What a message says and carries, before it is made into an RFC 5322 message."""

    subject: str
    to: tuple[Mailbox, ...]
    body: tuple[Block, ...]
    copy: tuple[Mailbox, ...] = ()
    sender: Mailbox | None = None
    attachments: tuple[Attachment, ...] = ()


def usable_address(address: str) -> bool:
    """An address the `email` package can put in a header (one mailbox, nothing else)."""
    try:
        Address(addr_spec=address.strip())
    except (ValueError, IndexError, HeaderParseError):
        return False
    return True


def _header(mailboxes: Sequence[Mailbox]) -> list[Address]:
    return [
        Address(display_name=clean_line(m.name), addr_spec=m.address.strip()) for m in mailboxes
    ]


def plain_text(body: Sequence[Block]) -> str:
    parts = [
        "\n".join(f"  • {clean_line(line)}" for line in block)
        if isinstance(block, tuple)
        else clean(block)
        for block in body
    ]
    return "\n\n".join(parts) + "\n"


def html_text(body: Sequence[Block], *, title: str) -> str:
    parts = [
        "<ul>" + "".join(f"<li>{html.escape(clean_line(line))}</li>" for line in block) + "</ul>"
        if isinstance(block, tuple)
        else "<p>" + html.escape(clean(block)).replace("\n", "<br>") + "</p>"
        for block in body
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n"
        '<body style="font-family: Calibri, Arial, sans-serif; font-size: 11pt">\n'
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def email_message(letter: Letter, *, unsent: bool, date: dt.datetime | None = None) -> EmailMessage:
    """The letter as a message: `unsent` marks it as a draft for the clerk's mail program."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = clean_line(letter.subject)
    if letter.sender is not None:
        message["From"] = _header([letter.sender])
    message["To"] = _header(letter.to)
    if letter.copy:
        message["Cc"] = _header(letter.copy)
    message["Date"] = format_datetime((date or dt.datetime.now()).astimezone())
    message["Message-ID"] = make_msgid(domain=MESSAGE_ID_DOMAIN)
    if unsent:
        message["X-Unsent"] = "1"
    message.set_content(plain_text(letter.body))
    message.add_alternative(html_text(letter.body, title=letter.subject), subtype="html")
    for attachment in letter.attachments:
        maintype, subtype = attachment.content_type.split("/", 1)
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message
