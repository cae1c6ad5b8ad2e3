import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from innovation_platform.core.forms import ImageUploadField
from innovation_platform.core.images import ACCEPT_ATTRIBUTE
from projects.models import LogbookImage, LogbookPost, PostVisibility
from projects.services.logbook import MAX_POST_IMAGES, PostImage


class LogbookPostForm(forms.ModelForm):
    """A post with up to MAX_POST_IMAGES new images, each with its description. `token` ties every submission of a
    new post's form to one post. A refused image keeps the typed text: only the file has to be chosen again."""

    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional: a repository, a video or a document about this step."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    class Meta:
        model = LogbookPost
        fields = ["title", "body", "link", "visibility"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, image_slots: int = MAX_POST_IMAGES, removable: list[LogbookImage] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = PostVisibility.choices
        self.fields["visibility"].help_text = _("Team-only posts are read by the team, its mentors and the organizers.")
        if self.instance.pk:
            del self.fields["token"]
        if removable:
            self.fields["remove_images"] = forms.TypedMultipleChoiceField(
                label=_("Remove images"),
                choices=[(image.pk, image.alt_text) for image in removable],
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        self.image_slots = []
        for number in range(1, image_slots + 1):
            self.fields[f"image_{number}"] = ImageUploadField(
                label=_("Photo %(number)s") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
                help_text=_("JPEG, PNG or WebP; location data is removed."),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=_("What photo %(number)s shows") % {"number": number},
                required=False,
                max_length=LogbookImage._meta.get_field("alt_text").max_length,
                help_text=_("Required with a photo, for people who cannot see it."),
            )
            self.image_slots.append((self[f"image_{number}"], self[f"alt_{number}"]))

    def clean(self):
        cleaned = super().clean()
        for number in range(1, len(self.image_slots) + 1):
            if cleaned.get(f"image_{number}") and not (cleaned.get(f"alt_{number}") or "").strip():
                self.add_error(f"alt_{number}", _("Describe the image for people who cannot see it."))
        return cleaned

    @property
    def more_photos_have_errors(self) -> bool:
        """The photos beyond the first fold away, unless one of them needs correcting."""
        return any(image.errors or alt.errors for image, alt in self.image_slots[1:])

    def images(self) -> list[PostImage]:
        """The new images with their descriptions, in the order of their slots."""
        return [
            PostImage(image=self.cleaned_data[f"image_{number}"], alt_text=self.cleaned_data[f"alt_{number}"])
            for number in range(1, len(self.image_slots) + 1)
            if self.cleaned_data.get(f"image_{number}")
        ]

    def post_fields(self) -> dict:
        """The post's own fields, as the services take them."""
        return {name: self.cleaned_data[name] for name in ("title", "body", "link", "visibility")}


class LogbookCommentForm(forms.Form):
    body = forms.CharField(label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)


class MentorForm(forms.Form):
    """One of the challenge's mentors, to assign to a project or to remove from it."""

    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, empty_label=_("Choose a mentor"))

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
