from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from innovation_platform.core.documents import ACCEPT_ATTRIBUTE
from innovation_platform.core.forms import DirectoryFilterForm
from innovation_platform.core.regions import PeruRegion
from projects.models import Outcome, Project
from projects.services.projects import EDITABLE_FIELDS, MAX_OUTCOME_REASON
from proposals.forms.proposals import DocumentUploadField

# The outcome form offers every outcome but the drop-out, which organizers record on the proposal.
OUTCOME_CHOICES = [(value, label) for value, label in Outcome.choices if value != Outcome.DROPPED_OUT]


def _https_by_default(field, **kwargs):
    """A link typed without its scheme is taken as https (the platform's choice for every link field)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ProjectForm(forms.ModelForm):
    """The team's texts, links and final presentation. `version` is the one the form was opened on."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    slides_upload = DocumentUploadField(
        label=_("Slides of the final presentation"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("A PDF or an office document (PowerPoint, OpenDocument…)."),
    )
    slides_remove = forms.BooleanField(label=_("Remove the stored slides"), required=False)

    class Meta:
        model = Project
        fields = list(EDITABLE_FIELDS)
        formfield_callback = _https_by_default
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "built_what": forms.Textarea(attrs={"rows": 6}),
            "built_how": forms.Textarea(attrs={"rows": 6}),
            "materials": forms.Textarea(attrs={"rows": 4}),
            "replication": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def slides_change(self):
        """A checked document to store, None to remove the stored one, False to keep it."""
        if self.cleaned_data.get("slides_upload"):
            return self.cleaned_data["slides_upload"]
        return None if self.cleaned_data.get("slides_remove") else False

    def project_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    on = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(
        label=_("What happened"),
        max_length=MAX_OUTCOME_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the project's history, which everyone who sees the project can read."),
    )
    adopted_by = forms.CharField(
        label=_("Public body that adopted it"),
        max_length=200,
        required=False,
        help_text=_("Only for an adoption, e.g. Municipalidad Provincial de Arequipa."),
    )
    adopted_url = forms.URLField(
        label=_("Link about the adoption"),
        required=False,
        assume_scheme="https",
        help_text=_("Only for an adoption: a resolution, an agreement or a news item."),
    )


class ProjectGalleryFilterForm(DirectoryFilterForm):
    """The gallery's filters: challenge and lab (by web address), outcome and region of Peru."""

    # Web addresses, not choices: the menus come from cached figures, and a challenge whose projects opened since
    # must still filter (its link on the challenge page) rather than fail validation and show every project.
    challenge = forms.SlugField(label=_("Challenge"), required=False, widget=forms.Select)
    lab = forms.SlugField(label=_("Lab"), required=False, widget=forms.Select)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=[("", _("Any outcome")), *Outcome.choices])
    region = forms.ChoiceField(
        label=_("Region of Peru"), required=False, choices=[("", _("All regions")), *PeruRegion.choices]
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["q"], self.fields["country"]
        self.fields["challenge"].widget.choices = [("", _("All challenges")), *choices["challenges"]]
        self.fields["lab"].widget.choices = [("", _("All labs")), *choices["labs"]]

    def selector_filters(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in ("challenge", "lab", "outcome", "region")}
