from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from innovation_platform.accounts.models import Profile, User
from innovation_platform.core.images import AVATAR_THUMBNAIL, store_image


def profile_ensure(user: User) -> Profile:
    """The user's innovator profile, created private on first need."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = Profile.objects.create(user=user, slug=profile_slug_for(user.full_name))
    return profile


# Each consent a person gives on their profile, with the field that records when.
CONSENTS = {"newsletter_consent": "newsletter_consent_at", "contact_consent": "contact_consent_at"}


def _consent_record(profile: Profile, consent: str, given: bool) -> None:
    """Set a consent on the (unsaved) profile: the time it was first given while it stands, none once withdrawn."""
    if given and not getattr(profile, consent):
        setattr(profile, CONSENTS[consent], timezone.now())
    elif not given:
        setattr(profile, CONSENTS[consent], None)
    setattr(profile, consent, given)


def contact_consent_give(user: User) -> Profile:
    """Record that `user` lets the organizers of their calls contact them by e-mail (ticked at sign-up)."""
    profile = profile_ensure(user)
    _consent_record(profile, "contact_consent", True)
    profile.save(update_fields=["contact_consent", "contact_consent_at", "updated_at"])
    return profile


@transaction.atomic
def profile_update(
    *, profile: Profile, user_data: dict, profile_data: dict, skills: list[str], interests: list[str], avatar=False
) -> Profile:
    """Save an owner's edit of their profile.

    `avatar` is a clean image from the pipeline, None to remove the current one, or
    False to keep it. Giving a consent (newsletter, contact by organizers) records when; withdrawing it clears it.
    """
    user = profile.user
    for field, value in user_data.items():
        setattr(user, field, value)
    user.save(update_fields=list(user_data))

    for consent in CONSENTS:
        _consent_record(profile, consent, profile_data.get(consent, getattr(profile, consent)))
    for field, value in profile_data.items():
        setattr(profile, field, value)
    if avatar is not False:
        store_image(profile, "avatar", "avatar_thumbnail", avatar, AVATAR_THUMBNAIL)
    profile.save()
    profile.skills.set(skills)
    profile.interests.set(interests)
    return profile


def language_or_default(code: str | None) -> str:
    """`code` when the site speaks it, else the site's default language."""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language `user` chose, in which their e-mails are written; an unknown code changes nothing."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def api_token_rotate(user: User) -> Token:
    """A fresh API token for the user; the previous one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def profile_slug_for(name: str) -> str:
    """A readable, unguessable public address: the name plus a random suffix."""
    base = slugify(name)[:60] or "innovador"
    return f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"
