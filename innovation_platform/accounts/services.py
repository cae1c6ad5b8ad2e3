from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from rest_framework.authtoken.models import Token

from innovation_platform.accounts.data_rights import deletion_blockers, erasers
from innovation_platform.accounts.models import (
    DataExport,
    PolicyAcceptance,
    PolicyVersion,
    Profile,
    ProfileSearchTerm,
    User,
)
from innovation_platform.accounts.personal_data import account_erase
from innovation_platform.accounts.selectors import policies_pending
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.images import AVATAR_THUMBNAIL, store_image
from innovation_platform.core.search import terms_replace


def profile_ensure(user: User) -> Profile:
    """The user's innovator profile, created private on first need."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = Profile.objects.create(user=user, slug=profile_slug_for(user.full_name))
    return profile


# Each consent a person gives on their profile, with the field that records when.
CONSENTS = {"newsletter_consent": "newsletter_consent_at", "contact_consent": "contact_consent_at"}
# The consents whose withdrawal is recorded too, with the field that records when.
WITHDRAWALS = {"newsletter_consent": "newsletter_withdrawn_at"}


def _consent_record(profile: Profile, consent: str, given: bool) -> None:
    """Set a consent on the (unsaved) profile: the time it was first given while it stands, none once withdrawn
    (and the time of the withdrawal where it is recorded)."""
    if given and not getattr(profile, consent):
        setattr(profile, CONSENTS[consent], timezone.now())
    elif not given:
        setattr(profile, CONSENTS[consent], None)
        if getattr(profile, consent) and consent in WITHDRAWALS:
            setattr(profile, WITHDRAWALS[consent], timezone.now())
    setattr(profile, consent, given)


def newsletter_consent_withdraw(user: User) -> bool:
    """Withdraw `user`'s consent to the newsletter and record when (a newsletter's unsubscribe link); False when it
    was not given, so a link used twice changes nothing. One conditional update: two clicks at once withdraw once."""
    now = timezone.now()
    return bool(
        Profile.objects.filter(user=user, newsletter_consent=True).update(
            newsletter_consent=False, newsletter_consent_at=None, newsletter_withdrawn_at=now, updated_at=now
        )
    )


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


def profile_terms_index(*, profiles: QuerySet[Profile]) -> None:
    """Replace the search terms of these profiles with those of their current texts (derived data: not audited)."""
    terms_replace(
        ProfileSearchTerm,
        "profile",
        {pk: texts for pk, *texts in profiles.values_list("pk", *ProfileSearchTerm.SEARCHED)},
    )


def profile_slug_for(name: str) -> str:
    """A readable, unguessable public address: the name plus a random suffix."""
    base = slugify(name)[:60] or "innovador"
    return f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"


# Policies ---------------------------------------------------------------------------------------------------------

# The versions in force a signed-in person has not accepted yet, checked at sign-in and again after this many
# seconds, kept in their session so that pages cost no query for it.
POLICIES_SESSION_KEY = "policies_pending"
POLICIES_RECHECK_SECONDS = 3600


def policies_session_refresh(request, user: User) -> list[int]:
    """Store in the session the ids of the versions in force that the signed-in `user` has not accepted."""
    pending = [policy.pk for policy in policies_pending(user)]
    request.session[POLICIES_SESSION_KEY] = {"ids": pending, "at": int(timezone.now().timestamp())}
    return pending


def policies_session_pending(request) -> list[int]:
    stored = request.session.get(POLICIES_SESSION_KEY)
    if not stored or timezone.now().timestamp() - stored["at"] > POLICIES_RECHECK_SECONDS:
        return policies_session_refresh(request, request.user)
    return stored["ids"]


@transaction.atomic
def policies_accept(*, user: User, policies: list[PolicyVersion]) -> None:
    """Record that `user` accepted these versions, now (accepting one twice keeps the first time)."""
    PolicyAcceptance.objects.bulk_create(
        [PolicyAcceptance(user=user, policy=policy) for policy in policies], ignore_conflicts=True
    )


# Copy of one's data -----------------------------------------------------------------------------------------------

# How long a copy of a person's data stays downloadable before it is deleted.
DATA_EXPORT_DAYS = 7


@transaction.atomic
def data_export_request(*, user: User) -> DataExport:
    """Start building a fresh copy of `user`'s data in the background; earlier copies are deleted.

    Side effects: the copy is built by `tasks.data_export_build` after commit, which tells the person when it is
    ready (a notification and an e-mail); audited.
    """
    from innovation_platform.accounts.tasks import data_export_build

    data_exports_delete(DataExport.objects.filter(user=user))
    export = DataExport.objects.create(user=user, token=get_random_string(32))
    audit_log(user, "account.data_export_requested", actor=user)
    transaction.on_commit(lambda: data_export_build.enqueue(export.pk))
    return export


def data_export_store(*, export: DataExport, content: bytes) -> DataExport:
    export.file.save("data.zip", ContentFile(content), save=False)
    export.ready_at = timezone.now()
    export.expires_at = export.ready_at + timedelta(days=DATA_EXPORT_DAYS)
    export.save(update_fields=["file", "ready_at", "expires_at"])
    return export


def data_exports_delete(exports) -> int:
    """Delete copies with their files."""
    count = 0
    for export in exports:
        export.file.delete(save=False)
        export.delete()
        count += 1
    return count


def data_exports_purge() -> int:
    """Delete the copies whose time is up (run daily; the download refuses them anyway)."""
    return data_exports_delete(DataExport.objects.filter(expires_at__lte=timezone.now()))


# Deleting one's account -------------------------------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Erase or anonymise everything personal the platform holds about `user`, keeping what others rely on.

    Each app erases its part (registered in `data_rights`), then the account itself becomes a nameless row that
    can never sign in. Refused while something must be done first (a team the person leads with other members).
    The audit trail keeps the action, without the name.
    """
    blockers = deletion_blockers(user)
    if blockers:
        raise ApplicationError(blockers[0].message)
    for erase in erasers():
        erase(user)
    account_erase(user)
    audit_log(user, "account.deleted", actor=None)
