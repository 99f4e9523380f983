"""Editors attach sources from the claim page; the claim page shows them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Citation
from tests.claims import helpers

pytestmark = pytest.mark.django_db


def test_cite_an_external_reference_and_an_imported_article(client, editor):
    claim = helpers.draft(editor)
    other = helpers.article(editor, body="A different report puts it at 41 percent.")
    client.force_login(editor)
    url = reverse("admin:claims_claim_cite", args=[claim.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "stance": "supports",
            "url": "https://stats.example/control",
            "title": "Control map",
            "publisher": "Ministry",
            "kind": "official_statistics",
            "quote": "40.3%",
        },
    )
    assert response.status_code == 302
    client.post(url, {"stance": "refutes", "article": other.pk, "kind": "news"})
    assert list(Citation.objects.filter(claim=claim).values_list("stance", "source__title")) == [
        ("supports", "Control map"),
        ("refutes", other.title),
    ]
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Control map" in page and "40.3%" in page


def test_a_citation_needs_a_source(client, editor):
    claim = helpers.draft(editor)
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_claim_cite", args=[claim.pk]), {"stance": "supports", "kind": "news"}
    )
    assert response.status_code == 200
    assert "Give a source, an article, or a reference" in response.content.decode()
    assert not Citation.objects.exists()
