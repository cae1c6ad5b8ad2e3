from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language
from django_countries import countries
from rest_framework.authtoken.models import Token

from innovation_platform.accounts.data_rights import deletion_blockers
from innovation_platform.accounts.forms import AccountDeleteForm, InnovatorFilterForm, PoliciesAcceptForm, ProfileForm
from innovation_platform.accounts.models import DataExport, PolicyKind, Profile
from innovation_platform.accounts.selectors import (
    data_export_latest,
    innovators_directory,
    innovators_directory_count,
    innovators_facets,
    innovators_for_listing,
    policies_pending,
    policy_current,
)
from innovation_platform.accounts.services import (
    DATA_EXPORT_DAYS,
    account_delete,
    api_token_rotate,
    data_export_request,
    policies_accept,
    policies_session_refresh,
    profile_ensure,
    profile_update,
    user_language_set,
)
from innovation_platform.core.downloads import download_response, open_or_404
from innovation_platform.core.errors import ApplicationError
from innovation_platform.core.forms import image_change
from innovation_platform.core.page_cache import DIRECTORY, public_page
from innovation_platform.core.pagination import page_of_known_size
from innovation_platform.core.permissions import can
from innovation_platform.core.regions import PeruRegion
from innovation_platform.core.views import safe_next

DIRECTORY_PAGE_SIZE = 24


@require_GET
@public_page(lambda: [DIRECTORY])
def innovator_list(request):
    form = InnovatorFilterForm(request.GET)
    filters = form.selector_filters()
    profiles = form.sorted(innovators_for_listing(innovators_directory(**filters)))
    # The page's rows stay a query that runs only if the template renders them, and the facets are lazy: a
    # signed-in visitor's cards and filters are kept rendered (`{% shared %}`) until the directory changes.
    page = page_of_known_size(
        profiles, request.GET.get("page"), DIRECTORY_PAGE_SIZE, count=innovators_directory_count(**filters)
    )
    return render(
        request,
        "accounts/innovator_list.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "facets": SimpleLazyObject(lambda: innovators_facets(**filters)),
            "regions": PeruRegion.choices,
            "countries": countries,
        },
    )


@require_GET
def innovator_detail(request, slug):
    profile = get_object_or_404(Profile.objects.select_related("user"), slug=slug)
    # A private profile answers 404, not 403, so its existence is not revealed.
    if not can(request.user, "accounts.view_profile", profile):
        raise Http404
    return render(
        request,
        "accounts/innovator_detail.html",
        {
            "profile": profile,
            "is_owner": profile.user_id == request.user.pk,
        },
    )


@login_required
def profile_edit(request):
    profile = profile_ensure(request.user)
    if request.method != "POST":
        form = ProfileForm(instance=profile)
    elif (form := ProfileForm(request.POST, request.FILES, instance=profile)).is_valid():
        profile_update(
            profile=profile,
            user_data=form.user_data(),
            profile_data=form.profile_data(),
            skills=form.cleaned_data["skills"],
            interests=form.cleaned_data["interests"],
            avatar=image_change(form.cleaned_data.get("avatar")),
        )
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile_edit")
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/profile_edit.html", {"form": form, "profile": profile, "api_token": token})


@login_required
@require_POST
def api_token_regenerate(request):
    """Issue a new API token, revoking the previous one."""
    api_token_rotate(request.user)
    messages.success(request, _("A new API token was created; the previous one no longer works."))
    return redirect("accounts:profile_edit")


def language_set(request):
    """Django's language switch; a signed-in person's choice is also kept, for the e-mails they receive."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


@require_GET
def policy_page(request, kind: str):
    """The version in force of the privacy policy or the terms, in the reader's language when it has one."""
    policy = policy_current(kind)
    return render(
        request,
        "accounts/policy.html",
        {
            "kind_label": PolicyKind(kind).label,
            "policy": policy,
            "text": policy.text_in(get_language()) if policy else "",
        },
    )


@login_required
def policies_accept_page(request):
    """Where a signed-in person accepts the versions in force they have not accepted yet."""
    pending = policies_pending(request.user)
    target = safe_next(request, "/")
    if not pending:
        policies_session_refresh(request, request.user)
        return redirect(target)
    form = PoliciesAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        policies_accept(user=request.user, policies=pending)
        policies_session_refresh(request, request.user)
        messages.success(request, _("Thank you. Your acceptance has been recorded."))
        return redirect(target)
    return render(request, "accounts/policies_accept.html", {"form": form, "pending": pending, "next": target})


@login_required
def data_export(request):
    """Ask for a copy of one's data, and download it once it is ready."""
    if request.method == "POST":
        data_export_request(user=request.user)
        messages.success(request, _("We are preparing your copy. We will tell you when it is ready to download."))
        return redirect("accounts:data_export")
    export = data_export_latest(request.user)
    return render(
        request,
        "accounts/data_export.html",
        {"export": export, "available": export and export.is_available(), "days": DATA_EXPORT_DAYS},
    )


@login_required
@require_GET
def data_export_download(request, token: str):
    """Only the person whose data it is may download their copy, and only until it expires."""
    export = get_object_or_404(DataExport, token=token, user=request.user)
    if not export.is_available():
        raise Http404
    return download_response(open_or_404(export.file), f"cocrea-{timezone.localdate():%Y-%m-%d}.zip")


@login_required
def account_delete_page(request):
    blockers = deletion_blockers(request.user)
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            account_delete(user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("accounts:account_delete")
        logout(request)
        messages.success(request, _("Your account has been deleted. Thank you for taking part."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form, "blockers": blockers})
