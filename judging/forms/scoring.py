from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from judging.models import Criterion, Juror, JurorStatus, Round
from judging.selectors.rounds import proposals_in_scope
from judging.services.scoring import criterion_field, plain
from proposals.models import Proposal


class ReviewForm(forms.Form):
    """One number input per criterion. The form only reads the numbers; the scoring service checks them against
    each criterion's scale, so the page and the API refuse the same values with the same messages."""

    comment = forms.CharField(
        label=_("Comment for the organizers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the organizers read it."),
    )
    feedback = forms.CharField(
        label=_("Feedback for the team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: the organizers may send it to the team with the decision, without your name."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            low, high, step = (plain(value) for value in (criterion.scale_min, criterion.scale_max, criterion.step))
            self.fields[criterion_field(criterion)] = forms.DecimalField(
                label=criterion.name,
                required=False,
                help_text=_("From %(min)s to %(max)s, in steps of %(step)s.")
                % {"min": number_format(low), "max": number_format(high), "step": number_format(step)},
                widget=forms.NumberInput(
                    attrs={
                        "min": low,
                        "max": high,
                        "step": step,
                        "inputmode": "decimal",
                    }
                ),
            )

    def criterion_fields(self):
        return [(criterion, self[criterion_field(criterion)]) for criterion in self.criteria]

    def scores(self) -> dict:
        return {criterion.pk: self.cleaned_data[criterion_field(criterion)] for criterion in self.criteria}


class RecuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you recuse yourself?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: you know the team, or you work with them. Only the organizers read it."),
    )


def in_scope_by_reference(round_: Round, references: set[str]) -> tuple[dict[str, Proposal], list[str]]:
    """The round's proposals named by their references (one query, however large the round), and the
    references that name none of them."""
    prefix = f"{round_.challenge.reference_prefix}-"
    numbers = {ref: int(ref.removeprefix(prefix)) for ref in references if ref.removeprefix(prefix).isdigit()}
    found = {
        p.number: p for p in proposals_in_scope(round_).filter(number__in=numbers.values()).select_related("challenge")
    }
    hits = {ref: found[number] for ref, number in numbers.items() if number in found}
    return hits, sorted(references - hits.keys())


class AssignmentChangeForm(forms.Form):
    """One juror and one proposal (by its reference, so the page never lists every proposal): a review to
    remove by hand (and, with `AssignmentAddForm`, to add)."""

    juror = forms.ModelChoiceField(label=_("Juror"), queryset=Juror.objects.none())
    proposal = forms.CharField(label=_("Proposal"), max_length=30)

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_ = round_
        self.fields["juror"].queryset = Juror.objects.filter(round=round_, status=JurorStatus.ACTIVE).select_related(
            "user"
        )
        self.fields["juror"].label_from_instance = lambda juror: juror.user.full_name or juror.email
        self.fields["proposal"].help_text = _("Its reference, e.g. %(example)s.") % {
            "example": f"{round_.challenge.reference_prefix}-0007"
        }

    def clean_proposal(self) -> Proposal:
        reference = self.cleaned_data["proposal"].strip().upper()
        hits, unknown = in_scope_by_reference(self.round_, {reference})
        if unknown:
            raise forms.ValidationError(
                _("These are not proposals of this round: %(references)s.") % {"references": reference}
            )
        return hits[reference]


class AssignAllForm(forms.Form):
    calibration = forms.CharField(
        label=_("Calibration proposals (optional)"),
        help_text=_(
            "References separated by commas, e.g. %(example)s. Every juror also reviews these, so that strict and "
            "lenient jurors are compared on the same proposals."
        ),
        required=False,
        max_length=500,
    )

    def __init__(self, *args, round_: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round_ = round_
        self.fields["calibration"].help_text %= {"example": f"{round_.challenge.reference_prefix}-0007"}

    def clean_calibration(self) -> frozenset[int]:
        references = {item.strip().upper() for item in self.cleaned_data["calibration"].split(",") if item.strip()}
        hits, unknown = in_scope_by_reference(self.round_, references)
        if unknown:
            raise forms.ValidationError(
                _("These are not proposals of this round: %(references)s.") % {"references": ", ".join(unknown)}
            )
        return frozenset(proposal.pk for proposal in hits.values())


class AssignmentAddForm(AssignmentChangeForm):
    over_load = forms.BooleanField(label=_("Assign even above the juror's maximum load"), required=False)
