"""The public gallery's filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from innovation_platform.core.forms import DirectoryFilterForm
from innovation_platform.core.regions import PeruRegion
from proposals.models import IN_THE_CALL, ProposalStatus, Stage


class GalleryFilterForm(DirectoryFilterForm):
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("In titles and summaries.")
        self.fields["country"].choices = [("", _("All countries")), *countries]
