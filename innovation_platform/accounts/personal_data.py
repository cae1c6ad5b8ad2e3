"""The ground floor's part of a person's data: their account, profile, consents, addresses, lab memberships,
notifications and the group messages they received; and how each is erased when they delete their account.

Registered from `AccountsConfig.ready()`; the apps above register theirs from their own `ready()`.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from innovation_platform.accounts.data_rights import archive_part_register, when
from innovation_platform.accounts.models import DataExport, PolicyAcceptance, Profile, User
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.labs.models import LabMembership
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent, Notification
from innovation_platform.messaging.models import Delivery

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "time_zone": user.timezone,
        "language": user.language,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def profile(user: User) -> dict:
    found = Profile.objects.filter(user=user).prefetch_related("skills", "interests").first()
    if found is None:
        return {}
    return {
        "public_address": found.get_absolute_url(),
        "public": found.is_public,
        "country": found.country.code,
        "region": found.region,
        "organization": found.organization,
        "bio": found.bio,
        "skills": sorted(tag.name for tag in found.skills.all()),
        "interests": sorted(tag.name for tag in found.interests.all()),
        "avatar": found.avatar.name or None,
        "updated_at": when(found.updated_at),
    }


def consents(user: User) -> dict:
    found = Profile.objects.filter(user=user).first()
    return {
        "newsletter": {
            "given": bool(found and found.newsletter_consent),
            "given_at": when(found and found.newsletter_consent_at),
            "withdrawn_at": when(found and found.newsletter_withdrawn_at),
        },
        "contact_by_organizers": {
            "given": bool(found and found.contact_consent),
            "given_at": when(found and found.contact_consent_at),
        },
        "policies_accepted": [
            {"policy": acceptance.policy.kind, "version": acceptance.policy.version, "at": when(acceptance.accepted_at)}
            for acceptance in PolicyAcceptance.objects.filter(user=user).select_related("policy").order_by("pk")
        ],
    }


def lab_memberships(user: User) -> list[dict]:
    return [
        {"lab": membership.lab.name, "role": membership.role}
        for membership in LabMembership.objects.filter(user=user).select_related("lab").order_by("pk")
    ]


def notifications(user: User) -> list[dict]:
    return [
        {
            "kind": notification.kind,
            "title": notification.title,
            "text": notification.body,
            "link": notification.url,
            "created_at": when(notification.created_at),
            "read_at": when(notification.read_at),
        }
        for notification in Notification.objects.filter(user=user).order_by("pk")
    ]


def messages_received(user: User) -> list[dict]:
    return [
        {
            "subject": delivery.message.subject,
            "text": delivery.message.body,
            "about": delivery.message.about_title,
            "sent_at": when(delivery.sent_at),
        }
        for delivery in Delivery.objects.filter(user=user).select_related("message").order_by("pk")
    ]


def pseudonym() -> str:
    """What a deleted account is called from then on, in the site's language: "Former member K7P2". Distinct for
    each person, so a published record still tells two former jurors apart without naming either."""
    with translation.override(settings.LANGUAGE_CODE):
        former = gettext("Former member")
    return f"{former} {get_random_string(4, PSEUDONYM_ALPHABET)}"


def _audit_addresses_erase(user: User) -> None:
    """The audit trail keeps every action, with the pseudonym as actor; the addresses it quoted (an invitation
    sent to the person) are blanked."""
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    for address in addresses:
        for entry in AuditLogEntry.objects.filter(data__email__iexact=address):
            entry.data["email"] = ""
            entry.save(update_fields=["data"])


def account_erase(user: User) -> None:
    """The account stays as a nameless row that can never sign in again; its own data go."""
    _audit_addresses_erase(user)
    for export in DataExport.objects.filter(user=user):
        export.file.delete(save=False)
    DataExport.objects.filter(user=user).delete()
    for model in (EmailAddress, Token, Notification, Delivery, LabMembership, PolicyAcceptance):
        model.objects.filter(user=user).delete()
    LiveEvent.objects.filter(group=groups.user(user.pk)).delete()

    found = Profile.objects.filter(user=user).first()
    if found is not None:
        found.avatar.delete(save=False)
        found.avatar_thumbnail.delete(save=False)
        found.skills.clear()
        found.interests.clear()
        Profile.objects.filter(pk=found.pk).update(
            slug=f"former-{get_random_string(12, PSEUDONYM_ALPHABET.lower())}",
            region="",
            organization="",
            bio="",
            avatar="",
            avatar_thumbnail="",
            is_public=False,
            newsletter_consent=False,
            newsletter_consent_at=None,
            newsletter_withdrawn_at=None,
            contact_consent=False,
            contact_consent_at=None,
        )

    user.email = f"deleted-{get_random_string(16, PSEUDONYM_ALPHABET.lower())}@deleted.invalid"
    user.full_name = pseudonym()
    user.password = make_password(None)
    user.timezone = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    user.deleted_at = timezone.now()
    user.save()
    # Signed out everywhere: an inactive account's sessions no longer authenticate, and the password changed.
    user.groups.clear()
    user.user_permissions.clear()


def register() -> None:
    archive_part_register("account", _("Account"), account)
    archive_part_register("profile", _("Innovator profile"), profile)
    archive_part_register("consents", _("Consents"), consents)
    archive_part_register("labs", _("Lab memberships"), lab_memberships)
    archive_part_register("notifications", _("Notifications"), notifications)
    archive_part_register("messages", _("Messages received"), messages_received)
