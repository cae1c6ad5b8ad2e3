"""Every wired service stores its live event for the right audience once its transaction commits, and nothing
when the transaction rolls back."""

# The worlds of other test modules are imported as fixtures, which their parameters then shadow.
# ruff: noqa: F811

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone, translation

from challenges.models import Announcement, Follow, Phase, Session
from challenges.services import (
    phases_announce_ended,
    phases_announce_started,
    section_delete,
    section_save,
    timeline_set,
)
from challenges.timeline import PhaseSpan
from innovation_platform.core.errors import ApplicationError
from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent, Notification
from judging.services.assignment import assignment_recuse
from judging.services.pairwise import pairwise_start, pairwise_vote
from judging.services.results import results_publish
from judging.services.scoring import review_save
from judging.services.selection import selection_confirm, selection_propose
from proposals.models import Proposal, ProposalMember
from proposals.services.moderation import content_hide, content_report
from proposals.services.roles import Decision, role_application_decide, role_apply
from proposals.services.submission import proposal_submit, proposal_withdraw
from proposals.services.teams import (
    team_accept_invitation,
    team_invite,
    team_join_request,
    team_join_request_accept,
    team_join_request_decline,
    team_leave,
)
from tests.conftest import make_user
from tests.judging.pairwise_world import expo  # noqa: F401
from tests.judging.results_world import world as results  # noqa: F401
from tests.judging.scoring_world import assign
from tests.judging.scoring_world import world as scoring  # noqa: F401
from tests.proposals.roles_world import world as roles  # noqa: F401
from tests.proposals.test_services import challenge, draft, fill  # noqa: F401


@pytest.fixture(autouse=True)
def english():
    """Notification titles are written in the active language; these assertions read the source strings."""
    with translation.override("en"):
        yield


NOW = timezone.now()
DAY = timedelta(days=1)


def stored(*types: str) -> list[tuple[str, str, dict]]:
    events = LiveEvent.objects.order_by("pk")
    if types:
        events = events.filter(type__in=types)
    return list(events.values_list("group", "type", "payload"))


def notified(user) -> list[tuple[str, str, str]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("kind", "title", "url"))


class TestChallengeEvents:
    def test_an_announcement_reaches_the_challenge_and_every_follower(
        self, challenge, lab_admin, citizen, django_capture_on_commit_callbacks
    ):
        Follow.objects.create(challenge=challenge, user=citizen)
        with django_capture_on_commit_callbacks(execute=True):
            announcement = section_save(
                challenge=challenge,
                actor=lab_admin,
                obj=Announcement(title="Jury named", body="Meet **them**."),
                section="announcements",
            )

        assert stored("announcement.published") == [
            (
                groups.challenge(challenge.pk),
                "announcement.published",
                {
                    "id": announcement.pk,
                    "title": "Jury named",
                    "html": "<p>Meet <strong>them</strong>.</p>",
                    "pinned": False,
                    "published_at": announcement.published_at.isoformat(),
                },
            )
        ]
        assert notified(citizen) == [("announcement", "Reto Agua: Jury named", "/challenges/reto-agua/announcements/")]
        assert [(group, type_) for group, type_, _ in stored("notification")] == [
            (groups.user(citizen.pk), "notification")
        ]

    def test_a_rolled_back_announcement_broadcasts_and_notifies_nothing(
        self, challenge, lab_admin, citizen, django_capture_on_commit_callbacks
    ):
        Follow.objects.create(challenge=challenge, user=citizen)
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            section_save(
                challenge=challenge,
                actor=lab_admin,
                obj=Announcement(title="Oops", body="x"),
                section="announcements",
            )
            raise RuntimeError

        assert callbacks == []
        assert stored() == []
        assert Notification.objects.count() == 0

    def test_editing_an_announcement_broadcasts_nothing_again(
        self, challenge, lab_admin, django_capture_on_commit_callbacks
    ):
        announcement = Announcement.objects.create(challenge=challenge, title="Old", body="x")
        with django_capture_on_commit_callbacks(execute=True):
            section_save(challenge=challenge, actor=lab_admin, obj=announcement, section="announcements")

        assert stored() == []

    def test_schedule_changes_are_broadcast_on_create_update_and_delete(
        self, challenge, lab_admin, django_capture_on_commit_callbacks
    ):
        session = Session(title="Demo day", starts_at=NOW, ends_at=NOW + DAY, place="Cusco")
        with django_capture_on_commit_callbacks(execute=True):
            section_save(challenge=challenge, actor=lab_admin, obj=session, section="sessions")
            session.place = "Lima"
            section_save(challenge=challenge, actor=lab_admin, obj=session, section="sessions")
            pk = session.pk
            section_delete(challenge=challenge, actor=lab_admin, obj=session, section="sessions")

        assert [(group, payload["action"], payload["id"], payload["place"]) for group, _, payload in stored()] == [
            (groups.challenge(challenge.pk), "created", pk, "Cusco"),
            (groups.challenge(challenge.pk), "updated", pk, "Lima"),
            (groups.challenge(challenge.pk), "deleted", pk, "Lima"),
        ]

    def test_a_started_phase_is_broadcast_once(self, challenge, django_capture_on_commit_callbacks):
        phase = Phase.objects.get(challenge=challenge)
        with django_capture_on_commit_callbacks(execute=True):
            phases_announce_started()
            phases_announce_started()

        assert stored() == [
            (
                groups.challenge(challenge.pk),
                "phase.started",
                {
                    "kind": "proposals",
                    "label": phase.get_kind_display(),
                    "starts_at": phase.starts_at.isoformat(),
                    "ends_at": phase.ends_at.isoformat(),
                },
            )
        ]

    def test_an_ended_phase_is_broadcast_once_and_again_when_its_end_moves(
        self, challenge, lab_admin, django_capture_on_commit_callbacks
    ):
        phase = Phase.objects.get(challenge=challenge)
        just_after = phase.ends_at + timedelta(minutes=5)
        with django_capture_on_commit_callbacks(execute=True):
            counts = [phases_announce_ended(now=phase.ends_at - timedelta(minutes=1))]
            counts += [phases_announce_ended(now=just_after), phases_announce_ended(now=just_after)]
            later_end = phase.ends_at + DAY
            timeline_set(
                challenge=challenge,
                actor=lab_admin,
                spans=[PhaseSpan(kind=phase.kind, starts_at=phase.starts_at, ends_at=later_end)],
            )
            counts.append(phases_announce_ended(now=later_end))

        assert counts == [0, 1, 0, 1]
        assert [(group, kind, payload["ends_at"]) for group, kind, payload in stored()] == [
            (groups.challenge(challenge.pk), "phase.ended", phase.ends_at.isoformat()),
            (groups.challenge(challenge.pk), "phase.ended", later_end.isoformat()),
        ]

    def test_an_end_older_than_a_day_is_history_not_news(self, challenge, django_capture_on_commit_callbacks):
        phase = Phase.objects.get(challenge=challenge)
        with django_capture_on_commit_callbacks(execute=True):
            count = phases_announce_ended(now=phase.ends_at + 2 * DAY)

        phase.refresh_from_db()
        assert (count, stored(), phase.end_notified_at) == (0, [], phase.ends_at + 2 * DAY)


class TestProposalCounters:
    def test_a_submission_updates_the_counters(self, draft, citizen, django_capture_on_commit_callbacks):
        fill(draft, citizen)
        with django_capture_on_commit_callbacks(execute=True):
            proposal_submit(proposal=draft, actor=citizen)

        assert stored() == [
            (
                groups.challenge(draft.challenge_id),
                "proposals.counters",
                {"submitted": 1, "countries": 1, "regions": 1},
            )
        ]

    def test_a_withdrawal_updates_the_counters(self, draft, citizen, django_capture_on_commit_callbacks):
        fill(draft, citizen)
        proposal_submit(proposal=draft, actor=citizen)  # its own event stays uncommitted in the test's transaction
        with django_capture_on_commit_callbacks(execute=True):
            proposal_withdraw(proposal=draft, actor=citizen, reason="Merged with another team.")

        assert stored() == [
            (groups.challenge(draft.challenge_id), "proposals.counters", {"submitted": 0, "countries": 0, "regions": 0})
        ]


class TestTeams:
    def test_an_invitation_by_e_mail_notifies_the_account_that_verified_it(
        self, draft, citizen, django_capture_on_commit_callbacks
    ):
        ana = make_user("ana@example.org", full_name="Ana Aplica")
        with django_capture_on_commit_callbacks(execute=True):
            invitation = team_invite(proposal=draft, actor=citizen, email="ANA@example.org")
            team_invite(proposal=draft, actor=citizen, email="nobody@example.org")

        assert notified(ana) == [
            (
                "team_invitation",
                "Rosa Quispe invites you to the team of “Borrador”",
                f"/proposals/invitation/{invitation.token}/",
            )
        ]
        assert Notification.objects.count() == 1

    def test_the_lead_hears_who_joins_and_who_leaves(self, draft, citizen, django_capture_on_commit_callbacks):
        beto = make_user("beto@example.org", full_name="Beto Busca")
        invitation = team_invite(proposal=draft, actor=citizen, invitee=beto)
        with django_capture_on_commit_callbacks(execute=True):
            team_accept_invitation(token=invitation.token, user=beto)
            team_leave(proposal=draft, user=beto)

        team_url = f"/proposals/{draft.pk}/team/"
        assert notified(citizen) == [
            ("team_change", "Beto Busca joined the team of “Borrador”", team_url),
            ("team_change", "Beto Busca left the team of “Borrador”", team_url),
        ]
        assert [group for group, _, _ in stored()] == [groups.user(citizen.pk)] * 2

    def test_a_request_to_join_reaches_the_lead_and_its_answers_the_requester(
        self, draft, citizen, django_capture_on_commit_callbacks
    ):
        Proposal.objects.filter(pk=draft.pk).update(status="submitted", number=1)
        draft.refresh_from_db()
        beto, carla = make_user("beto@example.org", full_name="Beto Busca"), make_user("carla@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            accepted = team_join_request(proposal=draft, user=beto)
            declined = team_join_request(proposal=draft, user=carla)
            team_join_request_accept(join_request=accepted, actor=citizen)
            team_join_request_decline(join_request=declined, actor=citizen)

        assert notified(citizen)[0] == (
            "join_request",
            "Beto Busca asks to join the team of “Borrador”",
            f"/proposals/{draft.pk}/team/#join-requests",
        )
        assert notified(beto) == [
            (
                "join_request",
                "You joined the team of “Borrador”: your request was accepted",
                f"/proposals/{draft.pk}/team/",
            )
        ]
        assert [kind for kind, _, _ in notified(carla)] == ["join_request"]
        assert [group for group, _, _ in stored()] == [
            groups.user(citizen.pk),
            groups.user(citizen.pk),
            groups.user(beto.pk),
            groups.user(carla.pk),
        ]

    def test_a_refused_acceptance_sends_nothing(self, draft, citizen, django_capture_on_commit_callbacks):
        Proposal.objects.filter(pk=draft.pk).update(status="submitted", number=1)
        draft.refresh_from_db()
        beto = make_user("beto@example.org", full_name="Beto Busca")
        join_request = team_join_request(proposal=draft, user=beto)
        draft.challenge.team_max = 1
        draft.challenge.save()
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
            team_join_request_accept(join_request=join_request, actor=citizen)

        assert (notified(beto), stored()) == ([], [])


class TestRoles:
    def test_an_application_reaches_the_organizers_and_the_lead_and_its_decision_the_applicant(
        self,
        roles,
        django_capture_on_commit_callbacks,
    ):
        slot, applicant = roles["slot"], roles["applicant"]
        with django_capture_on_commit_callbacks(execute=True):
            application = role_apply(slot=slot, applicant=applicant, motivation="I design tools.")
            role_application_decide(application=application, actor=roles["lead"], decision=Decision.DECLINE)

        assert stored("application.received") == [
            (
                groups.challenge_organizers(roles["challenge"].pk),
                "application.received",
                {
                    "application_id": application.pk,
                    "role_id": slot.pk,
                    "role": "Diseñadora",
                    "proposal_id": slot.proposal_id,
                },
            )
        ]
        assert notified(roles["lead"]) == [
            ("role_application", "Ana Aplica applied to the role “Diseñadora”", f"/proposals/{slot.proposal_id}/roles/")
        ]
        assert notified(applicant) == [
            (
                "application_decision",
                "Your application to the role “Diseñadora” was declined",
                "/proposals/applications/",
            )
        ]


class TestModeration:
    def test_a_report_reaches_the_organizers_and_hiding_tells_the_team(
        self,
        roles,
        django_capture_on_commit_callbacks,
    ):
        proposal = roles["proposal"]
        with django_capture_on_commit_callbacks(execute=True):
            report = content_report(content=proposal, reporter=roles["other"], reason="Copied")
            content_hide(content=proposal, actor=roles["organizer"], reason="Copied text")

        assert stored("moderation.reported") == [
            (
                groups.challenge_organizers(proposal.challenge_id),
                "moderation.reported",
                {"report_id": report.pk, "kind": "proposal", "object_id": proposal.pk, "open": 1},
            )
        ]
        expected = ("moderation", "The organizers hid your proposal “Biohuertos”", proposal.get_absolute_url())
        assert notified(roles["lead"]) == notified(roles["co_author"]) == [expected]
        assert Notification.objects.get(user=roles["lead"]).body == "Copied text"


class TestJudging:
    def test_a_submitted_review_updates_the_console(self, scoring, django_capture_on_commit_callbacks):
        jana, jorge = scoring["jurors"][:2]
        first, second = scoring["proposals"][:2]
        review = assign(scoring, jana, first)
        assign(scoring, jorge, first)
        assign(scoring, jana, second, status="recused")
        impact, feasibility, _note = scoring["criteria"]
        with django_capture_on_commit_callbacks(execute=True):
            review_save(
                assignment=review,
                actor=jana.user,
                scores={impact.pk: "4", feasibility.pk: "7.5"},
                comment="",
                feedback="",
                revision=review.revision,
                submit=True,
            )

        assert stored() == [
            (
                groups.round_console(scoring["round"].pk),
                "judging.progress",
                {
                    "round_id": scoring["round"].pk,
                    "submitted": 1,
                    "assigned": 1,
                    "recused": 1,
                    "jurors": [[jana.pk, 1, 1], [jorge.pk, 0, 1]],
                    "proposals": [[first.pk, 1, 2], [second.pk, 0, 0]],
                },
            )
        ]

    def test_a_draft_saved_again_leaves_the_console_alone(self, scoring, django_capture_on_commit_callbacks):
        jana = scoring["jurors"][0]
        review = assign(scoring, jana, scoring["proposals"][0])
        impact = scoring["criteria"][0]
        with django_capture_on_commit_callbacks(execute=True):
            for value in ("4", "5"):
                review.refresh_from_db()
                review_save(
                    assignment=review,
                    actor=jana.user,
                    scores={impact.pk: value},
                    comment="",
                    feedback="",
                    revision=review.revision,
                    submit=False,
                )

        assert stored("judging.progress") == []

    def test_a_recusal_updates_the_console(self, scoring, django_capture_on_commit_callbacks):
        jana = scoring["jurors"][0]
        review = assign(scoring, jana, scoring["proposals"][0])
        with django_capture_on_commit_callbacks(execute=True):
            assignment_recuse(assignment=review, juror_user=jana.user, reason="My cousin leads it.")

        ((group, type_, payload),) = stored()
        assert (group, type_, payload["recused"], payload["assigned"]) == (
            groups.round_console(scoring["round"].pk),
            "judging.progress",
            1,
            2,  # reassigned to two other jurors
        )

    def test_an_expo_vote_updates_the_console(self, expo, django_capture_on_commit_callbacks):
        round_, ana = expo["round"], expo["ana"]
        judge = pairwise_start(round_=round_, juror=ana)
        pairwise_vote(
            round_=round_, juror=ana, current_is_better=True, shown_current=judge.current_id, shown_previous=None
        )
        judge.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            pairwise_vote(
                round_=round_,
                juror=ana,
                current_is_better=True,
                shown_current=judge.current_id,
                shown_previous=judge.previous_id,
            )

        assert stored() == [
            (groups.round_console(round_.pk), "expo.vote", {"round_id": round_.pk, "votes": 1, "jurors": 1})
        ]

    def test_confirmed_selection_tells_each_team_and_published_results_reach_the_challenge(
        self,
        results,
        django_capture_on_commit_callbacks,
    ):
        round_, organizer = results["round"], results["organizer"]
        member = make_user("member@example.org", full_name="Team Member")
        ProposalMember.objects.create(proposal=results["proposals"][0], user=member, role="member")
        selection_propose(round_=round_, actor=organizer)
        with django_capture_on_commit_callbacks(execute=True):
            selection_confirm(round_=round_, actor=organizer, despite_missing=True)
            results_publish(round_=round_, actor=organizer)

        selected = [p for p in results["proposals"] if p.decisions.get().decision == "selected"]
        ((group, _type, payload),) = stored("results.published")
        assert group == groups.challenge(results["challenge"].pk)
        assert payload["selected"] == [
            {"reference": p.reference, "title": p.title, "url": p.get_absolute_url()}
            for p in sorted(selected, key=lambda p: p.decisions.get().rank)
        ]
        assert len(selected) == 2
        kinds = {user.pk: notified(user) for user in (*results["leads"], member)}
        assert kinds[member.pk] == kinds[results["leads"][0].pk]
        assert sorted(len(items) for items in kinds.values()) == [1] * 5
        # Each title is in its reader's language (Spanish for these members), not the active one.
        assert {title.split("” ")[1] for items in kinds.values() for _, title, _ in items} <= {
            "fue seleccionada",
            "está en la lista de espera",
            "no fue seleccionada",
        }
