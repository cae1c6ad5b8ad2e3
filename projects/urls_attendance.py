"""Participants' pages of the lab's programme, under /challenges/<slug>/ next to the challenge's own pages."""

from django.urls import path

from projects.views import attendance

app_name = "attendance"
urlpatterns = [
    path("<slug:slug>/pass/", attendance.entry_pass_view, name="pass"),
    path("<slug:slug>/today/", attendance.today_view, name="today"),
    path("<slug:slug>/sessions/<int:pk>/register/", attendance.session_register_view, name="register"),
    path("<slug:slug>/sessions/<int:pk>/cancel/", attendance.session_cancel_view, name="cancel"),
]
