from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET

from innovation_platform.core.page_cache import DIRECTORY, SITE, public_page
from innovation_platform.core.selectors import labs_featured, network_summary


@require_GET
@public_page(lambda: [SITE, DIRECTORY])
def home(request):
    return render(request, "core/home.html", {"summary": network_summary(), "labs": labs_featured()})


@require_GET
def healthz(request):
    """Liveness probe for load balancers; does no work, so it is also the benchmarks' ceiling."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    """Under /api/ an address that names nothing is answered in the API's own shape (JSON), not as a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def safe_next(request, default: str) -> str:
    """Where a form asks to go back to (`next`, posted or in the address), if it is on this site; else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default
