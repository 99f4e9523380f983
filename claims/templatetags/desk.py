"""Template filters for the desk's navigation: which links the signed-in person may use."""

from __future__ import annotations

from typing import Any

from django import template

from newsdesk.common import roles

register = template.Library()


@register.filter
def is_reviewer(user: Any) -> bool:
    return roles.is_reviewer(user)


@register.filter
def is_staff_member(user: Any) -> bool:
    return roles.is_staff_member(user)
