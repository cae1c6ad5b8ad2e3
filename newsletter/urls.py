from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/", views.issue, name="issue"),
    path("baja/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("editor/", views.editor, name="editor"),
    path("editor/new/", views.newsletter_new, name="new"),
    path("editor/<int:pk>/", views.newsletter_edit, name="edit"),
    path("editor/<int:pk>/test/", views.newsletter_try, name="test"),
    path("editor/<int:pk>/send/", views.newsletter_send_confirm, name="send"),
]
