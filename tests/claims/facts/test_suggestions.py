"""Check-worthy sentences are suggested after an import; editors accept or dismiss them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim, ClaimSuggestion
from sources.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_seeds", verbosity=0)


def _suggested(fragment: str) -> ClaimSuggestion:
    return ClaimSuggestion.objects.get(sentence__contains=fragment)


def test_the_seed_articles_get_the_desk_s_suggestions(seeded):
    article = Article.objects.get(title__startswith="Mali and Burkina Faso juntas")
    suggestions = ClaimSuggestion.objects.filter(article=article)
    assert suggestions.exists()
    for s in suggestions:
        assert article.body[s.start : s.end] == s.sentence
    # Sentences already annotated by the seeds are not suggested again...
    assert not suggestions.filter(sentence__contains="More than 40%").exists()
    # ...so ask the scorer about them directly, on a fresh import of the same story.


def test_a_fresh_import_suggests_the_figures_and_borders(
    editor, django_capture_on_commit_callbacks
):
    from pathlib import Path

    from sources.services import article_import

    text = (Path(__file__).resolve().parents[3] / "seeds" / "000_94a1f2b8e315dba5.txt").read_text()
    with django_capture_on_commit_callbacks(execute=True):
        article = article_import(
            method="text", text=text, title="Juntas", user=editor, published_at="2022-09-04"
        ).article
    for fragment in (
        "More than 40% of Burkina’s territory",
        "share a border of more than a thousand kilometers",
        "share a border of nearly 600 kilometers",
        "some two million displaced",
    ):
        suggestion = _suggested(fragment)
        assert suggestion.article == article
        assert any(r.startswith("figure:") for r in suggestion.reasons), suggestion.reasons
    territory = _suggested("More than 40%")
    assert any(r.startswith("attribution: according to") for r in territory.reasons)
    assert not ClaimSuggestion.objects.filter(
        sentence__startswith="This is the first trip"
    ).exists()


def test_accepting_a_suggestion_creates_a_claim_and_dismissing_hides_it(
    client, editor, django_capture_on_commit_callbacks
):
    from sources.services import article_import

    with django_capture_on_commit_callbacks(execute=True):
        article_import(
            method="text",
            user=editor,
            title="Displaced",
            text="Some two million people are displaced, according to the UN. "
            "More than 40% of the land is contested, officials said in 2022.",
        )
    first, second = ClaimSuggestion.objects.order_by("start")
    client.force_login(editor)
    url = reverse("admin:claims_claimsuggestion_changelist")
    client.post(url, {"action": "accept", "_selected_action": [first.pk]})
    client.post(url, {"action": "dismiss", "_selected_action": [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "accepted" and first.claim is not None
    assert first.claim.exact == first.sentence and first.claim.author == editor
    assert first.claim.unit == "count"
    assert second.status == "dismissed"
    assert Claim.objects.count() == 1
    # Accepting twice is refused with a message, not a second claim.
    response = client.post(url, {"action": "accept", "_selected_action": [first.pk]}, follow=True)
    assert "already accepted" in response.content.decode()
    assert Claim.objects.count() == 1
