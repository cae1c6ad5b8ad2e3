"""Delete my account: the person's data are erased or anonymised; what others rely on stays, without their name."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from innovation_platform.accounts.models import User
from innovation_platform.accounts.services import account_delete
from innovation_platform.core.audit import audit_log
from innovation_platform.core.models import AuditLogEntry
from innovation_platform.live.models import Notification
from innovation_platform.messaging.models import Delivery
from judging.models import Score
from proposals.models import GalleryImage, Invitation, JoinRequest, Proposal, ProposalMember, RoleApplication, Support
from tests.conftest import PASSWORD, make_user
from tests.images import image_bytes
from tests.judging.results_world import world  # noqa: F401
from tests.projects.datarights_world import EMAIL, NAME, person  # noqa: F401

DELETE = reverse("accounts:account_delete")


def former_member() -> str:
    """The pseudonym's words, in the site's language (whatever the catalogue says)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Former member")


def delete(client, user, **data):
    client.force_login(user)
    return client.post(DELETE, data or {"password": PASSWORD})


def pages_and_exports(scene) -> list[str]:
    """Every page and export of the call an organizer reads, plus the public proposal page."""
    slug, round_ = scene["challenge"].slug, scene["round"]
    organizer = Client()
    organizer.force_login(scene["organizer"])
    urls = [
        reverse("proposals:detail", args=[scene["proposals"][0].pk]),
        reverse("call_proposals:export", args=[slug, "csv"]),
        reverse("call_proposals:export_other", args=[slug, "team", "csv"]),
        reverse("call_proposals:export_other", args=[slug, "applications", "csv"]),
        reverse("judging:record", args=[round_.pk]),
        reverse("judging:record_csv", args=[round_.pk]),
        reverse("judging:record_json", args=[round_.pk]),
        reverse("judging:reviews_export", args=[round_.pk, "csv"]),
        reverse("judging:results", args=[round_.pk]),
    ]
    texts = []
    for url in urls:
        response = organizer.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts.append(body.decode("utf-8-sig"))
    return texts


@pytest.fixture
def deleted(client, person):  # noqa: F811
    rosa = person["person"]
    before = pages_and_exports(person)
    assert any(NAME in text for text in before)  # a check that can fail: her name is there until she goes
    response = delete(client, rosa)
    assert response.status_code == 302
    rosa.refresh_from_db()
    return {**person, "client": client}


class TestTheDeletedPerson:
    def test_can_no_longer_sign_in(self, deleted):
        assert Client().login(email=EMAIL, password=PASSWORD) is False
        response = Client().post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
        assert SESSION_KEY not in response.wsgi_request.session

    def test_is_signed_out_and_their_other_sessions_no_longer_work(self, person, client):  # noqa: F811
        elsewhere = Client()
        elsewhere.force_login(person["person"])
        delete(client, person["person"])
        assert SESSION_KEY not in client.session
        assert elsewhere.get(reverse("accounts:profile_edit")).status_code == 302

    def test_keeps_no_name_nor_address(self, deleted):
        rosa = User.objects.get(pk=deleted["person"].pk)
        assert NAME not in rosa.full_name
        assert rosa.email != EMAIL and rosa.email.endswith("@deleted.invalid")
        assert (rosa.is_active, rosa.has_usable_password(), rosa.deleted_at is not None) == (False, False, True)
        assert rosa.profile.bio == "" and rosa.profile.is_public is False and rosa.profile.contact_consent is False
        assert not rosa.emailaddress_set.exists()

    def test_their_own_data_are_gone(self, deleted):
        rosa = deleted["person"]
        assert not Notification.objects.filter(user=rosa).exists()
        assert not Delivery.objects.filter(user=rosa).exists()
        assert not JoinRequest.objects.filter(user=rosa).exists()
        assert not RoleApplication.objects.filter(applicant=rosa).exists()
        assert not Invitation.objects.filter(email__iexact=EMAIL).exists()
        assert not rosa.follows.exists()
        assert not rosa.policy_acceptances.exists()

    def test_drafts_written_alone_go_and_shared_drafts_lose_them(self, deleted):
        assert not Proposal.objects.filter(pk=deleted["draft"].pk).exists()
        assert list(deleted["shared_draft"].members.values_list("user__email", flat=True)) == ["lead2@example.org"]

    def test_a_submitted_proposal_keeps_its_team_with_a_former_member(self, deleted):
        team = ProposalMember.objects.filter(proposal=deleted["proposals"][0]).order_by("pk")
        assert [member.role for member in team] == ["lead", "member"]
        assert team[1].user.full_name.startswith(former_member())

    def test_their_support_still_counts(self, deleted):
        assert Support.objects.filter(proposal=deleted["proposals"][1]).count() == 1

    def test_no_page_nor_export_shows_their_name_or_address(self, deleted):
        for text in pages_and_exports(deleted):
            assert NAME not in text
            assert EMAIL not in text

    def test_the_audit_keeps_the_action_without_the_name(self, deleted):
        entry = AuditLogEntry.objects.get(action="account.deleted")
        assert entry.object_id == deleted["person"].pk
        assert NAME not in str(entry.data) and EMAIL not in str(entry.data)


def test_the_audit_trail_forgets_the_address_it_quoted(client, world):  # noqa: F811
    jana = world["jurors"]["jana"]
    audit_log(world["round"], "round.juror_invited", actor=world["organizer"], juror=jana.pk, email="JANA@example.org")
    delete(client, jana.user)
    entry = AuditLogEntry.objects.get(action="round.juror_invited")
    assert entry.data == {"juror": jana.pk, "email": ""}
    assert entry.actor == world["organizer"]


def test_a_jurors_scores_stay_in_the_record_under_a_pseudonym(client, world):  # noqa: F811
    jana = world["jurors"]["jana"].user
    scores = Score.objects.count()
    record = Client()
    record.force_login(world["organizer"])
    url = reverse("judging:record_csv", args=[world["round"].pk])
    before = b"".join(record.get(url).streaming_content).decode()
    assert "Jana" in before

    delete(client, jana)

    after = b"".join(record.get(url).streaming_content).decode()
    assert Score.objects.count() == scores
    assert "Jana" not in after and "jana@example.org" not in after
    pseudonym = User.objects.get(pk=jana.pk).full_name
    assert pseudonym.startswith(former_member()) and pseudonym in after
    assert len(before.splitlines()) == len(after.splitlines())


def test_a_juror_leaving_a_running_round_releases_the_reviews_not_yet_scored(client, world):  # noqa: F811
    julia = world["jurors"]["julia"]  # scored three proposals, Proposal 4 still to do
    delete(client, julia.user)
    julia.refresh_from_db()
    assert julia.status == "revoked"
    assert sorted(julia.assignments.values_list("proposal__title", flat=True)) == [
        "Proposal 1",
        "Proposal 2",
        "Proposal 3",
    ]
    assert Score.objects.filter(assignment__juror=julia).count() == 6


def test_two_former_jurors_stay_apart(client, world):  # noqa: F811
    for name in ("jana", "jorge"):
        delete(Client(), world["jurors"][name].user)
    names = {User.objects.get(pk=world["jurors"][name].user.pk).full_name for name in ("jana", "jorge")}
    assert len(names) == 2


class TestTheLeadOfATeam:
    def test_hands_over_first(self, client, english_client, person):  # noqa: F811
        lead = person["leads"][0]  # Proposal 1's team has Rosa too
        english_client.force_login(lead)
        page = english_client.get(DELETE).content.decode()
        assert "hand the lead over first" in page
        assert reverse("proposals:team", args=[person["proposals"][0].pk]) in page
        assert 'name="password"' not in page

        english_client.post(DELETE, {"password": PASSWORD})
        lead.refresh_from_db()
        assert lead.is_active and lead.deleted_at is None

    def test_alone_in_a_submitted_team_may_go_and_the_proposal_stays(self, client, person):  # noqa: F811
        lead = person["leads"][1]  # alone in Proposal 2's team; Proposal 2's shared draft has Rosa
        ProposalMember.objects.filter(proposal=person["shared_draft"], user=person["person"]).delete()
        assert delete(client, lead).status_code == 302
        assert ProposalMember.objects.filter(proposal=person["proposals"][1], user=lead).exists()


class TestTheConfirmation:
    def test_a_wrong_password_deletes_nothing(self, english_client, person):  # noqa: F811
        english_client.force_login(person["person"])
        response = english_client.post(DELETE, {"password": "not-it"})
        assert response.status_code == 200
        assert "That is not your password." in response.content.decode()
        assert User.objects.get(pk=person["person"].pk).full_name == NAME

    def test_without_a_password_the_address_is_typed_again(self, english_client, db):
        user = make_user("code-only@example.org", full_name="Solo Código")
        user.set_unusable_password()
        user.save()
        english_client.force_login(user)
        assert english_client.post(DELETE, {"email": "other@example.org"}).status_code == 200
        assert User.objects.get(pk=user.pk).is_active
        assert english_client.post(DELETE, {"email": "CODE-ONLY@example.org"}).status_code == 302
        assert not User.objects.get(pk=user.pk).is_active


@pytest.mark.parametrize("name", ["accounts:account_delete", "accounts:data_export"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_people_are_asked_to_sign_in(client, db, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_address_is_free_to_sign_up_again(client, deleted):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Rosa de nuevo",
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_policies": "on",
        },
    )
    fresh = User.objects.get(email=EMAIL)
    assert fresh.pk != deleted["person"].pk and fresh.full_name == "Rosa de nuevo"
    assert not ProposalMember.objects.filter(user=fresh).exists()


def test_a_draft_deleted_with_the_account_takes_its_photos_with_it(person, django_capture_on_commit_callbacks):  # noqa: F811
    """Its cover and gallery photos are public media: they go with the draft, after the commit."""
    draft = person["draft"]
    draft.cover.save("cover.png", ContentFile(image_bytes()), save=True)
    photo = GalleryImage.objects.create(proposal=draft, alt_text="Huerto", image="x.png", thumbnail="x-t.png")
    photo.image.save("photo.png", ContentFile(image_bytes()), save=False)
    photo.thumbnail.save("photo-t.png", ContentFile(image_bytes()), save=True)
    paths = [Path(draft.cover.path), Path(photo.image.path), Path(photo.thumbnail.path)]
    assert all(path.exists() for path in paths)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=person["person"])

    assert not [path for path in paths if path.exists()]
