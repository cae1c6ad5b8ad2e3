from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from proposals import data_rights, page_versions, segments

        segments.register()  # the groups of a call's people organizers write to
        data_rights.register()  # the proposals' part of a person's copy of their data, and its erasure
        page_versions.register()  # the public pages that show proposals
