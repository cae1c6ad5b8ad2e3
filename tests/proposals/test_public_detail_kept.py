"""A proposal's public page for signed-in readers with the page cache on (core/page_cache.py): the parts everyone
who reads it as the public does sees alike (its texts, answers, images, facts, team, documents) are rendered once and
kept, with no query for their rows afterwards, while each reader's own support, request to join and report link stay
theirs; the team's and the organizers' private page keeps nothing; the access check and the blind rounds' hiding of
the team are decided anew on every request, whatever was kept."""

import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.models import Challenge, Question
from innovation_platform.core.models import PageVersion
from innovation_platform.core.page_cache import DIRECTORY, challenge_scope
from judging.models import Round
from proposals.models import Answer, Attachment, GalleryImage, JoinRequest, Proposal, ProposalMember, Support
from tests.conftest import make_user
from tests.core import page_cache_world
from tests.core.page_cache_world import DAY

pytestmark = pytest.mark.django_db
page_cache_on = page_cache_world.page_cache_on
world = page_cache_world.world

SECRET = "98765"
PRIVATE_BADGE = "Private: only the team and the organizers see it"
# The tables of what the kept parts show: once kept, no reader's request reads them.
KEPT_ROWS = re.compile(
    r'FROM "(taggit_tag|challenges_question|proposals_answer|proposals_attachment|proposals_galleryimage|'
    r'accounts_profile)"|JOIN "accounts_profile"'
)


@pytest.fixture(autouse=True)
def one_period():
    """The clock stands still: a page's parts are kept for one period of PUBLIC_PAGE_CACHE_SECONDS, which must not
    end between two reads of a test."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def reader(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def kept_parts() -> list[str]:
    from django.core.cache import cache

    return [key for key in cache._cache if ":part:" in key]


@pytest.fixture
def page(world):
    """The world's proposal with all its page shows: a tag, a public and a private answer, an image, a document, a
    co-author; supports on."""
    proposal, challenge = world["shown"], world["challenge"]
    Challenge.objects.filter(pk=challenge.pk).update(supports_enabled=True, proposals_public=True)
    public_question = challenge.questions.get()
    private_question = Question.objects.create(
        challenge=challenge, label="Presupuesto (S/)", kind="number", is_private=True, position=5
    )
    Answer.objects.create(proposal=proposal, question=public_question, value=40)
    Answer.objects.create(proposal=proposal, question=private_question, value=int(SECRET))
    proposal.tags.add("agua")
    GalleryImage.objects.create(proposal=proposal, alt_text="Bofedal en Ayaviri", image="b.png", thumbnail="b-t.png")
    Attachment.objects.create(proposal=proposal, file="plan.pdf", name="Plan Mamani.pdf", size=10, content_type="pdf")
    co_author = make_user("coautor@example.org", full_name="Mario Coautor")
    ProposalMember.objects.create(proposal=proposal, user=co_author, role="member")
    return {**world, "url": f"/proposals/{proposal.pk}/", "co_author": co_author}


def test_a_second_reader_gets_the_kept_parts_with_their_own_support_and_join_state(page):
    ana = make_user("ana@example.org", full_name="Ana Arce")
    beto = make_user("beto@example.org", full_name="Beto Bravo")
    Support.objects.create(proposal=page["shown"], challenge=page["challenge"], user=ana)
    JoinRequest.objects.create(proposal=page["shown"], user=beto, message="Sé de riego.")

    first = read(reader(ana), page["url"])
    assert kept_parts()
    with CaptureQueriesContext(connection) as queries:
        second = read(reader(beto), page["url"])

    assert not [query["sql"] for query in queries if KEPT_ROWS.search(query["sql"])]
    for shown in ("Bofedales vivos", "¿Cuántas familias?", "<dd>40</dd>", "agua", "Bofedal en Ayaviri", "Plan Mamani"):
        assert shown in second
    team = re.compile(r'<ul class="people proposal-team">.*?</ul>', re.S)
    assert team.search(first).group() == team.search(second).group()
    assert "Rosa Mamani" in second and "Mario Coautor" in second
    # Each reader's own state, and never the other's.
    assert "You support this proposal." in first and "You support this proposal." not in second
    assert "You asked to join this team" in second and "You asked to join this team" not in first
    assert "Ask to join this team" in first and "Sé de riego." in second
    assert "Beto Bravo" in second and "Ana Arce" not in second
    assert "Report this proposal" in second
    assert SECRET not in first + second and PRIVATE_BADGE not in first + second


@pytest.mark.parametrize("first", ["public reader", "team"])
def test_the_team_and_the_organizers_get_their_private_page_whoever_read_first(page, first):
    public = reader(make_user("ana@example.org", full_name="Ana Arce"))
    lead, organizer = reader(page["lead"]), reader(page["organizer"])
    if first == "team":
        read(lead, page["url"])
        assert not kept_parts()  # the private page keeps nothing
    public_page = read(public, page["url"])
    lead_page, organizer_page, co_author_page = (
        read(client, page["url"]) for client in (lead, organizer, reader(page["co_author"]))
    )

    assert SECRET not in public_page and PRIVATE_BADGE not in public_page
    assert "Edit the proposal" not in public_page and "Version history" not in public_page
    for private in (lead_page, organizer_page, co_author_page):
        assert SECRET in private and PRIVATE_BADGE in private
    assert "Withdraw" in lead_page and "Withdraw" not in co_author_page
    assert "Edit the proposal" in lead_page and "Edit the proposal" in co_author_page
    assert "Version history" in organizer_page and "Moderate this proposal" in organizer_page
    for own in (lead_page, co_author_page):
        assert "Report this proposal" not in own and "Join this team" not in own
    # The public reader's kept page after the private ones is still the public one.
    assert SECRET not in read(public, page["url"])


@pytest.mark.parametrize(
    "change",
    ["hidden", "withdrawn", "back to draft", "gallery made private", "call unpublished"],
)
def test_kept_parts_never_show_a_proposal_its_reader_may_no_longer_see(page, change):
    """Changes written without the signals that bump the page versions: the kept parts stay, the access check
    still reads the proposal and its call anew."""
    public = reader(make_user("ana@example.org"))
    read(public, page["url"])
    assert kept_parts()
    proposals = Proposal.objects.filter(pk=page["shown"].pk)
    calls = Challenge.objects.filter(pk=page["challenge"].pk)
    {
        "hidden": lambda: proposals.update(hidden_at=timezone.now(), hidden_reason="Datos personales"),
        "withdrawn": lambda: proposals.update(status="withdrawn"),
        "back to draft": lambda: proposals.update(status="draft"),
        "gallery made private": lambda: calls.update(proposals_public=False),
        "call unpublished": lambda: calls.update(visibility="draft"),
    }[change]()

    assert public.get(page["url"]).status_code == 404
    assert read(reader(page["lead"]), page["url"])  # the team still reads it


def test_a_blind_round_that_starts_hides_the_team_from_the_kept_page(page):
    """The round's start bumps no page version: whether teams are hidden is asked on every request, and the team's
    and documents' parts are kept apart for each answer."""
    public = reader(make_user("ana@example.org"))
    assert "Rosa Mamani" in read(public, page["url"])
    now = timezone.now()
    Round.objects.create(
        challenge=page["challenge"], name="Ciega", starts_at=now - DAY, ends_at=now + DAY, hides_teams_publicly=True
    )

    hidden = read(public, page["url"])
    assert "Rosa Mamani" not in hidden and "Mario Coautor" not in hidden and "Plan Mamani.pdf" not in hidden
    assert "The jury is reviewing the proposals without knowing their teams" in hidden
    assert ">Document 1</a>" in hidden
    assert "Plan Mamani.pdf" in read(reader(page["lead"]), page["url"])


def add_rows(proposal: Proposal, count: int) -> None:
    challenge = proposal.challenge
    start = proposal.answers.count()
    for i in range(start, start + count):
        question = Question.objects.create(challenge=challenge, label=f"Pregunta {i}", kind="short_text", position=i)
        Answer.objects.create(proposal=proposal, question=question, value=f"Respuesta {i}")
        GalleryImage.objects.create(proposal=proposal, alt_text=f"Imagen {i}", image=f"{i}.png", thumbnail=f"{i}t.png")
        Attachment.objects.create(proposal=proposal, file=f"{i}.pdf", name=f"Doc {i}.pdf", size=10, content_type="pdf")
        member = make_user(f"m{i}@example.org", full_name=f"Integrante {i}")
        ProposalMember.objects.create(proposal=proposal, user=member, role="member")
        proposal.tags.add(f"tema-{i}")


def test_a_signed_in_reader_costs_the_same_queries_for_3_and_30_answers_images_documents_and_members(world):
    proposal, url = world["shown"], f"/proposals/{world['shown'].pk}/"
    Challenge.objects.filter(pk=world["challenge"].pk).update(team_max=40)  # the reader may still ask to join
    public = reader(make_user("ana@example.org"))
    read(public, url)  # a first request's own queries (the CSRF cookie) apart
    rendering, kept = [], []
    for extra, total in ((3, 3), (27, 30)):
        add_rows(proposal, extra)
        for scope in (challenge_scope(world["challenge"].pk), DIRECTORY):  # the commits' bumps, in a test
            PageVersion.objects.update_or_create(scope=scope, defaults={"version": total})
        with CaptureQueriesContext(connection) as queries:
            page = read(public, url)
        rendering.append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            read(public, url)
        kept.append(len(queries))
        assert f"Integrante {total - 1}" in page and f"Doc {total - 1}.pdf" in page and f"Imagen {total - 1}" in page
    assert rendering[0] == rendering[1]
    assert kept[0] == kept[1] < rendering[0]
