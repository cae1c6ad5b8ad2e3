"""The organizers' pages of a call's lab, mounted under /console/<slug>/lab/."""

from django.urls import path

from projects.views import console

app_name = "call_lab"
urlpatterns = [
    path("<slug:slug>/lab/", console.call_lab, name="list"),
]
