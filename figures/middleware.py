from figures.visits import PUBLIC_PAGES, is_robot, page_view_count


class PageViewMiddleware:
    """Counts a view of a public page shown to a person (see `figures.visits`): a GET answered 200 by one of the
    counted views, its User-Agent not a robot's. Reads nothing else of the request and sets nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name in PUBLIC_PAGES
            and not is_robot(request.headers.get("user-agent", ""))
        ):
            page_view_count(match.view_name)
        return response
