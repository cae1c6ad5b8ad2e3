"""Forms of a round's setup. They validate the input; the services check the rules and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.forms.console import datetime_field
from judging.models import Criterion, Round, TeamFeedback
from judging.services.rounds import CRITERION_FIELDS, ROUND_FIELDS


class ServiceCheckedForm(forms.ModelForm):
    def validate_unique(self):
        """Skip the model's constraints: the services check the same rules with clearer, per-field messages."""


class RoundForm(ServiceCheckedForm):
    """Parsed in the challenge's time zone (the views activate it). Never bound to an instance: the service
    compares the cleaned values with the saved round."""

    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"))

    class Meta:
        model = Round
        fields = ROUND_FIELDS  # what the service saves, and the API edits
        help_texts = {
            "position": _("Rounds are listed and run in this order, lowest first."),
            "previous": _("Only for a round that judges the shortlist of an earlier round."),
            "reviews_per_proposal": _("How many jurors review each proposal."),
            "tie_break": _("When two proposals have the same total, the higher mean on this criterion ranks first."),
            "seed": _(
                "Drives the assignment's and the tie draw's randomness, so both can be replayed; published with "
                "the results."
            ),
        }

    def __init__(self, *args, challenge, round_: Round | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Round.objects.filter(challenge=challenge)
        if round_ is not None:
            others = others.exclude(pk=round_.pk)
        self.fields["previous"].queryset = others
        if round_ is None:
            del self.fields["tie_break"]  # a new round has no criteria yet
        else:
            self.fields["tie_break"].queryset = round_.criteria.all()
        # Left out, what teams receive stays as it is (nothing, for a new round).
        self.fields["team_feedback"].required = False
        self.current_team_feedback = round_.team_feedback if round_ is not None else TeamFeedback.NONE

    def clean_team_feedback(self) -> str:
        return self.cleaned_data["team_feedback"] or self.current_team_feedback


class CriterionForm(ServiceCheckedForm):
    class Meta:
        model = Criterion
        fields = CRITERION_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "description": _("What jurors look at, and what a high or a low score means."),
            "weight": _("Relative: the page shows each weight as a share of the total."),
            "counted": _("Untick to show the criterion to jurors without counting it in the total."),
        }


class ExpertiseField(forms.CharField):
    def to_python(self, value) -> list[str]:
        return [tag.strip() for tag in super().to_python(value).split(",") if tag.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class JurorForm(forms.Form):
    max_load = forms.IntegerField(
        label=_("Maximum load"), min_value=1, max_value=1000, initial=20, help_text=_("Most proposals to review.")
    )
    expertise = ExpertiseField(
        label=_("Expertise"),
        required=False,
        max_length=600,
        help_text=_("Comma-separated, e.g. agriculture, water. Matched with the proposals' categories."),
    )


class InviteJurorForm(JurorForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("They receive a link to join the jury, valid for two weeks."),
    )

    field_order = ["email", "max_load", "expertise"]


class UnlockCriteriaForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unlocking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit trail. Scores already given stay as they are."),
    )
