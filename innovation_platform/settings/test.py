"""Test settings: the local defaults, made fast and isolated."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cocrea-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="cocrea-test-private-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The suite runs as one client; throttles are exercised by their own tests.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute"}}  # noqa: F405
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["testserver", "localhost", "127.0.0.1"])
# Serve static files from the source folders, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Connections opened by Channels' database threads (consumers under test) close after each use,
# so none outlives the suite and blocks dropping the PostgreSQL test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Every test sees fresh figures; tests of the cache itself set a lifetime.
FIGURES_CACHE_SECONDS = 0
# Pages are rendered on every request; the page cache's own tests (tests/core/test_page_cache*.py) turn it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
# No timer threads outliving a test: high-rate live events go out as published; the
# coalescing tests set a window.
LIVE_COALESCE_SECONDS = 0
