"""Reads of moderation: what can be reported, the organizers' queue, hidden content."""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.db.models import Count, Max, Q
from django.http import Http404

from challenges.models import Challenge
from innovation_platform.core.pagination import paginate
from proposals.models import Proposal, Report, ReportStatus, TeamSeeker

# The public user content people can report, by the name used in URLs.
CONTENT_KINDS: dict[str, type[Proposal] | type[TeamSeeker]] = {"proposal": Proposal, "seeker": TeamSeeker}
QUEUE_PAGE_SIZE = 20


def content_kind(content: Proposal | TeamSeeker) -> str:
    return next(kind for kind, model in CONTENT_KINDS.items() if isinstance(content, model))


def content_get(kind: str, pk: int) -> Proposal | TeamSeeker:
    """The reportable content with its challenge (and the seeker's person); 404 when unknown."""
    model = CONTENT_KINDS.get(kind)
    if model is None:
        raise Http404
    related = ("challenge", "challenge__lab") if model is Proposal else ("challenge", "challenge__lab", "user")
    content = model.objects.select_related(*related).filter(pk=pk).first()
    if content is None:
        raise Http404
    return content


def content_open_reports(content: Proposal | TeamSeeker) -> list[Report]:
    return list(
        Report.objects.filter(
            content_type=ContentType.objects.get_for_model(content), object_id=content.pk, status=ReportStatus.OPEN
        )
        .select_related("reporter")
        .order_by("created_at", "pk")
    )


def moderation_queue(request, challenge: Challenge) -> Page:
    """A page of reported content, the most reported first; each item of the page is a dict
    with the content, its kind, its open reports and their count.

    A fixed number of queries: the groups (count and page), their reports, and the contents
    of each kind.
    """
    groups = (
        Report.objects.filter(challenge=challenge, status=ReportStatus.OPEN)
        .values("content_type", "object_id")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("-count", "-latest", "content_type", "object_id")
    )
    page = paginate(request, groups, QUEUE_PAGE_SIZE)
    keys = [(group["content_type"], group["object_id"]) for group in page.object_list]
    if not keys:
        page.object_list = []
        return page
    reports = (
        Report.objects.filter(status=ReportStatus.OPEN)
        .filter(reduce(or_, (Q(content_type_id=type_id, object_id=pk) for type_id, pk in keys)))
        .select_related("reporter")
        .order_by("created_at", "pk")
    )
    by_key: dict[tuple, list[Report]] = {}
    for report in reports:
        by_key.setdefault((report.content_type_id, report.object_id), []).append(report)
    contents = {}
    for kind, model in CONTENT_KINDS.items():
        type_id = ContentType.objects.get_for_model(model).pk
        ids = [pk for key_type, pk in keys if key_type == type_id]
        if ids:
            queryset = model.objects.filter(pk__in=ids, challenge=challenge)
            if model is TeamSeeker:
                queryset = queryset.select_related("user")
            for item in queryset:
                item.challenge = challenge  # the reference of a proposal needs its code
                contents[(type_id, item.pk)] = (kind, item)
    items = []
    for key, group in zip(keys, page.object_list, strict=True):
        if key in contents:  # content deleted since it was reported
            kind, content = contents[key]
            items.append({"kind": kind, "content": content, "reports": by_key.get(key, []), "count": group["count"]})
    page.object_list = items
    return page


def hidden_content(challenge: Challenge) -> list[dict]:
    """The challenge's hidden proposals and team searches, most recently hidden first."""
    proposals = Proposal.objects.filter(challenge=challenge, hidden_at__isnull=False).select_related("challenge")
    seekers = TeamSeeker.objects.filter(challenge=challenge, hidden_at__isnull=False).select_related("user")
    items = [{"kind": "proposal", "content": item} for item in proposals]
    items += [{"kind": "seeker", "content": item} for item in seekers]
    return sorted(items, key=lambda item: item["content"].hidden_at, reverse=True)
