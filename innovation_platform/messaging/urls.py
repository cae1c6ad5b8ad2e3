from django.urls import path

from innovation_platform.messaging import views

app_name = "messaging"

urlpatterns = [
    path("<int:pk>/", views.message_detail, name="detail"),
]
