"""Follow-up forms: a checkpoint (organizers) and a team's answer to one (built for the checkpoint's indicators)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import (
    ANSWER_FIELDS,
    INDICATOR_FIELDS,
    REPORTED_OUTCOMES,
    Checkpoint,
    FollowUpRequest,
    Indicator,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckpointForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=80, help_text=_("For example “6 months”."))
    due_on = forms.DateField(label=_("Teams are asked on"), widget=DATE_WIDGET)
    closes_on = forms.DateField(
        label=_("Answers close on"), widget=DATE_WIDGET, help_text=_("Teams can answer and correct until this day.")
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators teams report"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.CharField(
        label=_("A question of your own"),
        max_length=300,
        required=False,
        help_text=_("Optional, answered in free text."),
    )

    @classmethod
    def for_checkpoint(cls, checkpoint: Checkpoint, data=None) -> "CheckpointForm":
        return cls(data, initial={name: getattr(checkpoint, name) for name in cls.base_fields})


class AnswerForm(forms.Form):
    """The team's answer; indicator fields exist only for the indicators the checkpoint asks."""

    status = forms.ChoiceField(
        label=_("Where is the project now?"),
        choices=[(outcome.value, outcome.label) for outcome in REPORTED_OUTCOMES],
        widget=forms.RadioSelect,
    )
    people_reached = forms.IntegerField(
        label=Indicator.PEOPLE_REACHED.label,
        min_value=0,
        max_value=2_000_000_000,
        required=False,
        help_text=_("People who used or benefited from the project so far."),
    )
    funding = forms.DecimalField(
        label=Indicator.FUNDING.label,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("In soles, everything obtained since the lab (grants, prizes, contracts)."),
    )
    adopted_by = forms.CharField(
        label=Indicator.ADOPTED_BY.label,
        max_length=200,
        required=False,
        help_text=_("For example “Municipalidad Provincial de Arequipa”."),
    )
    service_url = forms.URLField(label=Indicator.SERVICE_URL.label, required=False, assume_scheme="https")
    question_answer = forms.CharField(
        label=_("Your answer"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    comment = forms.CharField(
        label=_("Anything else the organizers should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, checkpoint: Checkpoint, **kwargs):
        super().__init__(*args, **kwargs)
        self.checkpoint = checkpoint
        asked = {field for indicator, field in INDICATOR_FIELDS.items() if checkpoint.asks(indicator)}
        for name in set(INDICATOR_FIELDS.values()) - asked:
            del self.fields[name]
        if checkpoint.question:
            self.fields["question_answer"].label = checkpoint.question
        else:
            del self.fields["question_answer"]

    @classmethod
    def for_request(cls, checkpoint: Checkpoint, request: FollowUpRequest | None, project) -> "AnswerForm":
        """The stored answer to correct, or a new one that starts from the project's outcome."""
        if request is not None and request.answered_at is not None:
            initial = {name: getattr(request, name) for name in cls.base_fields}
        else:
            # The project's current outcome when it is one a team reports; nothing chosen for the team otherwise.
            initial = {"adopted_by": project.adopted_by}
            if project.outcome in REPORTED_OUTCOMES:
                initial["status"] = project.outcome
        return cls(initial=initial, checkpoint=checkpoint)

    def answer(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ANSWER_FIELDS}
