"""A blind round on a call whose proposals are public: organizers are warned on the round's form and in the API,
and may hide the team names from the public pages (proposal page, gallery, live page, API) while the round runs;
the team and the organizers still see them, and the public downloads the documents without their authors."""

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from judging.models import Round
from tests.conftest import make_user
from tests.judging import rounds_world, scoring_world
from tests.judging.hostile_corpus import NAME, hostile_docx, traces
from tests.judging.scoring_world import DAY
from tests.judging.test_blind_documents import DOCX_MIME, attach, body, folders  # noqa: F401 — a fixture
from tests.judging.test_rounds_views import messages_of, round_post
from tests.judging.test_setup_api import round_body

pytestmark = pytest.mark.django_db
english = scoring_world.english
WARNING = "This call's proposals are public: during a blind round, a juror could look a proposal's title up"


# The organizers' warning ---------------------------------------------------------------------------


class TestWarning:
    world = rounds_world.world

    @pytest.fixture
    def organizer_client(self, client, world):
        client.force_login(world["organizer"])
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    @pytest.mark.parametrize(("public", "warned"), [(True, True), (False, False)])
    def test_the_round_forms_warn_when_the_calls_proposals_are_public(self, organizer_client, world, public, warned):
        world["challenge"].proposals_public = public
        world["challenge"].save()

        new = organizer_client.get(reverse("judging:round_new", args=[world["challenge"].slug])).content.decode()
        edit = organizer_client.get(reverse("judging:round_edit", args=[world["round"].pk])).content.decode()

        assert (WARNING in new.replace("&#x27;", "'"), WARNING in edit.replace("&#x27;", "'")) == (warned, warned)
        assert "Hide team names from the public pages while it runs" in new

    @pytest.mark.parametrize(
        ("changes", "warned"),
        [({}, True), ({"hides_teams_publicly": "on"}, False), ({"is_blind": ""}, False)],
        ids=["blind", "blind-hiding-teams", "open"],
    )
    def test_creating_a_blind_round_on_a_public_call_warns_after_saving(self, organizer_client, world, changes, warned):
        url = reverse("judging:round_new", args=[world["challenge"].slug])

        response = organizer_client.post(url, round_post(world, **changes), follow=True)

        assert response.status_code == 200
        assert any(WARNING in message for message in messages_of(response, "warning")) == warned
        assert Round.objects.get(name="Final").hides_teams_publicly == ("hides_teams_publicly" in changes)

    def test_the_api_warns_on_creation_and_stops_once_the_teams_are_hidden(self, world):
        api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        api.force_authenticate(world["organizer"])

        created = api.post(reverse("v1:judging-setup-round-list"), round_body(world), format="json")
        pk = created.json()["id"]
        hidden = api.patch(
            reverse("v1:judging-setup-round-detail", args=[pk]), {"hides_teams_publicly": True}, format="json"
        )

        assert created.status_code == 201
        [warning] = created.json()["warnings"]
        assert warning.startswith(WARNING)
        assert (hidden.status_code, hidden.json()["warnings"], hidden.json()["hides_teams_publicly"]) == (200, [], True)


# The public pages while the round runs -------------------------------------------------------------

world = scoring_world.world


@pytest.fixture
def hiding(world):
    """The world's blind round, running now, hides the teams; the first proposal carries a docx naming NAME."""
    world["round"].hides_teams_publicly = True
    world["round"].save()
    proposal = world["proposals"][0]
    return {"proposal": proposal, "docx": attach(proposal, hostile_docx(), f"Plan {NAME}.docx", DOCX_MIME)}


def page(client, user, url_name: str, *args) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(url_name, args=args), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


LEAD = "Teamlead Number1"


@pytest.mark.parametrize("who", ["anonymous", "citizen", "juror"])
def test_the_public_proposal_page_names_no_team_and_no_document_while_the_round_runs(client, world, hiding, who):
    user = {"anonymous": None, "citizen": make_user("c@example.org"), "juror": world["jurors"][0].user}[who]

    html = page(client, user, "proposals:detail", hiding["proposal"].pk)

    assert LEAD not in html
    assert NAME not in html
    assert "The jury is reviewing the proposals without knowing their teams" in html
    assert ">Document 1</a>" in html


@pytest.mark.parametrize("who", ["lead", "organizer"])
def test_the_team_and_the_organizers_still_see_the_names(client, world, hiding, who):
    html = page(
        client,
        {"lead": world["leads"][0], "organizer": world["organizer"]}[who],
        "proposals:detail",
        hiding["proposal"].pk,
    )

    assert LEAD in html
    assert f"Plan {NAME}.docx" in html


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"hides_teams_publicly": False}, True),
        ({"is_blind": False}, True),
        ({"starts_at_in_days": 2}, True),  # not yet
        ({"ends_at_in_days": -0.5}, True),  # over
        ({}, False),
    ],
    ids=["not-asked", "open-round", "before", "after", "running"],
)
def test_names_are_hidden_only_while_a_blind_round_that_asks_for_it_runs(client, world, hiding, change, shown):
    round_ = world["round"]
    for field in ("hides_teams_publicly", "is_blind"):
        setattr(round_, field, change.get(field, getattr(round_, field)))
    if "starts_at_in_days" in change:
        round_.starts_at, round_.ends_at = world["now"] + DAY * 2, world["now"] + DAY * 3
    if "ends_at_in_days" in change:
        round_.starts_at, round_.ends_at = world["now"] - DAY * 2, world["now"] - DAY / 2
    round_.save()

    assert (LEAD in page(client, None, "proposals:detail", hiding["proposal"].pk)) == shown


def test_the_names_come_back_when_the_round_ends(client, world, hiding):
    with time_machine.travel(world["round"].ends_at + DAY / 24):
        assert LEAD in page(client, None, "proposals:detail", hiding["proposal"].pk)


def test_a_public_download_is_an_anonymous_copy_under_a_neutral_name(client, world, hiding):
    response = client.get(reverse("proposals:document", args=[hiding["proposal"].pk, "attachment", hiding["docx"].pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="document-1.docx"'
    assert traces(body(response)) == []


def test_the_team_downloads_its_original(client, world, hiding):
    client.force_login(world["leads"][0])

    response = client.get(reverse("proposals:document", args=[hiding["proposal"].pk, "attachment", hiding["docx"].pk]))

    assert traces(body(response)) != []


def test_the_gallery_cards_and_the_live_page_name_no_team(client, world, hiding):
    slug = world["challenge"].slug

    gallery = page(client, None, "proposals:gallery", slug)
    live = page(client, None, "challenges:live", slug)

    assert "Water filter 1" in gallery  # the card is there, without its team
    for html in (gallery, live):
        assert LEAD not in html and NAME not in html


def test_the_public_api_leaves_the_team_out_and_names_the_documents_neutrally(world, hiding):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("v1:proposal-detail", args=[hiding["proposal"].pk])

    hidden = api.get(url).json()
    api.force_authenticate(world["leads"][0])
    own = api.get(url).json()
    download = APIClient().get(hidden["attachments"][0]["url"])

    assert (hidden["team"], hidden["team_hidden"]) == ([], True)
    assert [attachment["name"] for attachment in hidden["attachments"]] == ["document-1.docx"]
    assert LEAD not in str(hidden) and NAME not in str(hidden)
    assert own["team_hidden"] is False and own["team"][0]["name"] == LEAD
    assert traces(body(download)) == []


def test_the_api_gallery_names_no_team(world, hiding):
    listing = APIClient().get(reverse("v1:proposal-list"), {"challenge": world["challenge"].slug})

    assert listing.status_code == 200
    assert "Water filter 1" in listing.content.decode()
    assert LEAD not in listing.content.decode()
