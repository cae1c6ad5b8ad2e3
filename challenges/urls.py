from django.urls import path

from challenges.views import invitations, live, public

app_name = "challenges"
urlpatterns = [
    path("", public.challenge_list, name="list"),
    # Before the challenge pages, whose web addresses would otherwise swallow it.
    path("role-invitation/<str:token>/", invitations.role_invitation, name="role_invitation"),
    path("<slug:slug>/", public.challenge_detail, name="detail"),
    path("<slug:slug>/live/", live.challenge_live, name="live"),
    path("<slug:slug>/live/screen/", live.challenge_live_screen, name="live_screen"),
    path("<slug:slug>/schedule/", public.challenge_schedule, name="schedule"),
    path("<slug:slug>/calendar.ics", public.challenge_calendar, name="calendar"),
    path("<slug:slug>/sessions/<int:pk>.ics", public.session_calendar, name="session_calendar"),
    path("<slug:slug>/announcements/", public.announcement_list, name="announcements"),
    path("<slug:slug>/follow/", public.challenge_follow_toggle, name="follow"),
]
