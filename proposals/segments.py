"""The groups of a call's people that proposals know (teams by where their proposal stands, applicants to open
roles), offered to organizers who write to them."""

from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from innovation_platform.messaging.segments import segment_register
from proposals.models import IN_THE_CALL, Eligibility, ProposalStatus
from proposals.reminders import drafts_reminder
from proposals.selectors.people import role_applicants, teams_of

# key, label, and which of the call's proposals the teams belong to.
TEAMS = [
    ("submitted", _("Teams of every submitted proposal"), {"status__in": IN_THE_CALL}),
    ("drafts", _("Teams of drafts not submitted yet"), {"status": ProposalStatus.DRAFT}),
    ("eligible", _("Teams of eligible proposals"), {"status__in": IN_THE_CALL, "eligibility": Eligibility.ELIGIBLE}),
    (
        "ineligible",
        _("Teams of ineligible proposals"),
        {"status__in": IN_THE_CALL, "eligibility": Eligibility.INELIGIBLE},
    ),
    ("shortlisted", _("Teams of shortlisted proposals"), {"status": ProposalStatus.SHORTLISTED}),
    ("selected", _("Teams of selected proposals"), {"status": ProposalStatus.SELECTED}),
    ("waitlisted", _("Teams of proposals on the waitlist"), {"status": ProposalStatus.WAITLISTED}),
    ("not_selected", _("Teams of proposals not selected"), {"status": ProposalStatus.NOT_SELECTED}),
]


# A reminder to the teams of drafts tells each person what their own drafts still miss.
PERSONAL = {
    "drafts": {
        "personal": drafts_reminder,
        "personal_note": _(
            "Each person also receives, in their language, what their drafts still miss, how long until the call "
            "closes and a link to the editor."
        ),
    }
}


def register() -> None:
    for key, label, filters in TEAMS:
        segment_register(
            Challenge,
            key,
            label=label,
            people=lambda challenge, params, filters=filters: teams_of(challenge, **filters),
            **PERSONAL.get(key, {}),
        )
    segment_register(
        Challenge,
        "applicants",
        label=_("People who applied to an open role"),
        people=lambda challenge, params: role_applicants(challenge),
    )
    # The proposals ticked in the organizers' list: /console/<slug>/messages/new/?proposal=12&proposal=13
    segment_register(
        Challenge,
        "teams",
        label=_("Teams of the proposals ticked in the list"),
        people=lambda challenge, params: teams_of(challenge, pk__in=params["proposal"]),
        params=("proposal",),
    )
