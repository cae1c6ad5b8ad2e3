"""The team's answer to a follow-up checkpoint, mounted under /projects/."""

from django.urls import path

from projects.views import followup

app_name = "follow_up"
urlpatterns = [
    path("<int:pk>/follow-up/<int:checkpoint>/", followup.answer_view, name="answer"),
]
