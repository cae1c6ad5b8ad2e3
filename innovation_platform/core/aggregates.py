from django.db.models import Aggregate, Count, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def subquery_aggregate(rows: QuerySet, aggregate: Aggregate | None = None, zero=0) -> Coalesce:
    """An aggregate (a count by default) of `rows`, which filter on an `OuterRef`, as a correlated sub-query to
    annotate each outer row with: figures from several tables then never multiply each other as joins would, and
    a row without any gets `zero`."""
    figure = rows.order_by().values(one=Value(1)).annotate(figure=aggregate or Count("pk")).values("figure")
    return Coalesce(Subquery(figure[:1]), Value(zero))
