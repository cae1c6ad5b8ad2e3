"""The organizer console, mounted at /console/."""

from django.urls import path

from challenges.views import console, messaging

app_name = "console"
urlpatterns = [
    path("", console.dashboard, name="dashboard"),
    path("new/", console.challenge_new, name="new"),
    path("<slug:slug>/", console.challenge_edit, name="edit"),
    path("<slug:slug>/timeline/", console.timeline_edit, name="timeline"),
    path("<slug:slug>/roles/", console.role_list, name="roles"),
    path("<slug:slug>/roles/<int:pk>/revoke/", console.role_revoke, name="role_revoke"),
    path("<slug:slug>/roles/invite/", console.role_invite, name="role_invite"),
    path(
        "<slug:slug>/roles/invitations/<int:pk>/resend/",
        console.role_invitation_resend,
        name="role_invitation_resend",
    ),
    path(
        "<slug:slug>/roles/invitations/<int:pk>/revoke/",
        console.role_invitation_revoke,
        name="role_invitation_revoke",
    ),
    path("<slug:slug>/publish/", console.challenge_publish_view, name="publish"),
    path("<slug:slug>/archive/", console.challenge_archive_view, name="archive"),
    path("<slug:slug>/duplicate/", console.challenge_duplicate_view, name="duplicate"),
    path("<slug:slug>/audit/", console.audit_log_view, name="audit"),
    path("<slug:slug>/messages/", messaging.message_list, name="messages"),
    path("<slug:slug>/messages/new/", messaging.message_new, name="message_new"),
    path("<slug:slug>/<section>/", console.section_list, name="section"),
    path("<slug:slug>/<section>/<int:pk>/", console.section_edit, name="section_edit"),
    path("<slug:slug>/<section>/<int:pk>/delete/", console.section_delete_view, name="section_delete"),
]
