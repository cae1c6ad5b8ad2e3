from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "innovation_platform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from innovation_platform.accounts import page_versions, personal_data, signals  # noqa: F401  (signals: search terms' upkeep)
        from innovation_platform.accounts.services import policies_session_refresh

        personal_data.register()  # the ground floor's part of a person's copy of their data
        page_versions.register()  # the public pages that show people

        def policies_check(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                policies_session_refresh(request, user)

        user_logged_in.connect(policies_check, dispatch_uid="accounts.policies_check", weak=False)
