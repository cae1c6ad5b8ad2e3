from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int) -> Page:
    """One page of a list: a COUNT and a LIMIT query, whatever the list's size.

    A queryset's COUNT is live: a cached total would hide rows that appeared since. A list that keeps its total and
    pages under versions bumped by every change to them (the organizers' `CallListIds`) answers them itself; one
    whose size is already known uses `page_of_known_size` instead.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def page_of_known_size(queryset, number, per_page: int, *, count: int) -> Page:
    """Page `number` of a list whose size is already known, without a COUNT: only for a count kept in the same
    transaction as the rows it counts (judging's kept figures, a juror's review counts), under a version bumped by
    every change to them (core/page_cache.py `counted`), or just counted by the same request (the organizers' list
    of a whole tab), so never stale."""
    paginator = Paginator(queryset, per_page)
    paginator.count = count
    return paginator.get_page(number)
