"""Pages of the collaborator call: status codes, messages, input kept, and bounded queries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from innovation_platform.live import groups
from innovation_platform.live.models import LiveEvent
from proposals.models import ApplicationStatus, MemberRole, ProposalMember, RoleApplication, RoleSlot
from tests.conftest import make_user
from tests.proposals import roles_world
from tests.proposals.roles_world import DAY, make_selected

pytestmark = pytest.mark.django_db
english = roles_world.english
world = roles_world.world


@pytest.fixture
def client(client):
    """Pages in English, the language of the code."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def add_roles(world, count: int) -> list[RoleSlot]:
    """`count` selected proposals, each with an open role and an application to it."""
    slots = []
    for index in range(count):
        lead = make_user(f"lead{index}@example.org")
        proposal = make_selected(world["challenge"], f"Propuesta {index}", lead, number=10 + index)
        slot = RoleSlot.objects.create(proposal=proposal, title=f"Rol {index}", skills=["CAD"], slots=2)
        RoleApplication.objects.create(slot=slot, applicant=world["applicant"], motivation="m", preference=index + 1)
        slots.append(slot)
    return slots


# Public list


def test_public_list_shows_open_roles_of_selected_proposals(world, client):
    RoleSlot.objects.create(proposal=world["proposal"], title="Cerrado", is_open=False)
    not_selected = make_selected(
        world["challenge"], "Enviada", make_user("x@example.org"), number=2, status="submitted"
    )
    RoleSlot.objects.create(proposal=not_selected, title="Invisible")
    response = client.get(reverse("proposals:challenge_roles", args=["reto-roles"]))
    assert response.status_code == 200
    assert [slot.title for slot in response.context["page"].object_list] == ["Diseñadora"]
    assert response.context["page"].object_list[0].places_left == 2
    assert response.context["skills"] == ["CAD", "prototipado"]
    assert reverse("proposals:role_apply", args=[world["slot"].pk]) in response.content.decode()


def test_public_list_filters_by_skill(world, client):
    RoleSlot.objects.create(proposal=world["proposal"], title="Cocinero", skills=["cocina"])
    url = reverse("proposals:challenge_roles", args=["reto-roles"])
    assert [s.title for s in client.get(url, {"skill": "COCINA"}).context["page"].object_list] == ["Cocinero"]
    assert [s.title for s in client.get(url, {"skill": "cad"}).context["page"].object_list] == ["Diseñadora"]


def test_public_list_of_a_draft_challenge_is_404(world, client):
    world["challenge"].visibility = "draft"
    world["challenge"].save()
    assert client.get(reverse("proposals:challenge_roles", args=["reto-roles"])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_public_list_queries_are_bounded(world, client, django_assert_max_num_queries, count):
    add_roles(world, count)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("proposals:challenge_roles", args=["reto-roles"]))
    assert len(response.context["page"].object_list) == count + 1


# Applying


def test_apply_sends_the_application(world, client):
    client.force_login(world["applicant"])
    url = reverse("proposals:role_apply", args=[world["slot"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"motivation": "Diseño con CAD", "links": "https://ana.example.org\n"})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:my_applications")
    application = RoleApplication.objects.get()
    assert (application.motivation, application.links) == ("Diseño con CAD", ["https://ana.example.org"])


def test_apply_keeps_the_input_on_error(world, client):
    client.force_login(world["applicant"])
    response = client.post(
        reverse("proposals:role_apply", args=[world["slot"].pk]),
        {"motivation": "Mi motivación escrita", "links": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "not a web address" in str(response.context["form"].errors["links"])
    html = response.content.decode()
    assert "Mi motivación escrita" in html
    assert "javascript:alert(1)" in html
    assert RoleApplication.objects.count() == 0


def test_apply_says_when_the_call_is_closed(world, client):
    world["challenge"].phases.update(starts_at=world["now"] - 9 * DAY, ends_at=world["now"] - DAY)
    client.force_login(world["applicant"])
    url = reverse("proposals:role_apply", args=[world["slot"].pk])
    response = client.get(url)
    assert "no longer possible to apply" in response.context["refusal"]
    assert "<textarea" not in response.content.decode()
    response = client.post(url, {"motivation": "Quiero", "links": ""})
    assert "no longer possible to apply" in str(response.context["form"].non_field_errors())
    assert "Quiero" in response.content.decode()


def test_apply_says_when_the_role_is_full(world, client):
    for email in ("f1@example.org", "f2@example.org"):
        ProposalMember.objects.create(
            proposal=world["proposal"], user=make_user(email), role=MemberRole.COLLABORATOR, slot=world["slot"]
        )
    client.force_login(world["applicant"])
    response = client.get(reverse("proposals:role_apply", args=[world["slot"].pk]))
    assert response.context["refusal"] == "This role is full."


def test_apply_tells_team_members_and_unverified_people_why_they_cannot(world, client):
    url = reverse("proposals:role_apply", args=[world["slot"].pk])
    client.force_login(world["co_author"])
    member_page = client.get(url)
    member_post = client.post(url, {"motivation": "x"})
    client.force_login(make_user("nv@example.org", verified=False))
    unverified_page = client.get(url)
    unverified_post = client.post(url, {"motivation": "x"})

    assert member_page.context["refusal"] == "You are already in this team."
    html = unverified_page.content.decode()
    assert 'href="/accounts/email/">Verify your e-mail address</a> to apply for this role.' in html
    assert "<textarea" not in html and "<textarea" not in member_page.content.decode()
    assert (member_post.status_code, unverified_post.status_code) == (403, 403)
    assert RoleApplication.objects.count() == 0


def test_apply_says_before_typing_what_the_application_would_refuse(world, client):
    """The page and the service give the same refusal: here, a second application to the same role."""
    RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m", preference=1)
    client.force_login(world["applicant"])
    url = reverse("proposals:role_apply", args=[world["slot"].pk])

    page = client.get(url)
    post = client.post(url, {"motivation": "Otra vez", "links": ""})

    refusal = "You have already applied to this role: see My applications."
    assert page.context["refusal"] == refusal
    assert "<textarea" not in page.content.decode()
    assert post.context["form"].non_field_errors() == [refusal]
    assert list(RoleApplication.objects.values_list("applicant", "motivation")) == [(world["applicant"].pk, "m")]


def test_apply_needs_login(world, client):
    response = client.get(reverse("proposals:role_apply", args=[world["slot"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]


# My applications


@pytest.mark.parametrize("count", [1, 3])
def test_my_applications_queries_are_bounded(world, client, django_assert_max_num_queries, count):
    add_roles(world, count)
    client.force_login(world["applicant"])
    with django_assert_max_num_queries(4):
        response = client.get(reverse("proposals:my_applications"))
    assert len(response.context["page"].object_list) == count


def test_move_and_withdraw(world, client):
    first, second = add_roles(world, 2)
    client.force_login(world["applicant"])
    application = RoleApplication.objects.get(slot=second)
    response = client.post(reverse("proposals:application_move", args=[application.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert dict(RoleApplication.objects.values_list("slot__title", "preference")) == {"Rol 0": 2, "Rol 1": 1}
    response = client.post(reverse("proposals:application_withdraw", args=[application.pk]))
    assert messages_of(response)[-1] == "Your application was withdrawn."
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    response = client.post(reverse("proposals:application_withdraw", args=[application.pk]))
    assert messages_of(response)[-1] == "This application was already answered or withdrawn."


def test_someone_elses_application_is_404(world, client):
    (slot,) = add_roles(world, 1)
    client.force_login(world["other"])
    application = RoleApplication.objects.get(slot=slot)
    assert client.post(reverse("proposals:application_withdraw", args=[application.pk])).status_code == 404


# The team's page


@pytest.mark.parametrize("count", [1, 3])
def test_team_page_queries_are_bounded(world, client, django_assert_max_num_queries, count):
    for index in range(count):
        RoleApplication.objects.create(slot=world["slot"], applicant=make_user(f"a{index}@example.org"), motivation="m")
    client.force_login(world["lead"])
    # 7: the team menu asks the rules whether this person may edit the texts (their verified address), once.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("proposals:team_roles", args=[world["proposal"].pk]))
    assert response.status_code == 200
    assert len(response.context["slots"][0].applications.all()) == count


def test_team_page_for_a_member_has_no_manage_controls(world, client):
    client.force_login(world["co_author"])
    response = client.get(reverse("proposals:team_roles", args=[world["proposal"].pk]))
    assert response.status_code == 200
    assert (response.context["can_manage"], response.context["can_decide"]) == (False, False)
    assert client.post(reverse("proposals:role_new", args=[world["proposal"].pk]), {"title": "x"}).status_code == 403
    assert list(RoleSlot.objects.values_list("title", flat=True)) == ["Diseñadora"]


def test_team_page_hidden_from_outsiders(world, client):
    client.force_login(world["other"])
    assert client.get(reverse("proposals:team_roles", args=[world["proposal"].pk])).status_code == 403


def test_lead_adds_edits_closes_and_deletes_a_role(world, client):
    client.force_login(world["lead"])
    pk = world["proposal"].pk
    response = client.post(
        reverse("proposals:role_new", args=[pk]), {"title": "Cocinera", "skills": "cocina, nutrición", "slots": 1}
    )
    assert response.status_code == 302
    slot = RoleSlot.objects.get(title="Cocinera")
    assert slot.skills == ["cocina", "nutrición"]
    response = client.post(reverse("proposals:role_edit", args=[slot.pk]), {"title": "Chef", "skills": "", "slots": 2})
    assert response.status_code == 302
    client.post(reverse("proposals:role_toggle", args=[slot.pk]))
    slot.refresh_from_db()
    assert (slot.title, slot.slots, slot.is_open) == ("Chef", 2, False)
    response = client.post(reverse("proposals:role_delete", args=[slot.pk]))
    assert messages_of(response)[-1] == "The role was deleted."
    assert not RoleSlot.objects.filter(pk=slot.pk).exists()


def test_role_form_errors_keep_the_input(world, client):
    client.force_login(world["lead"])
    ProposalMember.objects.create(
        proposal=world["proposal"], user=world["applicant"], role=MemberRole.COLLABORATOR, slot=world["slot"]
    )
    ProposalMember.objects.create(
        proposal=world["proposal"], user=world["other"], role=MemberRole.COLLABORATOR, slot=world["slot"]
    )
    response = client.post(
        reverse("proposals:role_edit", args=[world["slot"].pk]), {"title": "Nuevo título", "skills": "", "slots": 1}
    )
    assert response.status_code == 200
    assert "already filled" in str(response.context["form"].errors["slots"])
    assert 'value="Nuevo título"' in response.content.decode()


def test_lead_accepts_and_the_collaborator_joins(world, client):
    application = RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    client.force_login(world["lead"])
    response = client.post(reverse("proposals:application_decide", args=[application.pk]), {"decision": "accept"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#application-{application.pk}")
    assert messages_of(response)[-1] == "Ana Aplica: Accepted."
    assert ProposalMember.objects.get(user=world["applicant"]).role == MemberRole.COLLABORATOR
    response = client.post(reverse("proposals:application_decide", args=[application.pk]), {"decision": "decline"})
    assert messages_of(response)[-1] == "This application was already answered or withdrawn."


def test_rate_from_the_team_page(world, client):
    application = RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    client.force_login(world["lead"])
    client.post(reverse("proposals:application_rate", args=[application.pk]), {"rating": "4"})
    response = client.post(reverse("proposals:application_rate", args=[application.pk]), {"rating": "9"})
    assert messages_of(response)[-1] == "Rate from 1 to 5."
    application.refresh_from_db()
    assert application.rating == 4


def test_a_member_cannot_decide(world, client):
    application = RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    client.force_login(world["co_author"])
    response = client.post(reverse("proposals:application_decide", args=[application.pk]), {"decision": "accept"})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING


# Organizers


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_page_queries_are_bounded(world, client, django_assert_max_num_queries, count):
    add_roles(world, count)
    client.force_login(world["organizer"])
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:challenge_applications", args=["reto-roles"]))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
    assert dict(response.context["counts"])["Received"] == count


def test_organizer_page_filters(world, client):
    first, second = add_roles(world, 2)
    RoleApplication.objects.filter(slot=first).update(status="shortlisted")
    client.force_login(world["organizer"])
    url = reverse("proposals:challenge_applications", args=["reto-roles"])
    assert [a.slot for a in client.get(url, {"status": "shortlisted"}).context["page"]] == [first]
    assert [a.slot for a in client.get(url, {"proposal": second.proposal_id}).context["page"]] == [second]


def test_organizer_page_counts_follow_the_organizers_socket(world, client):
    challenge = world["challenge"]
    seen = LiveEvent.objects.create(group=groups.challenge_organizers(challenge.pk), type="application.received")
    LiveEvent.objects.create(group=groups.challenge(challenge.pk), type="phase.started")
    client.force_login(world["organizer"])
    html = client.get(reverse("proposals:challenge_applications", args=["reto-roles"])).content.decode()

    assert f'data-live-url="/ws/challenges/reto-roles/organizers/" data-live-last="{seen.pk}"' in html
    assert 'id="application-counts" data-live-refresh="application.received"' in html


def test_organizer_page_refused_to_others(world, client):
    RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    waiting = make_selected(
        world["challenge"], "En espera", make_user("w@example.org"), number=5, status="waitlisted", waitlist_position=1
    )
    url = reverse("proposals:challenge_applications", args=["reto-roles"])
    client.force_login(world["lead"])
    assert client.get(url).status_code == 403
    assert client.post(reverse("proposals:challenge_match", args=["reto-roles"])).status_code == 403
    assert client.post(reverse("proposals:challenge_promote", args=["reto-roles"])).status_code == 403
    assert RoleApplication.objects.get().status == ApplicationStatus.PENDING
    waiting.refresh_from_db()
    assert (waiting.status, waiting.waitlist_position) == ("waitlisted", 1)


def test_organizer_runs_the_matching_and_sees_the_report(world, client):
    RoleApplication.objects.create(slot=world["slot"], applicant=world["applicant"], motivation="m")
    client.force_login(world["organizer"])
    response = client.post(reverse("proposals:challenge_match", args=["reto-roles"]))
    assert response.status_code == 200
    report = response.context["report"]
    assert [a.applicant for a in report["assigned"]] == [world["applicant"]]
    assert report["unfilled"] == [(world["slot"], 1)]
    assert RoleApplication.objects.get().status == ApplicationStatus.PROPOSED
    assert "Matching report" in response.content.decode()


def test_organizer_sees_free_places_and_promotes(world, client):
    waiting = make_selected(
        world["challenge"], "En espera", make_user("w@example.org"), number=5, status="waitlisted", waitlist_position=1
    )
    client.force_login(world["organizer"])
    url = reverse("proposals:challenge_applications", args=["reto-roles"])
    html = client.get(url).content.decode()
    assert "1 selected of 2 places." in html
    assert "promote next from waitlist" in html
    response = client.post(reverse("proposals:challenge_promote", args=["reto-roles"]))
    assert messages_of(response)[-1] == "“En espera” moved from the waitlist to the selection."
    waiting.refresh_from_db()
    assert waiting.status == "selected"
    response = client.post(reverse("proposals:challenge_promote", args=["reto-roles"]))
    assert messages_of(response)[-1] == "All 2 selected places are taken: nothing to promote."
