"""The demo proposals: about 130 in the LABIC call, mostly from Peru's regions, with teams forming and
public support; the finished hackathon's proposals and, once its jury has selected, its collaborator call; loading
again adds nothing."""

import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from challenges.demo import LABIC_SLUG, seed_challenges
from challenges.models import Challenge, QuestionKind
from innovation_platform.accounts.demo import seed_accounts, seed_innovators
from innovation_platform.labs.demo import seed_labs
from judging.demo import seed_judging
from proposals.demo import seed_proposals
from proposals.demo.collaborators import ROLES, seed_finished_collaborators
from proposals.models import (
    IN_THE_CALL,
    Answer,
    Invitation,
    Proposal,
    ProposalMember,
    ProposalVersion,
    RoleApplication,
    RoleSlot,
    Support,
    TaggedProposal,
    TeamSeeker,
)
from proposals.selectors.proposals import proposal_missing, proposals_of_user

pytestmark = pytest.mark.django_db

MODELS = [
    Proposal,
    ProposalMember,
    Answer,
    ProposalVersion,
    TaggedProposal,
    Invitation,
    TeamSeeker,
    Support,
    RoleSlot,
    RoleApplication,
]
FINISHED = "hackaton-agua-arequipa"


@pytest.fixture
def accounts(db):
    accounts = seed_accounts()
    seed_labs(6, random.Random(1), accounts)
    seed_innovators(160, random.Random(2023))
    seed_challenges(accounts)
    return accounts


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def labic(accounts):
    seed_proposals(accounts)
    return Challenge.objects.get(slug=LABIC_SLUG)


def test_loading_twice_adds_nothing(accounts):
    assert seed_proposals(accounts) == 132 + 42 + 16  # LABIC, the hackathon, the call judged now
    first = counts()

    assert seed_proposals(accounts) == 0
    assert counts() == first


def test_the_same_proposals_on_every_load(accounts):
    seed_proposals(accounts)
    first = list(Proposal.objects.order_by("challenge", "number").values_list("title", "region", "country", "stage"))
    Proposal.objects.all().delete()

    seed_proposals(accounts)

    again = Proposal.objects.order_by("challenge", "number").values_list("title", "region", "country", "stage")
    assert list(again) == first


def test_about_130_proposals_numbered_in_order_mostly_from_peru(labic):
    crowd = labic.proposals.exclude(members__user__email__startswith="lider@")

    assert labic.code == "LABICPE26"
    assert crowd.count() == 130
    assert set(crowd.values_list("status", flat=True)) == {"submitted"}
    assert sorted(crowd.values_list("number", flat=True)) == list(range(1, 131))
    assert crowd.get(number=1).reference == "LABICPE26-0001"
    countries = Counter(crowd.values_list("country", flat=True))
    assert 0.72 <= countries["PE"] / 130 <= 0.88
    assert set(countries) - {"PE"} <= {"CO", "MX", "AR", "CL", "EC", "BO", "ES", "BR", "UY"}
    assert len(countries) >= 6
    regions = Counter(crowd.filter(country="PE").values_list("region", flat=True))
    assert "" not in regions and len(regions) >= 15
    assert regions["PE-LMA"] < countries["PE"] / 4  # most come from outside Lima
    assert set(crowd.filter(country__in=["CO", "MX"]).values_list("region", flat=True)) == {""}


def test_every_proposal_is_complete_with_a_team_categories_answers_and_a_version(labic):
    proposals = list(
        Proposal.objects.filter(challenge=labic, status__in=IN_THE_CALL).prefetch_related(
            "challenge__questions", "answers__question", "members__user", "tags", "versions"
        )
    )

    assert [p.title for p in proposals if proposal_missing(p)] == []
    for proposal in proposals:
        roles = Counter(member.role for member in proposal.members.all())
        assert roles["lead"] == 1 and 1 <= roles["member"] <= 3  # teams of at least two
        assert all(member.user.email.endswith("@demo.cocrea.pe") for member in proposal.members.all())
        assert 2 <= len(proposal.tags.all()) <= 3
        assert [version.version for version in proposal.versions.all()] == list(range(proposal.version, 0, -1))
    assert len({p.title for p in proposals}) == len(proposals)
    assert sum(1 for p in proposals if p.version == 2) == 10


def test_answers_respect_the_question_kinds_and_choices(labic):
    for answer in Answer.objects.filter(proposal__challenge=labic).select_related("question"):
        question = answer.question
        match question.kind:
            case QuestionKind.SINGLE_CHOICE:
                assert answer.value in question.choices
            case QuestionKind.YES_NO:
                assert isinstance(answer.value, bool)
            case QuestionKind.NUMBER:
                assert isinstance(answer.value, int) and 800 <= answer.value <= 3000
            case _:
                assert isinstance(answer.value, str) and answer.value


def test_the_team_lead_has_a_submitted_proposal_and_a_draft(labic, accounts):
    mine = proposals_of_user(accounts["team lead"])

    assert sorted(mine.values_list("status", "number")) == [("draft", None), ("submitted", 131)]
    draft = Proposal.objects.get(challenge=labic, status="draft")
    assert proposal_missing(Proposal.objects.prefetch_related("answers__question").get(pk=draft.pk)) != []


def test_the_lead_of_a_proposal_shares_its_country_while_possible(labic):
    leads = ProposalMember.objects.filter(proposal__challenge=labic, role="lead", proposal__number__lte=130)
    same = sum(
        1
        for lead in leads.select_related("proposal", "user__profile")
        if lead.user.profile.country == lead.proposal.country
    )

    assert same / 130 >= 0.8


def test_seed_demo_loads_the_proposals_after_the_challenges_and_only_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo publishes the open datasets' files
    outputs = [StringIO(), StringIO()]
    for output in outputs:
        call_command("seed_demo", labs=6, innovators=20, quiet_accounts=True, stdout=output)

    assert Proposal.objects.filter(challenge__slug=LABIC_SLUG).count() == 132
    assert "Demo proposals: 174 new." in outputs[0].getvalue()
    assert "Demo proposals: 0 new." in outputs[1].getvalue()


def test_the_open_call_has_pending_invitations_one_of_them_to_the_demo_citizen(labic, accounts):
    invitations = Invitation.objects.filter(proposal__challenge=labic).select_related("proposal")

    assert invitations.count() == 5
    assert set(invitations.values_list("status", flat=True)) == {"pending"}
    assert all(invitation.expires_at > timezone.now() > invitation.created_at for invitation in invitations)
    mine = Invitation.objects.get(invitee=accounts["citizen"])
    assert mine.proposal.title == "Mercado virtual de productores del Cusco"
    assert mine.invited_by == accounts["team lead"] and mine.email == ""
    assert sum(1 for invitation in invitations if invitation.is_link) == 1
    for invitation in invitations:
        assert invitation.proposal.members.count() + invitation.proposal.invitations.count() <= labic.team_max


def test_people_looking_for_a_team_are_on_none_and_say_what_they_bring(labic):
    seekers = list(TeamSeeker.objects.filter(challenge=labic))
    members = set(ProposalMember.objects.filter(proposal__challenge=labic).values_list("user_id", flat=True))

    assert len(seekers) == 12
    assert {seeker.user_id for seeker in seekers} & members == set()
    assert all(seeker.skills and all(isinstance(skill, str) for skill in seeker.skills) for seeker in seekers)
    assert all(seeker.message for seeker in seekers)


def test_the_open_call_takes_supports_within_the_limit_and_never_for_your_own_team(labic):
    supports = Support.objects.filter(challenge=labic)
    per_person = Counter(supports.values_list("user_id", flat=True))
    per_proposal = Counter(supports.values_list("proposal_id", flat=True))

    assert labic.supports_enabled and labic.supports_per_person == 5
    assert supports.count() >= 150
    assert max(per_person.values()) <= 5
    assert not supports.filter(proposal__members__user=F("user")).exists()
    assert set(supports.values_list("proposal__status", flat=True)) == {"submitted"}
    ranking = sorted(per_proposal.values(), reverse=True)
    assert ranking[0] >= 3 * ranking[len(ranking) // 2]  # a few popular proposals, a long tail


def test_the_finished_hackathon_has_its_proposals_waiting_for_its_jury(labic):
    """Its jury's round (judging.demo) selects them: see tests/judging/test_demo.py."""
    hackathon = Challenge.objects.get(slug=FINISHED)
    proposals = list(
        hackathon.proposals.prefetch_related("challenge__questions", "answers__question", "members", "versions")
    )
    phase = hackathon.phases.get(kind="proposals")

    assert len(proposals) == 42
    assert sorted(p.number for p in proposals) == list(range(1, 43))
    assert {(p.status, p.waitlist_position) for p in proposals} == {("submitted", None)}
    assert (hackathon.selection_count, hackathon.waitlist_size) == (8, 4)
    assert hackathon.questions_locked_at is not None
    assert all(3 <= len(p.members.all()) <= 4 for p in proposals)  # room left for a collaborator
    winner = next(p for p in proposals if p.title.startswith("AguaClara"))
    assert winner.reference.startswith("AGUAAQP-")
    assert [p.title for p in proposals if proposal_missing(p)] == []
    assert all(phase.starts_at < p.submitted_at < phase.ends_at for p in proposals)
    assert all(len(p.versions.all()) == 1 for p in proposals)
    assert {p.region for p in proposals} <= {"PE-ARE", "PE-MOQ", "PE-TAC"}


def test_the_hackathons_collaborator_call_completed_the_selected_teams(labic, accounts):
    seed_judging(accounts)  # the jury selects the teams the call completes
    assert seed_finished_collaborators() > 0
    hackathon = Challenge.objects.get(slug=FINISHED)
    phases = {phase.kind: phase for phase in hackathon.phases.all()}
    call = phases["collaborator_call"]
    slots = list(RoleSlot.objects.filter(proposal__challenge=hackathon).prefetch_related("applications", "members"))
    applications = [application for slot in slots for application in slot.applications.all()]

    assert phases["evaluation"].ends_at < call.starts_at < call.ends_at < phases["lab"].starts_at
    assert {slot.proposal.status for slot in slots} == {"selected"}
    assert 8 <= len(slots) <= 16 and not any(slot.is_open for slot in slots)
    assert len({slot.proposal_id for slot in slots}) == hackathon.selection_count
    assert len({slot.title for slot in slots}) >= 3 and {slot.title for slot in slots} <= {role[0] for role in ROLES}
    assert len(applications) >= 25
    assert {application.status for application in applications} == {"accepted", "declined"}
    assert all(
        application.decided_at and call.starts_at < application.created_at < call.ends_at
        for application in applications
    )
    assert {application.rating for application in applications} <= {None, 1, 2, 3, 4, 5}
    for applicant, preferences in _preferences(applications).items():
        assert sorted(preferences) == list(range(1, len(preferences) + 1)), applicant
    for slot in slots:
        accepted = {a.applicant_id for a in slot.applications.all() if a.status == "accepted"}
        assert accepted == {member.user_id for member in slot.members.all()}
        assert len(accepted) <= slot.slots
    collaborators = ProposalMember.objects.filter(proposal__challenge=hackathon, role="collaborator")
    assert collaborators.count() >= 6
    assert len(set(collaborators.values_list("user_id", flat=True))) == collaborators.count()
    for proposal in hackathon.proposals.filter(status="selected"):
        assert hackathon.team_min <= proposal.members.count() <= hackathon.team_max


def _preferences(applications) -> dict[int, list[int]]:
    preferences: dict[int, list[int]] = {}
    for application in applications:
        preferences.setdefault(application.applicant_id, []).append(application.preference)
    return preferences


def test_loading_again_only_checks_what_is_there(accounts, django_assert_max_num_queries):
    seed_proposals(accounts)

    # One more than before the screening: whether the call was screened already; one for its appeal and reports,
    # two for the call judged now (the call, whether it has proposals).
    with django_assert_max_num_queries(16):
        assert seed_proposals(accounts) == 0


def test_the_open_call_shows_a_first_screening(accounts):
    seed_proposals(accounts)
    labic = Challenge.objects.get(slug=LABIC_SLUG)

    ineligible = labic.proposals.filter(eligibility="ineligible").order_by("number")

    assert [proposal.number for proposal in ineligible] == [7, 23, 58]
    assert all(proposal.eligibility_reason and proposal.screened_by for proposal in ineligible)
    assert labic.proposals.filter(eligibility="eligible").count() == 19  # the first 20, less number 7
