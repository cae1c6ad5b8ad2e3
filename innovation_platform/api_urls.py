"""Version 1 of the public API, mounted at /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from challenges.api import ChallengeViewSet
from innovation_platform.accounts.api import InnovatorViewSet
from innovation_platform.labs.api import LabViewSet
from judging.api.juror import MyAssignmentViewSet
from judging.api.organizer import RoundViewSet
from judging.api.setup import AssignmentSetupViewSet, CriterionViewSet, JurorViewSet, RoundSetupViewSet
from opendata.api import OpenDataFileView, OpenDataListView, OpenDataSnapshotFileView, OpenDataSnapshotListView
from projects.api.projects import ProjectViewSet
from proposals.api.console import (
    CallExportView,
    CallProposalExportView,
    CallProposalListView,
    CallProposalScreenView,
)
from proposals.api.proposals import ProposalViewSet
from proposals.api.roles import MyApplicationViewSet, OpenRoleViewSet, TeamApplicationViewSet
from proposals.api.supports import ProposalSupportView, SupportsRankingView
from proposals.api.teams import InvitationViewSet, JoinRequestViewSet, TeamViewSet


class Router(DefaultRouter):
    """Ids are numbers: a path with anything else is not found (404) instead of a query that fails (500)."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") == "pk" and not hasattr(viewset, "lookup_value_regex"):
            kwarg = getattr(viewset, "lookup_url_kwarg", None) or "pk"
            return f"(?P<{lookup_prefix}{kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)


router = Router()
router.register("labs", LabViewSet, basename="lab")
router.register("innovators", InnovatorViewSet, basename="innovator")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("projects", ProjectViewSet, basename="project")
router.register("teams", TeamViewSet, basename="team")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("join-requests", JoinRequestViewSet, basename="join-request")
router.register("open-roles", OpenRoleViewSet, basename="open-role")
router.register("my-applications", MyApplicationViewSet, basename="my-application")
router.register("team-applications", TeamApplicationViewSet, basename="team-application")
router.register("judging/rounds", RoundViewSet, basename="judging-round")
router.register("judging/my-assignments", MyAssignmentViewSet, basename="judging-my-assignment")
router.register("judging/setup/rounds", RoundSetupViewSet, basename="judging-setup-round")
router.register("judging/setup/criteria", CriterionViewSet, basename="judging-setup-criterion")
router.register("judging/setup/jurors", JurorViewSet, basename="judging-setup-juror")
router.register("judging/setup/assignments", AssignmentSetupViewSet, basename="judging-setup-assignment")

app_name = "v1"
urlpatterns = router.urls + [
    path("proposals/<int:pk>/support/", ProposalSupportView.as_view(), name="proposal-support"),
    path("challenges/<slug:slug>/supports-ranking/", SupportsRankingView.as_view(), name="supports-ranking"),
    # The organizers' list of a call's proposals, as under /console/<slug>/proposals/.
    path("console/<slug:slug>/proposals/", CallProposalListView.as_view(), name="call-proposals"),
    path(
        "console/<slug:slug>/proposals/export.<str:fmt>",
        CallProposalExportView.as_view(),
        name="call-proposals-export",
    ),
    path("console/<slug:slug>/proposals/screen/", CallProposalScreenView.as_view(), name="call-proposals-screen"),
    # The call's other exports, as under /console/<slug>/exports/.
    path("console/<slug:slug>/exports/<slug:what>.<str:fmt>", CallExportView.as_view(), name="call-export"),
    # The open datasets of /datos/, the same files.
    path("open-data/", OpenDataListView.as_view(), name="open-data"),
    path("open-data/<slug:slug>/snapshots/", OpenDataSnapshotListView.as_view(), name="open-data-snapshots"),
    path("open-data/<slug:slug>.<str:fmt>", OpenDataFileView.as_view(), name="open-data-file"),
    path(
        "open-data/<slug:slug>/snapshots/<int:pk>.<str:fmt>",
        OpenDataSnapshotFileView.as_view(),
        name="open-data-snapshot-file",
    ),
]
