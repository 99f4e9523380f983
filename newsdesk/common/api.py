"""API pieces every app uses: the error shape (and its OpenAPI schema), pagination,
permissions."""

from __future__ import annotations

import codecs
import math
from datetime import UTC
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.utils import json
from rest_framework.views import exception_handler as drf_exception_handler

from newsdesk.common import roles
from newsdesk.common.errors import DomainError


def finite_float(text: str) -> float:
    """A JSON number as a float; one too large for a float (``1e400``) is refused rather
    than read as infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


class StrictJSONParser(JSONParser):
    """DRF's JSON parser, plus clear 400s for what it let through: a body nested too deeply
    (a RecursionError, so a 500) and numbers beyond a float (read as infinity)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            return json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=json.strict_constant,
                parse_float=finite_float,
            )
        except RecursionError:
            raise exceptions.ParseError(
                "JSON parse error - the body is nested too deeply."
            ) from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code", "message", "detail"}}."""
    return {"error": {"code": code, "message": message, "detail": detail or {}}}


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "detail"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "detail": {"type": "object", "additionalProperties": True},
            },
        }
    },
}


def error_response(description: str) -> OpenApiResponse:
    """An error response in the OpenAPI schema: the one error shape, described."""
    return OpenApiResponse(response=ERROR_SCHEMA, description=description)


# Errors any request with an API key may meet: the key check and the per-key throttle.
KEY_ERRORS = {
    401: error_response("The API key is unknown, revoked or expired"),
    429: error_response("Too many requests for this key: retry after Retry-After seconds"),
}
NOT_STAFF = error_response("Not signed in, or not newsroom staff (editors and reviewers)")
# The errors of a staff list and of a staff object, as the OpenAPI schema declares them.
STAFF_LIST_ERRORS = {
    400: error_response("A filter, the cursor or the page size is invalid (the detail names it)"),
    403: NOT_STAFF,
    **KEY_ERRORS,
}


def staff_detail_errors(missing: str) -> dict[int, OpenApiResponse]:
    """A staff object's errors; `missing` describes its 404 ("No such article")."""
    return {403: NOT_STAFF, 404: error_response(missing), **KEY_ERRORS}


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
    """Cursor pagination ordered by a timestamp and a unique tiebreaker, with a capped page
    size. Its parameters are validated: a bad cursor or page size is a 400 naming the
    parameter, never a silent default, a 404 or a server error."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-updated_at", "-id")

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise exceptions.ValidationError(
                {"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]}
            )
        return int(raw)

    def decode_cursor(self, request):
        invalid = exceptions.ValidationError(
            {"cursor": ["Invalid cursor: use the next or previous link as given."]}
        )
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise invalid from None
        if cursor is None or cursor.position is None:
            return cursor
        # Every ordering starts with a timestamp: a forged position must be one too.
        position = _utc_timestamp(cursor.position)
        if position is None:
            raise invalid
        return cursor._replace(position=position)

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def _utc_timestamp(value: str) -> str | None:
    """A cursor's position (an aware timestamp) in UTC, or None if it is not one."""
    try:
        parsed = parse_datetime(value)
        if parsed is None or parsed.tzinfo is None:
            return None
        return str(parsed.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


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
