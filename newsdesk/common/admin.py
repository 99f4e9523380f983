"""API keys in the admin: administrators create, revoke and inspect them.

No newsroom group has permissions on keys, so only superusers see this page. A new key is
shown once, in the confirmation message after saving; afterwards only its prefix is known.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from newsdesk.common.authentication import (
    api_key_create,
    api_key_revoke,
    api_key_validate,
    forget,
)
from newsdesk.common.models import ApiKey, OutboxMessage
from newsdesk.common.tasks import outbox_relay


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["name", "scope", "user", "rate", "expires_at"]

    def clean(self):
        data = super().clean()
        try:
            api_key_validate(
                scope=data.get("scope", ""), user=data.get("user"), rate=data.get("rate", "")
            )
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = [
        "name",
        "prefix",
        "scope",
        "user",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = ["scope", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "scope", "user", "rate", "expires_at"]
        return [
            "name",
            "prefix",
            "scope",
            "user",
            "rate",
            "expires_at",
            "created_at",
            "revoked_at",
            "last_used_at",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            forget(obj.key_hash)
            return
        api_key, key = api_key_create(
            name=obj.name,
            scope=obj.scope,
            user=obj.user,
            expires_at=obj.expires_at,
            rate=obj.rate,
        )
        obj.pk = api_key.pk
        obj.prefix, obj.key_hash, obj.created_at = (
            api_key.prefix,
            api_key.key_hash,
            api_key.created_at,
        )
        obj._state.adding = False
        obj._state.db = api_key._state.db
        messages.warning(
            request,
            f"The new key is {key} — copy it now: it is stored hashed and cannot be shown again.",
        )

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        now = timezone.now()
        revoked = 0
        for key_id in queryset.filter(revoked_at__isnull=True).values_list("pk", flat=True):
            api_key_revoke(key_id=key_id)
            revoked += 1
        messages.success(request, f"Revoked {revoked} key(s) at {now:%Y-%m-%d %H:%M} UTC.")


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Tasks waiting for the broker (normally none: a row lives only while Redis is down)."""

    list_display = ["id", "task", "args", "attempts", "created_at", "last_error"]
    readonly_fields = ["task", "args", "attempts", "created_at", "last_error"]
    actions = ["send_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Send the waiting messages now")
    def send_now(self, request, queryset) -> None:
        sent = outbox_relay()
        self.message_user(request, f"Sent {sent}; {OutboxMessage.objects.count()} waiting.")
