from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    """The home page and each person's own space: pages that gather what every other app offers, so they live on
    the top floor and read the others' selectors, which never import them."""

    name = "space"
    verbose_name = _("Personal space")
