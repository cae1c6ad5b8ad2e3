from django import forms
from django.utils.translation import gettext_lazy as _

DAY_TARGET = "day"


class CheckInForm(forms.Form):
    """What the staff phone sends: where people are checked in (the door today, or one of today's sessions), the
    day the page was opened for, and the typed or scanned code."""

    target = forms.ChoiceField(label=_("Checking in at"))
    day = forms.DateField(widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Entry code"),
        max_length=40,
        help_text=_("The eight characters under the QR code, e.g. K7PX-3MQD."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "aria-describedby": "code-help",
            }
        ),
    )

    def __init__(self, *args, sessions, **kwargs):
        """`sessions` to choose from: today's, plus, when a page left open posts one of another day, that one (so
        that the service can say it is not today)."""
        super().__init__(*args, **kwargs)
        self.sessions = {str(session.pk): session for session in sessions}
        self.fields["target"].choices = [(DAY_TARGET, _("The door (today)"))] + [
            (pk, session.title) for pk, session in self.sessions.items()
        ]

    def session(self):
        return self.sessions.get(self.cleaned_data["target"])
