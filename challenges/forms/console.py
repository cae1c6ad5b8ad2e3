import zoneinfo
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from challenges.models import (
    CHOICE_KINDS,
    EDITABLE_FIELDS,
    MARKDOWN_FIELDS,
    Announcement,
    Challenge,
    ChallengeRoleKind,
    FAQItem,
    PhaseKind,
    Question,
    QuestionKind,
    Quota,
    QuotaKind,
    Session,
    SessionRegistration,
    challenge_settings_errors,
)
from challenges.timeline import PhaseSpan, timeline_errors
from innovation_platform.core.forms import ChoicePicker, ImageUploadField
from innovation_platform.core.regions import PeruRegion

END_OF_MINUTE = timedelta(seconds=59, microseconds=999999)
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def datetime_field(label, **kwargs) -> forms.DateTimeField:
    """A date and time typed in the challenge's time zone (views activate it while parsing)."""
    return forms.DateTimeField(label=label, widget=DATETIME_WIDGET, input_formats=["%Y-%m-%dT%H:%M"], **kwargs)


class LinesField(forms.CharField):
    """A list of short texts typed one per line; blank lines and repeats are dropped."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines = (line.strip() for line in (value or "").splitlines())
        return list(dict.fromkeys(line[:200] for line in lines if line))


# The countries a network of Latin American labs opens its calls to most often, offered first.
IBERO_AMERICA = [
    "PE", "AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV",
    "ES", "GT", "HN", "MX", "NI", "PA", "PY", "PT", "PR", "UY", "VE",
]  # fmt: skip


# The time zones the network's calls run in (Ibero-America's, Spain's and Portugal's, and UTC), rather than all 600.
CALL_TIMEZONES = [
    "America/Argentina/Buenos_Aires", "America/Asuncion", "America/Bogota", "America/Cancun", "America/Caracas",
    "America/Costa_Rica", "America/El_Salvador", "America/Guatemala", "America/Guayaquil", "America/Havana",
    "America/La_Paz", "America/Lima", "America/Managua", "America/Manaus", "America/Mexico_City",
    "America/Montevideo", "America/Panama", "America/Puerto_Rico", "America/Santiago", "America/Santo_Domingo",
    "America/Sao_Paulo", "America/Tegucigalpa", "America/Tijuana", "Atlantic/Canary", "Europe/Lisbon",
    "Europe/Madrid", "Pacific/Galapagos", "UTC",
]  # fmt: skip


def call_timezone_choices(current: str) -> list[tuple[str, str]]:
    """The call time zones (and the challenge's own, if another), by offset from UTC today: "Lima (UTC−05:00)"."""
    now = timezone.now()
    zones = CALL_TIMEZONES if current in CALL_TIMEZONES or not current else [*CALL_TIMEZONES, current]

    def offset(zone: str) -> timedelta:
        return now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()

    def label(zone: str) -> str:
        minutes = int(offset(zone).total_seconds()) // 60
        sign = "+" if minutes >= 0 else "−"
        place = zone.rsplit("/", 1)[-1].replace("_", " ")
        return f"{place} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"

    return [(zone, label(zone)) for zone in sorted(zones, key=lambda zone: (offset(zone), zone))]


class ChallengeForm(forms.ModelForm):
    tags = TagField(label=_("Tags"), required=False, help_text=_("Comma-separated."))
    cover = ImageUploadField(label=_("Cover image"), required=False, help_text=_("JPEG, PNG or WebP, ideally 16:9."))
    eligible_regions = forms.MultipleChoiceField(
        label=_("Eligible regions of Peru"),
        required=False,
        choices=PeruRegion.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For regional calls."),
    )
    timezone = forms.ChoiceField(label=_("Time zone of the dates"), initial="America/Lima")
    ineligibility_reasons = LinesField(
        label=_("Reasons for ineligibility"),
        help_text=_("The reasons organizers pick from when they screen proposals, one per line."),
    )

    class Meta:
        model = Challenge
        fields = EDITABLE_FIELDS
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 6}) for name in MARKDOWN_FIELDS},
            "eligible_countries": ChoicePicker(preferred=IBERO_AMERICA, filter_label=_("Find a country")),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].initial = self.instance.cover
        self.fields["timezone"].choices = call_timezone_choices(self.instance.timezone)
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(sorted(self.instance.tags.names()))

    def clean(self):
        data = super().clean()
        if {"team_min", "team_max", "scope"} <= set(data):
            errors = challenge_settings_errors(
                team_min=data["team_min"],
                team_max=data["team_max"],
                scope=data["scope"],
                eligible_regions=data.get("eligible_regions", []),
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data

    def challenge_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "tags"}


class NewChallengeForm(ChallengeForm):
    lab = forms.ModelChoiceField(label=_("Lab"), queryset=None, empty_label=None)

    def __init__(self, *args, labs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lab"].queryset = labs
        self.order_fields(["lab"])


class TimelineForm(forms.Form):
    """One optional start and end per phase; parsed in the challenge's time zone."""

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {phase.kind: phase for phase in phases}
        for kind, label in PhaseKind.choices:
            phase = current.get(kind)
            self.fields[f"{kind}_start"] = datetime_field(
                _("%(phase)s: starts") % {"phase": label}, required=False, initial=phase and phase.starts_at
            )
            self.fields[f"{kind}_end"] = datetime_field(
                _("%(phase)s: ends") % {"phase": label}, required=False, initial=phase and phase.ends_at
            )

        # Asked for only when the published call's deadline moves earlier (see `deadline_change`).
        self.fields["confirm_earlier_deadline"] = forms.BooleanField(
            label=_("Yes, move the deadline earlier"), required=False
        )

    def rows(self):
        """(label, start field, end field) per phase, for the template's table."""
        return [(label, self[f"{kind}_start"], self[f"{kind}_end"]) for kind, label in PhaseKind.choices]

    def clean(self):
        data = super().clean()
        spans = []
        for kind, _label in PhaseKind.choices:
            start, end = data.get(f"{kind}_start"), data.get(f"{kind}_end")
            if bool(start) != bool(end) and not self.has_error(f"{kind}_start") and not self.has_error(f"{kind}_end"):
                self.add_error(f"{kind}_end" if start else f"{kind}_start", _("Give both the start and the end."))
            elif start and end:
                # The form is minute-precise: a phase ending "at 23:59" includes that whole minute.
                spans.append(PhaseSpan(kind, start, end + END_OF_MINUTE))
        for error in timeline_errors(spans):
            self.add_error(None, error)
        self.spans = spans
        return data


class QuestionForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For single or multiple choice: one choice per line."),
    )

    class Meta:
        model = Question
        fields = ["label", "kind", "required", "help_text", "choices", "is_private", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["choices"] = "\n".join(self.instance.choices or [])
        # A type is always chosen: no blank first option to submit by mistake.
        self.fields["kind"].choices = QuestionKind.choices
        self.fields["kind"].initial = self.instance.kind or QuestionKind.SHORT_TEXT

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        kind, choices = data.get("kind"), data.get("choices") or []
        if kind in CHOICE_KINDS and len(choices) < 2:
            self.add_error("choices", _("Give at least two choices, one per line."))
        elif kind and kind not in CHOICE_KINDS and choices:
            self.add_error("choices", _("Only choice questions have choices; leave this empty."))
        return data


class SessionForm(forms.ModelForm):
    starts_at = datetime_field(_("Starts"))
    ends_at = datetime_field(_("Ends"))
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    class Meta:
        model = Session
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "speakers",
            "description",
            "registration",
            "capacity",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "registration": _(
                "Open to the public: people register on the schedule (a waitlist once the places are taken). "
                "Reserved: the selected teams, mentors and organizers are expected without registering."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].required = False  # left out (older clients): no registration

    def clean_registration(self):
        return self.cleaned_data["registration"] or SessionRegistration.NONE

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("A session must end after it starts."))
        if data.get("capacity") is not None and data.get("registration") != SessionRegistration.PUBLIC:
            self.add_error("capacity", _("Places apply only to sessions open to the public with registration."))
        return data


class FAQForm(forms.ModelForm):
    class Meta:
        model = FAQItem
        fields = ["question", "answer", "position"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}


class QuotaForm(forms.ModelForm):
    class Meta:
        model = Quota
        fields = ["kind", "count", "region"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == QuotaKind.MIN_REGION and not data.get("region"):
            self.add_error("region", _("Choose the region this quota is about."))
        return data


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "pinned"]
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}


class RoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of a registered person"))
    role = forms.ChoiceField(label=_("Role"), choices=ChallengeRoleKind.choices)


class RoleInvitationForm(forms.Form):
    """Invite someone by e-mail, with or without an account (used with the prefix "invite")."""

    email = forms.EmailField(label=_("E-mail address"), help_text=_("The person may not have an account yet."))
    role = forms.ChoiceField(label=_("Role"), choices=ChallengeRoleKind.choices)


class DuplicateForm(forms.Form):
    title = forms.CharField(label=_("Title of the new edition"), max_length=150)
    proposals_open_at = datetime_field(
        _("The new call for proposals opens on"), help_text=_("Every date moves by the same amount.")
    )
