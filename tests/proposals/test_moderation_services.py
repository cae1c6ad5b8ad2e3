"""Reports of public content, and organizers hiding, restoring and dismissing."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from proposals.models import Proposal, ProposalMember, Report, ReportStatus, TeamSeeker
from proposals.selectors.moderation import hidden_content, moderation_queue
from proposals.selectors.proposals import challenge_proposal_figures, proposal_gallery_facets, proposals_gallery
from proposals.services.moderation import content_hide, content_report, content_restore, report_dismiss
from tests.conftest import make_challenge, make_user

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


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


class TestReport:
    @pytest.mark.parametrize("kind", ["proposal", "seeker"])
    def test_report_is_stored_and_audited(self, request, citizen, kind):
        content = request.getfixturevalue(kind)

        report = content_report(content=content, reporter=citizen, reason="  Spam  ")

        assert (report.content, report.challenge, report.reason, report.status) == (
            content,
            content.challenge,
            "Spam",
            ReportStatus.OPEN,
        )
        assert list(AuditLogEntry.objects.values_list("action", "data")) == [
            ("content.reported", {"report": report.pk})
        ]

    def test_a_second_open_report_says_it_was_received(self, proposal, citizen):
        content_report(content=proposal, reporter=citizen, reason="Spam")

        with pytest.raises(ApplicationError, match="already received"):
            content_report(content=proposal, reporter=citizen, reason="Again")
        assert Report.objects.count() == 1

    def test_reporting_again_after_a_decision_is_possible(self, proposal, citizen, lab_admin):
        content_report(content=proposal, reporter=citizen, reason="Spam")
        report_dismiss(content=proposal, actor=lab_admin, note="Fine")

        content_report(content=proposal, reporter=citizen, reason="Still spam")

        assert sorted(Report.objects.values_list("status", flat=True)) == ["dismissed", "open"]

    @pytest.mark.parametrize(("reason", "message"), [("   ", "what is wrong"), ("x" * 1001, "under 1000")])
    def test_reason_required_and_bounded(self, proposal, citizen, reason, message):
        with pytest.raises(ApplicationError, match=message) as error:
            content_report(content=proposal, reporter=citizen, reason=reason)
        assert error.value.field == "reason"

    @pytest.mark.parametrize("kind", ["proposal", "seeker"])
    def test_nobody_reports_their_own_content(self, request, kind):
        content = request.getfixturevalue(kind)
        author = content.user if kind == "seeker" else content.members.get().user

        with pytest.raises(ApplicationError, match="your own content"):
            content_report(content=content, reporter=author, reason="Spam")
        assert Report.objects.count() == 0

    def test_hidden_content_cannot_be_reported(self, proposal, citizen, lab_admin):
        content_hide(content=proposal, actor=lab_admin, reason="Spam")

        with pytest.raises(ApplicationError, match="already been hidden"):
            content_report(content=proposal, reporter=citizen, reason="Spam")


class TestHideAndRestore:
    def test_hide_resolves_reports_and_tells_the_team(
        self, proposal, citizen, lab_admin, lead, mailoutbox, django_capture_on_commit_callbacks
    ):
        content_report(content=proposal, reporter=citizen, reason="Spam")
        content_report(content=proposal, reporter=make_user("b@example.org"), reason="Copied")

        with django_capture_on_commit_callbacks(execute=True):
            content_hide(content=proposal, actor=lab_admin, reason="Copied <b>text</b>", now=NOW)

        proposal.refresh_from_db()
        assert (proposal.hidden_at, proposal.hidden_reason) == (NOW, "Copied <b>text</b>")
        assert set(Report.objects.values_list("status", "resolved_by", "note", "resolved_at")) == {
            ("hidden", lab_admin.pk, "Copied <b>text</b>", NOW)
        }
        entry = AuditLogEntry.objects.get(action="content.hidden")
        assert (entry.actor, entry.data) == (lab_admin, {"reason": "Copied <b>text</b>", "reports": 2})
        assert [message.to for message in mailoutbox] == [[lead.email]]
        assert "Copied <b>text</b>" in mailoutbox[0].body
        assert "Biohuertos" in mailoutbox[0].body

    def test_the_e_mail_waits_for_the_commit(self, proposal, lab_admin, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            content_hide(content=proposal, actor=lab_admin, reason="Spam")

        # The team's live notification, the e-mail and the public pages' new version, all only after the commit.
        assert len(callbacks) == 3

    def test_hiding_twice_is_refused(self, proposal, lab_admin):
        content_hide(content=proposal, actor=lab_admin, reason="Spam")

        with pytest.raises(ApplicationError, match="already hidden"):
            content_hide(content=proposal, actor=lab_admin, reason="Spam")

    def test_hiding_needs_a_reason(self, proposal, lab_admin):
        with pytest.raises(ApplicationError, match="Give the reason"):
            content_hide(content=proposal, actor=lab_admin, reason="")
        proposal.refresh_from_db()
        assert proposal.hidden_at is None

    def test_restore_clears_and_tells_the_seeker(
        self, seeker, lab_admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        content_hide(content=seeker, actor=lab_admin, reason="Rude")

        with django_capture_on_commit_callbacks(execute=True):
            content_restore(content=seeker, actor=lab_admin, reason="Edited since")

        seeker.refresh_from_db()
        assert (seeker.hidden_at, seeker.hidden_reason) == (None, "")
        assert [message.to for message in mailoutbox] == [[seeker.user.email]]
        assert "Edited since" in mailoutbox[0].body
        assert AuditLogEntry.objects.filter(action="content.restored").count() == 1

    def test_restoring_visible_content_is_refused(self, proposal, lab_admin):
        with pytest.raises(ApplicationError, match="not hidden"):
            content_restore(content=proposal, actor=lab_admin, reason="x")


class TestDismiss:
    def test_dismiss_keeps_the_content_visible(self, proposal, citizen, lab_admin):
        content_report(content=proposal, reporter=citizen, reason="Spam")

        assert report_dismiss(content=proposal, actor=lab_admin, note="Not spam") == 1

        proposal.refresh_from_db()
        assert proposal.hidden_at is None
        assert list(Report.objects.values_list("status", "note")) == [("dismissed", "Not spam")]

    def test_nothing_to_dismiss_is_refused(self, proposal, lab_admin):
        with pytest.raises(ApplicationError, match="no open reports"):
            report_dismiss(content=proposal, actor=lab_admin, note="x")


class TestHiddenLeavesPublicLists:
    def test_gallery_facets_and_figures_leave_it_out(self, proposal, challenge, lab_admin):
        other = Proposal.objects.create(challenge=challenge, title="Ferias", status="submitted", number=2)

        content_hide(content=proposal, actor=lab_admin, reason="Spam")

        assert list(proposals_gallery(challenge=challenge)) == [other]
        assert proposal_gallery_facets(challenge)["total"] == 1
        assert challenge_proposal_figures(challenge)["submitted"] == 1


class TestQueue:
    @pytest.mark.parametrize("size", [1, 3])
    def test_grouped_most_reported_first_in_constant_queries(
        self, rf, challenge, seeker, size, django_assert_num_queries
    ):
        people = [make_user(f"r{i}@example.org") for i in range(3)]
        proposals = [
            Proposal.objects.create(challenge=challenge, title=f"P{i}", status="submitted", number=i + 1)
            for i in range(size)
        ]
        for proposal in proposals:
            content_report(content=proposal, reporter=people[0], reason=f"Spam {proposal.title}")
        for person in people[:2]:
            content_report(content=seeker, reporter=person, reason="Rude")
        content_report(content=proposals[0], reporter=people[2], reason="Copied")

        # The count, the groups, their reports, the proposals, the seekers (content types are cached).
        with django_assert_num_queries(5):
            page = moderation_queue(rf.get("/"), challenge)
            rows = [(item["kind"], str(item["content"]), item["count"]) for item in page.object_list]

        expected = [("proposal", "P0", 2), ("seeker", "Seeker Person", 2)]
        expected += [("proposal", f"P{i}", 1) for i in range(size - 1, 0, -1)]
        assert sorted(rows[:2]) == sorted(expected[:2])
        assert sorted(rows[2:]) == sorted(expected[2:])
        assert [report.reason for report in page.object_list[[r[1] for r in rows].index("P0")]["reports"]] == [
            "Spam P0",
            "Copied",
        ]

    def test_other_challenges_and_resolved_reports_stay_out(self, rf, lab, challenge, proposal, citizen, lab_admin):
        elsewhere = make_challenge(lab, "otro", visibility="published")
        foreign = Proposal.objects.create(challenge=elsewhere, title="Otro", status="submitted", number=1)
        content_report(content=foreign, reporter=citizen, reason="Spam")
        content_report(content=proposal, reporter=citizen, reason="Spam")
        report_dismiss(content=proposal, actor=lab_admin, note="ok")

        assert list(moderation_queue(rf.get("/"), challenge).object_list) == []

    def test_hidden_content_lists_both_kinds(self, challenge, proposal, seeker, lab_admin):
        content_hide(content=proposal, actor=lab_admin, reason="a", now=NOW - timedelta(hours=1))
        content_hide(content=seeker, actor=lab_admin, reason="b", now=NOW)

        assert [(item["kind"], item["content"]) for item in hidden_content(challenge)] == [
            ("seeker", seeker),
            ("proposal", proposal),
        ]
