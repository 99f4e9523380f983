"""Words where people expect words: suggestion reasons, the audit trail in the admin, the
author's e-mail, the error pages; demo passwords that can be reset."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from claims import services
from claims.facts.suggestions import suggestions_refresh
from claims.facts.wording import describe_changes, describe_reasons
from claims.models import ClaimSuggestion, Entity
from claims.notifications import shorten, subject_for
from newsdesk.common import roles
from tests.claims import helpers

# --- Pure wording ---------------------------------------------------------------------------


def test_suggestion_reasons_read_as_a_sentence():
    assert (
        describe_reasons(["figure: two, 40%", "entity: Burkina Faso", "attribution: said"])
        == "Has a figure (two, 40%); names Burkina Faso; is attributed to someone (“said”)."
    )
    assert describe_reasons(["date: May 2021", "comparison: more than"]) == (
        "Gives a date (May 2021); compares (“more than”)."
    )
    assert describe_reasons([]) == "—"
    assert describe_reasons(["something new"]) == "Something new."


def test_changes_read_field_by_field():
    lines = describe_changes(
        {"rating": [None, "false"], "value_low": [40.0, 45000.0], "summary": ["", "Checked."]},
        label=lambda f: f.replace("_", " ").capitalize(),
        value=lambda f, v: {"false": "False"}.get(v, v),
    )
    assert lines == [
        "Rating: (empty) → “False”",
        "Summary: (empty) → “Checked.”",
        "Value low: 40 → 45,000",
    ]


def test_a_subject_is_cut_at_a_word_with_an_ellipsis():
    statement = "Burkina Faso and Mali share a border of more than a thousand kilometers " * 2
    subject = subject_for("request_changes", statement)
    assert subject.startswith("Changes requested: Burkina Faso and Mali")
    assert len(subject) <= 78 and subject.endswith("…")
    cut = subject.removeprefix("Changes requested: ").removesuffix("…")
    assert statement.startswith(cut) and statement[len(cut)] == " "  # no word cut in half
    assert shorten("Short enough.", 40) == "Short enough."


# --- The author's e-mail --------------------------------------------------------------------


def test_the_author_reads_who_requested_changes(
    editor, reviewer, django_capture_on_commit_callbacks
):
    reviewer.first_name, reviewer.last_name = "Rae", "Reviewer"
    reviewer.save()
    claim = helpers.ready_for_review(editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_request_changes(
            claim_id=claim.pk, version=claim.version, reviewer=reviewer, comment="Cite it."
        )
    body = mail.outbox[0].body
    assert body.startswith("Rae Reviewer requested changes to your claim:")
    assert "changes requested your claim" not in body
    subject = mail.outbox[0].subject
    assert subject.startswith("Changes requested: ") and len(subject) <= 78
    assert claim.statement.startswith(subject.removeprefix("Changes requested: ").rstrip("…"))


# --- The admin ------------------------------------------------------------------------------


def test_the_audit_trail_shows_names_and_field_changes(client, editor, reviewer):
    editor.first_name, editor.last_name = "Eda", "Editor"
    editor.save()
    claim = helpers.draft(editor)
    niger = Entity.objects.get_or_create(name="Niger", defaults={"kind": "country"})[0]
    assert claim.entity_id != niger.pk
    services.claim_update(
        claim_id=claim.pk,
        version=claim.version,
        actor=editor,
        rating="false",
        entity=niger,
        summary="Checked against the ministry.",
    )
    event = claim.events.get(action="edit")
    assert str(event) == "Edited by Eda Editor"  # not "Edited by 2"

    admin = get_user_model().objects.create_superuser("boss2", "b@x.invalid", "pw")
    client.force_login(admin)
    html = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Eda Editor" in html
    assert "Rating: (empty) → “False”" in html
    assert "→ “Niger”" in html  # the subject by name, not its id
    assert "[null," not in html and '["", ' not in html  # no JSON diffs

    html = client.get(reverse("admin:claims_reviewevent_change", args=[event.pk])).content
    assert "Rating: (empty) → “False”" in html.decode()


def test_suggestion_reasons_are_words_in_the_admin(client, editor):
    article = helpers.article(
        editor, "The ministry said that 2 million people were displaced in Burkina Faso in 2021."
    )
    suggestions_refresh(article_id=article.pk)
    suggestion = ClaimSuggestion.objects.filter(article=article).first()
    assert suggestion is not None and suggestion.reasons
    admin = get_user_model().objects.create_superuser("boss3", "c@x.invalid", "pw")
    client.force_login(admin)
    html = client.get(reverse("admin:claims_claimsuggestion_changelist")).content.decode()
    assert describe_reasons(suggestion.reasons).split(";")[0] in html
    assert "figure: " not in html and "Has a figure (" in html


# --- Error pages ----------------------------------------------------------------------------


def test_the_500_page_stands_alone_and_says_what_to_do():
    html = render_to_string("500.html")  # rendered without a request, like Django does
    assert "Something went wrong on our side" in html and "/dashboard/" in html


@pytest.mark.django_db
def test_an_unknown_page_gets_the_friendly_404(client, editor):
    client.force_login(editor)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is nothing at this address" in html and "Resolver404" not in html
    assert reverse("fact-index") in html


# --- Demo users -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_make_users_resets_demo_passwords_from_the_environment(monkeypatch):
    monkeypatch.delenv("NEWSDESK_DEMO_PASSWORD", raising=False)
    call_command("create_demo_users", stdout=io.StringIO())
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    assert "reviewer: exists, unchanged (set NEWSDESK_DEMO_PASSWORD to reset it)" in out.getvalue()

    monkeypatch.setenv("NEWSDESK_DEMO_PASSWORD", "a-chosen-password")
    out = io.StringIO()
    call_command("create_demo_users", stdout=out)
    assert "reviewer: password reset from NEWSDESK_DEMO_PASSWORD" in out.getvalue()
    users = get_user_model().objects
    for username in ("editor", "editor2", "reviewer", "reviewer2", "admin"):
        assert users.get(username=username).check_password("a-chosen-password"), username
    assert roles.is_reviewer(users.get(username="reviewer"))


def test_the_claim_list_shows_values_in_words(client, editor):
    helpers.draft(editor)  # "More than 40% of Burkina’s territory..."
    admin = get_user_model().objects.create_superuser("boss4", "d@x.invalid", "pw")
    client.force_login(admin)
    html = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert "more than 40%" in html and "[40, ∞]" not in html


@pytest.mark.django_db
def test_a_visitor_s_404_leads_to_the_published_fact_checks(client):
    response = client.get("/fact-checks/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no published fact-check at this address." in html
    assert reverse("factcheck-index") in html
