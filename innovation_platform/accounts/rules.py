import rules

from innovation_platform.core.permissions import is_staff


@rules.predicate
def is_profile_owner(user, profile) -> bool:
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def is_public_profile(user, profile) -> bool:
    return profile is not None and profile.is_public


rules.add_perm("accounts.view_profile", is_public_profile | is_profile_owner | is_staff)
rules.add_perm("accounts.change_profile", is_profile_owner)
# The directory lists only public profiles (see selectors.innovators_public).
rules.add_perm("accounts.list_profiles", rules.always_allow)
