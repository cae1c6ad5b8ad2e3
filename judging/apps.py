from django.apps import AppConfig


class JudgingConfig(AppConfig):
    name = "judging"

    def ready(self):
        from judging import context_processors  # noqa: F401 (connects the login receiver)
        from judging.selectors.call_list import REVIEW_PROGRESS
        from proposals.selectors.console import contribute

        contribute(REVIEW_PROGRESS)
