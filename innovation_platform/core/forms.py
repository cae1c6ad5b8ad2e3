from django import forms
from django.core.files.base import ContentFile

from innovation_platform.core.images import ACCEPT_ATTRIBUTE, clean_image


class ImageUploadField(forms.FileField):
    """A file field whose cleaned value is the pipeline's clean copy of the image."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        return clean_image(upload) if upload is not None else None


def image_change(cleaned_value):
    """What a service should do with an image field's cleaned value.

    A new clean image to store, None when the user ticked "clear", or False to keep
    the current image (the field returns its initial file when nothing was uploaded).
    """
    if cleaned_value is False:
        return None
    return cleaned_value if isinstance(cleaned_value, ContentFile) else False
