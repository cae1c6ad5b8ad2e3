"""The organizers' assignment of mentors, mounted under /console/ (posted from the console's lab page)."""

from django.urls import path

from projects.views import logbook

app_name = "lab_mentors"
urlpatterns = [
    path("<slug:slug>/lab/projects/<int:pk>/mentors/add/", logbook.mentor_change, {"action": "add"}, name="add"),
    path(
        "<slug:slug>/lab/projects/<int:pk>/mentors/remove/", logbook.mentor_change, {"action": "remove"}, name="remove"
    ),
]
