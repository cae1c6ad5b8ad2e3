from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.forms import image_change
from innovation_platform.core.page_cache import DIRECTORY, public_page
from innovation_platform.core.pagination import page_of_known_size, paginate
from innovation_platform.core.permissions import can, require
from innovation_platform.labs.forms import LabFilterForm, LabForm, MemberAddForm, MemberRoleForm
from innovation_platform.labs.models import Lab, LabMembership
from innovation_platform.labs.selectors import (
    lab_members,
    lab_public_team,
    labs_directory,
    labs_directory_count,
    labs_for_listing,
    labs_network_figures,
)
from innovation_platform.labs.services import (
    lab_create,
    lab_member_add,
    lab_member_remove,
    lab_member_set_role,
    lab_set_verified,
    lab_update,
)

DIRECTORY_PAGE_SIZE = 24
MEMBERS_PAGE_SIZE = 50


@require_GET
@public_page(lambda: [DIRECTORY])
def lab_list(request):
    form = LabFilterForm(request.GET)
    filters = form.selector_filters()
    labs = form.sorted(labs_for_listing(labs_directory(**filters)))
    # The page's rows stay a query that runs only if the template renders them, and the figures are lazy: a
    # signed-in visitor's cards, filters and table are kept rendered (`{% shared %}`) until the directory changes.
    page = page_of_known_size(labs, request.GET.get("page"), DIRECTORY_PAGE_SIZE, count=labs_directory_count(**filters))
    return render(
        request,
        "labs/lab_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "figures": SimpleLazyObject(lambda: labs_network_figures(**filters)),
            "can_add": can(request.user, "labs.add_lab"),
        },
    )


@require_GET
def lab_detail(request, slug):
    lab = get_object_or_404(Lab, slug=slug)
    return render(
        request,
        "labs/lab_detail.html",
        {
            "lab": lab,
            "team": lab_public_team(lab),
            "member_count": lab.memberships.count(),
            "can_change": can(request.user, "labs.change_lab", lab),
            "can_verify": can(request.user, "labs.verify_lab", lab),
        },
    )


@login_required
def lab_new(request):
    require(request.user, "labs.add_lab")
    if request.method != "POST":
        form = LabForm()
    elif (form := LabForm(request.POST, request.FILES)).is_valid():
        lab = lab_create(creator=request.user, data=form.lab_data(), logo=image_change(form.cleaned_data["logo"]))
        messages.success(request, _("The lab was registered. Staff will verify it soon."))
        return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form})


@login_required
def lab_edit(request, slug):
    lab = get_object_or_404(Lab, slug=slug)
    require(request.user, "labs.change_lab", lab)
    if request.method != "POST":
        form = LabForm(instance=lab)
    elif (form := LabForm(request.POST, request.FILES, instance=lab)).is_valid():
        lab_update(lab=lab, data=form.lab_data(), logo=image_change(form.cleaned_data.get("logo")))
        messages.success(request, _("The lab was saved."))
        return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form, "lab": lab})


@login_required
@require_POST
def lab_verify(request, slug):
    lab = get_object_or_404(Lab, slug=slug)
    require(request.user, "labs.verify_lab", lab)
    verified = request.POST.get("verified") == "1"
    lab_set_verified(lab=lab, actor=request.user, verified=verified)
    messages.success(request, _("The lab is now verified.") if verified else _("The lab is no longer verified."))
    return redirect(lab)


@login_required
def lab_member_list(request, slug):
    lab = get_object_or_404(Lab, slug=slug)
    require(request.user, "labs.manage_members", lab)
    form = MemberAddForm(request.POST) if request.method == "POST" else MemberAddForm()
    if form.is_bound and form.is_valid():
        try:
            membership = lab_member_add(lab=lab, email=form.cleaned_data["email"], role=form.cleaned_data["role"])
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("%(name)s was added to the lab.") % {"name": membership.user})
            return redirect("labs:members", slug=lab.slug)
    return render(
        request,
        "labs/lab_members.html",
        {
            "lab": lab,
            "form": form,
            "page": paginate(request, lab_members(lab), MEMBERS_PAGE_SIZE),
            "role_form": MemberRoleForm(),
        },
    )


@login_required
@require_POST
def lab_member_change(request, slug, membership_id):
    """Change a member's role, or remove them (the `remove` button)."""
    membership = get_object_or_404(
        LabMembership.objects.select_related("lab", "user"), pk=membership_id, lab__slug=slug
    )
    require(request.user, "labs.manage_members", membership.lab)
    form = MemberRoleForm(request.POST)
    try:
        if "remove" in request.POST:
            lab_member_remove(membership=membership)
            messages.success(request, _("%(name)s was removed from the lab.") % {"name": membership.user})
        elif form.is_valid():
            lab_member_set_role(membership=membership, role=form.cleaned_data["role"])
            messages.success(request, _("%(name)s's role was changed.") % {"name": membership.user})
        else:
            messages.error(request, _("Choose a valid role."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("labs:members", slug=slug)
