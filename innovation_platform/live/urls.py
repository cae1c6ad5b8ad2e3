from django.urls import path

from innovation_platform.live import views

app_name = "live"

urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<int:pk>/read/", views.notification_read, name="notification_read"),
    path("read/", views.notification_read_all, name="notification_read_all"),
]
