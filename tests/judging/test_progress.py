"""The organizers' progress page: counts per juror and per proposal, the assignment action and its report, manual
adjustments, and query bounds."""

import pytest
from django.urls import reverse

from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from judging.models import Assignment, Conflict, ConflictKind
from tests.judging import scoring_world
from tests.judging.scoring_world import assign

pytestmark = pytest.mark.django_db
english = scoring_world.english
world = scoring_world.world


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def organizer(client, world):
    client.force_login(world["organizer"])
    return client


def url(world, name="judging:progress"):
    return reverse(name, args=[world["round"].pk])


def test_progress_counts_done_recused_and_who_has_not_finished(organizer, world):
    jana, jorge, _julia = world["jurors"]
    first, second, _third = world["proposals"]
    assign(world, jana, first, status="submitted")
    assign(world, jana, second, status="recused")
    assign(world, jorge, first)

    page = organizer.get(url(world)).content.decode()

    assert "2 jurors have not finished." not in page
    assert "1 juror has not finished." in page
    assert "<td>1 of 1</td>" in page  # Jana: done 1 of 1, one recusal
    assert "<td>0 of 1</td>" in page  # Jorge
    assert "<td>1 of 2</td>" in page  # proposal 1: one review of k=2 done
    assert "Short of reviewers" in page


def test_assign_reports_counts_and_problems(organizer, world):
    for juror in world["jurors"][:2]:
        Conflict.objects.create(juror=juror, proposal=world["proposals"][2], kind=ConflictKind.DECLARED, reason="x")

    response = organizer.post(url(world, "judging:assign"), follow=True)

    page = response.content.decode()
    assert "5 reviews assigned." in page
    assert "1 proposal has fewer than 2 jurors without a conflict of interest: JUR26-0003." in page
    assert Assignment.objects.count() == 5


def test_add_and_remove_by_hand(organizer, world):
    jana = world["jurors"][0]
    first = world["proposals"][0]
    data = {"add-juror": jana.pk, "add-proposal": first.reference}

    response = organizer.post(url(world, "judging:assignment_add"), data)
    assert response.status_code == 302
    assert Assignment.objects.filter(juror=jana, proposal=first).exists()

    duplicate = organizer.post(url(world, "judging:assignment_add"), data)
    assert duplicate.status_code == 400
    assert "Jana already has this proposal (or recused from it)." in duplicate.content.decode()

    removed = organizer.post(
        url(world, "judging:assignment_remove"), {"remove-juror": jana.pk, "remove-proposal": first.reference}
    )
    assert removed.status_code == 302
    assert not Assignment.objects.exists()

    missing = organizer.post(
        url(world, "judging:assignment_remove"), {"remove-juror": jana.pk, "remove-proposal": first.reference}
    )
    assert missing.status_code == 400
    assert "This juror does not have this proposal." in missing.content.decode()


def test_over_load_needs_confirmation_and_keeps_the_choice(organizer, world):
    jana = world["jurors"][0]
    jana.max_load = 0
    jana.save()
    data = {"add-juror": jana.pk, "add-proposal": world["proposals"][1].reference}

    refused = organizer.post(url(world, "judging:assignment_add"), data)
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "Confirm to assign one more anyway." in page
    assert f'value="{world["proposals"][1].reference}"' in page  # the typed reference is kept
    assert not Assignment.objects.filter(juror=jana).exists()

    confirmed = organizer.post(url(world, "judging:assignment_add"), {**data, "add-over_load": "on"})
    assert confirmed.status_code == 302
    assert list(Assignment.objects.filter(juror=jana).values_list("proposal", flat=True)) == [world["proposals"][1].pk]


def test_a_scored_review_cannot_be_removed(organizer, world):
    review = assign(world, world["jurors"][0], world["proposals"][0])
    review.scores.create(criterion=world["criteria"][0], value=3)

    response = organizer.post(
        url(world, "judging:assignment_remove"),
        {"remove-juror": review.juror_id, "remove-proposal": review.proposal.reference},
    )

    assert response.status_code == 400
    assert "This review already has scores: it cannot be removed." in response.content.decode()
    assert list(Assignment.objects.values_list("pk", "status")) == [(review.pk, "assigned")]


@pytest.mark.parametrize("count", [1, 3])
def test_progress_queries_are_bounded(organizer, world, django_assert_max_num_queries, count):
    for juror, proposal in zip(world["jurors"][:count], world["proposals"][:count], strict=True):
        assign(world, juror, proposal)
    # The first view computes and keeps the counts: bounded too (tests/judging/test_kept_figures.py).
    organizer.get(url(world))
    with django_assert_max_num_queries(12):
        response = organizer.get(url(world))
    assert response.content.decode().count("<td>0 of 1</td>") == count


def test_calibration_proposals_go_to_every_juror_and_bad_references_are_refused(organizer, world):
    round_ = world["round"]
    first = world["proposals"][0]

    refused = organizer.post(url(world, "judging:assign"), {"calibration": "XYZ-0001, 9999"})
    assert refused.status_code == 400
    assert "XYZ-0001" in refused.content.decode()
    assert not Assignment.objects.filter(round=round_).exists()

    organizer.post(url(world, "judging:assign"), {"calibration": first.reference.lower()})

    reviewers = Assignment.objects.filter(round=round_, proposal=first)
    active = round_.jurors.filter(status="active").count()
    assert reviewers.count() == active and all(reviewers.values_list("is_calibration", flat=True))


def test_the_page_follows_the_rounds_console_socket_and_refreshes_its_tables_on_progress(organizer, world):
    round_ = world["round"]
    seen = LiveEvent.objects.create(group=groups.round_console(round_.pk), type="judging.progress")
    LiveEvent.objects.create(group=groups.challenge(round_.challenge_id), type="phase.started")

    html = organizer.get(url(world)).content.decode()

    # The socket replays only what is stored after the figures the page shows.
    assert f'data-live-url="/ws/judging/rounds/{round_.pk}/console/" data-live-last="{seen.pk}"' in html
    assert 'id="progress-jurors" data-live-refresh="judging.progress"' in html
    assert 'id="progress-proposals" data-live-refresh="judging.progress"' in html
