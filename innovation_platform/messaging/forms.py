import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation_platform.messaging.models import Message
from innovation_platform.messaging.segments import Segment


class MessageForm(forms.ModelForm):
    """A message to one of the groups offered; `token` ties every submission of this form to one message."""

    segment = forms.ChoiceField(label=_("To"))
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta:
        model = Message
        fields = ["segment", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, segments: list[Segment], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", _("Choose a group")), *((s.key, s.label) for s in segments)]
