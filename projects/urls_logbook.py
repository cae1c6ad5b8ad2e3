"""The logbook's pages, mounted under /projects/ (before the project pages, whose references are free text)."""

from django.urls import path

from projects.views import logbook

app_name = "logbook"
urlpatterns = [
    path("mentoring/", logbook.mentoring, name="mentoring"),
    path("<int:pk>/logbook/", logbook.logbook, name="list"),
    path("<int:pk>/logbook/<int:post>/", logbook.logbook_post, name="post"),
    path("<int:pk>/logbook/<int:post>/edit/", logbook.logbook_post_edit, name="edit"),
    path("<int:pk>/logbook/<int:post>/delete/", logbook.logbook_post_delete_view, name="delete"),
    path("<int:pk>/logbook/<int:post>/hide/", logbook.logbook_post_hide_view, name="hide"),
    path(
        "<int:pk>/logbook/<int:post>/answers/<int:comment>/delete/",
        logbook.logbook_comment_delete_view,
        name="answer_delete",
    ),
]
