"""The open-data portal, /datos/ (and /data/): the index, a page per dataset, its files and the machine-readable
catalogues. Files are read from storage (`opendata.files`), never computed here."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from innovation_platform.core.pagination import paginate
from innovation_platform.core.permissions import can, require
from opendata.catalogue import catalogue_version, data_package, dcat_catalogue
from opendata.datasets import DATASETS, LICENCE, dataset_or_404
from opendata.files import LATEST_MAX_AGE, dataset_file_response
from opendata.models import Snapshot
from opendata.selectors import dataset_latest, latest_snapshots
from opendata.tasks import publish_datasets

SNAPSHOTS_PER_PAGE = 20


@require_GET
def index(request):
    latest = latest_snapshots()
    datasets = [(dataset, latest.get(slug)) for slug, dataset in DATASETS.items()]
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "licence": LICENCE,
            "can_publish": can(request.user, "opendata.publish"),
        },
    )


@require_GET
def detail(request, slug):
    dataset = dataset_or_404(slug)
    page = paginate(request, Snapshot.objects.filter(dataset=slug).order_by("-published_at", "-pk"), SNAPSHOTS_PER_PAGE)
    latest = dataset_latest(slug)
    return render(
        request,
        "opendata/detail.html",
        {
            "dataset": dataset,
            "latest": latest,
            "page": page,
            "licence": LICENCE,
        },
    )


@require_GET
def dataset_file(request, slug, fmt):
    return dataset_file_response(request, slug, fmt)


@require_GET
def snapshot_file(request, slug, pk, fmt):
    return dataset_file_response(request, slug, fmt, pk)


def _descriptor(request, make, content_type: str):
    """A descriptor built from the latest snapshots, answered 304 while none of them changed."""
    latest = latest_snapshots()
    etag = f'"{catalogue_version(latest)}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(
            json.dumps(make(latest), ensure_ascii=False, indent=2), content_type=f"{content_type}; charset=utf-8"
        )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={LATEST_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # harvesters and notebooks read it from other sites
    return response


@require_GET
def datapackage(request):
    return _descriptor(request, data_package, "application/json")


@require_GET
def catalog(request):
    return _descriptor(
        request, lambda latest: dcat_catalogue(latest, request.build_absolute_uri), "application/ld+json"
    )


@login_required
@require_POST
def publish(request):
    require(request.user, "opendata.publish")
    publish_datasets.enqueue(request.user.pk)
    messages.success(request, _("The datasets are being published again; unchanged ones keep their files."))
    return redirect("opendata:index")
