from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig

# The claims app's wings, ground first (see claims/__init__.py).
WINGS = ("facts", "conflicts", "desk", "publishing")


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        from claims import receivers  # noqa: F401  (connects to sources' signals)

        # Each wing's admin registrations and Celery tasks are loaded by name, the way Django
        # finds an app's admin and Celery an app's tasks: the app names its wings and never
        # imports their code, so no module depends on the wings above it.
        for module in (
            "claims.tasks",
            *(f"claims.{w}.{m}" for w in WINGS for m in ("admin", "tasks")),
        ):
            if find_spec(module) is not None:
                import_module(module)
