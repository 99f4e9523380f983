"""The Conflict admin: the two claims side by side; confirm / dismiss / resolve as actions.

Loaded by `claims.apps` with the other wings' admins. Every action calls a service of
`claims.conflicts.services`; the change page itself edits nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from claims.conflicts import selectors, services
from claims.facts.wording import describe_value
from claims.models import Claim, Conflict
from newsdesk.common.errors import DomainError


def admin_url(name: str, *args: Any) -> str:
    """The admin URL, or "" where that admin page is not registered."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return ""


def _link(url: str, text: str) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text) if url else format_html("{}", text)


def _interval(claim: Claim) -> str:
    """The figure in words ("more than 40%", "about 2 million"), or "—" without one."""
    if claim.value_low is None and claim.value_high is None:
        return "—"
    return describe_value(claim)


def _dates(start: Any, end: Any) -> str:
    if start is None and end is None:
        return "—"
    if start == end:
        return start.isoformat()
    return f"{start.isoformat() if start else '…'} to {end.isoformat() if end else '…'}"


def _quote(claim: Claim) -> SafeString:
    return format_html(
        '<span style="color:var(--body-quiet-color)">…{}</span><mark>{}</mark>'
        '<span style="color:var(--body-quiet-color)">{}…</span>',
        claim.prefix,
        claim.exact,
        claim.suffix,
    )


def _fact_link(claim: Claim) -> str:
    """The fact page of a claim (every claim of its subject and measure), if it has both."""
    if claim.entity_id is None or claim.measure_id is None:
        return "—"
    url = reverse("fact-page", args=[claim.entity.slug, claim.measure.slug])
    return _link(url, "across outlets and time")


def side_by_side(flag: Conflict) -> SafeString:
    """An HTML table: the two claims of a flag, field by field."""
    a, b = flag.claim_a, flag.claim_b

    def article_cell(claim: Claim) -> SafeString:
        return _link(admin_url("sources_article_change", claim.article_id), claim.article.title)

    def published(claim: Claim) -> str:
        when = claim.article.published_at
        return when.date().isoformat() if when else "—"

    rows: list[tuple[str, Callable[[Claim], Any]]] = [
        ("Claim", lambda c: _link(admin_url("claims_claim_change", c.pk), f"#{c.pk}")),
        ("Statement", lambda c: c.statement),
        ("Quote", _quote),
        ("Claimant", lambda c: c.claimant or "—"),
        ("Article", article_cell),
        ("Outlet", lambda c: c.article.outlet.name if c.article.outlet else "—"),
        ("Published", published),
        ("Subject / measure", lambda c: f"{c.entity or '—'} / {c.measure or '—'}"),
        ("The fact", _fact_link),
        ("Value", _interval),
        ("Event date", lambda c: _dates(c.event_start, c.event_end)),
        (
            "Time scope",
            lambda c: (
                _dates(c.scope_start, c.scope_end) if c.scope_start or c.scope_end else "always"
            ),
        ),
        (
            "Status / rating",
            lambda c: f"{c.get_status_display()} / {c.get_rating_display() or '—'}",
        ),
    ]
    body = format_html_join(
        "",
        "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
        ((label, cell(a), cell(b)) for label, cell in rows),
    )
    sentence = (flag.explanation or {}).get("sentence", "")
    return format_html(
        '<p>{}</p><table class="conflict-side-by-side"><thead><tr><th></th>'
        "<th>Claim A</th><th>Claim B</th></tr></thead><tbody>{}</tbody></table>",
        sentence,
        body,
    )


class ConflictActionForm(ActionForm):
    """The admin's action bar, plus the note that confirm / dismiss / resolve record."""

    note = forms.CharField(
        required=False,
        label="Note",
        widget=forms.TextInput(attrs={"size": 40, "placeholder": "Note (required to dismiss)"}),
    )


def _apply(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet[Conflict],
    service: Callable[..., Conflict],
    done: str,
    *,
    note_required: bool = False,
) -> None:
    """Run one service on each selected flag; report each refusal by the flag's id."""
    note = request.POST.get("note", "").strip()
    if note_required and not note:
        modeladmin.message_user(
            request, "Write a note saying why before dismissing conflicts.", messages.ERROR
        )
        return
    ok = 0
    for pk in queryset.values_list("pk", flat=True):
        try:
            service(conflict_id=pk, actor=request.user, note=note)
            ok += 1
        except DomainError as exc:
            modeladmin.message_user(request, f"#{pk}: {exc.message}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, f"{ok} conflict(s) {done}.", messages.SUCCESS)


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "severity",
        "status",
        "claim_a_brief",
        "claim_b_brief",
        "entity",
        "detected_at",
    ]
    list_display_links = ["id", "kind"]
    list_filter = [
        "kind",
        "status",
        "severity",
        ("claim_a__entity", admin.RelatedOnlyFieldListFilter),
        "detected_by",
    ]
    list_select_related = [
        "claim_a__entity",
        "claim_a__measure",
        "claim_a__article__outlet",
        "claim_b__article__outlet",
    ]
    search_fields = ["claim_a__statement", "claim_b__statement", "claim_a__measure__name"]
    date_hierarchy = "detected_at"
    action_form = ConflictActionForm
    actions = ["confirm", "dismiss", "resolve"]
    fields = [
        "side_by_side",
        "kind",
        "severity",
        "status",
        "sentence",
        "triage",
        "detected_at",
        "detected_by",
        "resolved_at",
        "resolved_by",
        "resolution",
        "note",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conflict]:
        return selectors.conflicts_with_claims()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # flags come from detection jobs only

    def has_delete_permission(self, request: HttpRequest, obj: Conflict | None = None) -> bool:
        return False  # dismiss instead: the decision is kept

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="claim A")
    def claim_a_brief(self, obj: Conflict) -> str:
        return f"#{obj.claim_a_id} {obj.claim_a.statement[:60]} ({_outlet(obj.claim_a)})"

    @admin.display(description="claim B")
    def claim_b_brief(self, obj: Conflict) -> str:
        return f"#{obj.claim_b_id} {obj.claim_b.statement[:60]} ({_outlet(obj.claim_b)})"

    @admin.display(description="fact", ordering="claim_a__entity__name")
    def entity(self, obj: Conflict) -> str:
        return f"{obj.claim_a.entity or '—'} / {obj.claim_a.measure or '—'}"

    @admin.display(description="the two claims")
    def side_by_side(self, obj: Conflict) -> SafeString:
        return side_by_side(obj)

    @admin.display(description="why")
    def sentence(self, obj: Conflict) -> str:
        return (obj.explanation or {}).get("sentence", "")

    @admin.display(description="decide")
    def triage(self, obj: Conflict) -> SafeString:
        return _link(
            reverse("conflict-triage", args=[obj.pk]), "Confirm, dismiss or resolve on its page"
        )

    @admin.action(description="Confirm: these claims really conflict", permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Conflict]) -> None:
        _apply(self, request, queryset, services.conflict_confirm, "confirmed")

    @admin.action(description="Dismiss: not a conflict (note required)", permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[Conflict]) -> None:
        _apply(self, request, queryset, services.conflict_dismiss, "dismissed", note_required=True)

    @admin.action(description="Resolve: the conflict was dealt with", permissions=["change"])
    def resolve(self, request: HttpRequest, queryset: QuerySet[Conflict]) -> None:
        _apply(self, request, queryset, services.conflict_resolve, "resolved")


def _outlet(claim: Claim) -> str:
    outlet = claim.article.outlet
    return outlet.name if outlet else "no outlet"


def claim_conflicts_panel(claim: Claim) -> str:
    """HTML for a claim's page: its conflicts (with links) and its corroborations."""
    flags = selectors.conflicts_with_claims().involving(claim.pk).order_by("-detected_at", "-id")
    conflict_items = format_html_join(
        "",
        '<li><a href="{}">{} ({}, {})</a> with #{}: {}</li>',
        (
            (
                reverse("conflict-triage", args=[flag.pk]),
                flag.get_kind_display(),
                flag.get_status_display().lower(),
                flag.get_severity_display().lower(),
                flag.claim_b_id if flag.claim_a_id == claim.pk else flag.claim_a_id,
                (flag.explanation or {}).get("sentence", ""),
            )
            for flag in flags
        ),
    )
    corroboration_items = format_html_join(
        "",
        "<li>{} — {}: {}</li>",
        (
            (
                _link(admin_url("claims_claim_change", other.pk), f"#{other.pk}"),
                _outlet(other),
                explanation.get("sentence", ""),
            )
            for other, explanation in selectors.corroborations_of(claim)
        ),
    )
    none = mark_safe("<li>None.</li>")
    return format_html(
        '<div class="claim-conflicts"><h3>Conflicts</h3><ul>{}</ul>'
        "<h3>Corroborations</h3><ul>{}</ul></div>",
        conflict_items or none,
        corroboration_items or none,
    )
