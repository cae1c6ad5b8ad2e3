"""The public gallery's filter form."""

from django import forms
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from innovation_platform.core.forms import Sort, SortedDirectoryFilterForm
from innovation_platform.core.regions import PeruRegion
from proposals.models import IN_THE_CALL, ProposalStatus, Stage

# Offered only to people who may see the support counts: the order would tell a hidden ranking.
MOST_SUPPORTED = Sort(_("Most supported"), ("-support_count", "number"), {"support_count": Count("supports")})


def _country_choices() -> list[tuple[str, str]]:
    return [("", _("All countries")), *countries]


class GalleryFilterForm(SortedDirectoryFilterForm):
    """Search in titles and summaries, plus region, country, category, stage and status.

    Only the statuses of proposals in the call can be chosen: drafts and withdrawn proposals
    are never listed, whatever the query string says.
    """

    region = forms.ChoiceField(
        label=_("Region of Peru"), required=False, choices=[("", _("All regions")), *PeruRegion.choices]
    )
    # Chosen from the gallery's country facet; any valid code is accepted.
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.SlugField(label=_("Category"), required=False, allow_unicode=True, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *((status, ProposalStatus(status).label) for status in IN_THE_CALL)],
    )

    SORTS = {
        "reference": Sort(_("Reference"), ("number", "pk")),
        "newest": Sort(_("Newest"), (F("submitted_at").desc(nulls_last=True), "-number")),
        "title": Sort(_("Title"), ("title", "number")),
        "region": Sort(_("Region"), ("country", "region", "number")),
    }

    def __init__(self, *args, supports_ranking: bool = False, **kwargs):
        sorts = {**self.SORTS, "supported": MOST_SUPPORTED} if supports_ranking else self.SORTS
        super().__init__(*args, sorts=sorts, **kwargs)
        self.fields["q"].help_text = _("In titles and summaries.")
        # Called only when the menu is drawn or a country checked: a signed-in visitor's kept filters need neither.
        self.fields["country"].choices = _country_choices
