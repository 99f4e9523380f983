"""The newsroom's roles: Django groups, created by a migration in `claims`."""

from __future__ import annotations

from typing import Any

EDITORS = "Editors"
REVIEWERS = "Reviewers"


def has_role(user: Any, group: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_newsdesk_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._newsdesk_groups = cache
    return group in cache


def is_editor(user: Any) -> bool:
    return has_role(user, EDITORS)


def is_reviewer(user: Any) -> bool:
    return has_role(user, REVIEWERS)


def is_staff_member(user: Any) -> bool:
    return is_editor(user) or is_reviewer(user)
