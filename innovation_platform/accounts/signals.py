"""The directory's search terms of a profile follow the person's name and the profile's texts, however they are
saved (services, admin, sign-up, account deletion)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from innovation_platform.accounts.models import Profile, ProfileSearchTerm, User
from innovation_platform.accounts.services import profile_terms_index


def _touches(update_fields, fields) -> bool:
    return update_fields is None or bool(set(update_fields) & set(fields))


@receiver(post_save, sender=Profile, dispatch_uid="accounts.profile_search_terms")
def profile_search_terms_refresh(sender, instance: Profile, raw=False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, ProfileSearchTerm.SEARCHED):
        profile_terms_index(profiles=Profile.objects.filter(pk=instance.pk))


@receiver(post_save, sender=User, dispatch_uid="accounts.user_search_terms")
def user_search_terms_refresh(sender, instance: User, raw=False, update_fields=None, **kwargs):
    # Saving a login time or a language leaves the name, and so the terms, as they were.
    if not raw and _touches(update_fields, ["full_name"]):
        profile_terms_index(profiles=Profile.objects.filter(user=instance))
