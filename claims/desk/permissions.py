"""Who may open the desk's pages: newsroom staff (editors and reviewers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from newsdesk.common import roles


def staff_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in non-staff get a 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not roles.is_staff_member(request.user):
            raise PermissionDenied("Only newsroom staff may see the dashboard.")
        return view(request, *args, **kwargs)

    return wrapped
