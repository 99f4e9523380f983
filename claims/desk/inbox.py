"""Each person's inbox: what was returned to me, my drafts, my claims in review, what
awaits my review, and the open conflicts on my claims."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims.desk import selectors
from claims.desk.permissions import staff_member_required
from newsdesk.common import roles


@staff_member_required
def inbox(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "My inbox",
        "is_nav_sidebar_enabled": False,
        "is_reviewer": roles.is_reviewer(request.user),
        "is_editor": roles.is_editor(request.user),
        **selectors.inbox(user=request.user),
    }
    return render(request, "claims/inbox.html", context)
