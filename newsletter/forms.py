from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from innovation_platform.core.regions import PeruRegion
from innovation_platform.labs.models import Lab
from newsletter.models import Newsletter
from newsletter.selectors import SEGMENT_KEYS


class TagListField(forms.CharField):
    """Words separated by commas, cleaned to the slugs the profiles' tags are matched by."""

    def to_python(self, value):
        return sorted({slugify(word) for word in super().to_python(value).split(",") if slugify(word)})


class NewsletterForm(forms.ModelForm):
    """An issue, its versions in the other languages, and the group of readers it goes to."""

    lab = forms.ModelChoiceField(label=_("On behalf of"), queryset=Lab.objects.none(), required=False)
    regions = forms.MultipleChoiceField(
        label=_("Regions"), choices=PeruRegion.choices, required=False, help_text=_("Any of them; none: all.")
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=countries, required=False, help_text=_("Any of them; none: all.")
    )
    skills = TagListField(
        label=_("Skills"), required=False, max_length=500, help_text=_("Separated by commas; any of them; empty: all.")
    )
    interests = TagListField(
        label=_("Interests"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas; any of them; empty: all."),
    )
    labs = forms.ModelMultipleChoiceField(
        label=_("Members of the labs"),
        queryset=Lab.objects.none(),
        required=False,
        help_text=_("Any of them; none: all."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Reading in"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every language."),
    )

    class Meta:
        model = Newsletter
        fields = ["lab", "language", "subject", "body", "is_public"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, labs, staff: bool, **kwargs):
        """`labs`: those the author may speak for and write to the members of; only staff may speak for none."""
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = self.fields["labs"].queryset = labs
        self.fields["lab"].required = not staff
        self.fields["lab"].empty_label = _("The network") if staff else None
        for code, name in settings.LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject in %(language)s") % {"language": name}, required=False, max_length=150
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s") % {"language": name},
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
            )
        newsletter = self.instance
        if newsletter.pk:
            for key in SEGMENT_KEYS:
                value = newsletter.segment.get(key, [])
                self.initial[key] = ", ".join(value) if key in ("skills", "interests") else value
            for version in newsletter.versions.all():
                self.initial[f"subject_{version.language}"] = version.subject
                self.initial[f"body_{version.language}"] = version.body

    def clean(self):
        data = super().clean()
        for code, _name in settings.LANGUAGES:
            if bool(data.get(f"subject_{code}")) != bool(data.get(f"body_{code}")) and code != data.get("language"):
                self.add_error(f"body_{code}", _("Write both the subject and the text of this version, or neither."))
        return data

    def text_fields(self):
        return [self[name] for name in ("lab", "language", "subject", "body", "is_public")]

    def version_fields(self):
        return [self[f"{part}_{code}"] for code, _name in settings.LANGUAGES for part in ("subject", "body")]

    def segment_fields(self):
        return [self[key] for key in SEGMENT_KEYS]

    def newsletter_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("subject", "body", "language", "is_public")}

    def segment(self) -> dict:
        data = {key: self.cleaned_data[key] for key in SEGMENT_KEYS}
        data["labs"] = sorted(lab.pk for lab in data["labs"])
        return data

    def versions(self) -> dict[str, tuple[str, str]]:
        return {
            code: (self.cleaned_data[f"subject_{code}"], self.cleaned_data[f"body_{code}"])
            for code, _name in settings.LANGUAGES
        }
