from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language
from django_countries import countries
from rest_framework.authtoken.models import Token

from innovation_platform.accounts.forms import InnovatorFilterForm, ProfileForm
from innovation_platform.accounts.models import Profile
from innovation_platform.accounts.selectors import innovators_directory, innovators_facets, innovators_for_listing
from innovation_platform.accounts.services import (
    api_token_rotate,
    profile_ensure,
    profile_update,
    user_language_set,
)
from innovation_platform.core.forms import image_change
from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can
from innovation_platform.core.regions import PeruRegion

DIRECTORY_PAGE_SIZE = 24


@require_GET
def innovator_list(request):
    form = InnovatorFilterForm(request.GET)
    filters = form.selector_filters()
    facets = innovators_facets(**filters)
    return render(
        request,
        "accounts/innovator_list.html",
        {
            "form": form,
            "filters": filters,
            "page": paginate(request, innovators_for_listing(innovators_directory(**filters)), DIRECTORY_PAGE_SIZE),
            "facets": facets,
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
