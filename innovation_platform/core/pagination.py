from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """A paginator told its total (e.g. from cached figures) instead of counting every row."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def paginate(request, queryset, per_page: int, *, count: int | None = None) -> Page:
    """One page of a list: a LIMIT query, plus a COUNT unless the total is already known."""
    paginator = Paginator(queryset, per_page) if count is None else KnownCountPaginator(queryset, per_page, count=count)
    return paginator.get_page(request.GET.get("page"))
