from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("catalog.jsonld", views.catalog, name="catalog"),
    path("publish/", views.publish, name="publish"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>.<str:fmt>", views.dataset_file, name="file"),
    path("<slug:slug>/<int:pk>.<str:fmt>", views.snapshot_file, name="snapshot-file"),
]
