"""The collaborator call: public open roles, applying, the applicant's and the team's pages, organizers'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges.access import challenge_or_404, public_challenge_or_404
from challenges.models import Challenge
from challenges.timeline import Action, ensure_allowed
from innovation_platform.accounts.models import User
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, has_verified_email
from innovation_platform.live import groups
from innovation_platform.live.selectors import live_last_event_id
from proposals.access import proposal_or_404, proposal_visible_or_404
from proposals.forms.roles import (
    ApplicationFilterForm,
    ApplyForm,
    DecisionForm,
    RatingForm,
    RoleSlotForm,
    SkillFilterForm,
)
from proposals.models import ApplicationStatus, Proposal, RoleApplication, RoleSlot
from proposals.selectors.roles import (
    application_counts,
    applications_of_user,
    challenge_applications,
    open_role_skills,
    open_roles,
    role_for_applying,
    selected_proposals,
    selection_figures,
    team_roles,
)
from proposals.services.roles import (
    ACTIVE,
    collaborators_match,
    role_application_decide,
    role_application_rate,
    role_application_withdraw,
    role_apply,
    role_apply_refusal,
    role_preference_move,
    role_slot_delete,
    role_slot_save,
    role_slot_set_open,
)
from proposals.services.waitlist import waitlist_promote

ROLES_PAGE_SIZE = 20
APPLICATIONS_PAGE_SIZE = 50


# Public and applicants


@require_GET
def challenge_roles(request, slug):
    challenge = public_challenge_or_404(slug)
    form = SkillFilterForm(request.GET)
    skill = form.cleaned_data["skill"] if form.is_valid() else ""
    page = paginate(request, open_roles(challenge, skill=skill), ROLES_PAGE_SIZE)
    try:
        ensure_allowed(challenge, Action.APPLY_ROLE)
        closed_reason = None
    except ApplicationError as error:
        closed_reason = error.message
    context = {
        "challenge": challenge,
        "page": page,
        "form": form,
        "skill": skill,
        "skills": open_role_skills(challenge),
        "closed_reason": closed_reason,
    }
    return render(request, "proposals/roles/challenge_roles.html", context)


@login_required
def role_apply_view(request, slot_pk):
    try:
        slot = role_for_applying(slot_pk)
    except RoleSlot.DoesNotExist:
        raise Http404 from None
    proposal_visible_or_404(
        request.user, slot.proposal, "proposals.apply_to_role" if request.method == "POST" else None
    )
    form = ApplyForm(request.POST or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        try:
            role_apply(
                slot=slot,
                applicant=request.user,
                motivation=form.cleaned_data["motivation"],
                links=form.cleaned_data["links"],
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Your application was sent. You can rank it among your choices here."))
            return redirect("proposals:my_applications")
    elif request.method != "POST":
        # An unverified address has its own message, with a link, in the page.
        refusal = role_apply_refusal(slot=slot, applicant=request.user)
    return render(
        request,
        "proposals/roles/apply.html",
        {
            "slot": slot,
            "proposal": slot.proposal,
            "form": form,
            "refusal": refusal,
            "verify_email": not has_verified_email(request.user),
        },
    )


@login_required
@require_GET
def my_applications(request):
    page = paginate(request, applications_of_user(request.user), APPLICATIONS_PAGE_SIZE)
    return render(request, "proposals/roles/my_applications.html", {"page": page, "active": ACTIVE})


@login_required
@require_POST
def application_move(request, pk):
    application = _own_application(request.user, pk)
    try:
        role_preference_move(application=application, actor=request.user, up=request.POST.get("direction") == "up")
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("proposals:my_applications")


@login_required
@require_POST
def application_withdraw(request, pk):
    application = _own_application(request.user, pk)
    try:
        role_application_withdraw(application=application, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("proposals:my_applications")


def _own_application(user, pk: int) -> RoleApplication:
    return get_object_or_404(RoleApplication.objects.select_related("slot__proposal__challenge"), pk=pk, applicant=user)


# The team


@login_required
def team_roles_view(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.view_applications")
    return _render_team_roles(request, proposal, RoleSlotForm())


def _render_team_roles(request, proposal: Proposal, form: RoleSlotForm, *, status: int = 200):
    context = {
        "proposal": proposal,
        "slots": team_roles(proposal),
        "form": form,
        "can_manage": can(request.user, "proposals.manage_roles", proposal),
        "can_decide": can(request.user, "proposals.decide_applications", proposal),
        "active": ACTIVE,
        "ratings": range(1, 6),
    }
    return render(request, "proposals/roles/team_roles.html", context, status=status)


@login_required
@require_POST
def role_new(request, pk):
    proposal = proposal_or_404(request.user, pk, "proposals.manage_roles")
    form = RoleSlotForm(request.POST)
    if form.is_valid():
        try:
            role_slot_save(proposal=proposal, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The role was published in the collaborator call."))
            return redirect("proposals:team_roles", pk=pk)
    return _render_team_roles(request, proposal, form, status=400)


@login_required
def role_edit(request, slot_pk):
    slot = _team_slot(request.user, slot_pk, "proposals.manage_roles")
    if request.method != "POST":
        form = RoleSlotForm.for_slot(slot)
    elif (form := RoleSlotForm(request.POST)).is_valid():
        try:
            role_slot_save(proposal=slot.proposal, actor=request.user, slot=slot, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The role was saved."))
            return redirect("proposals:team_roles", pk=slot.proposal_id)
    return render(request, "proposals/roles/role_edit.html", {"slot": slot, "proposal": slot.proposal, "form": form})


@login_required
@require_POST
def role_toggle(request, slot_pk):
    slot = _team_slot(request.user, slot_pk, "proposals.manage_roles")
    role_slot_set_open(slot=slot, actor=request.user, is_open=not slot.is_open)
    messages.success(request, _("The role accepts applications again.") if slot.is_open else _("The role was closed."))
    return redirect("proposals:team_roles", pk=slot.proposal_id)


@login_required
@require_POST
def role_delete(request, slot_pk):
    slot = _team_slot(request.user, slot_pk, "proposals.manage_roles")
    try:
        role_slot_delete(slot=slot, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role was deleted."))
    return redirect("proposals:team_roles", pk=slot.proposal_id)


@login_required
@require_POST
def application_decide(request, pk):
    application = _team_application(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose shortlist, accept or decline."))
    else:
        try:
            decided = role_application_decide(
                application=application, actor=request.user, decision=form.cleaned_data["decision"]
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s: %(status)s.") % {"person": decided.applicant, "status": decided.get_status_display()},
            )
    return redirect(_back_from_decision(request, application))


@login_required
@require_POST
def application_rate(request, pk):
    application = _team_application(request.user, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rate from 1 to 5."))
    else:
        try:
            role_application_rate(application=application, actor=request.user, rating=form.cleaned_data["rating"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The rating was saved."))
    return redirect(_back_from_decision(request, application))


def _back_from_decision(request, application: RoleApplication) -> str:
    """Organizers decide from their page too; they go back where they came from."""
    back = request.POST.get("next", "")
    challenge = application.slot.proposal.challenge
    if back == "organizer":
        return f"{_organizer_url(challenge)}#application-{application.pk}"
    return (
        f"{reverse('proposals:team_roles', kwargs={'pk': application.slot.proposal_id})}#application-{application.pk}"
    )


def _team_slot(user, slot_pk: int, action: str) -> RoleSlot:
    slot = get_object_or_404(RoleSlot.objects.select_related("proposal__challenge"), pk=slot_pk)
    proposal_visible_or_404(user, slot.proposal, action)
    return slot


def _team_application(user, pk: int) -> RoleApplication:
    application = get_object_or_404(
        RoleApplication.objects.select_related("slot__proposal__challenge", "applicant"), pk=pk
    )
    proposal_visible_or_404(user, application.slot.proposal, "proposals.decide_applications")
    return application


# Organizers


def _organizer_url(challenge: Challenge) -> str:
    return reverse("proposals:challenge_applications", kwargs={"slug": challenge.slug})


@login_required
@require_GET
def challenge_applications_view(request, slug):
    challenge = challenge_or_404(request.user, slug, "proposals.match_collaborators")
    return _render_organizer(request, challenge)


def _render_organizer(request, challenge: Challenge, *, report=None):
    live_last = live_last_event_id(groups.challenge_organizers(challenge.pk))  # before the counts: see the selector
    proposals = list(selected_proposals(challenge))
    form = ApplicationFilterForm(proposals, request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = challenge_applications(
        challenge, status=filters.get("status", ""), proposal_id=filters.get("proposal")
    )
    counts = application_counts(challenge)
    context = {
        "challenge": challenge,
        "live_last": live_last,
        "form": form,
        "page": paginate(request, applications, APPLICATIONS_PAGE_SIZE),
        "counts": [(label, counts[value]) for value, label in ApplicationStatus.choices],
        "figures": selection_figures(challenge),
        "can_promote": can(request.user, "proposals.promote_waitlist", challenge),
        "active": ACTIVE,
        "report": report,
    }
    return render(request, "proposals/roles/organizer.html", context)


@login_required
@require_POST
def challenge_match(request, slug):
    challenge = challenge_or_404(request.user, slug, "proposals.match_collaborators")
    result = collaborators_match(challenge=challenge, actor=request.user)
    applications = RoleApplication.objects.select_related("applicant", "slot__proposal").in_bulk(
        [candidate.application_id for candidate in result.assigned]
    )
    slots = RoleSlot.objects.select_related("proposal").in_bulk(list(result.unfilled))
    people = User.objects.in_bulk(result.unassigned_applicants)
    report = {
        "assigned": [applications[candidate.application_id] for candidate in result.assigned],
        "unassigned": [people[pk] for pk in result.unassigned_applicants],
        "unfilled": [(slots[pk], places) for pk, places in result.unfilled.items()],
    }
    messages.success(
        request,
        _("The matching proposed %(count)s collaborator(s). Teams now confirm or decline each proposal.")
        % {"count": len(report["assigned"])},
    )
    return _render_organizer(request, challenge, report=report)


@login_required
@require_POST
def challenge_promote(request, slug):
    challenge = challenge_or_404(request.user, slug, "proposals.promote_waitlist")
    try:
        proposal = waitlist_promote(challenge=challenge, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“%(title)s” moved from the waitlist to the selection.") % {"title": proposal})
    return redirect("proposals:challenge_applications", slug=slug)
