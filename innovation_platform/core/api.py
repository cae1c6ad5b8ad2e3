from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.views import exception_handler as drf_exception_handler

from innovation_platform.core.errors import ApplicationError

# The largest id a row can have (BigAutoField): a larger number in a request is refused as invalid, not sent to the
# database, which would fail on it.
ID_MAX = 2**63 - 1


class ObjectJSONParser(JSONParser):
    """Every request body of the API is an object of fields: a bare list or value is refused (400) here, before a
    view reads fields from it."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("Send a JSON object with the request's fields."))
        return data


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    # A list's size when the view knows it without a COUNT (see core/pagination.py `page_of_known_size`).
    known_count: int | None = None

    def django_paginator_class(self, queryset, per_page):
        paginator = Paginator(queryset, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count
        return paginator


def exception_handler(exc, context):
    """DRF's handler, plus the services' one error type, whose translated message becomes a 400, and Django's
    refusals of an oversized form body, which would otherwise leave the API as an HTML page."""
    if isinstance(exc, ApplicationError):
        exc = ValidationError({exc.field: [exc.message]} if exc.field else {"detail": exc.message})
    elif isinstance(exc, TooManyFieldsSent | RequestDataTooBig):
        exc = ParseError(_("The request has too many fields or is too large."))
    return drf_exception_handler(exc, context)


class AnyAccept(BaseContentNegotiation):
    """For views that send a file: it is sent whatever the client accepts (errors in JSON), where DRF's
    negotiation would refuse `text/csv`."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
