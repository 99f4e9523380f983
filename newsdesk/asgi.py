"""ASGI entry point (the same startup checks as every other one: newsdesk.startup)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

application = get_asgi_application()
