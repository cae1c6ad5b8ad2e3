from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from challenges.signals import deadline_moving_earlier
        from proposals import data_rights, page_versions, segments
        from proposals.receivers import drafts_cut_short

        segments.register()  # the groups of a call's people organizers write to
        data_rights.register()  # the proposals' part of a person's copy of their data, and its erasure
        deadline_moving_earlier.connect(drafts_cut_short, dispatch_uid="proposals.drafts_cut_short")
        page_versions.register()  # the public pages that show proposals
