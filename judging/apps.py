from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "judging"

    def ready(self):
        from judging import (
            context_processors,  # noqa: F401 (connects the login receiver)
            segments,
        )

        segments.register()  # the groups of a call's people organizers write to
