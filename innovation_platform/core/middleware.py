import zoneinfo

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _


class UserTimezoneMiddleware:
    """Shows times in the signed-in user's zone; everyone else sees the site's (Lima)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = getattr(request.user, "timezone", "")
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


def _too_large_text() -> str:
    return _("The request is too large: send at most %(size)s at once.") % {
        "size": filesizeformat(settings.REQUEST_BODY_MAX_BYTES)
    }


class RequestBodyLimitMiddleware:
    """Refuses (413) a request whose declared body is over REQUEST_BODY_MAX_BYTES before anything reads it: a WSGI
    server streams the body, so nothing of it is read. Under ASGI, `BodyLimit` below has refused it already."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(_too_large_text(), status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class BodyLimit:
    """ASGI: Django's handler reads the whole body before any middleware runs, so the limit is kept here, around it.
    A declared length over the limit is answered 413 at once; a body that grows over it while arriving (chunked)
    is cut off, and Django abandons the request as if the client had gone."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = settings.REQUEST_BODY_MAX_BYTES
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            with translation.override(settings.LANGUAGE_CODE):  # before Django: the site's language
                text = _too_large_text()
            headers = [(b"content-type", b"text/plain; charset=utf-8")]
            await send({"type": "http.response.start", "status": 413, "headers": headers})
            await send({"type": "http.response.body", "body": text.encode()})
            return None
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, limited_receive, send)
