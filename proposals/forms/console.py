"""The organizers' list of a call's proposals: its filters and sort (GET), and its bulk actions (POST)."""

import hashlib

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from innovation_platform.core.forms import DirectoryFilterForm
from innovation_platform.core.regions import PeruRegion
from proposals.models import Eligibility, ProposalStatus, Stage
from proposals.selectors.console import APPEALED, DRAFTS, HIDDEN, SENT, list_columns, list_filters

YES, NO = "yes", "no"


class CallListFilterForm(DirectoryFilterForm):
    """Filters, search and sort of the list, all in the query string. An invalid value is dropped (and
    said); the valid ones apply."""

    tab = forms.ChoiceField(required=False, choices=[(SENT, SENT), (DRAFTS, DRAFTS)], widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            *((status.value, status.label) for status in ProposalStatus if status != ProposalStatus.DRAFT),
            (HIDDEN, _("Hidden by moderation")),
        ],
    )
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        required=False,
        choices=[("", _("Any")), *Eligibility.choices, (APPEALED, _("Appealed, to decide again"))],
    )
    # Any country filters; its menu is set per call below. Checked against the country codes rather than as a
    # ChoiceField of 250 translated, sorted countries built for every request.
    country = forms.CharField(label=_("Country"), required=False, widget=forms.Select)
    region = forms.ChoiceField(
        label=_("Region of Peru"), required=False, choices=[("", _("All regions")), *PeruRegion.choices]
    )
    category = forms.SlugField(label=_("Category"), required=False, allow_unicode=True, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage")), *Stage.choices])
    team_below_minimum = forms.BooleanField(label=_("Team below the minimum"), required=False)
    has_attachments = forms.ChoiceField(
        label=_("Documents"),
        required=False,
        choices=[("", _("Any")), (YES, _("With documents")), (NO, _("Without documents"))],
    )
    sort = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, countries_present: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _("Reference, or words of the title, summary or team members' names.")
        if countries_present is None:
            menu = list(countries)
        else:  # the countries the call's proposals come from: ten options, not 250
            menu = sorted(((code, countries.name(code) or code) for code in countries_present), key=lambda c: c[1])
        self.fields["country"].widget.choices = [("", _("All countries")), *menu]
        for list_filter in list_filters():
            self.fields[list_filter.key] = forms.ChoiceField(
                label=list_filter.label, required=False, choices=[("", _("Any")), *list_filter.choices]
            )

    def rendering_key(self) -> str:
        """All that the rendered filters depend on — the query, the call's country menu, the language — so the
        page keeps their HTML (a quarter of its rendering time) instead of rendering a dozen fields each time."""
        menu = [(code, str(name)) for code, name in self.fields["country"].widget.choices]
        return hashlib.sha256(repr((sorted(self.data.lists()), menu, get_language())).encode()).hexdigest()

    def clean_country(self):
        code = self.cleaned_data["country"]
        if code and code not in countries:
            raise forms.ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": code},
            )
        return super().clean_country()

    def clean_sort(self):
        sort = self.cleaned_data["sort"]
        sortable = {column.key for column in list_columns(self.current_tab) if column.order_by}
        return sort if sort.removeprefix("-") in sortable else ""

    @property
    def current_tab(self) -> str:
        return DRAFTS if self.data.get("tab") == DRAFTS else SENT

    def selector_filters(self) -> dict:
        filters = super().selector_filters()
        filters.pop("sort")
        filters["tab"] = self.current_tab
        filters["team_below_minimum"] = bool(filters["team_below_minimum"])
        filters["extra"] = {list_filter.key: filters.pop(list_filter.key) for list_filter in list_filters()}
        return filters

    @property
    def ordering(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort", "")


class ScreeningForm(forms.Form):
    """The organizers' decision on the eligibility of one or many proposals."""

    eligibility = forms.ChoiceField(label=_("Decision"), choices=Eligibility.choices, widget=forms.RadioSelect)
    preset = forms.ChoiceField(label=_("Reason"), required=False)
    reason = forms.CharField(
        label=_("Reason, in your words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The team reads it when the proposal is not eligible."),
    )

    def __init__(self, *args, reasons: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [("", _("Other (write it below)")), *((r, r) for r in reasons)]

    def clean(self):
        data = super().clean()
        data["reason"] = "\n\n".join(part for part in (data.get("preset"), data.get("reason", "").strip()) if part)
        return data


class DropOutForm(forms.Form):
    """A selected team's drop-out, recorded by the organizers (prefixed: it shares a page with the screening)."""

    prefix = "drop_out"

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the proposal's history; the team reads it in the e-mail that tells them."),
    )
    promote_next = forms.BooleanField(
        label=_("Offer the place to the next on the waitlist"), required=False, initial=True
    )
