from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "innovation_platform.labs"
    label = "labs"
    verbose_name = _("Labs")

    def ready(self):
        from innovation_platform.labs import page_versions, signals  # noqa: F401  (signals: the search terms' upkeep)

        page_versions.register()  # the public pages that show labs
