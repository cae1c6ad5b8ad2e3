from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innovation_platform.core"
    label = "core"
