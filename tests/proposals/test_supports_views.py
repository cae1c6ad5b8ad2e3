"""Support buttons on the proposal's page and gallery cards, counts, and the ranking page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from proposals.models import Proposal, ProposalMember, Support
from tests.conftest import make_challenge, make_user


@pytest.fixture
def client(english_client):
    return english_client


pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
    translation.deactivate()


def make_proposal(challenge, title, *, lead=None, **fields):
    number = Proposal.objects.filter(challenge=challenge).count() + 1
    proposal = Proposal.objects.create(challenge=challenge, title=title, status="submitted", number=number, **fields)
    if lead is not None:
        ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


def supporting_open(lab, slug="reto-agua", **fields):
    return make_challenge(
        lab,
        slug,
        code="AGUA26",
        visibility="published",
        supports_enabled=True,
        phases={"proposals": (NOW - DAY, NOW + DAY)},
        **fields,
    )


def supporting_closed(lab, **fields):
    return make_challenge(
        lab,
        "reto-cerrado",
        code="CERR26",
        visibility="published",
        supports_enabled=True,
        phases={"proposals": (NOW - 3 * DAY, NOW - DAY), "evaluation": (NOW - DAY, NOW + DAY)},
        **fields,
    )


@pytest.fixture
def challenge(lab):
    return supporting_open(lab)


@pytest.fixture
def lead(db):
    return make_user("lead@example.org", full_name="Lead Person")


@pytest.fixture
def proposal(challenge, lead):
    return make_proposal(challenge, "Biohuertos", lead=lead)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


class TestSupportButton:
    def test_support_then_withdraw_redirects_back_with_a_message(self, client, proposal, citizen):
        client.force_login(citizen)
        gallery = reverse("proposals:gallery", args=[proposal.challenge.slug]) + "?page=1"

        response = client.post(reverse("proposals:support", args=[proposal.pk]), {"next": gallery}, follow=True)

        assert response.redirect_chain == [(gallery, 302)]
        assert messages_of(response) == ["Thank you: you now support “Biohuertos”."]
        assert Support.objects.filter(proposal=proposal, user=citizen).count() == 1

        response = client.post(reverse("proposals:unsupport", args=[proposal.pk]), follow=True)

        assert response.redirect_chain == [(proposal.get_absolute_url(), 302)]
        assert messages_of(response) == ["You no longer support “Biohuertos”."]
        assert Support.objects.count() == 0

    def test_twice_shows_a_message_not_an_error_page(self, client, proposal, citizen):
        client.force_login(citizen)
        client.post(reverse("proposals:support", args=[proposal.pk]), follow=True)

        response = client.post(reverse("proposals:support", args=[proposal.pk]), follow=True)

        assert response.status_code == 200
        assert messages_of(response) == ["You already support this proposal."]

    def test_limit_hint_after_supporting_and_on_the_page(self, client, challenge, proposal, citizen):
        challenge.supports_per_person = 3
        challenge.save()
        client.force_login(citizen)

        response = client.post(reverse("proposals:support", args=[proposal.pk]), follow=True)

        assert messages_of(response) == ["Thank you: you now support “Biohuertos”. You can support 2 more proposals."]
        assert "Supports left: 2" in response.content.decode()

    def test_an_outside_redirect_is_ignored(self, client, proposal, citizen):
        client.force_login(citizen)

        response = client.post(reverse("proposals:support", args=[proposal.pk]), {"next": "https://evil.example/"})

        assert response.url == proposal.get_absolute_url()

    def test_anonymous_is_sent_to_sign_in(self, client, proposal):
        response = client.post(reverse("proposals:support", args=[proposal.pk]))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
        assert Support.objects.count() == 0

    def test_get_is_not_allowed(self, client, proposal, citizen):
        client.force_login(citizen)

        assert client.get(reverse("proposals:support", args=[proposal.pk])).status_code == 405

    def test_a_hidden_proposal_is_not_found(self, client, proposal, citizen):
        Proposal.objects.filter(pk=proposal.pk).update(hidden_at=NOW, hidden_reason="spam")
        client.force_login(citizen)

        assert client.post(reverse("proposals:support", args=[proposal.pk])).status_code == 404

    def test_own_team_is_told_why(self, client, proposal, lead):
        client.force_login(lead)

        response = client.post(reverse("proposals:support", args=[proposal.pk]), follow=True)

        assert messages_of(response) == ["You cannot support a proposal of your own team."]


class TestProposalPage:
    def panel(self, client, proposal):
        return client.get(proposal.get_absolute_url()).context["supports"]

    def test_citizen_sees_count_and_button(self, client, proposal, citizen):
        Support.objects.create(proposal=proposal, challenge=proposal.challenge, user=make_user("x@example.org"))
        client.force_login(citizen)

        response = client.get(proposal.get_absolute_url())
        html = response.content.decode()

        assert response.context["supports"]["count"] == 1
        assert "1 support<" in html
        assert reverse("proposals:support", args=[proposal.pk]) in html

    def test_the_team_gets_no_button(self, client, proposal, lead):
        client.force_login(lead)

        html = client.get(proposal.get_absolute_url()).content.decode()

        assert reverse("proposals:support", args=[proposal.pk]) not in html

    def test_anonymous_is_invited_to_sign_in(self, client, proposal):
        html = client.get(proposal.get_absolute_url()).content.decode()

        assert "Sign in to support this proposal" in html

    def test_no_panel_when_supports_are_off(self, client, lab, lead):
        proposal = make_proposal(make_challenge(lab, "reto-sin", visibility="published"), "P", lead=lead)

        assert self.panel(client, proposal) is None

    def test_counts_after_mode_hidden_from_everyone_but_organizers_until_closed(self, client, lab, lab_admin, lead):
        open_challenge = supporting_open(lab, "reto-abierto", supports_counts="after")
        proposal = make_proposal(open_challenge, "P", lead=lead)
        Support.objects.create(proposal=proposal, challenge=open_challenge, user=make_user("x@example.org"))

        assert self.panel(client, proposal)["count"] is None
        assert (
            "Support counts are shown when supporting closes."
            in client.get(proposal.get_absolute_url()).content.decode()
        )
        client.force_login(lead)
        assert self.panel(client, proposal)["count"] is None
        client.force_login(lab_admin)
        assert self.panel(client, proposal)["count"] == 1

        closed = supporting_closed(lab, supports_counts="after")
        late = make_proposal(closed, "Q")
        Support.objects.create(proposal=late, challenge=closed, user=make_user("y@example.org"))
        client.logout()
        assert self.panel(client, late)["count"] == 1
        assert self.panel(client, late)["is_open"] is False


class TestGallery:
    def test_cards_show_counts_and_buttons(self, client, challenge, proposal, citizen):
        other = make_proposal(challenge, "Ferias")
        Support.objects.create(proposal=proposal, challenge=challenge, user=citizen)
        client.force_login(citizen)

        response = client.get(reverse("proposals:gallery", args=[challenge.slug]))
        html = response.content.decode()

        cards = {p.title: (p.support_count, p.supported_by_me) for p in response.context["page"]}
        assert cards == {"Biohuertos": (1, True), "Ferias": (0, False)}
        assert reverse("proposals:unsupport", args=[proposal.pk]) in html
        assert reverse("proposals:support", args=[other.pk]) in html

    def test_counts_hidden_in_after_mode(self, client, lab):
        challenge = supporting_open(lab, "reto-despues", supports_counts="after")
        make_proposal(challenge, "P")

        response = client.get(reverse("proposals:gallery", args=[challenge.slug]))

        assert [p.support_count for p in response.context["page"]] == [None]
        assert "0 supports" not in response.content.decode()
        assert 'class="card-supports"' not in response.content.decode()

    @pytest.mark.parametrize("signed_in", [False, True])
    def test_constant_queries_with_supports(self, client, challenge, signed_in, django_assert_num_queries):
        """1 and 3 supported proposals: the same count."""
        people = [make_user(f"p{i}@example.org") for i in range(3)]
        # The challenge; facets (2); the page's count, rows, categories; the phases; the counts.
        expected = 8
        if signed_in:
            client.force_login(people[0])
            client.get(reverse("proposals:gallery", args=[challenge.slug]))
            # session, user; verified e-mail; challenge role, lab membership; supported by me, memberships,
            # supports left is not asked without a limit
            expected += 7

        def add(numbers):
            for i in numbers:
                proposal = make_proposal(challenge, f"P{i}", tags=[])
                for person in people:
                    Support.objects.create(proposal=proposal, challenge=challenge, user=person)

        add(range(1))
        with django_assert_num_queries(expected):
            client.get(reverse("proposals:gallery", args=[challenge.slug]))
        add(range(1, 3))
        with django_assert_num_queries(expected):
            response = client.get(reverse("proposals:gallery", args=[challenge.slug]))
        assert [p.support_count for p in response.context["page"]] == [3, 3, 3]


class TestRanking:
    def url(self, challenge):
        return reverse("proposals:supports_ranking", args=[challenge.slug])

    def test_organizers_see_it(self, client, challenge, proposal, lab_admin):
        Support.objects.create(proposal=proposal, challenge=challenge, user=make_user("x@example.org"))
        client.force_login(lab_admin)

        response = client.get(self.url(challenge))

        assert response.status_code == 200
        assert [(p.title, p.support_count, p.rank) for p in response.context["page"]] == [("Biohuertos", 1, 1)]

    def test_private_ranking_refuses_the_public(self, client, challenge, citizen):
        assert client.get(self.url(challenge)).status_code == 302  # to sign in
        client.force_login(citizen)
        assert client.get(self.url(challenge)).status_code == 403

    def test_public_ranking_waits_for_the_counts_in_after_mode(self, client, lab, citizen):
        running = supporting_open(lab, "reto-despues", supports_counts="after", supports_ranking_public=True)
        closed = supporting_closed(lab, supports_counts="after", supports_ranking_public=True)
        client.force_login(citizen)

        assert client.get(self.url(running)).status_code == 403
        assert client.get(self.url(closed)).status_code == 200

    def test_a_draft_challenge_is_not_found(self, client, lab, citizen):
        draft = make_challenge(lab, "borrador", supports_enabled=True, supports_ranking_public=True)
        client.force_login(citizen)

        assert client.get(self.url(draft)).status_code == 404

    def test_titles_are_escaped(self, client, challenge, lab_admin):
        make_proposal(challenge, "<script>alert(1)</script>")
        client.force_login(lab_admin)

        html = client.get(self.url(challenge)).content.decode()

        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_constant_queries(self, client, challenge, django_assert_num_queries):
        Proposal.objects.all().delete()
        challenge.supports_ranking_public = True
        challenge.save()
        # The challenge, its phases; the count and the page.
        make_proposal(challenge, "P0")
        with django_assert_num_queries(4):
            client.get(self.url(challenge))
        make_proposal(challenge, "P1")
        make_proposal(challenge, "P2")
        with django_assert_num_queries(4):
            response = client.get(self.url(challenge))
        assert len(response.context["page"]) == 3
