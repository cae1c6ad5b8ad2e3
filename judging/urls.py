"""Jury pages, mounted at /judging/: organizers run rounds, jurors score."""

from django.urls import path

from judging.views import documents, invitations, juror, organizer, pairwise, progress, results

app_name = "judging"
urlpatterns = [
    # Jurors: their reviews, scoring, recusal
    path("mine/", juror.dashboard_view, name="mine"),
    path("assignments/<int:pk>/", juror.review_view, name="review"),
    path("assignments/<int:pk>/recuse/", juror.recuse_view, name="recuse"),
    path(
        "assignments/<int:pk>/documents/<str:kind>/<int:item>/",
        documents.assignment_document_view,
        name="assignment_document",
    ),
    # Assignment and progress, for the organizers
    path("rounds/<int:pk>/progress/", progress.progress_view, name="progress"),
    path("rounds/<int:pk>/assign/", progress.assign_view, name="assign"),
    path("rounds/<int:pk>/assignments/add/", progress.assignment_add_view, name="assignment_add"),
    path("rounds/<int:pk>/assignments/remove/", progress.assignment_remove_view, name="assignment_remove"),
    # Setting up judging: rounds, criteria, the jury and its conflicts
    path("<slug:slug>/rounds/", organizer.rounds, name="rounds"),
    path("<slug:slug>/rounds/new/", organizer.round_new, name="round_new"),
    path("rounds/<int:pk>/settings/", organizer.round_edit, name="round_edit"),
    path("rounds/<int:pk>/criteria/", organizer.criteria, name="criteria"),
    path("rounds/<int:pk>/criteria/unlock/", organizer.criteria_unlock_view, name="criteria_unlock"),
    path("rounds/<int:pk>/criteria/<int:criterion_pk>/", organizer.criterion_edit, name="criterion_edit"),
    path(
        "rounds/<int:pk>/criteria/<int:criterion_pk>/delete/",
        organizer.criterion_delete_view,
        name="criterion_delete",
    ),
    path("rounds/<int:pk>/criteria/<int:criterion_pk>/move/", organizer.criterion_move_view, name="criterion_move"),
    path("rounds/<int:pk>/jury/", organizer.jury, name="jury"),
    path("rounds/<int:pk>/jury/conflicts/", organizer.conflicts_refresh_view, name="conflicts_refresh"),
    path("rounds/<int:pk>/jury/<int:juror_pk>/", organizer.juror_edit, name="juror_edit"),
    path("rounds/<int:pk>/jury/<int:juror_pk>/resend/", organizer.juror_resend, name="juror_resend"),
    path("rounds/<int:pk>/jury/<int:juror_pk>/revoke/", organizer.juror_revoke, name="juror_revoke"),
    path("invitation/<str:token>/", invitations.invitation, name="invitation"),
    # Results, selection and the auditable record
    path("rounds/<int:pk>/results/", results.round_results_view, name="results"),
    path("rounds/<int:pk>/results/publish/", results.results_publish_view, name="results_publish"),
    path("rounds/<int:pk>/results/team-feedback/", results.team_feedback_view, name="team_feedback"),
    path("rounds/<int:pk>/selection/propose/", results.selection_propose_view, name="selection_propose"),
    path("rounds/<int:pk>/selection/confirm/", results.selection_confirm_view, name="selection_confirm"),
    path("rounds/<int:pk>/selection/<int:decision_pk>/", results.selection_decide_view, name="selection_decide"),
    path("rounds/<int:pk>/record/", results.record_view, name="record"),
    path("rounds/<int:pk>/record.csv", results.record_csv, name="record_csv"),
    path("rounds/<int:pk>/record.json", results.record_json, name="record_json"),
    path("rounds/<int:pk>/reviews.<str:fmt>", results.reviews_export, name="reviews_export"),
    # Pairwise expo judging
    path("rounds/<int:pk>/expo/", pairwise.expo_view, name="expo"),
    path("rounds/<int:pk>/expo/start/", pairwise.expo_start_view, name="expo_start"),
    path("rounds/<int:pk>/expo/vote/", pairwise.expo_vote_view, name="expo_vote"),
    path("rounds/<int:pk>/expo/skip/", pairwise.expo_skip_view, name="expo_skip"),
    path("rounds/<int:pk>/expo/undo/", pairwise.expo_undo_view, name="expo_undo"),
    path("rounds/<int:pk>/expo/board/", pairwise.expo_board_view, name="expo_board"),
    path("rounds/<int:pk>/expo/shortlist/", pairwise.expo_shortlist_view, name="expo_shortlist"),
]
