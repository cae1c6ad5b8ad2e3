from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler as drf_exception_handler

from innovation_platform.core.errors import ApplicationError


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


def exception_handler(exc, context):
    """DRF's handler, plus the services' one error type: its translated message becomes a 400."""
    if isinstance(exc, ApplicationError):
        exc = ValidationError({exc.field: [exc.message]} if exc.field else {"detail": exc.message})
    return drf_exception_handler(exc, context)
