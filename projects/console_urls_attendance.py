"""Organizers' attendance pages of a call or event, mounted under /console/<slug>/."""

from django.urls import path

from projects.views import attendance_console

app_name = "attendance_console"
urlpatterns = [
    path("<slug:slug>/attendance/", attendance_console.attendance_view, name="attendance"),
    path("<slug:slug>/attendance/export.<str:fmt>", attendance_console.attendance_export, name="export"),
    path("<slug:slug>/check-in/", attendance_console.check_in_view, name="check_in"),
]
