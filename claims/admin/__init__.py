"""The claims app's own admin registrations; each wing registers its own (`<wing>/admin.py`,
loaded by `claims.apps`)."""

from claims.admin import claims  # noqa: F401  (registers the admins; the cite page is citations.py)
