from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and the lab")

    def ready(self):
        from projects import data_rights
        from projects.services.projects import projects_open
        from proposals.hooks import on_selected

        on_selected(projects_open)  # a selected proposal becomes a project in the same transaction
        data_rights.register()  # the lab's part of a person's copy of their data, and its erasure
