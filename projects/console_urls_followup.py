"""The organizers' follow-up pages, mounted under /console/: per edition (/console/<slug>/follow-up/) and per lab
(/console/labs/<lab slug>/follow-up/)."""

from django.urls import path

from projects.views import followup

app_name = "follow_up_console"
urlpatterns = [
    path("labs/<slug:slug>/follow-up/", followup.lab_board_view, name="lab_board"),
    path("<slug:slug>/follow-up/", followup.board_view, name="board"),
    path("<slug:slug>/follow-up/export.<str:fmt>", followup.board_export, name="export"),
    path("<slug:slug>/follow-up/checkpoints/new/", followup.checkpoint_new, name="checkpoint_new"),
    path("<slug:slug>/follow-up/checkpoints/suggested/", followup.checkpoints_suggested_view, name="suggested"),
    path("<slug:slug>/follow-up/checkpoints/<int:pk>/", followup.checkpoint_edit, name="checkpoint_edit"),
    path(
        "<slug:slug>/follow-up/checkpoints/<int:pk>/delete/",
        followup.checkpoint_delete_view,
        name="checkpoint_delete",
    ),
]
