"""WSGI entry point: in production gunicorn serves pages and the API from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innovation_platform.settings.local")

application = get_wsgi_application()
