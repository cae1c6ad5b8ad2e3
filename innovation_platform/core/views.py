from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from innovation_platform.core.selectors import labs_featured, network_summary


@require_GET
def home(request):
    return render(request, "core/home.html", {"summary": network_summary(), "labs": labs_featured()})


@require_GET
def healthz(request):
    """Liveness probe for load balancers; does no work, so it is also the benchmarks' ceiling."""
    return HttpResponse("ok", content_type="text/plain")
