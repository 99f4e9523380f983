"""The admin works for editors and is closed to everyone else."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim
from sources.models import Article

pytestmark = pytest.mark.django_db

MODELS = [
    model for model in apps.get_models() if model._meta.app_label in {"sources", "claims", "common"}
]
# Integrations for API consumers (and the broker outbox) are the admins' to manage.
ADMIN_ONLY = {"Webhook", "WebhookDelivery", "ApiKey", "OutboxMessage", "ImportUpload"}


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)


def test_every_domain_model_is_in_the_admin():
    missing = [m.__name__ for m in MODELS if m not in admin.site._registry]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelists_open_for_an_editor(client, editor, admin_user_, seeded, model):
    client.force_login(admin_user_ if model.__name__ in ADMIN_ONLY else editor)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200, url
    searchable = admin.site._registry[model].search_fields
    if searchable:
        assert client.get(url, {"q": "Burkina"}).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitors_are_sent_to_the_login_page(client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
def test_editors_do_not_manage_integrations(client, editor, name):
    model = next(m for m in MODELS if m.__name__ == name)
    client.force_login(editor)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 403


def test_a_user_without_a_role_cannot_see_claims(client, outsider):
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403


def test_the_article_page_highlights_its_claims_by_status(client, editor, seeded):
    client.force_login(editor)
    article = Article.objects.get(title__startswith="Mali and Burkina Faso juntas")
    response = client.get(reverse("admin:sources_article_change", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for claim in article.claims.all():
        assert f'data-claim="{claim.pk}"' in html
    assert html.count('class="claim claim-draft"') == article.claims.count()
    assert html.count("<mark") == html.count("</mark>")


def test_the_claim_page_shows_its_span_and_history(client, editor, seeded):
    client.force_login(editor)
    claim = Claim.objects.get(exact__startswith="More than 40%")
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>More than 40% of Burkina’s territory is outside state control</mark>" in html
    assert "Created" in html
