from django import forms
from django.utils.translation import gettext_lazy as _

from proposals.services.teams import MAX_JOIN_MESSAGE, MAX_SKILLS


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the person to invite"),
        help_text=_("They receive a link to join as a co-author. Their address is only shown to your team."),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the team (optional)"),
        required=False,
        max_length=MAX_JOIN_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would bring to the proposal. Never write your e-mail or phone number here."),
    )


class SeekForm(forms.Form):
    skills = forms.CharField(
        label=_("Your skills"),
        required=False,
        max_length=600,
        help_text=_("Comma-separated, e.g. design, agronomy, programming. Empty: those of your profile."),
    )
    message = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to work on. Never write your e-mail or phone number here."),
    )

    def clean_skills(self) -> list[str]:
        skills = [skill.strip() for skill in self.cleaned_data["skills"].split(",") if skill.strip()]
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(_("List at most %(count)s skills.") % {"count": MAX_SKILLS})
        return skills


class SeekerFilterForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), required=False, max_length=50)
