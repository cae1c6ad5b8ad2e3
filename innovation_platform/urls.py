from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from innovation_platform.accounts import views as accounts_views
from innovation_platform.core import views as core_views
from space import views as space_views

# The admin signs in through allauth's sign-in, so its limits on failed attempts hold whichever door is tried.
admin.site.login = secure_admin_login(admin.site.login)

handler404 = core_views.page_not_found

urlpatterns = [
    path("", space_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", accounts_views.language_set, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("", include("innovation_platform.accounts.urls")),
    path("labs/", include("innovation_platform.labs.urls")),
    path("cifras/", include("figures.urls")),
    path("figures/", RedirectView.as_view(pattern_name="figures:index", permanent=True)),
    path("challenges/", include("challenges.urls")),
    path("challenges/", include("projects.urls_attendance")),
    # Each app's console pages before the challenge console's catch-all sections.
    path("console/", include("proposals.console_urls")),
    path("console/", include("projects.console_urls")),
    path("console/", include("projects.console_urls_followup")),
    path("console/", include("projects.console_urls_certificates")),
    path("console/", include("projects.console_urls_logbook")),
    path("console/", include("projects.console_urls_attendance")),
    path("console/", include("challenges.console_urls")),
    path("proposals/", include("proposals.urls")),
    path("judging/", include("judging.urls")),
    path("projects/", include("projects.urls")),
    path("projects/", include("projects.urls_followup")),
    path("projects/", include("projects.urls_logbook")),
    path("certificates/", include("projects.urls_certificates")),
    path("", include("space.urls")),
    path("notifications/", include("innovation_platform.live.urls")),
    path("messages/", include("innovation_platform.messaging.urls")),
    path("boletin/", include("newsletter.urls")),
    # The archive's English address.
    path("newsletter/", RedirectView.as_view(pattern_name="newsletter:archive", permanent=True, query_string=True)),
    path("newsletter/<int:pk>/", RedirectView.as_view(pattern_name="newsletter:issue", permanent=True)),
    path("datos/", include("opendata.urls")),
    path("data/", include(("opendata.urls", "opendata"), namespace="opendata-en")),  # the English alias
    path("api/v1/", include("innovation_platform.api_urls", namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
