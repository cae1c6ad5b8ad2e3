from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and the lab")

    def ready(self):
        from challenges.signals import session_saved
        from innovation_platform.core.header_flags import flag_register
        from projects import data_rights, page_versions, receivers
        from proposals.signals import proposal_dropped_out, proposals_selected

        proposals_selected.connect(receivers.open_projects, dispatch_uid="projects.open")
        proposal_dropped_out.connect(receivers.mark_dropped_out, dispatch_uid="projects.dropped_out")
        session_saved.connect(receivers.promote_waitlists, dispatch_uid="projects.waitlists")
        data_rights.register()  # the lab's part of a person's copy of their data, and its erasure
        page_versions.register()  # the challenge's public page shows its lab's figures
        # The header's link to their projects, for mentors (someone assigned later finds it after their next login,
        # and meanwhile in the notification and on the project's page).
        flag_register("mentors_projects", lambda user: user.mentorships.exists())
