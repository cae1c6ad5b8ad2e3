"""Version 1 of the public API, mounted at /api/v1/."""

from rest_framework.routers import DefaultRouter

from challenges.api import ChallengeViewSet
from innovation_platform.accounts.api import InnovatorViewSet
from innovation_platform.labs.api import LabViewSet

router = DefaultRouter()
router.register("labs", LabViewSet, basename="lab")
router.register("innovators", InnovatorViewSet, basename="innovator")
router.register("challenges", ChallengeViewSet, basename="challenge")

app_name = "v1"
urlpatterns = router.urls
