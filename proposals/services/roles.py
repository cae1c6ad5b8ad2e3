"""The collaborator call: open roles of selected proposals, applications, decisions and matching.

Every action runs in a transaction and is audited; e-mails leave after the commit.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Challenge
from challenges.timeline import Action, ensure_allowed
from innovation_platform.accounts.models import User
from innovation_platform.core.audit import audit_log
from innovation_platform.core.errors import ApplicationError
from innovation_platform.live.models import NotificationKind
from innovation_platform.live.notifications import notify
from proposals import events
from proposals.matching import Candidate, Match, match
from proposals.models import (
    ApplicationStatus,
    MemberRole,
    Proposal,
    ProposalMember,
    ProposalStatus,
    RoleApplication,
    RoleSlot,
)
from proposals.selectors.teams import team_lead
from proposals.services.similar import proposal_terms_index
from proposals.services.teams import clean_skills
from proposals.tasks import email_application_decided

# Applications still waiting for an answer: they rank among the applicant's preferences.
ACTIVE = (ApplicationStatus.PENDING, ApplicationStatus.SHORTLISTED, ApplicationStatus.PROPOSED)
MAX_LINKS = 5


class Decision:
    SHORTLIST = "shortlist"
    ACCEPT = "accept"
    DECLINE = "decline"
    CHOICES = (SHORTLIST, ACCEPT, DECLINE)


def places_filled(slot: RoleSlot) -> int:
    return ProposalMember.objects.filter(slot=slot).count()


# Roles


@transaction.atomic
def role_slot_save(
    *,
    proposal: Proposal,
    actor: User,
    title: str,
    description: str = "",
    skills: list[str] = (),
    slots: int = 1,
    slot: RoleSlot | None = None,
) -> RoleSlot:
    """Create an open role of a selected proposal, or update `slot`; places never below those filled."""
    if proposal.status != ProposalStatus.SELECTED:
        raise ApplicationError(_("Only selected proposals publish open roles."))
    if slot is not None:
        filled = places_filled(slot)
        if slots < filled:
            raise ApplicationError(
                _("%(count)s place(s) of this role are already filled: keep at least that many.") % {"count": filled},
                field="slots",
            )
    if slots < 1:
        raise ApplicationError(_("A role has at least one place."), field="slots")
    skills = clean_skills(skills)
    if slot is None:
        slot = RoleSlot.objects.create(
            proposal=proposal, title=title, description=description, skills=skills, slots=slots
        )
        audit_log(slot, "role.created", actor=actor, proposal=proposal.pk, title=title, slots=slots)
    else:
        slot.title, slot.description, slot.skills, slot.slots = title, description, skills, slots
        slot.save(update_fields=["title", "description", "skills", "slots"])
        audit_log(slot, "role.updated", actor=actor, title=title, slots=slots)
    return slot


@transaction.atomic
def role_slot_set_open(*, slot: RoleSlot, actor: User, is_open: bool) -> RoleSlot:
    """Close a role to new applications, or reopen it; applications already received stay."""
    if slot.is_open != is_open:
        slot.is_open = is_open
        slot.save(update_fields=["is_open"])
        audit_log(slot, "role.reopened" if is_open else "role.closed", actor=actor)
    return slot


def role_slot_close(*, slot: RoleSlot, actor: User) -> RoleSlot:
    return role_slot_set_open(slot=slot, actor=actor, is_open=False)


def role_slot_reopen(*, slot: RoleSlot, actor: User) -> RoleSlot:
    return role_slot_set_open(slot=slot, actor=actor, is_open=True)


@transaction.atomic
def role_slot_delete(*, slot: RoleSlot, actor: User) -> None:
    """Delete a role nobody was accepted to (its applications go with it); otherwise close it."""
    if places_filled(slot) or slot.applications.filter(status=ApplicationStatus.ACCEPTED).exists():
        raise ApplicationError(_("Collaborators were accepted to this role: close it instead of deleting it."))
    audit_log(slot.proposal, "role.deleted", actor=actor, role=slot.pk, title=slot.title)
    slot.delete()


# Applications


def clean_links(links: list[str]) -> list[str]:
    """Non-empty lines, each an http(s) address; at most MAX_LINKS."""
    links = [link.strip() for link in links if link.strip()]
    if len(links) > MAX_LINKS:
        raise ApplicationError(_("Give at most %(count)s links.") % {"count": MAX_LINKS}, field="links")
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError:
            raise ApplicationError(
                _("“%(link)s” is not a web address starting with http:// or https://.") % {"link": link},
                field="links",
            ) from None
    return links


def _ensure_can_apply(slot: RoleSlot, applicant: User, *, now: datetime | None) -> None:
    proposal = slot.proposal
    challenge = proposal.challenge
    ensure_allowed(challenge, Action.APPLY_ROLE, now=now)
    if proposal.status != ProposalStatus.SELECTED or proposal.hidden_at is not None:
        raise ApplicationError(_("This proposal does not look for collaborators."))
    if proposal.members.filter(user=applicant).exists():
        raise ApplicationError(_("You are already in this team."))
    if slot.applications.filter(applicant=applicant).exists():
        raise ApplicationError(_("You have already applied to this role: see My applications."))
    if RoleApplication.objects.filter(
        applicant=applicant, slot__proposal__challenge=challenge, status=ApplicationStatus.ACCEPTED
    ).exists():
        raise ApplicationError(_("You already have a role in this challenge: one role per person."))
    if not slot.is_open:
        raise ApplicationError(_("This role no longer accepts applications."))
    if places_filled(slot) >= slot.slots:
        raise ApplicationError(_("This role is full."))


def role_apply_refusal(*, slot: RoleSlot, applicant: User, now: datetime | None = None) -> str | None:
    """Why `applicant` cannot apply to `slot` now, or None if they can (no lock: what the page says before they
    type; the application itself checks again)."""
    try:
        _ensure_can_apply(slot, applicant, now=now)
    except ApplicationError as error:
        return error.message
    return None


@transaction.atomic
def role_apply(
    *, slot: RoleSlot, applicant: User, motivation: str, links: list[str] = (), now: datetime | None = None
) -> RoleApplication:
    """Apply to an open role during the collaborator call; it ranks last among the applicant's choices.

    Refused on the grounds `role_apply_refusal` gives, then for a missing motivation or a bad link.
    """
    slot = RoleSlot.objects.select_for_update().select_related("proposal__challenge").get(pk=slot.pk)
    proposal = slot.proposal
    challenge = proposal.challenge
    _ensure_can_apply(slot, applicant, now=now)
    links = clean_links(links)
    if not motivation.strip():
        raise ApplicationError(_("Tell the team why you want this role."), field="motivation")
    last = _active_of(applicant, challenge).aggregate(last=Max("preference"))["last"] or 0
    try:
        with transaction.atomic():
            application = RoleApplication.objects.create(
                slot=slot, applicant=applicant, motivation=motivation, links=links, preference=last + 1
            )
    except IntegrityError:  # a concurrent double submit
        raise ApplicationError(_("You have already applied to this role: see My applications.")) from None
    audit_log(application, "application.created", actor=applicant, role=slot.pk, preference=application.preference)
    events.application_received(application)
    lead = team_lead(proposal)
    if lead is not None:
        notify(
            lead,
            NotificationKind.ROLE_APPLICATION,
            _("%(name)s applied to the role “%(role)s”") % {"name": applicant.full_name, "role": slot.title},
            reverse("proposals:team_roles", kwargs={"pk": proposal.pk}),
        )
    return application


@transaction.atomic
def role_application_withdraw(*, application: RoleApplication, actor: User) -> RoleApplication:
    """The applicant takes back an application still waiting for an answer."""
    application = (
        RoleApplication.objects.select_for_update().select_related("slot__proposal__challenge").get(pk=application.pk)
    )
    if application.applicant_id != actor.pk:
        raise ApplicationError(_("Only the applicant can withdraw an application."))
    if application.status not in ACTIVE:
        raise ApplicationError(_("This application was already answered or withdrawn."))
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    audit_log(application, "application.withdrawn", actor=actor)
    _renumber(actor, application.slot.proposal.challenge)
    return application


@transaction.atomic
def role_preferences_reorder(*, applicant: User, challenge: Challenge, ordered_ids: list[int]) -> None:
    """Rank the applicant's waiting applications in the challenge: `ordered_ids`, first choice first."""
    active = {application.pk: application for application in _active_of(applicant, challenge)}
    if sorted(ordered_ids) != sorted(active) or len(set(ordered_ids)) != len(ordered_ids):
        raise ApplicationError(_("Your applications changed meanwhile: reload the page and order them again."))
    for rank, pk in enumerate(ordered_ids, start=1):
        active[pk].preference = rank
    RoleApplication.objects.bulk_update(active.values(), ["preference"])
    audit_log(challenge, "application.preferences_reordered", actor=applicant, order=list(ordered_ids))


def role_preference_move(*, application: RoleApplication, actor: User, up: bool) -> None:
    """Swap an application with its neighbour in the applicant's ranking (the page's up/down buttons)."""
    if application.applicant_id != actor.pk:
        raise ApplicationError(_("Only the applicant can order their applications."))
    challenge = application.slot.proposal.challenge
    order = list(_active_of(actor, challenge).values_list("pk", flat=True))
    if application.pk not in order:
        raise ApplicationError(_("This application was already answered or withdrawn."))
    index = order.index(application.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        role_preferences_reorder(applicant=actor, challenge=challenge, ordered_ids=order)


@transaction.atomic
def role_application_decide(
    *, application: RoleApplication, actor: User, decision: str, rating: int | None = None
) -> RoleApplication:
    """The team's answer: shortlist, accept (the applicant joins as a collaborator) or decline.

    Accepting withdraws the applicant's other waiting applications in the challenge (one role
    per person). The applicant is e-mailed after the commit when accepted or declined.
    """
    if decision not in Decision.CHOICES:
        raise ApplicationError(_("Choose shortlist, accept or decline."), field="decision")
    application = (
        RoleApplication.objects.select_for_update()
        .select_related("slot__proposal__challenge", "applicant")
        .get(pk=application.pk)
    )
    if application.status not in ACTIVE:
        raise ApplicationError(_("This application was already answered or withdrawn."))
    if rating is not None:
        _set_rating(application, rating)
    slot = application.slot
    if decision == Decision.SHORTLIST:
        application.status = ApplicationStatus.SHORTLISTED
    elif decision == Decision.DECLINE:
        application.status = ApplicationStatus.DECLINED
    else:
        RoleSlot.objects.select_for_update().filter(pk=slot.pk).first()  # one acceptance at a time per role
        if places_filled(slot) >= slot.slots:
            raise ApplicationError(_("This role is full: add a place or decline the application."))
        if slot.proposal.members.filter(user=application.applicant).exists():
            raise ApplicationError(_("This person is already in the team."))
        ProposalMember.objects.create(
            proposal=slot.proposal, user=application.applicant, role=MemberRole.COLLABORATOR, slot=slot
        )
        proposal_terms_index(proposal=slot.proposal)
        application.status = ApplicationStatus.ACCEPTED
        others = _active_of(application.applicant, slot.proposal.challenge).exclude(pk=application.pk)
        withdrawn = list(others.values_list("pk", flat=True))
        others.update(status=ApplicationStatus.WITHDRAWN)
        audit_log(slot.proposal, "team.collaborator_joined", actor=actor, user=application.applicant_id, role=slot.pk)
        if withdrawn:
            audit_log(application, "application.others_withdrawn", actor=actor, applications=withdrawn)
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.save(update_fields=["status", "rating", "decided_at", "decided_by"])
    audit_log(application, f"application.{application.status}", actor=actor, rating=application.rating)
    if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
        _renumber(application.applicant, slot.proposal.challenge)
        if application.status == ApplicationStatus.ACCEPTED:
            title = _("You were accepted for the role “%(role)s”") % {"role": slot.title}
        else:
            title = _("Your application to the role “%(role)s” was declined") % {"role": slot.title}
        notify(
            application.applicant, NotificationKind.APPLICATION_DECISION, title, reverse("proposals:my_applications")
        )
        transaction.on_commit(lambda: email_application_decided.enqueue(application.pk))
    return application


@transaction.atomic
def role_application_rate(*, application: RoleApplication, actor: User, rating: int) -> RoleApplication:
    """The team's 1–5 rating of an applicant for the role; the matching uses it."""
    application = RoleApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in (*ACTIVE, ApplicationStatus.ACCEPTED):
        raise ApplicationError(_("This application was already declined or withdrawn."))
    _set_rating(application, rating)
    application.save(update_fields=["rating"])
    audit_log(application, "application.rated", actor=actor, rating=rating)
    return application


# Matching


@transaction.atomic
def collaborators_match(*, challenge: Challenge, actor: User) -> Match:
    """Propose a place to as many applicants as possible (see proposals.matching for the cost).

    The chosen applications become PROPOSED, replacing the previous proposals; the teams then
    accept or decline each one. Returns the matching's report.
    """
    slots = list(
        RoleSlot.objects.select_for_update()
        .filter(proposal__challenge=challenge, proposal__status=ProposalStatus.SELECTED, is_open=True)
        .order_by("pk")
    )
    filled = _filled_by_slot([slot.pk for slot in slots])
    capacity = {slot.pk: slot.slots - filled.get(slot.pk, 0) for slot in slots}
    applications = (
        RoleApplication.objects.filter(slot__in=slots, status__in=ACTIVE)
        .select_related("slot")
        .order_by("applicant_id", "preference", "pk")
    )
    members = set(ProposalMember.objects.filter(proposal__role_slots__in=slots).values_list("proposal_id", "user_id"))
    candidates, rank = [], {}
    for application in applications:  # dense ranks: gaps left by closed roles do not count
        if (application.slot.proposal_id, application.applicant_id) in members:
            continue
        rank[application.applicant_id] = rank.get(application.applicant_id, 0) + 1
        candidates.append(
            Candidate(
                application_id=application.pk,
                applicant_id=application.applicant_id,
                slot_id=application.slot_id,
                preference=rank[application.applicant_id],
                rating=application.rating,
            )
        )
    result = match(candidates, capacity)
    chosen = [candidate.application_id for candidate in result.assigned]
    RoleApplication.objects.filter(slot__proposal__challenge=challenge, status=ApplicationStatus.PROPOSED).exclude(
        pk__in=chosen
    ).update(status=ApplicationStatus.PENDING)
    RoleApplication.objects.filter(pk__in=chosen).update(status=ApplicationStatus.PROPOSED)
    audit_log(
        challenge,
        "collaborators.matched",
        actor=actor,
        proposed=chosen,
        unassigned=result.unassigned_applicants,
        unfilled={str(slot): places for slot, places in result.unfilled.items()},
    )
    return result


def _set_rating(application: RoleApplication, rating: int) -> None:
    if rating not in range(1, 6):
        raise ApplicationError(_("Rate from 1 to 5."), field="rating")
    application.rating = rating


def _active_of(applicant: User, challenge: Challenge):
    return RoleApplication.objects.filter(
        applicant=applicant, slot__proposal__challenge=challenge, status__in=ACTIVE
    ).order_by("preference", "pk")


def _renumber(applicant: User, challenge: Challenge) -> None:
    """Close the gap a withdrawn or answered application leaves in the ranking."""
    active = list(_active_of(applicant, challenge))
    for rank, application in enumerate(active, start=1):
        application.preference = rank
    RoleApplication.objects.bulk_update(active, ["preference"])


def _filled_by_slot(slot_ids: list[int]) -> dict[int, int]:
    rows = ProposalMember.objects.filter(slot_id__in=slot_ids).values("slot_id").annotate(n=Count("pk"))
    return {row["slot_id"]: row["n"] for row in rows}
