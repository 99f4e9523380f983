"""The dashboard, the timeline chart and the Conflict admin pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from claims.conflicts import detection
from claims.conflicts.admin import claim_conflicts_panel
from claims.facts.timeline import TimelinePoint, date_ticks, nice_ticks, render_timeline_svg
from claims.models import Claim, Conflict, Entity
from tests import factories

TERRITORY = "territory-outside-state-control"


def burkina() -> Entity:
    return Entity.objects.get_or_create(name="Burkina Faso", defaults={"kind": "country"})[0]


def claim(outlet: str, low, high, *, published: date, **fields) -> Claim:
    article = factories.ArticleFactory(
        outlet=factories.OutletFactory(name=outlet, domain=f"{outlet.lower()}.example"),
        published_at=datetime(published.year, published.month, published.day, tzinfo=UTC),
    )
    values = {
        "entity": burkina(),
        "measure": factories.measure(TERRITORY),
        "unit": "percent",
        "value_low": low,
        "value_high": high,
    }
    values.update(fields)
    return factories.ClaimFactory(article=article, **values)


@pytest.fixture
def chart_claims(db):
    """Four claims: two conflicting in May 2021, a 2019 figure, an open-ended one."""
    made = [
        claim(
            "Reuters",
            40.0,
            None,
            published=date(2021, 5, 3),
            hedge="more_than",
            scope_start=date(2021, 5, 3),
            scope_end=date(2021, 5, 3),
        ),
        claim(
            "AFP",
            30.3,
            36.7,
            published=date(2021, 5, 10),
            hedge="about",
            scope_start=date(2021, 5, 10),
            scope_end=date(2021, 5, 10),
        ),
        claim(
            "AFP",
            20.0,
            20.0,
            published=date(2021, 1, 1),
            scope_start=date(2019, 1, 1),
            scope_end=date(2019, 12, 31),
        ),
        claim(
            "Le Monde",
            None,
            60.0,
            published=date(2022, 2, 1),
            hedge="up_to",
            scope_start=date(2021, 12, 1),
            scope_end=date(2021, 12, 1),
        ),
    ]
    detection.conflict_sweep_all(shards=2)
    return made


# --- The pure SVG builder -------------------------------------------------------------------------


def point(ident, low, high, outlet="A", conflicting=False, when=date(2021, 5, 1), **kw):
    return TimelinePoint(
        ident, when, low, high, outlet, label=f"claim {ident}", conflicting=conflicting, **kw
    )


def test_the_svg_has_one_bar_per_claim_and_outlines_conflicts():
    svg = render_timeline_svg(
        [
            point(1, 40.0, None, conflicting=True),
            point(2, 30.0, 36.0, "B", conflicting=True),
            point(3, 45.0, 45.0, "C", when=date(2022, 1, 1)),
            point(4, None, 10.0, "A", until=date(2021, 8, 1)),
        ],
        title="Burkina <territory>",
        unit="percent",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert len(re.findall(r'<rect class="bar', svg)) == 4
    assert len(re.findall(r'<rect class="bar conflict"[^>]*stroke="#d62728"', svg)) == 2
    assert len(re.findall(r'class="open-end"', svg)) == 2 + 1  # two open ends + the legend
    assert 'data-claim="3"' in svg and "Burkina &lt;territory&gt;" in svg
    assert "<territory>" not in svg  # text is escaped
    for outlet in ("A", "B", "C"):
        assert f">{outlet}</text>" in svg  # the legend
    assert 'class="scope"' in svg  # the range scope of claim 4


def test_an_empty_chart_says_so():
    assert "No figures to show." in render_timeline_svg([], title="x")


def test_ticks_are_round():
    assert nice_ticks(0, 47) == [0, 10, 20, 30, 40]
    assert nice_ticks(0.2, 0.9)[0] == pytest.approx(0.2)
    assert date_ticks(date(2021, 1, 15), date(2021, 4, 20)) == [
        date(2021, 2, 1),
        date(2021, 3, 1),
        date(2021, 4, 1),
    ]
    assert date_ticks(date(2010, 5, 1), date(2020, 5, 1))[0] == date(2011, 1, 1)


# --- The views --------------------------------------------------------------------------------


def test_the_dashboard_is_for_staff(client, editor, outsider):
    url = reverse("dashboard")
    response = client.get(url)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    outsider.save()  # the factory sets its password without saving it
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_the_dashboard_counts_and_lists_open_conflicts(client, editor, chart_claims):
    Claim.objects.filter(pk=chart_claims[2].pk).update(status="verified", rating="true")
    Claim.objects.filter(pk=chart_claims[0].pk).update(rating="false")  # a draft's proposal
    client.force_login(editor)
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-status="draft"><th>Draft</th><td class="count">3<', html)
    assert re.search(r'data-rating="true"><th>True</th><td class="count">1<', html)
    assert re.search(r'data-rating="false"><th>False</th><td class="count">0<', html)
    flag = Conflict.objects.get()
    assert reverse("conflict-triage", args=[flag.pk]) in html
    assert f"/facts/burkina-faso/{TERRITORY}/" in html
    assert "Django administration" not in html  # the admin's look, the desk's name


def test_the_fact_page_draws_one_bar_per_claim_and_marks_conflicts(
    client, editor, chart_claims, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("fact-page", args=["burkina-faso", TERRITORY]))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="timeline"')
    svg = html[start : html.index("</svg>", start)]
    assert len(re.findall(r'<rect class="bar', svg)) == 4
    marked = set(
        re.findall(
            r'data-claim="(\d+)"><title>[^<]*</title>(?:<line[^>]*/>)?<rect class="bar conflict"',
            svg,
        )
    )
    a, b = chart_claims[0], chart_claims[1]
    assert marked == {str(a.pk), str(b.pk)}
    for outlet in ("Reuters", "AFP", "Le Monde"):
        assert f">{outlet}</text>" in svg
    # The table, the conflict among them and the articles.
    table = html[html.index('id="fact-claims"') :]
    assert all(f"#{c.pk}</a>" in table for c in chart_claims)
    assert "more than 40%" in table
    assert (
        html.count("<li>", html.index('id="fact-conflicts"'), html.index('id="fact-articles"')) >= 1
    )
    assert html.count("<li>", html.index('id="fact-articles"')) == 4


def test_the_fact_page_query_count_does_not_grow_with_its_claims(
    client, editor, chart_claims, django_assert_max_num_queries
):
    client.force_login(editor)
    url = reverse("fact-page", args=["burkina-faso", TERRITORY])
    for i in range(20):
        claim("Extra", 41.0 + i, 41.0 + i, published=date(2021, 5, 3))
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_a_fact_is_found_by_subject_name_and_measure(client, editor, chart_claims):
    client.force_login(editor)
    found = client.get(reverse("fact-index"), {"subject": "Burkina", "measure": TERRITORY})
    assert found.status_code == 302
    assert found["Location"] == reverse("fact-page", args=["burkina-faso", TERRITORY])
    unknown = client.get(reverse("fact-index"), {"subject": "Atlantis", "measure": TERRITORY})
    assert unknown.status_code == 400 and "Choose a subject" in unknown.content.decode()
    index = client.get(reverse("fact-index")).content.decode()
    assert reverse("fact-page", args=["burkina-faso", TERRITORY]) in index
    assert client.get(reverse("fact-page", args=["atlantis", TERRITORY])).status_code == 404


def test_fact_pages_are_for_staff(client, outsider):
    url = reverse("fact-index")
    assert client.get(url).status_code == 302
    outsider.save()  # the factory sets its password without saving it
    client.force_login(outsider)
    assert client.get(url).status_code == 403


# --- The admin -----------------------------------------------------------------------------------


def test_the_conflict_admin_lists_and_shows_both_claims(client, editor, chart_claims):
    client.force_login(editor)
    flag = Conflict.objects.get()
    listing = client.get(reverse("admin:claims_conflict_changelist"), {"status__exact": "open"})
    assert listing.status_code == 200 and f"#{flag.claim_a_id}" in listing.content.decode()
    page = client.get(reverse("admin:claims_conflict_change", args=[flag.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "conflict-side-by-side" in html
    assert "Reuters" in html and "AFP" in html and "over 40 percent" in html
    assert "more than 40%" in html  # the claim's value in words, not "[40.0, ∞] percent"
    assert reverse("conflict-triage", args=[flag.pk]) in html  # decided on its own page
    assert "fingerprint" not in html  # no raw explanation JSON


def test_admin_actions_call_the_services(client, editor, chart_claims):
    client.force_login(editor)
    flag = Conflict.objects.get()
    url = reverse("admin:claims_conflict_changelist")
    # Dismiss without a note is refused.
    client.post(url, {"action": "dismiss", "_selected_action": [flag.pk], "note": ""})
    flag.refresh_from_db()
    assert flag.status == "open"
    client.post(url, {"action": "confirm", "_selected_action": [flag.pk], "note": "Real."})
    flag.refresh_from_db()
    assert flag.status == "confirmed" and flag.note == "Real."
    client.post(
        url, {"action": "dismiss", "_selected_action": [flag.pk], "note": "Two definitions."}
    )
    flag.refresh_from_db()
    assert flag.status == "dismissed" and flag.resolved_by == editor


def test_the_claim_panel_lists_conflicts_and_corroborations(chart_claims):
    a = chart_claims[0]
    agreeing = claim(
        "Reuters",
        42.0,
        48.0,
        published=date(2021, 5, 5),
        scope_start=date(2021, 5, 5),
        scope_end=date(2021, 5, 5),
    )
    html = claim_conflicts_panel(a)
    flag = Conflict.objects.get()
    assert reverse("conflict-triage", args=[flag.pk]) in html
    assert f"#{agreeing.pk}" in html and "agree" in html
