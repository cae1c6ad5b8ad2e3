"""The one way an e-mail leaves Cocrea: one message per recipient, written in the recipient's language.

Background tasks call `mail_send` with a pair of templates and the people to tell; group messages
(`innovation_platform/messaging/`) build on it, with a greeting by name in each copy.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
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
    personal: bool = False,
    contexts: Mapping[int, dict] | None = None,
    headers: Mapping[int, dict[str, str]] | None = None,
) -> int:
    """Send `<template>_subject.txt` and `<template>_message.txt` to each recipient; return how many were sent.

    Each recipient gets a message of their own (nobody sees the other addresses), rendered in their
    language: a user's own, a pair's, or for a bare address the language of the account that uses it,
    else `language` (that of the person who caused the e-mail), else the site's. Inactive accounts
    receive nothing; an address listed twice gets one message. The templates receive `context` plus
    `site_url`; with `personal`, also `recipient` (the account, None for an address), and each message
    is rendered for its recipient instead of once per language (a greeting by name), with `contexts[user id]`
    added for the accounts it names (a part of the message that is the person's own), and `headers[user id]`
    as extra headers of their message (a newsletter's unsubscribe address). When a
    `<template>_message.html` exists, it goes along as the HTML version. Messages go out in batches of
    BATCH over one connection.
    """
    addressed = _addressed(recipients, fallback=language or settings.LANGUAGE_CODE, accounts=personal)
    if not addressed:
        return 0
    context = {**context, "site_url": settings.SITE_URL}
    html = _exists(f"{template}_message.html")
    rendered: dict[str, tuple[str, str, str | None]] = {}
    sent = 0
    with get_connection() as connection:
        for start in range(0, len(addressed), BATCH):
            batch = []
            for address, code, account in addressed[start : start + BATCH]:
                if personal:
                    own = (contexts or {}).get(account.pk, {}) if account else {}
                    subject, body, html_body = _render(template, {**context, **own, "recipient": account}, code, html)
                else:
                    if code not in rendered:
                        rendered[code] = _render(template, context, code, html)
                    subject, body, html_body = rendered[code]
                own_headers = (headers or {}).get(account.pk) if account else None
                email = EmailMultiAlternatives(subject, body, to=[address], headers=own_headers)
                if html_body is not None:
                    email.attach_alternative(html_body, "text/html")
                batch.append(email)
            sent += connection.send_messages(batch) or 0
    return sent


def _addressed(
    recipients: QuerySet[User] | Iterable[Recipient], *, fallback: str, accounts: bool
) -> list[tuple[str, str, User | None]]:
    """Each distinct address with the language to write to it in and the account it came from, in the order
    given. A query yields accounts only when `accounts` asks for them; otherwise just two columns are read."""
    if isinstance(recipients, QuerySet):
        recipients = recipients.filter(is_active=True).order_by("pk")
        if not accounts:
            recipients = recipients.values_list("email", "language")
    addressed: dict[str, tuple[str, str, User | None]] = {}
    for recipient in recipients:
        account = None
        if isinstance(recipient, User):
            if not recipient.is_active:
                continue
            address, code, account = recipient.email, recipient.language, recipient
        elif isinstance(recipient, str):
            address, code = recipient, address_language(recipient) or fallback
        else:
            address, code = recipient
        addressed.setdefault(address.lower(), (address, code, account))
    return list(addressed.values())


def _exists(template: str) -> bool:
    try:
        get_template(template)
    except TemplateDoesNotExist:
        return False
    return True


def _render(template: str, context: dict, language: str, html: bool) -> tuple[str, str, str | None]:
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
        html_body = render_to_string(f"{template}_message.html", context) if html else None
    return subject, body, html_body
