"""The jurors' feedback to the teams: released by the organizers when publishing the results or later, read by the
team (and the organizers) on the proposal's page and in the result e-mail, signed "Juror 1", "Juror 2"…"""

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from challenges.models import Phase
from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live.models import Notification
from judging.models import Assignment, Round
from judging.selectors.feedback import CriterionScore, JurorFeedback, proposal_team_feedback, round_team_feedback
from judging.services.feedback import team_feedback_set
from judging.services.results import results_publish
from judging.services.selection import selection_confirm, selection_propose
from proposals.models import ProposalMember
from tests.conftest import make_user
from tests.judging import results_world

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world

# Proposal 1's reviews, in the order of the jurors' seats (Jana, Jorge, Julia): Jorge wrote no feedback.
FEEDBACK = {"jana": "El problema está bien delimitado.", "jorge": "", "julia": "Falta detallar el presupuesto."}
COMMENT = "Solo para organizadores: conozco al equipo."


@pytest.fixture
def reviewed(world):
    """Feedback for the team and a comment for the organizers on Proposal 1; nothing written elsewhere. Everyone
    reads English (messages are asserted in it) unless a test says otherwise."""
    User.objects.update(language="en")
    first = world["proposals"][0]
    for name, text in FEEDBACK.items():
        Assignment.objects.filter(juror=world["jurors"][name], proposal=first).update(
            feedback=text, comment=COMMENT if name == "jana" else ""
        )
    return first


def publish(world, team_feedback=None, capture=None):
    if capture is None:
        return results_publish(round_=world["round"], actor=world["organizer"], team_feedback=team_feedback)
    with capture(execute=True):
        return results_publish(round_=world["round"], actor=world["organizer"], team_feedback=team_feedback)


def page(client, user, proposal) -> str:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("proposals:detail", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


class TestWhatTeamsRead:
    def test_nothing_before_the_publication_whatever_the_choice(self, world, reviewed):
        Round.objects.filter(pk=world["round"].pk).update(team_feedback="written")

        assert proposal_team_feedback(reviewed) == []

    def test_nothing_when_the_organizers_release_none(self, world, reviewed):
        publish(world, "none")

        assert proposal_team_feedback(reviewed) == []
        assert round_team_feedback(world["round"]) == {}

    def test_written_feedback_is_numbered_among_the_jurors_who_wrote_without_names_or_comments(self, world, reviewed):
        publish(world, "written")

        [feedback] = proposal_team_feedback(reviewed)
        assert (feedback.round_name, feedback.with_scores) == ("Preselection", False)
        assert feedback.reviews == [
            JurorFeedback(1, "El problema está bien delimitado.", []),
            JurorFeedback(2, "Falta detallar el presupuesto.", []),
        ]
        assert list(round_team_feedback(world["round"])) == [reviewed.pk]

    def test_with_scores_every_review_counts_in_the_order_of_the_seats(self, world, reviewed):
        publish(world, "scores")

        [feedback] = proposal_team_feedback(reviewed)
        impact, feasibility = world["criteria"]
        assert feedback.with_scores is True
        assert [(review.number, review.text) for review in feedback.reviews] == [
            (1, "El problema está bien delimitado."),
            (2, ""),
            (3, "Falta detallar el presupuesto."),
        ]
        assert [review.scores for review in feedback.reviews] == [
            [CriterionScore("Impact", 5, 5), CriterionScore("Feasibility", 5, 5)],
            [CriterionScore("Impact", 4, 5), CriterionScore("Feasibility", 4, 5)],
            [CriterionScore("Impact", 3, 5), CriterionScore("Feasibility", 3, 5)],
        ]
        # Every proposal with a submitted review has feedback now; Julia's review of Proposal 4 is still to do.
        released = round_team_feedback(world["round"])
        assert sorted(released) == sorted(proposal.pk for proposal in world["proposals"])
        assert [review.number for review in released[world["proposals"][3].pk].reviews] == [1, 2]

    def test_the_numbers_stay_the_same_on_every_reading(self, world, reviewed):
        publish(world, "written")

        assert proposal_team_feedback(reviewed) == proposal_team_feedback(reviewed)
        assert proposal_team_feedback(reviewed, round_=world["round"]) == proposal_team_feedback(reviewed)

    def test_two_queries_whatever_the_number_of_reviews(self, world, reviewed, django_assert_num_queries):
        """The reviews with their rounds, then their scores."""
        publish(world, "scores")
        Assignment.objects.filter(proposal=reviewed).exclude(juror=world["jurors"]["jana"]).update(status="assigned")
        with django_assert_num_queries(2):
            assert len(proposal_team_feedback(reviewed)[0].reviews) == 1
        Assignment.objects.filter(proposal=reviewed).update(status="submitted")
        with django_assert_num_queries(2):
            assert len(proposal_team_feedback(reviewed)[0].reviews) == 3

    def test_recused_and_calibration_reviews_are_left_out(self, world, reviewed):
        Assignment.objects.filter(juror=world["jurors"]["jana"], proposal=reviewed).update(is_calibration=True)
        Assignment.objects.filter(juror=world["jurors"]["julia"], proposal=reviewed).update(status="recused")
        publish(world, "written")

        assert proposal_team_feedback(reviewed) == []


class TestWhoSeesIt:
    def test_the_team_and_the_organizers_read_it_on_the_proposals_page(self, client, world, reviewed):
        member = make_user("member@example.org", full_name="Marta Miembro")
        ProposalMember.objects.create(proposal=reviewed, user=member, role="member")
        publish(world, "written")

        for user in (world["leads"][0], member, world["organizer"]):
            content = page(client, user, reviewed)
            assert "The jurors' feedback" in content
            assert "<h4>Juror 1</h4>" in content and "<h4>Juror 2</h4>" in content
            assert "El problema está bien delimitado." in content and "Falta detallar el presupuesto." in content
            assert COMMENT not in content
            assert all(name not in content for name in ("Jana", "Jorge", "Julia"))

    @pytest.mark.parametrize("who", ["anonymous", "citizen", "other_team", "juror"])
    def test_nobody_else_reads_it(self, client, world, reviewed, who):
        publish(world, "scores")
        user = {
            "anonymous": None,
            "citizen": make_user("citizen@example.org"),
            "other_team": world["leads"][1],
            "juror": world["jurors"]["jana"].user,
        }[who]

        content = page(client, user, reviewed)

        assert "jurors-feedback" not in content
        assert "El problema está bien delimitado." not in content

    def test_open_rounds_never_name_the_jurors_either(self, client, world, reviewed):
        Round.objects.filter(pk=world["round"].pk).update(is_blind=False)
        publish(world, "scores")

        content = page(client, world["leads"][0], reviewed)

        assert "<h4>Juror 3</h4>" in content
        assert all(name not in content for name in ("Jana", "Jorge", "Julia", "jana@example.org"))

    def test_scores_show_only_when_released(self, client, world, reviewed):
        publish(world, "written")
        written = page(client, world["leads"][0], reviewed)
        team_feedback_set(round_=world["round"], actor=world["organizer"], team_feedback="scores")
        scored = page(client, world["leads"][0], reviewed)

        assert "Impact:" not in written and "<h4>Juror 3</h4>" not in written
        assert "Impact: <strong>5</strong> / 5" in scored and "Feasibility: <strong>3</strong> / 5" in scored
        assert "<h4>Juror 3</h4>" in scored and "No written feedback." in scored


class TestTellingTheTeams:
    def test_the_publication_emails_each_team_its_feedback_in_its_language(
        self, world, reviewed, django_capture_on_commit_callbacks
    ):
        lead = world["leads"][0]
        lead.language = "es"
        lead.save()
        colleague = make_user("colleague@example.org", full_name="Carla Colega", language="en")
        ProposalMember.objects.create(proposal=reviewed, user=colleague, role="member")

        publish(world, "written", django_capture_on_commit_callbacks)

        copies = {message.to[0]: message for message in mail.outbox}
        assert sorted(copies) == ["colleague@example.org", "lead1@example.org"]  # only the team with feedback
        context = {
            "proposal": reviewed,
            "challenge": world["challenge"],
            "round": world["round"],
            "feedback": proposal_team_feedback(reviewed),
            "site_url": settings.SITE_URL,
        }
        for address, language in (("lead1@example.org", "es"), ("colleague@example.org", "en")):
            with translation.override(language):
                assert copies[address].body == render_to_string("judging/email/feedback_message.txt", context)
        english = copies["colleague@example.org"]
        assert english.subject == "The jurors' feedback on your proposal: Proposal 1"
        assert "Juror 1\nEl problema está bien delimitado." in english.body
        assert "Juror 2\nFalta detallar el presupuesto." in english.body
        assert COMMENT not in english.body and "Jana" not in english.body and "Julia" not in english.body
        assert f"{settings.SITE_URL}/proposals/{reviewed.pk}/#jurors-feedback" in english.body

    def test_the_publication_also_notifies_the_team(self, world, reviewed, django_capture_on_commit_callbacks):
        publish(world, "written", django_capture_on_commit_callbacks)

        assert list(Notification.objects.values_list("user__email", "kind", "title", "url")) == [
            (
                "lead1@example.org",
                "selection_result",
                "The jurors' feedback on “Proposal 1” is available",
                f"/proposals/{reviewed.pk}/#jurors-feedback",
            )
        ]

    def test_publishing_without_feedback_tells_nobody(self, world, reviewed, django_capture_on_commit_callbacks):
        publish(world, "none", django_capture_on_commit_callbacks)

        assert (mail.outbox, Notification.objects.count()) == ([], 0)

    def test_releasing_later_notifies_the_teams_and_is_audited(
        self, world, reviewed, django_capture_on_commit_callbacks
    ):
        publish(world, "none", django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            team_feedback_set(round_=world["round"], actor=world["organizer"], team_feedback="written")

        assert mail.outbox == []
        assert list(Notification.objects.values_list("user__email", "title")) == [
            ("lead1@example.org", "The jurors' feedback on “Proposal 1” is available")
        ]
        entry = AuditLogEntry.objects.get(action="round.team_feedback_changed")
        assert (entry.actor, entry.object_id, entry.data) == (
            world["organizer"],
            world["round"].pk,
            {"old": "none", "new": "written", "published": True},
        )

    def test_hiding_it_again_or_adding_the_scores_tells_nobody(
        self, world, reviewed, django_capture_on_commit_callbacks
    ):
        publish(world, "written")
        with django_capture_on_commit_callbacks(execute=True):
            team_feedback_set(round_=world["round"], actor=world["organizer"], team_feedback="scores")
            team_feedback_set(round_=world["round"], actor=world["organizer"], team_feedback="none")

        assert (mail.outbox, Notification.objects.count()) == ([], 0)
        assert proposal_team_feedback(reviewed) == []
        assert list(
            AuditLogEntry.objects.filter(action="round.team_feedback_changed")
            .order_by("pk")
            .values_list("data", flat=True)
        ) == [
            {"old": "written", "new": "scores", "published": True},
            {"old": "scores", "new": "none", "published": True},
        ]

    def test_a_decision_confirmed_after_the_publication_carries_the_feedback(
        self, world, reviewed, django_capture_on_commit_callbacks
    ):
        selection_propose(round_=world["round"], actor=world["organizer"])
        publish(world, "written", django_capture_on_commit_callbacks)
        assert mail.outbox == []  # the pending decision's e-mail will carry it

        with django_capture_on_commit_callbacks(execute=True):
            selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)

        decided = {message.to[0]: message.body for message in mail.outbox}
        assert "Juror 2\nFalta detallar el presupuesto." in decided["lead1@example.org"]
        assert "Juror 1" not in decided["lead2@example.org"]

    def test_a_decision_confirmed_before_the_publication_carries_none(
        self, world, reviewed, django_capture_on_commit_callbacks
    ):
        Round.objects.filter(pk=world["round"].pk).update(team_feedback="written")
        selection_propose(round_=world["round"], actor=world["organizer"])
        with django_capture_on_commit_callbacks(execute=True):
            selection_confirm(round_=world["round"], actor=world["organizer"], despite_missing=True)

        assert all("El problema" not in message.body for message in mail.outbox)


class TestChoosing:
    def test_an_unknown_choice_is_refused_and_nothing_changes(self, world):
        with pytest.raises(ApplicationError) as error:
            team_feedback_set(round_=world["round"], actor=world["organizer"], team_feedback="names")
        with pytest.raises(ApplicationError):
            results_publish(round_=world["round"], actor=world["organizer"], team_feedback="names")

        assert error.value.field == "team_feedback"
        world["round"].refresh_from_db()
        assert (world["round"].team_feedback, world["round"].results_published_at) == ("none", None)
        assert not AuditLogEntry.objects.exists()

    def test_publishing_keeps_the_rounds_setting_unless_told_otherwise(self, world):
        Round.objects.filter(pk=world["round"].pk).update(team_feedback="scores")
        round_ = results_publish(round_=Round.objects.get(pk=world["round"].pk), actor=world["organizer"])

        assert round_.team_feedback == "scores"
        assert AuditLogEntry.objects.get(action="round.results_published").data == {"team_feedback": "scores"}

    def test_the_results_page_publishes_with_the_choice_then_changes_it(self, client, world, reviewed):
        client.force_login(world["organizer"])
        results = reverse("judging:results", args=[world["round"].pk])

        before = client.get(results, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        client.post(reverse("judging:results_publish", args=[world["round"].pk]), {"team_feedback": "written"})
        world["round"].refresh_from_db()
        after = client.get(results, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        response = client.post(
            reverse("judging:team_feedback", args=[world["round"].pk]),
            {"team_feedback": "scores"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

        assert 'name="team_feedback"' in before and "Publish the results" in before
        assert "Save what the teams receive" in after
        assert world["round"].team_feedback == "written" and world["round"].results_published_at is not None
        world["round"].refresh_from_db()
        assert world["round"].team_feedback == "scores"
        assert "Saved:" in response.content.decode()

    def test_the_results_page_refuses_an_unknown_choice_and_nothing_changes(self, client, world):
        client.force_login(world["organizer"])

        response = client.post(
            reverse("judging:team_feedback", args=[world["round"].pk]),
            {"team_feedback": "names"},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

        assert "Choose what the teams receive" in response.content.decode()
        world["round"].refresh_from_db()
        assert world["round"].team_feedback == "none"
        assert not AuditLogEntry.objects.exists()

    @pytest.mark.parametrize("who", ["anonymous", "team", "juror"])
    def test_only_organizers_change_it(self, client, world, who):
        user = {"anonymous": None, "team": world["leads"][0], "juror": world["jurors"]["jana"].user}[who]
        if user is not None:
            client.force_login(user)

        response = client.post(reverse("judging:team_feedback", args=[world["round"].pk]), {"team_feedback": "scores"})

        assert response.status_code == (302 if user is None else 403)  # anonymous: asked to sign in
        world["round"].refresh_from_db()
        assert world["round"].team_feedback == "none"
        assert not AuditLogEntry.objects.exists()

    def test_the_settings_api_changes_it_through_the_same_service(self, world):
        Phase.objects.create(
            challenge=world["challenge"],
            kind="evaluation",
            starts_at=world["round"].starts_at,
            ends_at=world["round"].ends_at,
        )
        api = APIClient()
        api.force_authenticate(world["organizer"])
        url = reverse("v1:judging-setup-round-detail", args=[world["round"].pk])

        refused = api.patch(url, {"team_feedback": "names"}, format="json")
        accepted = api.patch(url, {"team_feedback": "written"}, format="json")

        assert refused.status_code == 400 and "team_feedback" in refused.json()
        assert (accepted.status_code, accepted.json()["team_feedback"]) == (200, "written")
        assert list(AuditLogEntry.objects.values_list("action", "data")) == [
            ("round.team_feedback_changed", {"old": "none", "new": "written", "published": False})
        ]

    def test_the_publish_api_takes_the_choice(self, world):
        api = APIClient()
        api.force_authenticate(world["organizer"])

        response = api.post(
            reverse("v1:judging-round-publish", args=[world["round"].pk]), {"team_feedback": "scores"}, format="json"
        )

        assert (response.status_code, response.json()["team_feedback"]) == (200, "scores")
