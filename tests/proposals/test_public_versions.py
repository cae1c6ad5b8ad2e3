"""A proposal's version history: only its challenge's organizers and staff; a readable, escaped diff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from challenges.models import Question
from innovation_platform.labs.models import LabMembership
from proposals.models import Proposal, ProposalVersion
from proposals.services.submission import proposal_save, proposal_start, proposal_submit
from tests.conftest import make_challenge, make_lab, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests in English leave English active in this thread; later tests expect the default."""
    yield
    translation.deactivate()


NOW = timezone.now()
DAY = timedelta(days=1)
COMPLETE = {
    "title": "Biohuertos escolares",
    "summary": "Huertos en colegios rurales de Puno.",
    "problem": "Anemia infantil.",
    "solution": "Huertos con riego por goteo.",
    "beneficiaries": "300 escolares.",
    "expected_impact": "Menos anemia.",
    "stage": "idea",
    "country": "PE",
    "region": "PE-PUN",
    "licence": "cc-by",
}


@pytest.fixture
def challenge(lab):
    challenge = make_challenge(
        lab, code="AGUA26", visibility="published", phases={"proposals": (NOW - DAY, NOW + 10 * DAY)}
    )
    Question.objects.create(challenge=challenge, label="¿Cuántas familias?", kind="number", required=True)
    Question.objects.create(challenge=challenge, label="Presupuesto", kind="number", is_private=True, position=1)
    return challenge


@pytest.fixture
def submitted(challenge, citizen):
    """Submitted once (a first version), then edited twice by its lead."""
    proposal = proposal_start(challenge=challenge, actor=citizen, title="Borrador")
    families, budget = challenge.questions.order_by("position")
    save(proposal, citizen, data=COMPLETE, answers={families.pk: 40, budget.pk: 1500})
    proposal_submit(proposal=proposal, actor=citizen)
    save(proposal, citizen, data={"summary": "Huertos en colegios rurales de Puno y Juliaca.", "stage": "prototype"})
    save(proposal, citizen, data={"title": "Huertos escolares"}, answers={families.pk: 55, budget.pk: 2000})
    return Proposal.objects.get(pk=proposal.pk)


def save(proposal, actor, *, data, answers=None):
    current = Proposal.objects.get(pk=proposal.pk)
    return proposal_save(
        proposal=current,
        actor=actor,
        expected_version=current.version,
        data=data,
        tags=["agua"],
        answers=answers or {},
    )


def url(proposal) -> str:
    return reverse("proposals:versions", args=[proposal.pk])


def get(client, proposal, user=None, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url(proposal), params, HTTP_ACCEPT_LANGUAGE="en")


def diff(change) -> list[tuple[str, str]]:
    return [(segment["op"], segment["text"]) for segment in change["segments"]]


class TestWhoSeesIt:
    def test_anonymous_people_are_asked_to_log_in(self, client, submitted):
        response = get(client, submitted)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_citizens_and_the_team_are_refused(self, client, submitted, citizen):
        other = make_user("otra@example.org")

        assert get(client, submitted, other).status_code == 403
        assert get(client, submitted, citizen).status_code == 403  # the lead

    def test_an_organizer_of_another_lab_is_refused(self, client, submitted):
        stranger = make_user("lejana@example.org")
        LabMembership.objects.create(lab=make_lab("lab-lejano"), user=stranger, role="organizer")

        assert get(client, submitted, stranger).status_code == 403

    def test_a_draft_stays_unknown_to_people_who_cannot_see_it(self, client, challenge, citizen):
        draft = proposal_start(challenge=challenge, actor=citizen, title="Borrador")

        assert get(client, draft, make_user("otra@example.org")).status_code == 404

    @pytest.mark.parametrize("who", ["lab_admin", "staff"])
    def test_organizers_and_staff_see_the_versions_newest_first(self, client, submitted, who, request):
        response = get(client, submitted, request.getfixturevalue(who))

        assert response.status_code == 200
        versions = [version.version for version in response.context["versions"]]
        assert versions == list(ProposalVersion.objects.filter(proposal=submitted).values_list("version", flat=True))
        assert versions == sorted(versions, reverse=True) and len(versions) == 3


class TestDiff:
    def test_by_default_the_latest_two_versions_are_compared(self, client, submitted, lab_admin):
        response = get(client, submitted, lab_admin)

        context = response.context
        latest, previous = context["versions"][:2]
        assert (context["older"], context["newer"]) == (previous, latest)
        changes = {change["label"]: change for change in context["changes"]}
        assert list(changes) == ["title", "¿Cuántas familias?", "Presupuesto"]
        assert diff(changes["title"]) == [("delete", "Biohuertos"), ("insert", "Huertos"), ("equal", " escolares")]
        assert diff(changes["¿Cuántas familias?"]) == [("delete", "40"), ("insert", "55")]
        assert changes["Presupuesto"]["is_private"] is True

    def test_any_two_versions_can_be_compared_in_either_order(self, client, submitted, lab_admin):
        first, second, third = sorted(
            ProposalVersion.objects.filter(proposal=submitted).values_list("version", flat=True)
        )

        response = get(client, submitted, lab_admin, **{"from": third, "to": first})

        context = response.context
        assert (context["older"].version, context["newer"].version) == (first, third)
        changes = {change["label"]: diff(change) for change in context["changes"]}
        assert changes["summary"] == [
            ("equal", "Huertos en colegios rurales de "),
            ("delete", "Puno."),
            ("insert", "Puno y Juliaca."),
        ]
        assert changes["stage"] == [("delete", "Idea"), ("insert", "Prototype")]

    def test_the_diff_is_rendered_with_ins_and_del(self, client, submitted, lab_admin):
        html = get(client, submitted, lab_admin).content.decode()

        assert '<del><span class="visually-hidden">[removed] </span>Biohuertos</del>' in html
        assert '<ins><span class="visually-hidden">[added] </span>Huertos</ins><span> escolares</span>' in html

    def test_identical_versions_show_no_change(self, client, submitted, lab_admin):
        version = submitted.versions.first().version

        response = get(client, submitted, lab_admin, **{"from": version, "to": version})

        assert response.context["changes"] == []
        assert "These two versions have the same texts and answers." in response.content.decode()

    def test_unknown_version_numbers_fall_back_to_the_latest_two(self, client, submitted, lab_admin):
        response = get(client, submitted, lab_admin, **{"from": "abc", "to": 999})

        assert [response.context["older"], response.context["newer"]] == response.context["versions"][1::-1]

    def test_with_a_single_version_there_is_nothing_to_compare(self, client, challenge, citizen, lab_admin):
        proposal = proposal_start(challenge=challenge, actor=citizen, title="Borrador")
        save(proposal, citizen, data=COMPLETE, answers={challenge.questions.get(position=0).pk: 40})
        proposal_submit(proposal=proposal, actor=citizen)

        response = get(client, proposal, lab_admin)

        assert (len(response.context["versions"]), response.context["changes"]) == (1, None)

    def test_texts_are_escaped(self, client, submitted, citizen, lab_admin):
        save(submitted, citizen, data={"title": '<script>alert(1)</script> <img src=x onerror="alert(2)">'})

        html = get(client, submitted, lab_admin).content.decode()

        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_long_unchanged_text_is_shortened_around_the_change(self, client, submitted, citizen, lab_admin):
        long = "palabra " * 200
        save(submitted, citizen, data={"problem": long + "final"})
        save(submitted, citizen, data={"problem": long + "cambiado"})

        changes = {change["label"]: diff(change) for change in get(client, submitted, lab_admin).context["changes"]}

        (equal, unchanged), *rest = changes["problem"]
        assert equal == "equal" and len(unchanged) < 200
        assert unchanged.startswith("… palabra") and unchanged.endswith("palabra ")  # the space before the change
        assert rest == [("delete", "final"), ("insert", "cambiado")]
