"""The visual identity's server side: designed placeholders, the header's account menu and console link, the demo's
pictures through the upload pipeline, buttons offered only to who may use them, and the error summary."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from PIL import Image

from challenges.models import ChallengeRole
from innovation_platform.core.artwork import cover, demo_cover_path, demo_logo_path, lab_logo
from innovation_platform.core.permissions import can
from innovation_platform.core.placeholders import placeholder_svg
from innovation_platform.labs.models import LabMembership, LabRole
from proposals.models import Proposal, ProposalMember
from tests.conftest import PASSWORD, make_challenge, make_lab, make_user


def test_a_placeholder_is_the_same_for_the_same_words_and_related_within_a_category():
    first = placeholder_svg("Biohuertos escolares", "agua")
    assert first == placeholder_svg("Biohuertos escolares", "agua")
    same_category = placeholder_svg("Ollas comunes", "agua")
    other_category = placeholder_svg("Ollas comunes", "turismo comunitario")
    background = first.split('<rect width="100%" height="100%" fill="')[1][:7]
    assert same_category.split('<rect width="100%" height="100%" fill="')[1][:7] == background
    assert other_category != same_category
    assert 'aria-hidden="true"' in first and ">B</text>" in first


def test_a_placeholder_shows_the_initial_without_its_accent_and_escapes_nothing_it_should_not():
    assert ">A</text>" in placeholder_svg("Ábaco andino", "")
    assert ">·</text>" in placeholder_svg("¡¿…?!", "")
    assert "<script" not in placeholder_svg("<script>alert(1)</script>", "<b>")


def test_the_demo_pictures_are_committed_small_and_redrawn_identically():
    committed = [demo_cover_path(index) for index in range(10)] + [demo_logo_path(index) for index in range(10)]
    assert sum(path.stat().st_size for path in committed) < 1024 * 1024
    drawn = io.BytesIO()
    cover(3).save(drawn, "PNG")
    again = io.BytesIO()
    cover(3).save(again, "PNG")
    assert drawn.getvalue() == again.getvalue()
    assert lab_logo(2).size == (320, 320)


@pytest.fixture
def people(db):
    lab, other_lab = make_lab("lab-cusco"), make_lab("lab-puno")
    challenge = make_challenge(other_lab, visibility="archived")
    people = {"anonymous": AnonymousUser(), "citizen": make_user("citizen@example.org")}
    for role in (LabRole.MEMBER, LabRole.ORGANIZER, LabRole.ADMIN):
        people[f"lab_{role}"] = make_user(f"{role}@example.org")
        LabMembership.objects.create(lab=lab, user=people[f"lab_{role}"], role=role)
    for role in ("organizer", "mentor"):
        people[f"call_{role}"] = make_user(f"call-{role}@example.org")
        ChallengeRole.objects.create(challenge=challenge, user=people[f"call_{role}"], role=role)
    people["staff"] = make_user("staff@example.org", is_staff=True)
    return {"people": people, "lab": lab, "challenge": challenge}


CONSOLE = {"lab_organizer", "lab_admin", "call_organizer", "staff"}


@pytest.mark.parametrize(
    "role",
    ["anonymous", "citizen", "lab_member", "lab_organizer", "lab_admin", "call_organizer", "call_mentor", "staff"],
)
def test_the_console_is_for_people_who_organize_something(people, role):
    person = people["people"][role]
    assert can(person, "challenges.use_console") is (role in CONSOLE)
    if role == "anonymous":
        return
    client = Client(headers={"accept-language": "en"})
    client.login(email=person.email, password=PASSWORD)
    html = client.get("/").content.decode()
    assert ('href="/console/"' in html) is (role in CONSOLE)
    assert '<details class="menu menu-account">' in html  # every signed-in page folds the person's links


def test_someone_who_organizes_only_an_archived_call_is_not_offered_its_duplicate(people):
    """A call's own organizer may run it but not start a new edition for its lab: no button that answers 403."""
    challenge = people["challenge"]
    client = Client(headers={"accept-language": "en"})
    client.force_login(people["people"]["call_organizer"])
    page = client.get(f"/console/{challenge.slug}/").content.decode()
    assert f'href="/console/{challenge.slug}/duplicate/"' not in page
    assert client.get(f"/console/{challenge.slug}/duplicate/").status_code == 403

    LabMembership.objects.create(lab=challenge.lab, user=people["people"]["call_organizer"], role=LabRole.ORGANIZER)
    page = client.get(f"/console/{challenge.slug}/").content.decode()
    assert f'href="/console/{challenge.slug}/duplicate/"' in page
    assert client.get(f"/console/{challenge.slug}/duplicate/").status_code == 200


def test_archiving_asks_for_confirmation_in_the_page(db):
    organizer = make_user("org@example.org")
    lab = make_lab(admin=organizer)
    challenge = make_challenge(lab, visibility="published")
    client = Client(headers={"accept-language": "en"})
    client.force_login(organizer)
    page = client.get(f"/console/{challenge.slug}/").content.decode()
    confirm = page.split('<details class="confirm">')[1].split("</details>")[0]
    assert '<summary class="button button-danger-secondary">Archive</summary>' in confirm
    assert f'action="/console/{challenge.slug}/archive/"' in confirm
    assert "Yes, archive it" in confirm


def test_the_team_menu_offers_organizers_only_what_they_may_open(db):
    organizer, lead = make_user("org@example.org"), make_user("lead@example.org")
    challenge = make_challenge(make_lab(admin=organizer), visibility="published")
    proposal = Proposal.objects.create(challenge=challenge, title="Biohuertos", status="submitted", number=1)
    ProposalMember.objects.create(proposal=proposal, user=lead, role="lead")
    client = Client(headers={"accept-language": "en"})

    client.force_login(organizer)
    team_page = client.get(f"/proposals/{proposal.pk}/team/").content.decode()
    assert f'href="/proposals/{proposal.pk}/edit/"' not in team_page
    assert f'href="/proposals/{proposal.pk}/files/"' not in team_page
    assert client.get(f"/proposals/{proposal.pk}/edit/").status_code == 403

    client.force_login(lead)
    team_page = client.get(f"/proposals/{proposal.pk}/team/").content.decode()
    assert f'href="/proposals/{proposal.pk}/edit/"' in team_page


def test_a_refused_form_opens_with_an_error_summary_linking_to_its_fields(db):
    client = Client(headers={"accept-language": "en"})
    client.force_login(make_user("citizen@example.org"))
    page = client.post("/labs/new/", {"name": "", "website": "not an address"}).content.decode()
    summary = page.split('<div class="error-summary"')[1].split("</div>")[0]
    assert "autofocus" in summary and 'role="alert"' in summary
    assert 'href="#id_name"' in summary and 'href="#id_website"' in summary
    assert "nothing you typed has been lost" in summary


def test_the_demo_pictures_go_through_the_upload_pipeline(db):
    from innovation_platform.core.management.commands.seed_demo import seed_imagery

    challenge = make_challenge(make_lab())
    seed_imagery()
    challenge.refresh_from_db()
    with challenge.cover.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and not image.getexif()
    with challenge.cover_thumbnail.open("rb") as stored, Image.open(stored) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (480, 270))
    name = challenge.cover.name
    seed_imagery()  # again: nothing changes
    challenge.refresh_from_db()
    assert challenge.cover.name == name
