from django import forms
from django.utils.translation import gettext_lazy as _

from judging.models import Decision, Round, TeamFeedback


class ProposeSelectionForm(forms.Form):
    count = forms.IntegerField(label=_("Proposals to select"), min_value=1, max_value=1000)
    waitlist = forms.IntegerField(label=_("Waitlist size"), min_value=0, max_value=1000)


class DecisionChangeForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    waitlist_position = forms.IntegerField(
        label=_("Position on the waitlist"),
        min_value=1,
        required=False,
        help_text=_("Only for the waitlist; empty puts the proposal last."),
    )
    feedback = forms.CharField(
        label=_("Feedback for the team"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the auditable selection record."),
    )


class ConfirmSelectionForm(forms.Form):
    despite_missing = forms.BooleanField(label=_("Confirm even though reviews are missing"), required=False)


class TeamFeedbackForm(forms.Form):
    """What teams receive of the jurors' reviews: chosen when publishing (empty keeps the round's setting) or later."""

    team_feedback = forms.ChoiceField(
        label=_("Feedback to the teams"),
        choices=TeamFeedback.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=Round._meta.get_field("team_feedback").help_text,
    )
