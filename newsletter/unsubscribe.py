"""The unsubscribe link of each newsletter e-mail: a signed token naming the reader, valid without signing in."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from innovation_platform.accounts.models import User

# A salt of its own: a value signed elsewhere on the site (a session, another link) never passes for this token.
SALT = "newsletter.unsubscribe"


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"user": user.pk}, salt=SALT)


def unsubscribe_url(user: User) -> str:
    """The absolute address of `user`'s unsubscribe page (and of the one-click POST of RFC 8058)."""
    return settings.SITE_URL + reverse("newsletter:unsubscribe", kwargs={"token": unsubscribe_token(user)})


def unsubscribe_headers(url: str) -> dict[str, str]:
    """The headers that let a mail client offer "unsubscribe" at `url` and do it in one click (RFC 2369 and RFC
    8058: the client POSTs `List-Unsubscribe=One-Click` there)."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def unsubscribe_reader(token: str) -> User | None:
    """The account a token names, or None when it was tampered with or names nobody."""
    try:
        found = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user_id = found.get("user") if isinstance(found, dict) else None
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id).first()
