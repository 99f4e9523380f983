"""WSGI entry point. Refuses to serve production traffic with the development key."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if not settings.DEBUG and settings.SECRET_KEY.startswith("django-insecure-"):
    raise ImproperlyConfigured("Set SECRET_KEY before serving with DJANGO_DEBUG=0.")
