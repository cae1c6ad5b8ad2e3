from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.services.moderation import REASON_MAX_LENGTH


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this content?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Only the organizers of the challenge read reports. Your name is not shown to the authors."),
    )


class ModerationForm(forms.Form):
    """One decision on reported or hidden content, with the reason the authors will read."""

    HIDE, RESTORE, DISMISS = "hide", "restore", "dismiss"

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (HIDE, _("Hide the content")),
            (RESTORE, _("Show the content again")),
            (DISMISS, _("Dismiss the reports: the content stays visible")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        help_text=_("When hiding or restoring, the authors receive it by e-mail."),
    )
