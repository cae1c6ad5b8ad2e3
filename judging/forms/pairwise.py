from django import forms
from django.utils.translation import gettext_lazy as _


class VoteForm(forms.Form):
    """A vote names the pair it was shown, so a repeated submission is recognised."""

    current = forms.IntegerField(widget=forms.HiddenInput)
    previous = forms.IntegerField(widget=forms.HiddenInput, required=False)
    better = forms.ChoiceField(choices=[("current", _("This one is better")), ("previous", _("The previous one"))])


class SkipForm(forms.Form):
    current = forms.IntegerField(widget=forms.HiddenInput)


class UndoForm(forms.Form):
    vote = forms.IntegerField(widget=forms.HiddenInput)


class ShortlistForm(forms.Form):
    count = forms.IntegerField(label=_("Projects to shortlist"), min_value=1, max_value=1000)
