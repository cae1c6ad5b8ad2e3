from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.utils import translation

from innovation_platform.accounts.services import (
    contact_consent_give,
    language_or_default,
    policies_accept,
    profile_ensure,
)
from innovation_platform.core.views import safe_next


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.full_name = form.cleaned_data["full_name"]
        # The person signs up in the language the site speaks to them; their e-mails follow it.
        user.language = language_or_default(translation.get_language())
        user.save()
        profile_ensure(user)
        if form.cleaned_data.get("contact_consent"):
            contact_consent_give(user)
        if form.cleaned_data.get("accept_policies"):
            policies_accept(user=user, policies=form.policies)
        return user

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link carries the page the person signed up from (an invitation, say), so verifying leads back there
        even when the mail app opens it in another browser, where the sign-up's session is unknown."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        target = safe_next(request, "") if request is not None else ""
        return f"{url}?{urlencode({REDIRECT_FIELD_NAME: target})}" if target else url
