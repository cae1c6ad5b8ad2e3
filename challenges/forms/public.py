"""The public challenges directory's filter form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import ChallengeKind, PhaseKind
from challenges.selectors import CLOSING_FIRST, Status
from innovation_platform.core.forms import Sort, SortedDirectoryFilterForm
from innovation_platform.core.regions import PeruRegion

STATUS_CHOICES = [
    (Status.UPCOMING, _("Upcoming")),
    (Status.OPEN, _("Open for proposals")),
    (Status.RUNNING, _("In progress")),
    (Status.FINISHED, _("Finished")),
]


class ChallengeFilterForm(SortedDirectoryFilterForm):
    """Search plus kind, the lab's region, theme, lab, status and running phase.

    `choices` (from `challenge_filter_choices()`) lists the themes and labs that public
    challenges have; a value outside them is dropped like any other invalid filter.
    """

    SORTS = {
        "closing": Sort(_("Closing soonest"), CLOSING_FIRST),
        "newest": Sort(_("Newest"), ("-published_at", "pk")),
        "title": Sort(_("Title"), ("title", "pk")),
        "region": Sort(_("Region of the lab"), ("lab__country", "lab__region", *CLOSING_FIRST)),
    }

    country = None  # challenges are filtered by their lab's region instead
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ChallengeKind.choices])
    region = forms.ChoiceField(
        label=_("Region of the lab"), required=False, choices=[("", _("All regions")), *PeruRegion.choices]
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    lab = forms.ChoiceField(label=_("Lab"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *STATUS_CHOICES])
    phase = forms.ChoiceField(
        label=_("Current phase"), required=False, choices=[("", _("Any phase")), *PhaseKind.choices]
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes")), *((theme, theme) for theme in choices["themes"])]
        self.fields["lab"].choices = [("", _("All labs")), *choices["labs"]]
