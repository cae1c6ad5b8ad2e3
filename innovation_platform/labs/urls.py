from django.urls import path

from innovation_platform.labs import views

app_name = "labs"
urlpatterns = [
    path("", views.lab_list, name="list"),
    path("new/", views.lab_new, name="new"),
    path("<slug:slug>/", views.lab_detail, name="detail"),
    path("<slug:slug>/edit/", views.lab_edit, name="edit"),
    path("<slug:slug>/verify/", views.lab_verify, name="verify"),
    path("<slug:slug>/members/", views.lab_member_list, name="members"),
    path("<slug:slug>/members/<int:membership_id>/", views.lab_member_change, name="member_change"),
]
