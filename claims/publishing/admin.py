"""Webhooks and their delivery log in the admin.

Administrators register webhooks (the URL is checked like an article URL: public
addresses only, https); the signing secret is shown once, after saving or rotating, and
never again. No newsroom group has permissions here: integrations are the admins'.
Register by importing this module from `claims/admin.py`.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from claims.models import Webhook, WebhookDelivery
from claims.publishing import webhooks


class WebhookForm(forms.ModelForm):
    class Meta:
        model = Webhook
        fields = ["name", "url", "on_verified", "on_corrected", "on_retracted", "is_active"]

    def clean_url(self) -> str:
        try:
            return webhooks.webhook_url_check(self.cleaned_data["url"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict.get("url", exc.messages)) from exc

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in ("on_verified", "on_corrected", "on_retracted")):
            raise ValidationError("Choose at least one event.")
        return data


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = [
        "name",
        "url",
        "on_verified",
        "on_corrected",
        "on_retracted",
        "is_active",
        "created_at",
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    readonly_fields = ["created_at", "created_by"]
    actions = ["rotate_secret"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in WebhookForm.Meta.fields}
        if change:
            webhooks.webhook_update(webhook_id=obj.pk, **fields)
            return
        is_active = fields.pop("is_active")
        webhook, secret = webhooks.webhook_create(created_by=request.user, **fields)
        if not is_active:
            webhooks.webhook_update(webhook_id=webhook.pk, is_active=False)
        obj.pk, obj.secret, obj.created_at = webhook.pk, webhook.secret, webhook.created_at
        obj._state.adding = False
        messages.warning(
            request,
            f"Signing secret for {webhook.name}: {secret} — give it to the receiver now; "
            "it is not shown again.",
        )

    @admin.action(description="Rotate the signing secret", permissions=["change"])
    def rotate_secret(self, request, queryset):
        for webhook in queryset:
            secret = webhooks.webhook_secret_rotate(webhook_id=webhook.pk)
            messages.warning(
                request,
                f"New signing secret for {webhook.name}: {secret} — the old one keeps signing "
                "too until the overlap window ends.",
            )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "webhook",
        "event",
        "claim_id",
        "factcheck_version",
        "status",
        "status_code",
        "attempts",
        "delivered_at",
        "last_error",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["webhook"]
    search_fields = ["webhook__name", "event_id", "last_error"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["deliver_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Deliver again", permissions=["retry"])
    def deliver_again(self, request, queryset):
        for delivery_id in queryset.values_list("pk", flat=True):
            webhooks.webhook_delivery_retry(delivery_id=delivery_id)
        messages.success(request, f"Queued {queryset.count()} delivery(ies) again.")

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("claims.change_webhook")
