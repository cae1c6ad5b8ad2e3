"""The one way an e-mail leaves Cocrea: one message per recipient, written in the recipient's language.

Background tasks call `mail_send` with a pair of templates and the people to tell; group messages
(`innovation_platform/messaging/`) are meant to build on it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from innovation_platform.accounts.models import User
from innovation_platform.accounts.selectors import address_language

# Messages handed to the mail backend at a time: a large audience never sits in memory all at once.
BATCH = 200

# A person with an account, an (address, language) pair, or a bare address.
Recipient = User | tuple[str, str] | str


def mail_send(
    *,
    template: str,
    context: dict,
    recipients: QuerySet[User] | Iterable[Recipient],
    language: str | None = None,
) -> int:
    """Send `<template>_subject.txt` and `<template>_message.txt` to each recipient; return how many were sent.

    Each recipient gets a message of their own (nobody sees the other addresses), rendered in their
    language: a user's own, a pair's, or for a bare address the language of the account that uses it,
    else `language` (that of the person who caused the e-mail), else the site's. Inactive accounts
    receive nothing; an address listed twice gets one message. The templates receive `context` plus
    `site_url`. Messages go out in batches of BATCH over one connection.
    """
    addressed = _addressed(recipients, fallback=language or settings.LANGUAGE_CODE)
    if not addressed:
        return 0
    context = {**context, "site_url": settings.SITE_URL}
    rendered: dict[str, tuple[str, str]] = {}
    sent = 0
    with get_connection() as connection:
        for start in range(0, len(addressed), BATCH):
            batch = []
            for address, code in addressed[start : start + BATCH]:
                if code not in rendered:
                    rendered[code] = _render(template, context, code)
                subject, body = rendered[code]
                batch.append(EmailMessage(subject, body, to=[address]))
            sent += connection.send_messages(batch) or 0
    return sent


def _addressed(recipients: QuerySet[User] | Iterable[Recipient], *, fallback: str) -> list[tuple[str, str]]:
    """Each distinct address with the language to write to it in, in the order given."""
    if isinstance(recipients, QuerySet):
        recipients = recipients.filter(is_active=True).order_by("pk").values_list("email", "language")
    addressed: dict[str, tuple[str, str]] = {}
    for recipient in recipients:
        if isinstance(recipient, User):
            if not recipient.is_active:
                continue
            address, code = recipient.email, recipient.language
        elif isinstance(recipient, str):
            address, code = recipient, address_language(recipient) or fallback
        else:
            address, code = recipient
        addressed.setdefault(address.lower(), (address, code))
    return list(addressed.values())


def _render(template: str, context: dict, language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    return subject, body
