"""Services of the collaborator call: roles, applications, decisions, ratings and matching."""

import pytest
from django.core import mail

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.models import AuditLogEntry
from proposals.models import ApplicationStatus, MemberRole, ProposalMember, RoleApplication, RoleSlot
from proposals.services.roles import (
    collaborators_match,
    role_application_decide,
    role_application_rate,
    role_application_withdraw,
    role_apply,
    role_preference_move,
    role_preferences_reorder,
    role_slot_close,
    role_slot_delete,
    role_slot_reopen,
    role_slot_save,
)
from tests.conftest import make_user
from tests.proposals import roles_world
from tests.proposals.roles_world import DAY, make_selected

pytestmark = pytest.mark.django_db
english = roles_world.english
world = roles_world.world


def apply(world, slot=None, applicant=None, **kwargs):
    kwargs.setdefault("motivation", "Sé diseñar con CAD.")
    return role_apply(slot=slot or world["slot"], applicant=applicant or world["applicant"], **kwargs)


def actions():
    return list(AuditLogEntry.objects.order_by("pk").values_list("action", flat=True))


# Roles


def test_role_slot_save_creates_and_updates(world):
    slot = role_slot_save(
        proposal=world["proposal"], actor=world["lead"], title="Cocinero", skills=[" cocina ", "cocina", ""], slots=3
    )
    assert (slot.title, slot.skills, slot.slots, slot.is_open) == ("Cocinero", ["cocina"], 3, True)
    role_slot_save(proposal=world["proposal"], actor=world["lead"], slot=slot, title="Chef", slots=1)
    slot.refresh_from_db()
    assert (slot.title, slot.slots) == ("Chef", 1)
    assert actions() == ["role.created", "role.updated"]


def test_role_slot_save_refuses_a_proposal_not_selected(world):
    world["proposal"].status = "submitted"
    with pytest.raises(ApplicationError, match="Only selected proposals"):
        role_slot_save(proposal=world["proposal"], actor=world["lead"], title="Cocinero")
    assert RoleSlot.objects.count() == 1


def test_role_slot_save_refuses_fewer_places_than_filled(world):
    ProposalMember.objects.create(
        proposal=world["proposal"], user=world["applicant"], role=MemberRole.COLLABORATOR, slot=world["slot"]
    )
    ProposalMember.objects.create(
        proposal=world["proposal"], user=world["other"], role=MemberRole.COLLABORATOR, slot=world["slot"]
    )
    with pytest.raises(ApplicationError, match="2 place") as error:
        role_slot_save(proposal=world["proposal"], actor=world["lead"], slot=world["slot"], title="X", slots=1)
    assert error.value.field == "slots"
    world["slot"].refresh_from_db()
    assert world["slot"].slots == 2


def test_close_and_reopen(world):
    role_slot_close(slot=world["slot"], actor=world["lead"])
    world["slot"].refresh_from_db()
    assert world["slot"].is_open is False
    role_slot_reopen(slot=world["slot"], actor=world["lead"])
    world["slot"].refresh_from_db()
    assert world["slot"].is_open is True
    assert actions() == ["role.closed", "role.reopened"]


def test_delete_only_without_accepted_collaborators(world):
    application = apply(world)
    role_application_decide(application=application, actor=world["lead"], decision="accept")
    with pytest.raises(ApplicationError, match="close it instead"):
        role_slot_delete(slot=world["slot"], actor=world["lead"])
    free = RoleSlot.objects.create(proposal=world["proposal"], title="Libre")
    role_slot_delete(slot=free, actor=world["lead"])
    assert list(RoleSlot.objects.values_list("title", flat=True)) == ["Diseñadora"]
    assert actions()[-1] == "role.deleted"


# Applying


def test_apply_ranks_each_application_next(world):
    second = RoleSlot.objects.create(proposal=world["proposal"], title="Cocinero")
    first = apply(world, links=["https://ana.example.org", " "])
    other = apply(world, slot=second)
    assert (first.preference, other.preference) == (1, 2)
    assert first.links == ["https://ana.example.org"]
    assert first.status == ApplicationStatus.PENDING
    assert actions() == ["application.created", "application.created"]


def test_apply_refused_outside_the_call(world):
    with pytest.raises(ApplicationError, match="no longer possible"):
        apply(world, now=world["now"] + 10 * DAY)
    with pytest.raises(ApplicationError, match="not possible to apply to a team role yet"):
        apply(world, now=world["now"] - 2 * DAY)
    assert RoleApplication.objects.count() == 0


def test_apply_twice_says_so(world):
    apply(world)
    with pytest.raises(ApplicationError, match="already applied"):
        apply(world)
    assert RoleApplication.objects.count() == 1


def test_apply_refused_to_a_closed_or_full_role(world):
    role_slot_close(slot=world["slot"], actor=world["lead"])
    with pytest.raises(ApplicationError, match="no longer accepts"):
        apply(world)
    role_slot_reopen(slot=world["slot"], actor=world["lead"])
    for email in ("x1@example.org", "x2@example.org"):
        ProposalMember.objects.create(
            proposal=world["proposal"], user=make_user(email), role=MemberRole.COLLABORATOR, slot=world["slot"]
        )
    with pytest.raises(ApplicationError, match="full"):
        apply(world)


def test_apply_refused_to_the_own_team(world):
    with pytest.raises(ApplicationError, match="already in this team"):
        apply(world, applicant=world["co_author"])


def test_apply_refused_to_a_proposal_not_selected(world):
    world["proposal"].status = "waitlisted"
    world["proposal"].save()
    with pytest.raises(ApplicationError, match="does not look for collaborators"):
        apply(world)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://files.example.org", "not a link"])
def test_apply_refuses_links_that_are_not_web_addresses(world, link):
    with pytest.raises(ApplicationError, match="not a web address") as error:
        apply(world, links=[link])
    assert error.value.field == "links"


def test_apply_needs_a_motivation(world):
    with pytest.raises(ApplicationError) as error:
        apply(world, motivation="   ")
    assert error.value.field == "motivation"


# The applicant's ranking


def test_reorder_and_move(world):
    slots = [world["slot"]] + [RoleSlot.objects.create(proposal=world["proposal"], title=f"R{i}") for i in (2, 3)]
    applications = [apply(world, slot=slot) for slot in slots]
    ids = [application.pk for application in applications]
    role_preferences_reorder(applicant=world["applicant"], challenge=world["challenge"], ordered_ids=ids[::-1])
    assert _ranks(ids) == [3, 2, 1]
    role_preference_move(application=applications[0], actor=world["applicant"], up=True)
    assert _ranks(ids) == [2, 3, 1]


def test_reorder_refuses_a_stale_list(world):
    application = apply(world)
    with pytest.raises(ApplicationError, match="reload"):
        role_preferences_reorder(
            applicant=world["applicant"], challenge=world["challenge"], ordered_ids=[application.pk, 999]
        )


def test_move_refused_to_someone_else(world):
    application = apply(world)
    with pytest.raises(ApplicationError, match="Only the applicant"):
        role_preference_move(application=application, actor=world["other"], up=False)


def test_withdraw_closes_the_gap(world):
    second = RoleSlot.objects.create(proposal=world["proposal"], title="Cocinero")
    first, other = apply(world), apply(world, slot=second)
    role_application_withdraw(application=first, actor=world["applicant"])
    first.refresh_from_db()
    other.refresh_from_db()
    assert (first.status, other.preference) == (ApplicationStatus.WITHDRAWN, 1)
    with pytest.raises(ApplicationError, match="already answered or withdrawn"):
        role_application_withdraw(application=first, actor=world["applicant"])


def test_withdraw_refused_to_someone_else(world):
    application = apply(world)
    with pytest.raises(ApplicationError, match="Only the applicant"):
        role_application_withdraw(application=application, actor=world["lead"])


# Decisions


def test_accept_adds_a_collaborator_withdraws_other_applications_and_emails(world, django_capture_on_commit_callbacks):
    other_proposal = make_selected(world["challenge"], "Agua", make_user("l2@example.org"), number=2)
    elsewhere = RoleSlot.objects.create(proposal=other_proposal, title="Hidróloga")
    application, second = apply(world), apply(world, slot=elsewhere)
    with django_capture_on_commit_callbacks(execute=True):
        role_application_decide(application=application, actor=world["lead"], decision="accept", rating=5)
    member = ProposalMember.objects.get(proposal=world["proposal"], user=world["applicant"])
    assert (member.role, member.slot_id) == (MemberRole.COLLABORATOR, world["slot"].pk)
    application.refresh_from_db()
    second.refresh_from_db()
    assert (application.status, application.rating, application.decided_by) == ("accepted", 5, world["lead"])
    assert second.status == ApplicationStatus.WITHDRAWN
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "Diseñadora" in mail.outbox[0].subject
    assert "team.collaborator_joined" in actions()
    # One role per person: no new application in the challenge after being accepted.
    third = RoleSlot.objects.create(proposal=other_proposal, title="Cocinera")
    with pytest.raises(ApplicationError, match="one role per person"):
        apply(world, slot=third)


def test_accept_refused_when_the_role_is_full(world):
    world["slot"].slots = 1
    world["slot"].save()
    first, second = apply(world), apply(world, applicant=world["other"])
    role_application_decide(application=first, actor=world["lead"], decision="accept")
    with pytest.raises(ApplicationError, match="full"):
        role_application_decide(application=second, actor=world["lead"], decision="accept")
    second.refresh_from_db()
    assert second.status == ApplicationStatus.PENDING
    assert ProposalMember.objects.filter(slot=world["slot"]).count() == 1


def test_decide_twice_is_refused(world):
    application = apply(world)
    role_application_decide(application=application, actor=world["lead"], decision="decline")
    with pytest.raises(ApplicationError, match="already answered"):
        role_application_decide(application=application, actor=world["lead"], decision="accept")
    assert not ProposalMember.objects.filter(user=world["applicant"]).exists()


def test_decline_emails_and_shortlist_does_not(world, django_capture_on_commit_callbacks):
    application = apply(world)
    with django_capture_on_commit_callbacks(execute=True):
        role_application_decide(application=application, actor=world["lead"], decision="shortlist")
    assert (RoleApplication.objects.get().status, len(mail.outbox)) == ("shortlisted", 0)
    with django_capture_on_commit_callbacks(execute=True):
        role_application_decide(application=application, actor=world["lead"], decision="decline")
    assert RoleApplication.objects.get().status == "declined"
    assert len(mail.outbox) == 1
    assert "no te eligió" in mail.outbox[0].body  # e-mails go in the default language


def test_decide_refuses_an_unknown_decision(world):
    with pytest.raises(ApplicationError, match="shortlist, accept or decline"):
        role_application_decide(application=apply(world), actor=world["lead"], decision="maybe")


def test_rate(world):
    application = apply(world)
    role_application_rate(application=application, actor=world["lead"], rating=4)
    assert RoleApplication.objects.get().rating == 4
    for rating in (0, 6):
        with pytest.raises(ApplicationError, match="1 to 5"):
            role_application_rate(application=application, actor=world["lead"], rating=rating)
    role_application_decide(application=application, actor=world["lead"], decision="decline")
    with pytest.raises(ApplicationError, match="declined or withdrawn"):
        role_application_rate(application=application, actor=world["lead"], rating=2)
    assert RoleApplication.objects.get().rating == 4


# Matching, end to end


def test_match_proposes_and_replaces_previous_proposals(world):
    other_proposal = make_selected(world["challenge"], "Agua", make_user("l2@example.org"), number=2)
    hydro = RoleSlot.objects.create(proposal=other_proposal, title="Hidróloga", slots=1)
    world["slot"].slots = 1
    world["slot"].save()
    third = make_user("caro@example.org")
    # Ana: design first, hydro second. Beto: design only, rated higher. Caro: hydro only, rated low.
    ana_design, ana_hydro = apply(world), apply(world, slot=hydro)
    beto = apply(world, applicant=world["other"])
    caro = apply(world, slot=hydro, applicant=third)
    role_application_rate(application=beto, actor=world["lead"], rating=5)
    role_application_rate(application=caro, actor=world["lead"], rating=1)
    result = collaborators_match(challenge=world["challenge"], actor=world["organizer"])
    assert sorted(c.application_id for c in result.assigned) == sorted([beto.pk, ana_hydro.pk])
    assert result.unassigned_applicants == [third.pk]
    assert result.unfilled == {}
    statuses = dict(RoleApplication.objects.values_list("pk", "status"))
    assert statuses == {ana_design.pk: "pending", ana_hydro.pk: "proposed", beto.pk: "proposed", caro.pk: "pending"}
    # Beto withdraws: running again gives the design place to Ana and the hydro place to Caro.
    role_application_withdraw(application=beto, actor=world["other"])
    collaborators_match(challenge=world["challenge"], actor=world["organizer"])
    statuses = dict(RoleApplication.objects.values_list("pk", "status"))
    assert statuses[ana_design.pk] == "proposed"
    assert statuses[ana_hydro.pk] == "pending"
    assert statuses[caro.pk] == "proposed"
    assert actions().count("collaborators.matched") == 2


def test_match_leaves_full_and_closed_roles_alone(world):
    closed = RoleSlot.objects.create(proposal=world["proposal"], title="Cerrado", is_open=False)
    application = apply(world)
    RoleApplication.objects.create(slot=closed, applicant=world["other"], motivation="x")
    result = collaborators_match(challenge=world["challenge"], actor=world["organizer"])
    assert [c.application_id for c in result.assigned] == [application.pk]
    assert result.unfilled == {world["slot"].pk: 1}
    assert RoleApplication.objects.get(slot=closed).status == "pending"


def test_a_proposed_application_is_confirmed_by_accepting(world):
    application = apply(world)
    collaborators_match(challenge=world["challenge"], actor=world["organizer"])
    role_application_decide(application=application, actor=world["lead"], decision="accept")
    assert RoleApplication.objects.get().status == "accepted"


def test_motivation_is_rendered_escaped(world, client):
    apply(world, motivation="<script>alert('x')</script>", links=["https://ana.example.org/?a=<b>"])
    client.force_login(world["lead"])
    html = client.get(f"/proposals/{world['proposal'].pk}/roles/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def _ranks(ids):
    ranks = dict(RoleApplication.objects.values_list("pk", "preference"))
    return [ranks[pk] for pk in ids]
