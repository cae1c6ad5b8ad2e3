"""The organizers' certificates of a call or event, mounted under /console/<slug>/certificates/."""

from django.urls import path

from projects.views import certificates_console

app_name = "console_certificates"
urlpatterns = [
    path("<slug:slug>/certificates/", certificates_console.certificates_view, name="list"),
    path("<slug:slug>/certificates/issue/", certificates_console.certificates_issue_view, name="issue"),
    path("<slug:slug>/certificates/issued/", certificates_console.certificates_issued_view, name="issued"),
    path(
        "<slug:slug>/certificates/<str:code>/revoke/",
        certificates_console.certificate_revoke_view,
        name="revoke",
    ),
]
