"""Certificates, mounted at /certificates/: the holder's list, the public verification page and the PDF."""

from django.urls import path

from projects.views import certificates

app_name = "certificates"
urlpatterns = [
    path("mine/", certificates.my_certificates, name="mine"),
    path("<str:code>/", certificates.certificate_verify, name="verify"),
    path("<str:code>/pdf/", certificates.certificate_download, name="download"),
]
