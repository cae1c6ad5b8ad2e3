from django.urls import path

from projects.views import public, team

app_name = "projects"
urlpatterns = [
    path("", public.gallery, name="gallery"),
    path("<int:pk>/", public.project_detail, name="detail"),
    path("<int:pk>/slides/", public.project_slides, name="slides"),
    path("<int:pk>/edit/", team.project_edit, name="edit"),
    path("<int:pk>/outcome/", team.project_outcome, name="outcome"),
]
