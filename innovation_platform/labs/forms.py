from django import forms
from django.utils.translation import gettext_lazy as _

from innovation_platform.core.forms import ImageUploadField, Sort, SortedDirectoryFilterForm
from innovation_platform.labs.models import Lab, LabKind, LabRole


class LabForm(forms.ModelForm):
    logo = ImageUploadField(label=_("Logo"), required=False, help_text=_("JPEG, PNG or WebP."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Lab
        fields = ["name", "kind", "country", "region", "city", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"region": _("Only for labs in Peru.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].initial = self.instance.logo

    def lab_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class LabFilterForm(SortedDirectoryFilterForm):
    SORTS = {
        "name": Sort(_("Name"), ("name", "pk")),
        "newest": Sort(_("Newest"), ("-created_at", "-pk")),
        "region": Sort(_("Region"), ("country", "region", "name", "pk")),
    }

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *LabKind.choices])
    region = forms.CharField(required=False, max_length=6)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of a registered person"))
    role = forms.ChoiceField(label=_("Role"), choices=LabRole.choices, initial=LabRole.MEMBER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=LabRole.choices)
