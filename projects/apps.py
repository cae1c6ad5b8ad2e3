from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and the lab")

    def ready(self):
        from challenges.hooks import on_session_saved
        from projects import (
            context_processors,  # noqa: F401 (connects the login receiver)
            data_rights,
        )
        from projects.services.attendance import session_places_changed
        from projects.services.projects import project_drop_out, projects_open
        from proposals.hooks import on_dropped_out, on_selected

        on_selected(projects_open)  # a selected proposal becomes a project in the same transaction
        on_dropped_out(project_drop_out)  # and its project says so when its team drops out
        on_session_saved(session_places_changed)  # more places for a session: the waitlist moves up
        data_rights.register()  # the lab's part of a person's copy of their data, and its erasure
