from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from innovation_platform.accounts.models import TIMEZONE_CHOICES, Profile
from innovation_platform.accounts.selectors import policies_current
from innovation_platform.core.forms import ImageUploadField, Sort, SortedDirectoryFilterForm

CONTACT_CONSENT_LABEL = _("Organizers of the calls I take part in may contact me by e-mail")


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("As you would like it to appear on proposals and teams."),
    )
    contact_consent = forms.BooleanField(
        label=CONTACT_CONSENT_LABEL,
        required=False,
        help_text=_(
            "The organizers of the calls where you are in a proposal's team will see your e-mail address and may "
            "write to you directly. Without it, they write to you only through Cocrea's messages. You can change "
            "this in your profile at any time."
        ),
    )
    field_order = ["full_name", "email", "password1", "password2", "contact_consent", "accept_policies"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Once the site publishes a privacy policy and terms, signing up means accepting the versions in force.
        self.policies = policies_current()
        if self.policies:
            self.fields["accept_policies"] = forms.BooleanField(label=policies_label(), required=True)


def policies_label():
    return format_html(
        _('I accept the <a href="{terms}">terms of use</a> and the <a href="{privacy}">privacy policy</a>'),
        terms=reverse("accounts:terms"),
        privacy=reverse("accounts:privacy"),
    )


class PoliciesAcceptForm(forms.Form):
    accept = forms.BooleanField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"].label = policies_label()


class AccountDeleteForm(forms.Form):
    """Deleting an account asks for the password, or, for an account without one (signed in by code), the
    account's e-mail address typed again."""

    password = forms.CharField(label=_("Your password"), strip=False, widget=forms.PasswordInput)
    email = forms.EmailField(label=_("Your e-mail address, typed again"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        del self.fields["email" if user.has_usable_password() else "password"]

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("That is not your password."))
        return ""

    def clean_email(self):
        if self.cleaned_data["email"].lower() != self.user.email.lower():
            raise forms.ValidationError(_("That is not your account's e-mail address."))
        return ""


class ProfileForm(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=[("", _("Lima time (default)")), *TIMEZONE_CHOICES],
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the e-mails you receive. The language switch at the top of each page sets it too."
        ),
    )
    avatar = ImageUploadField(
        label=_("Avatar"),
        required=False,
        help_text=_("JPEG, PNG or WebP; location data is removed."),
    )

    class Meta:
        model = Profile
        fields = [
            "full_name",
            "timezone",
            "country",
            "region",
            "organization",
            "bio",
            "skills",
            "interests",
            "is_public",
            "newsletter_consent",
            "contact_consent",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "region": _("Only for Peru."),
            "skills": _("Comma-separated, e.g. design, data analysis, agronomy."),
            "interests": _("Comma-separated, e.g. food security, water, education."),
            "newsletter_consent": _("I agree to receive the network's newsletter by e-mail."),
            "contact_consent": _(
                "The organizers of the calls where you are in a proposal's team will see your e-mail address and may "
                "write to you directly. Without it, they write to you only through Cocrea's messages and never see "
                "your address."
            ),
        }
        labels = {"contact_consent": CONTACT_CONSENT_LABEL}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance.user
        self.fields["full_name"].initial = user.full_name
        self.fields["timezone"].initial = user.timezone
        self.fields["language"].initial = user.language
        self.fields["avatar"].initial = self.instance.avatar
        self.order_fields(["full_name", "timezone", "language", "avatar"])

    def user_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("full_name", "timezone", "language")}

    def profile_data(self) -> dict:
        names = ("country", "region", "organization", "bio", "is_public", "newsletter_consent", "contact_consent")
        return {name: self.cleaned_data[name] for name in names}


class InnovatorFilterForm(SortedDirectoryFilterForm):
    SORTS = {
        "name": Sort(_("Name"), ("user__full_name", "user_id")),
        "newest": Sort(_("Newest"), ("-user__date_joined", "-user_id")),
        "region": Sort(_("Region"), ("country", "region", "user__full_name", "user_id")),
    }

    region = forms.CharField(required=False, max_length=6)
    skill = forms.SlugField(required=False, allow_unicode=True)
    interest = forms.SlugField(required=False, allow_unicode=True)
