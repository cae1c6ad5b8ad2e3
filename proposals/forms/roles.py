from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.models import ApplicationStatus, RoleSlot
from proposals.services.roles import Decision


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class RoleSlotForm(forms.Form):
    title = forms.CharField(label=_("Role"), max_length=120, help_text=_("e.g. industrial designer"))
    description = forms.CharField(
        label=_("What the person will do"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    skills = forms.CharField(
        label=_("Skills wanted"), max_length=500, required=False, help_text=_("Comma-separated, e.g. CAD, prototyping.")
    )
    slots = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)

    @classmethod
    def for_slot(cls, slot: RoleSlot, *args, **kwargs):
        initial = {
            "title": slot.title,
            "description": slot.description,
            "skills": ", ".join(slot.skills),
            "slots": slot.slots,
        }
        return cls(*args, initial=initial, **kwargs)

    def clean_skills(self) -> list[str]:
        return [skill.strip() for skill in self.cleaned_data["skills"].split(",") if skill.strip()]


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you, for this role?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you bring and what you want to learn. The team and the organizers read it."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Portfolio, code, CV… one web address per line, starting with https://."),
    )

    def clean_links(self) -> list[str]:
        return _lines(self.cleaned_data["links"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.SHORTLIST, _("Shortlist")),
            (Decision.ACCEPT, _("Accept")),
            (Decision.DECLINE, _("Decline")),
        ],
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)], help_text=_("1 weak, 5 excellent.")
    )


class ApplicationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(ApplicationStatus.choices)
    )
    proposal = forms.TypedChoiceField(label=_("Proposal"), required=False, coerce=int, empty_value=None)

    def __init__(self, proposals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].choices = [("", _("All"))] + [(p.pk, str(p)) for p in proposals]


class SkillFilterForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), required=False, max_length=80)
