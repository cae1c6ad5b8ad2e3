"""The organizer console: create and run a challenge step by step (not the Django admin)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.forms import ModelForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from challenges.access import challenge_or_404
from challenges.forms.console import (
    AnnouncementForm,
    ChallengeForm,
    DuplicateForm,
    FAQForm,
    NewChallengeForm,
    QuestionForm,
    QuotaForm,
    RoleForm,
    RoleInvitationForm,
    SessionForm,
    TimelineForm,
)
from challenges.models import (
    Announcement,
    Challenge,
    ChallengeRole,
    ChallengeRoleInvitation,
    FAQItem,
    Question,
    Quota,
    Session,
)
from challenges.selectors import challenges_organized_by, deadline_change, publish_checklist
from challenges.services import (
    challenge_archive,
    challenge_create,
    challenge_duplicate,
    challenge_publish,
    challenge_role_grant,
    challenge_role_invitation_resend,
    challenge_role_invitation_revoke,
    challenge_role_invite,
    challenge_role_revoke,
    challenge_update,
    section_delete,
    section_save,
    timeline_set,
)
from innovation_platform.core.audit import audit_entries
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.forms import image_change
from innovation_platform.core.invitations.models import InvitationStatus
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from innovation_platform.labs.models import Lab, LabRole


@dataclass(frozen=True)
class Section:
    """A list of things a challenge has, edited the same way: questions, sessions, FAQ…"""

    model: type[Model]
    form: type[ModelForm]
    title: str
    rule: str


SECTIONS = {
    "questions": Section(Question, QuestionForm, gettext_lazy("Questions"), "challenges.manage_questions"),
    "sessions": Section(Session, SessionForm, gettext_lazy("Schedule"), "challenges.change_challenge"),
    "faq": Section(FAQItem, FAQForm, gettext_lazy("FAQ"), "challenges.change_challenge"),
    "quotas": Section(Quota, QuotaForm, gettext_lazy("Territorial quotas"), "challenges.change_challenge"),
    "announcements": Section(
        Announcement, AnnouncementForm, gettext_lazy("Announcements"), "challenges.post_announcement"
    ),
}


def console_challenge_or_404(request, slug, rule="challenges.change_challenge") -> Challenge:
    """The challenge of a console page: unknown (404) to whoever may not see it, 403 without `rule`."""
    return challenge_or_404(request.user, slug, rule)


def _section(name: str) -> Section:
    if name not in SECTIONS:
        raise Http404
    return SECTIONS[name]


def render_console(request, template: str, challenge: Challenge, *, status: int = 200, **context):
    """Render a page of the challenge's console (any app's), in the challenge's time zone, with its steps."""
    with timezone.override(challenge.tzinfo):
        return render(
            request,
            template,
            {
                "challenge": challenge,
                "sections": SECTIONS,
                "can_publish": can(request.user, "challenges.publish_challenge", challenge),
                # A new edition belongs to the lab: someone who organizes only this call may not start one. Asked
                # only where the button shows (the basics step), so the other steps cost no query for it.
                "can_duplicate": lambda: can(request.user, "challenges.add_challenge", challenge.lab),
                **context,
            },
            status=status,
        )


def _console(request, template, challenge, **context):
    return render_console(request, f"challenges/console/{template}", challenge, **context)


@login_required
def dashboard(request):
    labs = Lab.objects.filter(memberships__user=request.user, memberships__role__in=[LabRole.ADMIN, LabRole.ORGANIZER])
    return render(
        request,
        "challenges/console/dashboard.html",
        {
            "page": paginate(request, challenges_organized_by(request.user), 20),
            "can_create": request.user.is_staff or labs.exists(),
        },
    )


@login_required
def challenge_new(request):
    labs = (
        Lab.objects.order_by("name")
        if request.user.is_staff
        else Lab.objects.filter(
            memberships__user=request.user, memberships__role__in=[LabRole.ADMIN, LabRole.ORGANIZER]
        ).order_by("name")
    )
    form = NewChallengeForm(request.POST or None, request.FILES or None, labs=labs)
    if request.method == "POST" and form.is_valid():
        lab = form.cleaned_data["lab"]
        require(request.user, "challenges.add_challenge", lab)
        challenge = challenge_create(
            lab=lab,
            actor=request.user,
            data=form.challenge_data(),
            tags=form.cleaned_data["tags"],
            cover=image_change(form.cleaned_data["cover"]) or None,
        )
        messages.success(request, _("The challenge was created as a draft. Now set its timeline."))
        return redirect("console:timeline", slug=challenge.slug)
    if not labs.exists():
        raise Http404
    return render(request, "challenges/console/challenge_new.html", {"form": form})


@login_required
def challenge_edit(request, slug):
    challenge = console_challenge_or_404(request, slug)
    if request.method != "POST":
        form = ChallengeForm(instance=challenge)
    elif (form := ChallengeForm(request.POST, request.FILES, instance=challenge)).is_valid():
        challenge_update(
            challenge=challenge,
            actor=request.user,
            data=form.challenge_data(),
            tags=form.cleaned_data["tags"],
            cover=image_change(form.cleaned_data.get("cover")),
        )
        messages.success(request, _("Saved."))
        return redirect("console:edit", slug=challenge.slug)
    challenge.refresh_from_db()  # a refused edit must not show half-applied values in the header
    return _console(request, "challenge_form.html", challenge, form=form, step="basics")


@login_required
def timeline_edit(request, slug):
    challenge = console_challenge_or_404(request, slug)
    with timezone.override(challenge.tzinfo):
        form = TimelineForm(request.POST or None, phases=challenge.phases.all())
        if request.method == "POST" and form.is_valid():
            change = deadline_change(challenge, form.spans, now=timezone.now())
            if change and not form.cleaned_data["confirm_earlier_deadline"]:
                return _console(request, "timeline.html", challenge, form=form, step="timeline", change=change)
            try:
                timeline_set(challenge=challenge, actor=request.user, spans=form.spans)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The timeline was saved."))
                return redirect("console:timeline", slug=challenge.slug)
    return _console(request, "timeline.html", challenge, form=form, step="timeline")


@login_required
def section_list(request, slug, section):
    config = _section(section)
    challenge = console_challenge_or_404(request, slug)
    editable = can(request.user, config.rule, challenge)
    with timezone.override(challenge.tzinfo):
        form = config.form(request.POST or None)
        if request.method == "POST":
            require(request.user, config.rule, challenge)
            if form.is_valid() and _save(request, challenge, form, section):
                return redirect("console:section", slug=slug, section=section)
    items = config.model.objects.filter(challenge=challenge)
    if not items.ordered:  # quotas have no natural order: pages must not shuffle
        items = items.order_by("pk")
    return _console(
        request,
        "section.html",
        challenge,
        form=form,
        section=section,
        config=config,
        page=paginate(request, items, 50),
        editable=editable,
        step=section,
    )


@login_required
def section_edit(request, slug, section, pk):
    config = _section(section)
    challenge = console_challenge_or_404(request, slug)
    require(request.user, config.rule, challenge)
    item = get_object_or_404(config.model, challenge=challenge, pk=pk)
    with timezone.override(challenge.tzinfo):
        form = config.form(request.POST or None, instance=item)
        if request.method == "POST" and form.is_valid() and _save(request, challenge, form, section):
            return redirect("console:section", slug=slug, section=section)
    return _console(
        request, "section_edit.html", challenge, form=form, section=section, config=config, item=item, step=section
    )


@login_required
@require_POST
def section_delete_view(request, slug, section, pk):
    config = _section(section)
    challenge = console_challenge_or_404(request, slug)
    require(request.user, config.rule, challenge)
    item = get_object_or_404(config.model, challenge=challenge, pk=pk)
    try:
        section_delete(challenge=challenge, actor=request.user, obj=item, section=section)
        messages.success(request, _("Removed."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("console:section", slug=slug, section=section)


def _save(request, challenge, form, section) -> bool:
    """Save through the service; a refusal becomes a form error and the typed text stays."""
    try:
        section_save(challenge=challenge, actor=request.user, obj=form.save(commit=False), section=section)
    except ApplicationError as error:
        form.add_error(None, error.message)
        return False
    if section == "questions" and challenge.questions_locked_at:
        messages.warning(request, _("Proposals already answered these questions: check that your change is fair."))
    messages.success(request, _("Saved."))
    return True


def _roles_page(request, challenge, *, form=None, invite_form=None, status=200):
    """The roles page: who has a role, the pending invitations, and the two forms (typed input kept)."""
    roles = challenge.roles.select_related("user").order_by("role", "user__full_name")
    invitations = challenge.role_invitations.filter(status=InvitationStatus.PENDING).select_related("invited_by")
    response = _console(
        request,
        "roles.html",
        challenge,
        form=form or RoleForm(),
        invite_form=invite_form or RoleInvitationForm(prefix="invite"),
        roles=roles,
        invitations=invitations,
        step="roles",
    )
    response.status_code = status
    return response


@login_required
def role_list(request, slug):
    challenge = console_challenge_or_404(request, slug, "challenges.manage_roles")
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            challenge_role_grant(challenge=challenge, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("console:roles", slug=slug)
    return _roles_page(request, challenge, form=form)


@login_required
@require_POST
def role_invite(request, slug):
    challenge = console_challenge_or_404(request, slug, "challenges.manage_roles")
    form = RoleInvitationForm(request.POST, prefix="invite")
    if form.is_valid():
        try:
            invitation = challenge_role_invite(challenge=challenge, actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
            return redirect("console:roles", slug=slug)
    return _roles_page(request, challenge, invite_form=form, status=400)


def _invitation_action(request, slug, pk, service, done: str):
    challenge = console_challenge_or_404(request, slug, "challenges.manage_roles")
    invitation = get_object_or_404(ChallengeRoleInvitation, challenge=challenge, pk=pk)
    try:
        service(challenge=challenge, actor=request.user, invitation=invitation)
        messages.success(request, done % {"email": invitation.email})
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("console:roles", slug=slug)


@login_required
@require_POST
def role_invitation_resend(request, slug, pk):
    return _invitation_action(
        request, slug, pk, challenge_role_invitation_resend, _("The invitation was sent again to %(email)s.")
    )


@login_required
@require_POST
def role_invitation_revoke(request, slug, pk):
    return _invitation_action(
        request, slug, pk, challenge_role_invitation_revoke, _("The invitation to %(email)s was revoked.")
    )


@login_required
@require_POST
def role_revoke(request, slug, pk):
    challenge = console_challenge_or_404(request, slug, "challenges.manage_roles")
    role = get_object_or_404(ChallengeRole.objects.select_related("user"), challenge=challenge, pk=pk)
    try:
        challenge_role_revoke(challenge=challenge, actor=request.user, role=role)
        messages.success(request, _("The role was revoked."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("console:roles", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_publish_view(request, slug):
    """The checklist and preview before publishing (GET), and publishing (POST)."""
    challenge = console_challenge_or_404(request, slug, "challenges.publish_challenge")
    if request.method == "POST":
        try:
            challenge_publish(challenge=challenge, actor=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("console:publish", slug=slug)
        messages.success(request, _("The challenge is published."))
        return redirect(challenge)
    checklist = publish_checklist(challenge, now=timezone.now())
    return _console(
        request,
        "publish.html",
        challenge,
        step="publish",
        checklist=checklist,
        ready=all(item.done for item in checklist if item.required),
    )


@login_required
@require_POST
def challenge_archive_view(request, slug):
    challenge = console_challenge_or_404(request, slug, "challenges.publish_challenge")
    challenge_archive(challenge=challenge, actor=request.user)
    messages.success(request, _("The challenge was archived; its page stays public."))
    return redirect("console:edit", slug=slug)


@login_required
def challenge_duplicate_view(request, slug):
    challenge = console_challenge_or_404(request, slug)
    require(request.user, "challenges.add_challenge", challenge.lab)
    with timezone.override(challenge.tzinfo):
        form = DuplicateForm(request.POST or None, initial={"title": challenge.title})
        if request.method == "POST" and form.is_valid():
            copy = challenge_duplicate(challenge=challenge, actor=request.user, **form.cleaned_data)
            messages.success(request, _("A new draft edition was created from this challenge."))
            return redirect("console:edit", slug=copy.slug)
    return _console(request, "duplicate.html", challenge, form=form, step="duplicate")


@login_required
def audit_log_view(request, slug):
    challenge = console_challenge_or_404(request, slug, "challenges.view_audit")
    return _console(
        request, "audit.html", challenge, page=paginate(request, audit_entries(challenge), 50), step="audit"
    )
