from typing import NamedTuple

from django import forms
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

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


class ChoicePicker(forms.CheckboxSelectMultiple):
    """Many choices among a long list (countries): checkboxes with what is chosen said on top and listed first,
    then the `preferred` choices, then the rest; a static script adds a filter box. Works without JavaScript."""

    template_name = "widgets/choice_picker.html"

    def __init__(self, *args, preferred=(), filter_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.preferred = list(preferred)
        self.filter_label = filter_label

    def get_context(self, name, value, attrs):
        chosen = {str(item) for item in (value or [])}
        rank = {code: index for index, code in enumerate(self.preferred)}
        self.choices = sorted(
            self.choices,
            key=lambda choice: (0, 0) if str(choice[0]) in chosen else (1, rank.get(choice[0], len(rank))),
        )  # a stable sort: each group keeps the list's own (alphabetical) order
        context = super().get_context(name, value, attrs)
        context["widget"]["chosen"] = [str(label) for code, label in self.choices if str(code) in chosen]
        context["widget"]["filter_label"] = self.filter_label
        return context


class DirectoryFilterForm(forms.Form):
    """The GET filters of a public directory. An invalid value is dropped; the valid ones apply."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.CharField(required=False, max_length=2)

    def clean_country(self):
        return self.cleaned_data["country"].upper()

    def selector_filters(self) -> dict:
        """Keyword arguments for the directory's selector: every filter, empty when unset."""
        self.is_valid()
        filters = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        filters["search"] = filters.pop("q")
        return filters

    def active_filters(self) -> int:
        """How many filters narrow the list (said on the collapsed filters panel)."""
        return sum(1 for value in self.selector_filters().values() if value)


class Sort(NamedTuple):
    """One way to order a list: its label in the sort menu, its `order_by` arguments and the annotations they
    need (a count to order by)."""

    label: str
    ordering: tuple
    annotations: dict = {}


class SortedDirectoryFilterForm(DirectoryFilterForm):
    """A directory whose order people choose with `?sort=`: one of `sorts` (or the class's `SORTS`), the first by
    default. An unknown sort is dropped like any invalid filter, so the list keeps its default order."""

    SORTS: dict[str, Sort] = {}

    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, sorts: dict[str, Sort] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sorts = self.SORTS if sorts is None else sorts
        self.fields["sort"].choices = [(key, sort.label) for key, sort in self.sorts.items()]

    def selector_filters(self) -> dict:
        filters = super().selector_filters()
        del filters["sort"]
        return filters

    @property
    def sort_key(self) -> str:
        """The chosen sort, or the default one."""
        self.is_valid()
        return self.cleaned_data.get("sort") or next(iter(self.sorts))

    def sorted(self, queryset: QuerySet) -> QuerySet:
        """The list in the chosen order (its own order replaced)."""
        sort = self.sorts[self.sort_key]
        return queryset.annotate(**sort.annotations).order_by(*sort.ordering)
