from decimal import Decimal

import pytest

from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from judging.models import AssignmentStatus, Score
from judging.services.scoring import StaleReview, review_save
from tests.judging import scoring_world
from tests.judging.scoring_world import DAY, assign

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


@pytest.fixture
def review(world):
    return assign(world, world["jurors"][0], world["proposals"][0])


def save(world, review, *, scores=None, submit=False, revision=None, actor=None, **fields):
    impact, feasibility, _note = world["criteria"]
    return review_save(
        assignment=review,
        actor=actor or world["jurors"][0].user,
        scores={impact.pk: "4", feasibility.pk: "7.5"} if scores is None else scores,
        comment=fields.get("comment", "Solid."),
        feedback=fields.get("feedback", "Add costs."),
        revision=review.revision if revision is None else revision,
        submit=submit,
        now=fields.get("now"),
    )


def stored(review):
    return dict(Score.objects.filter(assignment=review).values_list("criterion__name", "value"))


def test_draft_save_stores_scores_texts_audits_and_locks_the_criteria(world, review):
    saved = save(world, review)

    assert stored(review) == {"Impact": Decimal("4.00"), "Feasibility": Decimal("7.50")}
    assert (saved.status, saved.revision, saved.comment, saved.feedback) == ("assigned", 1, "Solid.", "Add costs.")
    changes = [entry.data for entry in audit_entries(review).filter(action="review.score_changed").order_by("pk")]
    impact, feasibility, _note = world["criteria"]
    assert changes == [
        {"criterion": impact.pk, "criterion_name": "Impact", "old": None, "new": "4.00"},
        {"criterion": feasibility.pk, "criterion_name": "Feasibility", "old": None, "new": "7.50"},
    ]
    world["round"].refresh_from_db()
    assert world["round"].criteria_locked_at is not None


def test_a_retried_identical_save_changes_nothing(world, review):
    save(world, review, submit=True)
    entries = audit_entries(review).count()

    again = save(world, review, submit=True, revision=0)  # the retry names the revision it started from

    assert again.revision == 1
    assert audit_entries(review).count() == entries
    assert Score.objects.filter(assignment=review).count() == 2


def test_a_change_records_old_and_new_value(world, review):
    save(world, review)
    impact = world["criteria"][0]
    save(world, review, scores={impact.pk: "2"}, revision=1, actor=world["jurors"][0].user)

    entry = audit_entries(review).filter(action="review.score_changed").order_by("-pk").first()
    assert entry.data == {"criterion": impact.pk, "criterion_name": "Impact", "old": "4.00", "new": "2.00"}
    assert entry.actor == world["jurors"][0].user
    assert stored(review)["Impact"] == Decimal("2.00")


def test_a_save_from_an_older_revision_is_refused(world, review):
    save(world, review)
    impact = world["criteria"][0]

    with pytest.raises(StaleReview, match="saved from another window"):
        save(world, review, scores={impact.pk: "1"}, revision=0)
    assert stored(review)["Impact"] == Decimal("4.00")


def test_submit_needs_every_counted_criterion(world, review):
    impact, feasibility, _note = world["criteria"]
    with pytest.raises(ApplicationError, match="Missing: Feasibility") as refused:
        save(world, review, scores={impact.pk: "4"}, submit=True)
    assert refused.value.field == f"criterion_{feasibility.pk}"

    submitted = save(world, review, submit=True)  # the criterion not counted may stay empty
    assert (submitted.status, submitted.submitted_at is not None) == (AssignmentStatus.SUBMITTED, True)
    assert audit_entries(review).filter(action="review.submitted").count() == 1


def test_a_submitted_review_can_be_updated_while_open(world, review):
    save(world, review, submit=True)
    impact = world["criteria"][0]

    updated = save(world, review, scores={impact.pk: "5"}, submit=True, revision=1)

    assert (updated.status, updated.revision) == (AssignmentStatus.SUBMITTED, 2)
    assert audit_entries(review).filter(action="review.submitted").count() == 2


@pytest.mark.parametrize(
    ("criterion", "value", "message"),
    [
        (0, "6", "Enter a score from 1 to 5."),
        (0, "0", "Enter a score from 1 to 5."),
        (1, "7.25", "Scores on this criterion go in steps of 0.5 from 0."),
        (0, "3.5", "Scores on this criterion go in steps of 1 from 1."),
        (0, "four", "Enter a number."),
        (0, "NaN", "Enter a number."),
    ],
)
def test_values_off_the_scale_are_refused_on_their_field(world, review, criterion, value, message):
    target = world["criteria"][criterion]

    with pytest.raises(ApplicationError) as refused:
        save(world, review, scores={target.pk: value})

    assert (str(refused.value.message), refused.value.field) == (message, f"criterion_{target.pk}")
    assert stored(review) == {}


def test_a_stale_save_after_the_round_closed_is_refused(world, review):
    with pytest.raises(ApplicationError, match="The round closed on .*: reviews can no longer change"):
        save(world, review, now=world["now"] + 2 * DAY)
    with pytest.raises(ApplicationError, match="Scoring opens on"):
        save(world, review, now=world["now"] - 2 * DAY)
    assert stored(review) == {}


def test_only_the_assigned_active_juror_may_save(world, review):
    with pytest.raises(ApplicationError, match="not assigned to you"):
        save(world, review, actor=world["jurors"][1].user)
    juror = world["jurors"][0]
    juror.status = "revoked"
    juror.save()
    with pytest.raises(ApplicationError, match="not assigned to you"):
        save(world, review)


def test_a_recused_review_cannot_be_scored(world, review):
    review.status = AssignmentStatus.RECUSED
    review.save()

    with pytest.raises(ApplicationError, match="You recused yourself"):
        save(world, review)


def test_criteria_of_another_round_are_refused(world, review):
    with pytest.raises(ApplicationError, match="not part of this round"):
        save(world, review, scores={999999: "3"})


def test_text_changes_are_audited(world, review):
    save(world, review)
    save(world, review, revision=1, comment="Better than I thought.")

    entry = audit_entries(review).get(action="review.comment_changed", data__old="Solid.")
    assert entry.data == {"old": "Solid.", "new": "Better than I thought."}
