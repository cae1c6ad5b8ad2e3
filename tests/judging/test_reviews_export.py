"""The export of every review of a round: one column per criterion, the comment for the organizers, the feedback
for the team and recusals, for the call's organizers and staff only; and where the console and "My reviews" link
a round's results and reviews."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from judging.models import Assignment, Round, Score
from proposals.models import Proposal
from tests.conftest import make_user
from tests.judging import results_world
from tests.judging.test_results_views import scored_round
from tests.proposals.console_world import other_organizer

pytestmark = pytest.mark.django_db
english = results_world.english
world = results_world.world

HEADER = [
    "Reference",
    "Title",
    "Juror",
    "Status",
    "Calibration",
    "Submitted",
    "Impact",
    "Feasibility",
    "Comment for the organizers",
    "Feedback for the team",
    "Reason for recusing",
]


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def url(round_, fmt="csv") -> str:
    return reverse("judging:reviews_export", args=[round_.pk, fmt])


def csv_rows(response) -> list[list[str]]:
    assert response.streaming
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def reviewed(world):
    """The world's round with a hostile title, a comment and feedback, a recusal, and a review still to do that
    holds a draft score and comment."""
    first = world["proposals"][0]
    Proposal.objects.filter(pk=first.pk).update(title="=1+1")
    jana, jorge, julia = (world["jurors"][name] for name in ("jana", "jorge", "julia"))
    Assignment.objects.filter(juror=jana, proposal=first).update(
        comment="Strong team", feedback="+ Measure the water saved", submitted_at=world["now"]
    )
    Assignment.objects.filter(juror=jorge, proposal=world["proposals"][3]).update(
        status="recused", recusal_reason="Jorge knows Lead 4"
    )
    Score.objects.filter(assignment__juror=jorge, assignment__proposal=world["proposals"][3]).delete()
    draft = Assignment.objects.get(juror=julia, proposal=world["proposals"][3])
    Assignment.objects.filter(pk=draft.pk).update(comment="not sure yet")
    Score.objects.create(assignment=draft, criterion=world["criteria"][0], value=2)
    return world


def test_every_review_with_a_column_per_criterion_comments_feedback_and_recusals(client, reviewed):
    client.force_login(reviewed["organizer"])

    rows = csv_rows(client.get(url(reviewed["round"])))

    submitted = timezone.localtime(reviewed["now"]).strftime("%Y-%m-%d %H:%M")
    assert rows[0] == HEADER
    assert len(rows) == 1 + 12
    assert [(row[0], row[2], row[3]) for row in rows[1:4]] == [
        ("JUR26-0001", "Jana", "Done"),
        ("JUR26-0001", "Jorge", "Done"),
        ("JUR26-0001", "Julia", "Done"),
    ]
    assert rows[1] == [
        "JUR26-0001",
        "'=1+1",
        "Jana",
        "Done",
        "0",
        submitted,
        "5.00",
        "5.00",
        "Strong team",
        "'+ Measure the water saved",
        "",
    ]
    assert rows[10:] == [
        ["JUR26-0004", "Proposal 4", "Jana", "Done", "0", "", "1.00", "1.00", "", "", ""],
        ["JUR26-0004", "Proposal 4", "Jorge", "Recused", "0", "", "", "", "", "", "Jorge knows Lead 4"],
        # Still to do: the draft score and comment stay the juror's.
        ["JUR26-0004", "Proposal 4", "Julia", "To do", "0", "", "", "", "", "", ""],
    ]


def test_the_xlsx_keeps_scores_as_numbers(client, reviewed):
    client.force_login(reviewed["organizer"])

    response = client.get(url(reviewed["round"], "xlsx"))

    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Reviews"]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][:3] == ("JUR26-0001", "'=1+1", "Jana")
    assert rows[1][6:8] == (5, 5)


@pytest.mark.parametrize("who", ["anonymous", "citizen", "juror", "other lab organizer"])
def test_only_the_calls_organizers_and_staff_export_it(client, reviewed, who):
    people = {
        "citizen": lambda: make_user("c@example.org"),
        "juror": lambda: reviewed["jurors"]["jana"].user,
        "other lab organizer": other_organizer,
    }
    Round.objects.filter(pk=reviewed["round"].pk).update(jurors_see_scores=True, results_published_at=timezone.now())
    if who != "anonymous":
        client.force_login(people[who]())

    response = client.get(url(reviewed["round"]))

    if who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403
        assert not response.streaming
        assert "Strong team" not in response.content.decode()


def test_staff_export_it(client, reviewed, staff):
    client.force_login(staff)

    assert len(csv_rows(client.get(url(reviewed["round"])))) == 13


def test_an_unknown_format_is_not_found(client, reviewed):
    client.force_login(reviewed["organizer"])

    assert client.get(url(reviewed["round"], "pdf")).status_code == 404


def test_the_query_count_does_not_grow_with_the_reviews(client, world, django_assert_num_queries):
    client.force_login(world["organizer"])
    small, large = scored_round(world, 1), scored_round(world, 10)  # 3 and 30 reviews

    with django_assert_num_queries(8):
        assert len(csv_rows(client.get(url(small)))) == 1 + 3
    with django_assert_num_queries(8):
        assert len(csv_rows(client.get(url(large)))) == 1 + 30


def test_the_rounds_list_and_the_record_link_results_and_reviews(client, world):
    round_ = world["round"]
    client.force_login(world["organizer"])

    rounds = client.get(reverse("judging:rounds", args=[world["challenge"].slug])).content.decode()
    record = client.get(reverse("judging:record", args=[round_.pk])).content.decode()
    public_record = client.get(reverse("judging:record", args=[round_.pk]) + "?public=1").content.decode()

    for page in (rounds, record):
        assert f'href="{url(round_)}"' in page and f'href="{url(round_, "xlsx")}"' in page
    assert f'href="{reverse("judging:results", args=[round_.pk])}"' in rounds
    assert f'href="{url(round_)}"' not in public_record


def test_my_reviews_links_a_rounds_results_once_published(client, world):
    round_ = world["round"]
    client.force_login(world["jurors"]["jana"].user)
    results = f'href="{reverse("judging:results", args=[round_.pk])}"'

    before = client.get(reverse("judging:mine")).content.decode()
    Round.objects.filter(pk=round_.pk).update(results_published_at=timezone.now())
    after = client.get(reverse("judging:mine")).content.decode()

    assert results not in before
    assert results in after
    assert client.get(reverse("judging:results", args=[round_.pk])).status_code == 200


def test_the_consoles_steps_link_the_moderation_queue(client, world):
    client.force_login(world["organizer"])

    page = client.get(reverse("judging:rounds", args=[world["challenge"].slug])).content.decode()

    assert f'href="{reverse("proposals:moderation", args=[world["challenge"].slug])}"' in page


def test_the_api_serves_the_same_reviews_file_to_organizers_only(client, reviewed):
    """Issue 10: "the same exports through the API for organizers"."""
    from rest_framework.test import APIClient

    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    endpoint = reverse("v1:judging-round-reviews", args=[reviewed["round"].pk, "csv"])
    client.force_login(reviewed["organizer"])
    api.force_authenticate(reviewed["organizer"])

    through_api = api.get(endpoint)

    assert through_api.status_code == 200
    assert b"".join(through_api.streaming_content) == b"".join(client.get(url(reviewed["round"])).streaming_content)
    api.force_authenticate(reviewed["jurors"]["jana"].user)
    assert api.get(endpoint).status_code == 403
