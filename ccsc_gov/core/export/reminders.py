"""Reminder messages to action owners: one per person, their own open actions only, overdue
first and marked. The subject never names an item, so nothing confidential shows in a list
of messages; an action raised under a confidential item is named by the item's public
title."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from ccsc_gov.core.export.circulate import Outgoing
from ccsc_gov.core.export.messages import Block, Letter, Mailbox, usable_address
from ccsc_gov.core.export.text import due_text, long_date, plain_date, status_words
from ccsc_gov.core.services.circulation import Recipient
from ccsc_gov.core.services.reminders import OwnerReminder, ReminderLine

REMINDER = "reminder"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def reminder_subject(reminder: OwnerReminder) -> str:
    subject = f"Your open actions: {_count(len(reminder.lines), 'action')}"
    if reminder.overdue:
        subject += f", {reminder.overdue} overdue"
    return subject


def _action(line: ReminderLine) -> tuple[Block, Block]:
    heading = f"{line.ref}{' — OVERDUE' if line.overdue else ''}: {line.description}"
    details = [
        f"Raised at {line.meeting}, item {line.item_number}: {line.item_title}",
        f"Due: {due_text(line.due, line.original_due)}",
        f"Status: {status_words(line.status)}",
    ]
    if line.latest_note:
        details.append(f"Latest note: {line.latest_note}")
    if line.confidential:
        details.append("Raised in confidential business: not for forwarding.")
    return heading, tuple(details)


def reminder_letters(
    reminders: Sequence[OwnerReminder], *, today: dt.date, sender: Mailbox | None = None
) -> tuple[list[Outgoing], list[Recipient]]:
    """The reminder messages, and the owners who have no usable email address."""
    messages: list[Outgoing] = []
    unreachable: list[Recipient] = []
    for reminder in reminders:
        owner = Recipient(reminder.person_id, reminder.name, reminder.address, "owner", True)
        if not usable_address(reminder.address):
            unreachable.append(owner)
            continue
        body: list[Block] = [
            f"Dear {reminder.name},",
            f"These are the actions recorded against your name that are still open, as at "
            f"{long_date(today)}" + (", overdue ones first." if reminder.overdue else "."),
        ]
        for line in reminder.lines:
            body.extend(_action(line))
        body.append(
            "If an action is done, or its date needs to move, please tell the secretary of the "
            "body that raised it before its next meeting."
        )
        letter = Letter(
            subject=reminder_subject(reminder),
            to=(Mailbox(reminder.name, reminder.address),),
            body=tuple(body),
            sender=sender,
        )
        messages.append(
            Outgoing(
                version=REMINDER,
                name=f"Actions {plain_date(today)} - {reminder.name}",
                letter=letter,
                to=(owner,),
                action_ids=tuple(line.action_id for line in reminder.lines),
            )
        )
    return messages, unreachable
