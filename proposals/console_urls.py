"""The organizers' pages of a call's proposals, mounted under /console/<slug>/proposals/."""

from django.urls import path

from proposals.views import console, exports

app_name = "call_proposals"
urlpatterns = [
    path("<slug:slug>/proposals/", console.call_proposals_view, name="list"),
    path("<slug:slug>/proposals/bulk/", console.call_proposals_bulk, name="bulk"),
    path("<slug:slug>/proposals/export.<str:fmt>", console.call_proposals_export, name="export"),
    path("<slug:slug>/proposals/<int:pk>/", console.proposal_organizer_view, name="detail"),
    path("<slug:slug>/exports/<slug:what>.<str:fmt>", exports.call_export, name="export_other"),
    path("<slug:slug>/proposals/<int:pk>/drop-out/", console.proposal_drop_out_view, name="drop_out"),
]
