from django.urls import path

from innovation_platform.accounts import views
from innovation_platform.accounts.models import PolicyKind

app_name = "accounts"
urlpatterns = [
    path("innovators/", views.innovator_list, name="innovator_list"),
    path("innovators/<slug:slug>/", views.innovator_detail, name="innovator_detail"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/api-token/", views.api_token_regenerate, name="api_token"),
    path("profile/data/", views.data_export, name="data_export"),
    path("profile/data/<str:token>/", views.data_export_download, name="data_export_download"),
    path("profile/delete/", views.account_delete_page, name="account_delete"),
    path("privacy/", views.policy_page, {"kind": PolicyKind.PRIVACY}, name="privacy"),
    path("terms/", views.policy_page, {"kind": PolicyKind.TERMS}, name="terms"),
    path("policies/accept/", views.policies_accept_page, name="policies_accept"),
]
