"""WebSocket routes, all under /ws/: one per audience (docs/live.md)."""

from django.urls import path, re_path

from innovation_platform.live import consumers

websocket_urlpatterns = [
    path("ws/challenges/<slug:slug>/", consumers.ChallengeConsumer.as_asgi()),
    path("ws/challenges/<slug:slug>/organizers/", consumers.ChallengeOrganizersConsumer.as_asgi()),
    path("ws/judging/rounds/<int:pk>/console/", consumers.RoundConsoleConsumer.as_asgi()),
    path("ws/me/", consumers.MeConsumer.as_asgi()),
    re_path(r"", consumers.UnknownPathConsumer.as_asgi()),  # last: whatever no route above names
]
