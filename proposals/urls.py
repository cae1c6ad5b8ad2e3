from django.urls import path

from proposals.views import citizen, public

app_name = "proposals"
urlpatterns = [
    path("mine/", citizen.my_proposals, name="mine"),
    path("new/<slug:slug>/", citizen.proposal_new, name="start"),
    path("challenge/<slug:slug>/", public.gallery, name="gallery"),
    path("<int:pk>/", public.proposal_detail, name="detail"),
    path("<int:pk>/edit/", citizen.proposal_edit, name="edit"),
    path("<int:pk>/submit/", citizen.proposal_submit_view, name="submit"),
    path("<int:pk>/receipt/", citizen.proposal_receipt, name="receipt"),
    path("<int:pk>/withdraw/", citizen.proposal_withdraw_view, name="withdraw"),
    path("<int:pk>/files/", citizen.proposal_files, name="files"),
    path("<int:pk>/files/<str:kind>/<int:item>/delete/", citizen.proposal_file_delete, name="file_delete"),
    path("<int:pk>/versions/", public.proposal_versions, name="versions"),
]
