"""The jury page of a round and the page behind an invitation's link."""

import pytest
from django.core import mail
from django.urls import reverse

from judging.models import Conflict, Juror
from judging.services.jury import jury_invite
from proposals.models import ProposalMember
from tests.conftest import make_user
from tests.judging import rounds_world
from tests.judging.rounds_world import DAY, add_juror, add_proposal

english = rounds_world.english
world = rounds_world.world
client = rounds_world.client


@pytest.fixture
def organizer_client(client, world):
    client.force_login(world["organizer"])
    return client


def messages_of(response, level="success") -> list[str]:
    return [message.message for message in response.context["messages"] if message.level_tag == level]


def jury_url(world, name="judging:jury", *args):
    return reverse(name, args=[world["round"].pk, *args])


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return jury_invite(round_=world["round"], actor=world["organizer"], email="jurado@example.org", max_load=6)


def test_an_invitation_is_sent_from_the_jury_page(organizer_client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            jury_url(world), {"email": "jurado@example.org", "max_load": "6", "expertise": "agua, riego"}
        )

    assert response.status_code == 302
    juror = Juror.objects.get()
    assert (juror.max_load, juror.expertise) == (6, ["agua", "riego"])
    assert len(mail.outbox) == 1
    page = organizer_client.get(jury_url(world))
    assert messages_of(page) == ["An invitation was sent to jurado@example.org."]
    html = page.content.decode()
    assert "jurado@example.org" in html and "Invited" in html and "0 of at most 6 (0 done)" in html


def test_a_refused_invitation_keeps_the_input(organizer_client, world, invited):
    response = organizer_client.post(jury_url(world), {"email": "jurado@example.org", "max_load": "3"})

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "This person was already invited; re-send the invitation from the jury list instead."
    ]
    assert 'value="3"' in response.content.decode()
    assert list(Juror.objects.values_list("email", "max_load")) == [(invited.email, invited.max_load)]


def test_an_invitation_is_sent_again_and_withdrawn(
    organizer_client, world, invited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(jury_url(world, "judging:juror_resend", invited.pk))
    confirm = organizer_client.get(jury_url(world, "judging:juror_revoke", invited.pk))
    response = organizer_client.post(jury_url(world, "judging:juror_revoke", invited.pk))

    assert len(mail.outbox) == 2
    assert "The invitation's link will stop working." in confirm.content.decode()
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == "revoked"


def test_load_and_expertise_are_edited(organizer_client, world, invited):
    url = jury_url(world, "judging:juror_edit", invited.pk)

    assert 'value="6"' in organizer_client.get(url).content.decode()
    assert organizer_client.post(url, {"max_load": "0", "expertise": ""}).status_code == 400
    response = organizer_client.post(url, {"max_load": "9", "expertise": "Salud"})

    assert response.status_code == 302
    invited.refresh_from_db()
    assert (invited.max_load, invited.expertise) == (9, ["salud"])


def test_conflicts_are_computed_from_the_jury_page(organizer_client, world):
    juror = add_juror(world["round"], make_user("juana@example.org"))
    proposal = add_proposal(world["challenge"], make_user("lead@example.org"))
    ProposalMember.objects.create(proposal=proposal, user=juror.user)

    response = organizer_client.post(jury_url(world, "judging:conflicts_refresh"), follow=True)

    assert messages_of(response) == ["Conflicts of interest are up to date: 1 pair(s) are excluded."]
    assert Conflict.objects.get().kind == "team"


def test_the_jury_pages_are_for_the_challenge_organizers(client, world, invited):
    client.force_login(world["outsider"])

    assert client.get(jury_url(world)).status_code == 403
    assert client.post(jury_url(world, "judging:juror_revoke", invited.pk)).status_code == 403
    assert client.post(jury_url(world), {"email": "x@example.org", "max_load": "3"}).status_code == 403
    invited.refresh_from_db()
    assert invited.status == "invited"


@pytest.mark.parametrize("size", [1, 3])
def test_the_jury_list_query_count_does_not_grow(organizer_client, world, size, django_assert_max_num_queries):
    for n in range(size):
        add_juror(world["round"], make_user(f"juror{n}@example.org"), expertise=["agua"])

    with django_assert_max_num_queries(7):
        response = organizer_client.get(jury_url(world))

    assert len(response.context["page"].object_list) == size


def test_anyone_with_the_link_sees_the_invitation_and_is_asked_to_log_in(client, invited):
    response = client.get(reverse("judging:invitation", args=[invited.token]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Lab Cusco invites you to the jury of the round “Preselection” of Reto Jurado." in html
    assert "Log in, or create an account, with the address jurado@example.org to answer." in html


def test_an_unknown_link_is_not_found(client, db):
    assert client.get(reverse("judging:invitation", args=["nope"])).status_code == 404


def test_the_invited_person_accepts(client, invited):
    jurado = make_user("jurado@example.org")
    client.force_login(jurado)
    url = reverse("judging:invitation", args=[invited.token])

    page = client.get(url).content.decode()
    assert "Join the jury" in page
    assert 'href="/judging/mine/"' not in page  # no seat yet: no link in the header
    response = client.post(url, {"answer": "accept"}, follow=True)

    assert response.redirect_chain == [(reverse("judging:mine"), 302)]
    assert messages_of(response) == ["Welcome to the jury of “Preselection”."]
    invited.refresh_from_db()
    assert (invited.status, invited.user) == ("active", jurado)
    assert 'href="/judging/mine/" aria-current="page">My reviews</a>' in response.content.decode()


def test_a_juror_finds_the_link_to_their_reviews_after_signing_in_again(client, invited):
    jurado = make_user("jurado@example.org")
    client.force_login(jurado)
    client.post(reverse("judging:invitation", args=[invited.token]), {"answer": "accept"})
    client.logout()

    client.force_login(jurado)

    assert '<a href="/judging/mine/">My reviews</a>' in client.get(reverse("challenges:list")).content.decode()


def test_the_invited_person_declines(client, invited):
    client.force_login(make_user("jurado@example.org"))

    client.post(reverse("judging:invitation", args=[invited.token]), {"answer": "decline"})

    invited.refresh_from_db()
    assert invited.status == "declined"


def test_someone_else_is_told_why_they_cannot_accept(client, invited, citizen):
    client.force_login(citizen)

    response = client.post(reverse("judging:invitation", args=[invited.token]), {"answer": "accept"}, follow=True)

    assert messages_of(response, "error")[0].startswith("This invitation was sent to another e-mail address.")
    invited.refresh_from_db()
    assert invited.status == "invited"


def test_someone_else_is_told_which_address_to_use_before_answering(client, invited, citizen):
    client.force_login(citizen)

    html = client.get(reverse("judging:invitation", args=[invited.token])).content.decode()

    assert "This invitation was sent to jurado@example.org. Log in with that address" in html
    assert 'value="accept"' not in html


def test_an_unverified_account_is_asked_to_verify_first(client, invited):
    client.force_login(make_user("jurado@example.org", verified=False))
    url = reverse("judging:invitation", args=[invited.token])

    page = client.get(url).content.decode()
    response = client.post(url, {"answer": "accept"}, follow=True)

    assert "Verify your e-mail address</a> to answer this invitation." in page
    assert messages_of(response, "error") == ["Verify your e-mail address before answering an invitation."]


def test_an_expired_invitation_says_so(client, world, invited):
    Juror.objects.filter(pk=invited.pk).update(expires_at=world["now"] - DAY)
    client.force_login(make_user("jurado@example.org"))

    html = client.get(reverse("judging:invitation", args=[invited.token])).content.decode()

    assert "This invitation has expired. Ask the organizers to send it again." in html
    assert "Join the jury" not in html
