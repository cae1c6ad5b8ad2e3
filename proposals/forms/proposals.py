from decimal import Decimal

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from challenges.models import Question, QuestionKind
from innovation_platform.core.documents import ACCEPT_ATTRIBUTE, CleanDocument, clean_document, document_max_bytes
from innovation_platform.core.forms import ImageUploadField
from innovation_platform.core.regions import validate_country_region
from proposals.models import Proposal
from proposals.services.submission import TEXT_FIELDS

QUESTION_PREFIX = "question_"
YES, NO = "yes", "no"


class DocumentUploadField(forms.FileField):
    """A file field whose cleaned value is a CleanDocument: type checked by content, size limited."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        return clean_document(upload) if upload is not None else None


class ProposalStartForm(forms.Form):
    title = forms.CharField(label=_("Title of your proposal"), max_length=150, help_text=_("You can change it later."))


class ProposalForm(forms.Form):
    """Everything the team writes, in one form: texts, categories, cover and the challenge's answers.

    Nothing but the title is required here: a draft can be saved half-written, and the
    completeness check says what is still needed before submitting.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    tags = TagField(
        label=_("Categories"), required=False, help_text=_("Comma-separated, e.g. water, rural schools, health.")
    )
    cover = ImageUploadField(
        label=_("Cover image"), required=False, help_text=_("JPEG, PNG or WebP; location data is removed.")
    )

    def __init__(self, proposal: Proposal, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Proposal, fields=TEXT_FIELDS))
        self.fields["region"].help_text = _("Only for proposals from Peru.")
        for name in ("summary", "problem", "solution", "beneficiaries", "expected_impact"):
            self.fields[name].widget.attrs["rows"] = 5
        self.questions = list(proposal.challenge.questions.all())
        answers = {answer.question_id: answer for answer in proposal.answers.all()}
        for question in self.questions:
            self.fields[question_field_name(question)] = question_field(question, answers.get(question.pk))
        self.initial = {
            **model_to_dict(proposal, fields=TEXT_FIELDS),
            "version": proposal.version,
            "tags": list(proposal.tags.all()),
            "cover": proposal.cover,
            **{question_field_name(q): answer_initial(q, answers.get(q.pk)) for q in self.questions},
            **self.initial,
        }
        self.order_fields(["version", *TEXT_FIELDS, "tags", "cover"])

    def clean(self):
        data = super().clean()
        # A region belongs to Peru; it may still be missing in a draft (the completeness check asks for it).
        if data.get("region") and "country" in data:
            validate_country_region(data["country"], data["region"])
        return data

    def text_fields(self):
        return [self[name] for name in TEXT_FIELDS]

    def question_fields(self):
        return [self[question_field_name(question)] for question in self.questions]

    def proposal_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in TEXT_FIELDS}

    def answers(self) -> dict:
        """Answers keyed by question id, JSON-ready; a file question is left out when nothing was
        uploaded, and None when its "clear" box was ticked."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data[question_field_name(question)]
            if question.kind == QuestionKind.FILE:
                if isinstance(value, CleanDocument):
                    answers[question.pk] = value.file
                elif value is False:
                    answers[question.pk] = None
            else:
                answers[question.pk] = answer_value(question, value)
        return answers


def question_field_name(question: Question) -> str:
    return f"{QUESTION_PREFIX}{question.pk}"


def question_field(question: Question, answer=None) -> forms.Field:
    """The form field that asks one of the challenge's questions, by its kind."""
    options = {"label": question.label, "required": False, "help_text": _question_help(question, answer)}
    choices = [(choice, choice) for choice in question.choices]
    match question.kind:
        case QuestionKind.SHORT_TEXT:
            return forms.CharField(max_length=300, **options)
        case QuestionKind.LONG_TEXT:
            return forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}), **options)
        case QuestionKind.NUMBER:
            return forms.DecimalField(max_digits=20, **options)
        case QuestionKind.SINGLE_CHOICE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
        case QuestionKind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **options)
        case QuestionKind.YES_NO:
            return forms.TypedChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))],
                coerce=lambda value: value == YES,
                empty_value=None,
                widget=forms.RadioSelect,
                **options,
            )
        case QuestionKind.URL:
            return forms.URLField(max_length=500, assume_scheme="https", **options)
        case QuestionKind.FILE:
            # Clearable: the stored file is the field's initial value, with a box to remove it.
            return DocumentUploadField(widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}), **options)
    raise ValueError(f"Unknown question kind: {question.kind}")


def answer_initial(question: Question, answer):
    """How a stored answer shows in its field."""
    if answer is None:
        return None
    if question.kind == QuestionKind.FILE:
        return StoredDocument(answer) if answer.file else None
    if question.kind == QuestionKind.YES_NO and answer.value is not None:
        return YES if answer.value else NO
    return answer.value


class StoredDocument:
    """A stored file answer as its clearable input shows it: the file's name, linked to the
    permission-checked download (documents are never under MEDIA_URL)."""

    def __init__(self, answer):
        self.name = answer.file.name.rsplit("/", 1)[-1]
        self.url = reverse("proposals:document", args=[answer.proposal_id, "answer", answer.pk])

    def __str__(self):
        return self.name


def answer_value(question: Question, value):
    """A cleaned value as stored in the answer's JSON: numbers as int or float, empty as None."""
    if question.kind == QuestionKind.NUMBER and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if value in ("", None):
        return None
    return value


def _question_help(question: Question, answer) -> str:
    # Django renders help text unescaped: what organizers typed is escaped here.
    parts = [question.help_text] if question.help_text else []
    if question.required:
        parts.append(_("Needed to submit."))
    if question.kind == QuestionKind.FILE:
        parts.append(_("PDF or office document."))
        if answer is not None and answer.file:
            parts.append(_("A file is already attached; upload another to replace it."))
    return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else ""


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the proposal?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The organizers will read it. Withdrawing cannot be undone."),
    )


class AttachmentForm(forms.Form):
    file = DocumentUploadField(label=_("Document"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel, PowerPoint or OpenDocument, up to %(limit)s MB.") % {
            "limit": document_max_bytes() // (1024 * 1024)
        }


class GalleryImageForm(forms.Form):
    image = ImageUploadField(label=_("Image"), help_text=_("JPEG, PNG or WebP; location data is removed."))
    alt_text = forms.CharField(
        label=_("Description of the image"),
        max_length=200,
        help_text=_("Required: what the image shows, for people who cannot see it."),
    )
