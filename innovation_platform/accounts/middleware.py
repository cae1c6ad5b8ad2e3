from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from innovation_platform.accounts.services import policies_session_pending

# Where a person who has not accepted the policies in force may still go: the policies themselves and the page to
# accept them, signing out, the ways to take their data and leave without accepting, and leaving the newsletter.
OPEN_PAGES = {
    "accounts:policies_accept",
    "accounts:privacy",
    "accounts:terms",
    "accounts:data_export",
    "accounts:data_export_download",
    "accounts:account_delete",
    "account_logout",
    "set_language",
    "newsletter:unsubscribe",
}
OPEN_PREFIXES = ("/static/", "/media/", "/api/", "/healthz")


class PolicyAcceptanceMiddleware:
    """Sends a signed-in person to accept the privacy policy and terms in force when they have not yet (a new
    version was published since they last did). The API answers as before: its clients have no page to show."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only pages being read are redirected: a form sent when a new version comes into force (a draft being
        # saved) goes through, so nothing typed is lost; the next page asks.
        if request.method not in ("GET", "HEAD"):
            return None
        if request.path_info.startswith(OPEN_PREFIXES) or request.resolver_match.view_name in OPEN_PAGES:
            return None
        if not request.user.is_authenticated or not policies_session_pending(request):
            return None
        accept = reverse("accounts:policies_accept")
        return redirect(f"{accept}?{urlencode({'next': request.get_full_path()})}")
