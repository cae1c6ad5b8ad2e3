from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import CertificateKind
from projects.selectors.certificates import CertificateRule


class CertificateRuleForm(forms.Form):
    """Which certificate, and the rule that decides who gets it (read from the page's address, then posted)."""

    kind = forms.ChoiceField(label=_("Certificate for"), choices=CertificateKind.choices)
    min_days = forms.IntegerField(
        label=_("Attended on at least this many days"),
        min_value=0,
        max_value=366,
        initial=1,
        required=False,
        widget=forms.NumberInput(attrs={"aria-describedby": "min-days-help"}),
        help_text=_("Participants must have attended at least one day; for teams, 0 means attendance is not asked."),
    )
    selected_only = forms.BooleanField(
        label=_("Only teams whose proposal was selected"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "selected-only-help"}),
        help_text=_("Otherwise any team that submitted its proposal."),
    )

    def rule(self) -> CertificateRule | None:
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return CertificateRule(
            kind=data["kind"], min_days=data["min_days"] or 0, selected_only=bool(data["selected_only"])
        )


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log; the verification page says only that it was revoked, and when."),
    )
