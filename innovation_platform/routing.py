"""WebSocket routes, all under /ws/. Each app's consumers are added here as they arrive."""

websocket_urlpatterns: list = []
