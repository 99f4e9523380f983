"""Webhooks: signed POSTs when a verdict is published, corrected or retracted, delivered by
Celery with retries, logged; consumer URLs checked like article URLs at registration."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook as StandardWebhook
from standardwebhooks.webhooks import WebhookVerificationError

from claims import services
from claims.models import Claim, Webhook, WebhookDelivery
from claims.publishing import tasks, webhooks
from tests.claims import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver(settings):
    """A consumer on 127.0.0.1 (allow-listed) that records requests and answers `answers`."""
    settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS = frozenset({"127.0.0.1"})
    received: list[SimpleNamespace] = []
    answers: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append(SimpleNamespace(path=self.path, headers=self.headers, body=body))
            self.send_response(answers.pop(0) if answers else 204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(
            url=f"http://127.0.0.1:{server.server_port}/hooks/newsdesk",
            received=received,
            answers=answers,
        )
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def hook(receiver):
    webhook, secret = webhooks.webhook_create(name="Partner", url=receiver.url)
    return SimpleNamespace(webhook=webhook, secret=secret)


@pytest.fixture
def eager_retries(monkeypatch):
    """Eager Celery runs a task's retries at once (no countdown) when it does not propagate
    errors; a real worker retries through the broker with the backoff."""
    from newsdesk.celery import app

    monkeypatch.setitem(app.conf, "task_eager_propagates", False)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def approve(editor, reviewer, run_on_commit, **kwargs) -> Claim:
    claim = helpers.ready_for_review(editor, **kwargs)
    run_on_commit(
        lambda: services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    )
    return Claim.objects.get(pk=claim.pk)


def verify(secret, request) -> dict:
    """What a consumer runs: the Standard Webhooks reference verifier, unchanged."""
    return StandardWebhook(secret).verify(request.body, dict(request.headers.items()))


def test_a_verified_claim_is_posted_signed(receiver, hook, editor, reviewer, run_on_commit):
    claim = approve(editor, reviewer, run_on_commit)
    (request,) = receiver.received
    assert request.path == "/hooks/newsdesk"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Newsdesk-Event"] == "claim.verified"
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60
    assert request.headers["webhook-signature"].startswith("v1,")
    payload = verify(hook.secret, request)
    assert payload == json.loads(request.body)
    assert payload["id"] == request.headers["webhook-id"]
    assert payload["type"] == "claim.verified"
    assert payload["data"]["claim"]["id"] == claim.pk
    assert payload["data"]["claim"]["rating"]["value"] == "mostly_true"

    with pytest.raises(WebhookVerificationError):
        verify(webhooks._new_secret(), request)
    tampered = SimpleNamespace(body=request.body + b" ", headers=request.headers)
    with pytest.raises(WebhookVerificationError):
        verify(hook.secret, tampered)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("delivered", 1, 204)
    assert delivery.delivered_at is not None and str(delivery.event_id) == payload["id"]


def test_secrets_are_standard_base64(hook):
    assert hook.secret.startswith("whsec_")
    key = base64.b64decode(hook.secret.removeprefix("whsec_"), validate=True)
    assert len(key) == 32


def test_a_signature_by_hand(receiver, hook, editor, reviewer, run_on_commit):
    """What the specification says: base64 HMAC-SHA256(key, id + "." + timestamp + "." +
    body), the key being the secret's base64 bytes."""
    approve(editor, reviewer, run_on_commit)
    (request,) = receiver.received
    signed = (
        f"{request.headers['webhook-id']}.{request.headers['webhook-timestamp']}.".encode()
        + request.body
    )
    key = base64.b64decode(hook.secret.removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert request.headers["webhook-signature"] == f"v1,{expected}"


def test_a_rotation_signs_with_both_secrets_until_the_overlap_ends(
    receiver, hook, editor, reviewer, run_on_commit, settings
):
    settings.NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS = 3600
    old = hook.secret
    new = webhooks.webhook_secret_rotate(webhook_id=hook.webhook.pk)
    assert new != old
    approve(editor, reviewer, run_on_commit)
    (during,) = receiver.received
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert verify(old, during)["type"] == "claim.verified"  # consumers not yet switched
    assert verify(new, during)["type"] == "claim.verified"  # consumers already switched

    # the window ends: only the new secret signs
    Webhook.objects.filter(pk=hook.webhook.pk).update(
        previous_secret_expires_at=timezone.now() - timedelta(seconds=1)
    )
    approve(editor, reviewer, run_on_commit, body=helpers.BODY + " Later.")
    after = receiver.received[1]
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    assert verify(new, after)["type"] == "claim.verified"
    with pytest.raises(WebhookVerificationError):
        verify(old, after)


def test_a_rotation_without_overlap_drops_the_old_secret(
    receiver, hook, editor, reviewer, run_on_commit, settings
):
    settings.NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS = 0
    new = webhooks.webhook_secret_rotate(webhook_id=hook.webhook.pk)
    approve(editor, reviewer, run_on_commit)
    (request,) = receiver.received
    assert verify(new, request)
    with pytest.raises(WebhookVerificationError):
        verify(hook.secret, request)


def test_a_secret_from_before_still_verifies_as_bytes(
    receiver, hook, editor, reviewer, run_on_commit
):
    """Secrets made before the specification was followed are not base64: they sign with
    their text as the key (the verifiers take the key as bytes) until rotated."""
    legacy = "whsec_" + "A-b_" * 10 + "xyz"
    Webhook.objects.filter(pk=hook.webhook.pk).update(secret=legacy)
    approve(editor, reviewer, run_on_commit)
    (request,) = receiver.received
    assert verify(legacy.encode(), request)["type"] == "claim.verified"


def test_corrections_and_retractions_are_announced(receiver, hook, editor, reviewer, run_on_commit):
    claim = approve(editor, reviewer, run_on_commit)
    claim = services.claim_reopen(claim_id=claim.pk, version=claim.version, actor=editor)
    claim = services.claim_submit(claim_id=claim.pk, version=claim.version, actor=editor)
    run_on_commit(
        lambda: services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    )
    claim.refresh_from_db()
    run_on_commit(
        lambda: services.claim_retract(
            claim_id=claim.pk, version=claim.version, actor=reviewer, reason="Wrong source."
        )
    )
    events = [r.headers["X-Newsdesk-Event"] for r in receiver.received]
    assert events == ["claim.verified", "claim.corrected", "claim.retracted"]
    corrected, retracted = (json.loads(r.body)["data"]["claim"] for r in receiver.received[1:])
    assert corrected["version"] == 2
    assert retracted == {
        "id": claim.pk,
        "retracted": True,
        "version": 2,
        "retracted_at": retracted["retracted_at"],
        "updated_at": retracted["updated_at"],
    }
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 3


def test_subscriptions_and_inactive_webhooks(receiver, editor, reviewer, run_on_commit):
    webhooks.webhook_create(
        name="Retractions only", url=receiver.url, on_verified=False, on_corrected=False
    )
    off, _ = webhooks.webhook_create(name="Off", url=receiver.url)
    webhooks.webhook_update(webhook_id=off.pk, is_active=False)
    approve(editor, reviewer, run_on_commit)
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_a_rolled_back_approval_sends_nothing(receiver, hook, editor, reviewer):
    from django.db import transaction

    claim = helpers.ready_for_review(editor)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
        assert WebhookDelivery.objects.count() == 1  # written with the verdict...
        raise RuntimeError
    assert not WebhookDelivery.objects.exists()  # ...and gone with it
    assert receiver.received == []


def test_a_server_error_is_retried_and_logged(
    receiver, hook, editor, reviewer, run_on_commit, monkeypatch, eager_retries
):
    monkeypatch.setattr(tasks.deliver_webhook, "max_retries", 3)
    receiver.answers.extend([500, 503, 500])
    approve(editor, reviewer, run_on_commit)  # eager Celery: the retries run at once
    assert len(receiver.received) == 4
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("delivered", 4, 204)


def test_a_delivery_gives_up_after_its_retries(
    receiver, hook, editor, reviewer, run_on_commit, monkeypatch, eager_retries
):
    monkeypatch.setattr(tasks.deliver_webhook, "max_retries", 2)
    receiver.answers.extend([500] * 10)
    approve(editor, reviewer, run_on_commit)
    assert len(receiver.received) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("failed", 3, 500)
    assert "500" in delivery.last_error and delivery.delivered_at is None
    assert tasks.deliver_webhook.apply(args=[delivery.pk]).get() == "skipped"  # idempotent


def test_each_attempt_is_counted_in_the_log(receiver, hook, editor, reviewer, run_on_commit):
    receiver.answers.extend([502])
    claim = helpers.ready_for_review(editor)
    services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
    delivery = WebhookDelivery.objects.get()  # recorded, not yet sent (no commit yet)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    assert webhooks.webhook_deliver(delivery_id=delivery.pk, final_attempt=False) == "retry"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("retrying", 1, 502)
    assert webhooks.webhook_deliver(delivery_id=delivery.pk, final_attempt=False) == "delivered"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("delivered", 2, "")


def test_a_client_error_is_not_retried(receiver, hook, editor, reviewer, run_on_commit):
    receiver.answers.extend([410])
    approve(editor, reviewer, run_on_commit)
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == "failed"


def test_an_unreachable_consumer_is_retried(
    settings, editor, reviewer, run_on_commit, monkeypatch, eager_retries
):
    settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS = frozenset({"127.0.0.1"})
    webhooks.webhook_create(name="Down", url="http://127.0.0.1:9/nothing-listens")
    monkeypatch.setattr(tasks.deliver_webhook, "max_retries", 1)
    approve(editor, reviewer, run_on_commit)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("failed", 2, None)
    assert "refused" in delivery.last_error or "reach" in delivery.last_error


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "https://10.0.0.7/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://0x7f000001/hook",
        "https://user:pw@hooks.example.com/",
        "ftp://hooks.example.com/",
        "http://93.184.215.14/hook",  # public, but not https
    ],
)
def test_private_or_unsafe_urls_are_refused_at_registration(url):
    with pytest.raises(ValidationError) as refused:
        webhooks.webhook_create(name="Bad", url=url)
    assert "url" in refused.value.message_dict
    assert not Webhook.objects.exists()


def test_the_admin_registers_a_webhook_and_shows_the_secret_once(client, admin_user_, settings):
    settings.NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS = frozenset({"127.0.0.1"})
    admin_user_.save()
    client.force_login(admin_user_)
    add = reverse("admin:claims_webhook_add")
    refused = client.post(
        add, {"name": "Bad", "url": "http://10.1.2.3/x", "on_verified": "on", "is_active": "on"}
    )
    assert refused.status_code == 200 and "private" in refused.content.decode()
    assert not Webhook.objects.exists()

    response = client.post(
        add,
        {
            "name": "Partner",
            "url": "http://127.0.0.1:8999/h",
            "on_verified": "on",
            "is_active": "on",
        },
        follow=True,
    )
    webhook = Webhook.objects.get()
    assert (webhook.on_verified, webhook.on_corrected, webhook.created_by) == (
        True,
        False,
        admin_user_,
    )
    shown = " ".join(str(m) for m in response.context["messages"])
    assert webhook.secret in shown
    page = client.get(reverse("admin:claims_webhook_change", args=[webhook.pk]))
    assert webhook.secret not in page.content.decode()


def test_the_delivery_log_is_for_admins(
    client, editor, admin_user_, receiver, hook, reviewer, run_on_commit
):
    approve(editor, reviewer, run_on_commit)
    client.force_login(editor)
    for name in ("webhook", "webhookdelivery"):
        assert client.get(reverse(f"admin:claims_{name}_changelist")).status_code == 403
    admin_user_.save()
    client.force_login(admin_user_)
    log = client.get(reverse("admin:claims_webhookdelivery_changelist"))
    assert log.status_code == 200 and "claim.verified" in log.content.decode()
    hooks = client.get(reverse("admin:claims_webhook_changelist"))
    assert hooks.status_code == 200 and hook.secret not in hooks.content.decode()


@pytest.mark.integration
def test_a_real_worker_sends_deliveries_the_verifier_accepts(
    transactional_db, django_db_serialized_rollback, receiver, editor, reviewer, settings
):
    """Through Redis and a Celery worker process: a delivery during a rotation verifies with
    the old and the new secret."""
    from tests.worker import running_worker, wait_for

    settings.NEWSDESK_WEBHOOK_ROTATION_OVERLAP_SECONDS = 3600
    webhook, old = webhooks.webhook_create(name="Partner", url=receiver.url)
    new = webhooks.webhook_secret_rotate(webhook_id=webhook.pk)
    with running_worker(extra_env={"NEWSDESK_FETCH_ALLOW_PRIVATE_HOSTS": "127.0.0.1"}) as worker:
        claim = helpers.ready_for_review(editor)
        services.claim_approve(claim_id=claim.pk, version=claim.version, reviewer=reviewer)
        wait_for(lambda: len(receiver.received) == 1, worker=worker)
        wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists(), worker=worker)
    (request,) = receiver.received
    assert verify(old, request)["data"]["claim"]["id"] == claim.pk
    assert verify(new, request)["data"]["claim"]["id"] == claim.pk
