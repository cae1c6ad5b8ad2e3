from django.urls import path

from space import views

app_name = "space"
urlpatterns = [
    path("mi-espacio/", views.my_space, name="mine"),
    path("my-space/", views.my_space, name="mine_en"),
]
