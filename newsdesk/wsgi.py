"""WSGI entry point. Settings refuse to load without DATABASE_URL and SECRET_KEY outside
DEBUG (newsdesk.startup), so a misconfigured server stops before it serves."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

application = get_wsgi_application()
