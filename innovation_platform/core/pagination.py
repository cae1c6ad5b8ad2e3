from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int) -> Page:
    """One page of a list: a COUNT and a LIMIT query, whatever the list's size.

    The COUNT is always live: a cached total would hide rows that appeared since.
    """
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
