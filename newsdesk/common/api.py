"""API pieces every app uses: the error shape, pagination, permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from newsdesk.common import roles
from newsdesk.common.errors import DomainError


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "detail"}}."""
    return {"error": {"code": code, "message": message, "detail": detail or {}}}


def _django_validation_detail(exc: DjangoValidationError) -> tuple[str, Any]:
    if hasattr(exc, "error_dict"):
        detail = {
            field: [m for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
        first = next(iter(detail.values()), ["Invalid input."])
        return first[0], detail
    return exc.messages[0], {"non_field_errors": exc.messages}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.detail), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        message, detail = _django_validation_detail(exc)
        return Response(error_body("invalid", message, detail), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        message = _first_message(detail) or "Invalid input."
        response.data = error_body("invalid", message, detail)
    else:
        code = getattr(exc, "default_code", "error")
        response.data = error_body(code, str(getattr(exc, "detail", exc)))
    return response


def _first_message(detail: Any) -> str | None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            found = _first_message(value)
            if found:
                return found if key == "non_field_errors" else f"{key}: {found}"
        return None
    if isinstance(detail, list):
        for value in detail:
            found = _first_message(value)
            if found:
                return found
        return None
    return str(detail)


class StableCursorPagination(CursorPagination):
    """Cursor pagination ordered by a unique tiebreaker, with a capped page size."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-updated_at", "-id")


class IsEditor(permissions.BasePermission):
    message = "Only editors may do this."

    def has_permission(self, request, view) -> bool:
        return roles.is_editor(request.user)


class IsReviewer(permissions.BasePermission):
    message = "Only reviewers may do this."

    def has_permission(self, request, view) -> bool:
        return roles.is_reviewer(request.user)


class IsStaffMember(permissions.BasePermission):
    message = "Only newsroom staff (editors and reviewers) may do this."

    def has_permission(self, request, view) -> bool:
        return roles.is_staff_member(request.user)
