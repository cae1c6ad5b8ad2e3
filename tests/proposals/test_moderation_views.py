"""The report form, the moderation queue and decisions, and what hidden content looks like."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from innovation_platform.labs.models import LabMembership
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from proposals.models import Proposal, ProposalMember, Report, TeamSeeker
from proposals.services.moderation import content_hide, content_report
from tests.conftest import make_challenge, make_lab, make_user


@pytest.fixture
def client(english_client):
    return english_client


pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield
    translation.deactivate()


@pytest.fixture
def challenge(lab):
    return make_challenge(lab, code="AGUA26", visibility="published")


@pytest.fixture
def lead(db):
    return make_user("lead@example.org", full_name="Lead Person")


@pytest.fixture
def proposal(challenge, lead):
    proposal = Proposal.objects.create(challenge=challenge, title="Biohuertos", status="submitted", number=1)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    return proposal


@pytest.fixture
def seeker(challenge):
    person = make_user("seeker@example.org", full_name="Seeker Person")
    return TeamSeeker.objects.create(challenge=challenge, user=person, skills=["datos"], message="Hola")


def report_url(kind, pk):
    return reverse("proposals:report", args=[kind, pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


class TestReportForm:
    def test_report_a_proposal(self, client, proposal, citizen):
        client.force_login(citizen)

        assert client.get(report_url("proposal", proposal.pk)).status_code == 200
        response = client.post(report_url("proposal", proposal.pk), {"reason": "Spam"}, follow=True)

        assert response.redirect_chain == [(proposal.get_absolute_url(), 302)]
        assert messages_of(response) == ["Thank you. The organizers of the challenge will review your report."]
        assert list(Report.objects.values_list("reason", "reporter")) == [("Spam", citizen.pk)]

    def test_report_a_seeker_with_just_its_pk(self, client, seeker, citizen):
        client.force_login(citizen)

        response = client.post(report_url("seeker", seeker.pk), {"reason": "Rude"})

        assert response.url == reverse("proposals:seekers", args=[seeker.challenge.slug])
        assert Report.objects.get().content == seeker

    def test_twice_keeps_the_text_and_says_it_was_received(self, client, proposal, citizen):
        client.force_login(citizen)
        client.post(report_url("proposal", proposal.pk), {"reason": "Spam"})

        response = client.post(report_url("proposal", proposal.pk), {"reason": "Más spam"})

        assert response.status_code == 200
        html = response.content.decode()
        assert "Your report was already received" in html
        assert "Más spam</textarea>" in html

    def test_empty_reason_is_an_error_with_nothing_stored(self, client, proposal, citizen):
        client.force_login(citizen)

        response = client.post(report_url("proposal", proposal.pk), {"reason": ""})

        assert list(response.context["form"].errors) == ["reason"]
        assert Report.objects.count() == 0

    def test_too_long_reason_keeps_the_text(self, client, proposal, citizen):
        client.force_login(citizen)

        response = client.post(report_url("proposal", proposal.pk), {"reason": "y" * 1001})

        assert "reason" in response.context["form"].errors
        assert "y" * 1001 in response.content.decode()

    def test_anonymous_signs_in_first(self, client, proposal):
        response = client.get(report_url("proposal", proposal.pk))

        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))

    @pytest.mark.parametrize("kind", ["proposal", "seeker", "challenge"])
    def test_hidden_unknown_or_not_public_content_is_not_found(self, client, proposal, seeker, lab_admin, kind):
        content_hide(content=proposal, actor=lab_admin, reason="x")
        content_hide(content=seeker, actor=lab_admin, reason="x")
        client.force_login(make_user("someone@example.org"))

        pk = {"proposal": proposal.pk, "seeker": seeker.pk, "challenge": proposal.challenge_id}[kind]
        assert client.get(report_url(kind, pk)).status_code == 404

    def test_a_draft_is_not_found(self, client, challenge, citizen):
        draft = Proposal.objects.create(challenge=challenge, title="Borrador")
        client.force_login(citizen)

        assert client.get(report_url("proposal", draft.pk)).status_code == 404


class TestQueuePage:
    def url(self, challenge):
        return reverse("proposals:moderation", args=[challenge.slug])

    def test_lists_reports_grouped_with_reasons_escaped(self, client, challenge, proposal, seeker, citizen, lab_admin):
        content_report(content=proposal, reporter=citizen, reason=XSS)
        content_report(content=proposal, reporter=make_user("b@example.org"), reason="Copied")
        content_report(content=seeker, reporter=citizen, reason="Rude")
        client.force_login(lab_admin)

        response = client.get(self.url(challenge))
        html = response.content.decode()

        assert [(item["kind"], item["count"]) for item in response.context["page"]] == [("proposal", 2), ("seeker", 1)]
        assert XSS not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert reverse("proposals:moderate", args=["proposal", proposal.pk]) in html

    def test_the_report_count_follows_the_organizers_socket(self, client, challenge, lab_admin):
        seen = LiveEvent.objects.create(group=groups.challenge_organizers(challenge.pk), type="moderation.reported")
        LiveEvent.objects.create(group=groups.challenge(challenge.pk), type="phase.started")
        client.force_login(lab_admin)
        html = client.get(self.url(challenge)).content.decode()

        assert f'data-live-url="/ws/challenges/{challenge.slug}/organizers/" data-live-last="{seen.pk}"' in html
        assert '<h2 id="reports-title" data-live-refresh="moderation.reported">' in html

    def test_lists_hidden_content_with_a_restore_form(self, client, challenge, proposal, lab_admin):
        content_hide(content=proposal, actor=lab_admin, reason="Spam")
        client.force_login(lab_admin)

        response = client.get(self.url(challenge))

        assert [item["content"] for item in response.context["hidden"]] == [proposal]
        assert 'value="restore"' in response.content.decode()

    @pytest.mark.parametrize(("who", "status"), [("citizen", 403), ("lead", 403), ("staff", 200)])
    def test_only_organizers_and_staff(self, client, challenge, request, who, status):
        client.force_login(request.getfixturevalue(who))

        assert client.get(self.url(challenge)).status_code == status

    def test_organizer_of_another_lab_is_refused(self, client, challenge):
        other = make_user("other@example.org")
        LabMembership.objects.create(lab=make_lab("lab-otro"), user=other, role="organizer")
        client.force_login(other)

        assert client.get(self.url(challenge)).status_code == 403

    @pytest.mark.parametrize("size", [1, 3])
    def test_constant_queries(self, client, challenge, lab_admin, size, django_assert_num_queries):
        people = [make_user(f"r{i}@example.org") for i in range(2)]
        for i in range(size):
            proposal = Proposal.objects.create(challenge=challenge, title=f"P{i}", status="submitted", number=i + 1)
            for person in people:
                content_report(content=proposal, reporter=person, reason="Spam")
        hidden = Proposal.objects.create(challenge=challenge, title="Hidden", status="submitted", number=99)
        content_hide(content=hidden, actor=lab_admin, reason="x")
        for i in range(size):
            person = make_user(f"s{i}@example.org")
            seeker = TeamSeeker.objects.create(challenge=challenge, user=person)
            content_report(content=seeker, reporter=people[0], reason="Rude")
        client.force_login(lab_admin)
        client.get(self.url(challenge))

        # session, user, challenge, challenge role, lab membership; the last live event; queue (count, groups,
        # reports, proposals, seekers); hidden proposals and seekers.
        with django_assert_num_queries(13):
            response = client.get(self.url(challenge))
        assert len(response.context["page"].object_list) == 2 * size


class TestDecisions:
    def url(self, kind, pk):
        return reverse("proposals:moderate", args=[kind, pk])

    def test_hide_from_the_queue(
        self, client, proposal, citizen, lab_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        content_report(content=proposal, reporter=citizen, reason="Spam")
        client.force_login(lab_admin)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(self.url("proposal", proposal.pk), {"action": "hide", "reason": "Spam, sorry"})

        assert response.url == reverse("proposals:moderation", args=[proposal.challenge.slug])
        proposal.refresh_from_db()
        assert proposal.hidden_reason == "Spam, sorry"
        assert len(mailoutbox) == 1

    def test_missing_reason_keeps_the_choice(self, client, proposal, lab_admin):
        client.force_login(lab_admin)

        response = client.post(self.url("proposal", proposal.pk), {"action": "dismiss", "reason": ""})

        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["reason"]
        assert re.search(r'<input[^>]*value="dismiss"[^>]*checked', response.content.decode())

    def test_a_refused_decision_keeps_the_reason(self, client, proposal, lab_admin):
        client.force_login(lab_admin)

        response = client.post(self.url("proposal", proposal.pk), {"action": "restore", "reason": "Por error"})

        html = response.content.decode()
        assert "This content is not hidden." in html
        assert "Por error</textarea>" in html

    def test_restore_a_seeker(self, client, seeker, lab_admin):
        content_hide(content=seeker, actor=lab_admin, reason="x")
        client.force_login(lab_admin)

        client.post(self.url("seeker", seeker.pk), {"action": "restore", "reason": "ok"})

        seeker.refresh_from_db()
        assert seeker.hidden_at is None

    def test_citizen_is_refused(self, client, proposal, citizen):
        client.force_login(citizen)

        assert client.post(self.url("proposal", proposal.pk), {"action": "hide", "reason": "x"}).status_code == 403
        proposal.refresh_from_db()
        assert proposal.hidden_at is None


class TestHiddenProposalPage:
    @pytest.fixture
    def hidden(self, proposal, lab_admin):
        return content_hide(content=proposal, actor=lab_admin, reason=f"Copied {XSS}")

    @pytest.mark.parametrize("who", [None, "citizen"])
    def test_not_found_for_the_public(self, client, hidden, request, who):
        if who:
            client.force_login(request.getfixturevalue(who))

        assert client.get(hidden.get_absolute_url()).status_code == 404

    @pytest.mark.parametrize("who", ["lead", "lab_admin", "staff"])
    def test_team_and_organizers_see_a_banner_with_the_reason_escaped(self, client, hidden, request, who):
        client.force_login(request.getfixturevalue(who))

        html = client.get(hidden.get_absolute_url()).content.decode()

        assert "Hidden by the organizers" in html
        assert "Copied &lt;script&gt;" in html
        assert XSS not in html

    def test_absent_from_the_gallery(self, client, hidden, challenge):
        response = client.get(reverse("proposals:gallery", args=[challenge.slug]))

        assert list(response.context["page"]) == []
        assert response.context["facets"]["total"] == 0

    def test_report_link_for_citizens_moderate_link_for_organizers(self, client, proposal, citizen, lab_admin):
        client.force_login(citizen)
        assert report_url("proposal", proposal.pk) in client.get(proposal.get_absolute_url()).content.decode()
        client.force_login(lab_admin)
        html = client.get(proposal.get_absolute_url()).content.decode()
        assert reverse("proposals:moderate", args=["proposal", proposal.pk]) in html


class TestHiddenInTheAPI:
    def test_absent_from_the_list_and_not_found_publicly_but_visible_to_the_team(self, proposal, lead, lab_admin):
        api = APIClient()
        content_hide(content=proposal, actor=lab_admin, reason="Spam")

        listing = api.get("/api/v1/proposals/", {"challenge": proposal.challenge.slug})
        assert (listing.status_code, listing.json()["count"]) == (200, 0)
        assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 404
        api.force_authenticate(lead)
        assert api.get(f"/api/v1/proposals/{proposal.pk}/").status_code == 200
