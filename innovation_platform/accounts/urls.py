from django.urls import path

from innovation_platform.accounts import views

app_name = "accounts"
urlpatterns = [
    path("innovators/", views.innovator_list, name="innovator_list"),
    path("innovators/<slug:slug>/", views.innovator_detail, name="innovator_detail"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/api-token/", views.api_token_regenerate, name="api_token"),
]
