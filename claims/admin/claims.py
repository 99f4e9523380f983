"""The claim in the admin: its form, workflow actions, citations, verdicts, audit trail and
the check-worthiness suggestions. Writes go through `claims.services`."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from claims import services
from claims.facts.selectors import same_fact_candidates
from claims.facts.wording import describe_changes, describe_reasons, describe_value, person
from claims.models import (
    Citation,
    Claim,
    ClaimComment,
    ClaimSuggestion,
    Conflict,
    Entity,
    FactCheck,
    Measure,
    ReviewEvent,
)
from newsdesk.common.errors import DomainError


class ReadOnlyAdminMixin:
    """Audit rows: visible, never edited or deleted from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["source", "stance", "quote", "locator", "added_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _field_label(field: str) -> str:
    name = field.removesuffix("_id")
    try:
        return str(Claim._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a field since removed: its stored name, readable
        return name.replace("_", " ").capitalize()


def _field_value(field: str, raw):
    """A stored value in words: a choice's label, a subject's or measure's name."""
    if raw is None or raw == "":
        return None
    name = field.removesuffix("_id")
    related = {"entity": Entity, "measure": Measure}.get(name)
    if related is not None:
        found = related.objects.filter(pk=raw).values_list("name", flat=True).first()
        return found or f"(deleted, was {raw})"
    try:
        choices = dict(Claim._meta.get_field(name).flatchoices)
    except Exception:
        return raw
    return choices.get(raw, raw)


def _status_label(value: str) -> str:
    return Claim.Status(value).label if value in Claim.Status.values else (value or "—")


class ReadableEventMixin:
    """An audit row as people read it: who (by name), what happened, which fields changed."""

    @admin.display(description="who")
    def who(self, obj: ReviewEvent) -> str:
        return person(obj.actor)

    @admin.display(description="status")
    def status_change(self, obj: ReviewEvent) -> str:
        if obj.from_status and obj.from_status != obj.to_status:
            return f"{_status_label(obj.from_status)} → {_status_label(obj.to_status)}"
        return _status_label(obj.to_status)

    @admin.display(description="what changed")
    def what_changed(self, obj: ReviewEvent):
        lines = describe_changes(obj.changes, label=_field_label, value=_field_value)
        if not lines:
            return "—"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((x,) for x in lines))
        )


class ReviewEventInline(ReadableEventMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = ReviewEvent
    fields = ["created_at", "who", "action", "status_change", "comment", "what_changed"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class FactCheckInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = FactCheck
    fk_name = "claim"
    fields = ["version", "rating", "summary", "approved_by", "approved_at", "retracted_at"]
    readonly_fields = fields
    extra = 0


class ClaimForm(forms.ModelForm):
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="New claims: the exact text of the span (or give start and end).",
    )

    class Meta:
        model = Claim
        fields = [
            "article",
            "start",
            "end",
            "quote",
            "statement",
            "claimant",
            *services.FACT_INPUT_FIELDS,
            "rating",
            "summary",
            "version",
        ]
        widgets = {"version": forms.HiddenInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end", "statement"):
            if name in self.fields:
                self.fields[name].required = False


class StatusFilter(admin.SimpleListFilter):
    title = "conflicts"
    parameter_name = "conflicted"

    def lookups(self, request, model_admin):
        return [("open", "with open conflicts"), ("none", "without conflicts")]

    def queryset(self, request, queryset):
        from django.db.models import Exists, OuterRef, Q

        open_conflicts = Conflict.objects.filter(
            Q(claim_a=OuterRef("pk")) | Q(claim_b=OuterRef("pk")), status=Conflict.Status.OPEN
        )
        if self.value() == "open":
            return queryset.filter(Exists(open_conflicts))
        if self.value() == "none":
            return queryset.exclude(Exists(open_conflicts))
        return queryset


def _run(modeladmin, request, queryset, action, done: str, **kwargs):
    """Apply one workflow service to each selected claim; report each refusal."""
    ok = 0
    for claim in queryset:
        try:
            action(claim_id=claim.pk, version=claim.version, **kwargs)
            ok += 1
        except DomainError as exc:
            hint = ""
            if exc.code == "open_conflict":
                hint = " Approve it from the review queue, which asks you to confirm."
            modeladmin.message_user(request, f"#{claim.pk}: {exc.message}{hint}", messages.ERROR)
    if ok:
        modeladmin.message_user(request, f"{ok} claim(s) {done}.", messages.SUCCESS)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    form = ClaimForm
    list_display = [
        "id",
        "statement_short",
        "status",
        "rating",
        "entity",
        "measure",
        "interval",
        "article",
        "author",
        "anchor_state",
        "updated_at",
    ]
    list_display_links = ["id", "statement_short"]
    list_filter = ["status", "rating", "anchor_state", StatusFilter, "measure", "entity__kind"]
    list_select_related = ["entity", "measure", "article", "author"]
    search_fields = ["statement", "exact", "measure__name", "entity__name", "article__title"]
    autocomplete_fields = ["entity", "measure", "article"]
    readonly_fields = [
        "status",
        "anchor",
        "exact",
        "anchor_state",
        "author",
        "created_at",
        "updated_at",
        "cite_link",
        "conflicts_panel",
        "same_fact_panel",
        "workspace_link",
    ]
    inlines = [CitationInline, FactCheckInline, ReviewEventInline]
    actions = ["submit", "request_changes", "approve", "reopen"]

    def get_fieldsets(self, request, obj=None):
        span = (
            ["article", "start", "end", "quote"]
            if obj is None
            else ["workspace_link", "anchor", "anchor_state"]
        )
        return [
            (None, {"fields": [*span, "statement", "claimant", "status"]}),
            (
                "Fact",
                {
                    "fields": [
                        ("entity", "locality"),
                        ("measure", "event"),
                        ("value_low", "value_high", "unit", "hedge"),
                        ("event_start", "event_end", "event_granularity"),
                        ("scope_start", "scope_end"),
                    ]
                },
            ),
            ("Verdict", {"fields": ["rating", "summary", "version"]}),
            *(
                [
                    (
                        "Sources, conflicts and corroborations",
                        {"fields": ["cite_link", "conflicts_panel", "same_fact_panel"]},
                    )
                ]
                if obj is not None
                else []
            ),
            ("Record", {"classes": ["collapse"], "fields": ["author", "created_at", "updated_at"]}),
        ]

    @admin.display(description="workspace")
    def workspace_link(self, obj: Claim) -> str:
        return format_html(
            '<a class="button" href="{}">Open the claim\'s workspace</a> — its whole '
            "fact-check on one page: rating, summary, sources, review and comments",
            reverse("claim-workspace", args=[obj.pk]),
        )

    @admin.display(description="statement", ordering="statement")
    def statement_short(self, obj: Claim) -> str:
        return obj.statement[:90]

    @admin.display(description="value")
    def interval(self, obj: Claim) -> str:
        """The figure (or the date) in words: "more than 40%", "about 2 million"."""
        return describe_value(obj)

    @admin.display(description="span in the article")
    def anchor(self, obj: Claim) -> str:
        context = obj.article.body
        return format_html(
            "…{}<mark>{}</mark>{}… <small>({}–{})</small>",
            context[max(0, obj.start - 120) : obj.start],
            obj.exact,
            context[obj.end : obj.end + 120],
            obj.start,
            obj.end,
        )

    @admin.display(description="sources")
    def cite_link(self, obj: Claim) -> str:
        if obj.status not in (Claim.Status.DRAFT, Claim.Status.IN_REVIEW):
            return "Reopen the claim to cite more sources."
        return format_html(
            '<a class="button" href="{}">Cite a source</a>',
            reverse("admin:claims_claim_cite", args=[obj.pk]),
        )

    @admin.display(description="conflicts and corroborations")
    def conflicts_panel(self, obj: Claim) -> str:
        from claims.conflicts.admin import claim_conflicts_panel

        return claim_conflicts_panel(obj)

    @admin.display(description="the same fact elsewhere")
    def same_fact_panel(self, obj: Claim) -> str:
        """The fact's page, and claims that may state it though their identity differs:
        one click says they are the same fact, or not."""
        page = ""
        if obj.entity_id and obj.measure_id:
            page = format_html(
                '<p><a href="{}">{} — {}: every claim of this fact</a></p>',
                reverse("fact-page", args=[obj.entity.slug, obj.measure.slug]),
                obj.entity.name,
                obj.measure.name,
            )
        target = (
            reverse("desk-same-fact", args=[obj.pk])
            + "?"
            + urlencode({"next": reverse("admin:claims_claim_change", args=[obj.pk])})
        )
        items = format_html_join(
            "",
            '<li>#{} “{}” ({}) <button type="submit" formaction="{}" name="same_pair" '
            'value="{}:1">Same fact</button> <button type="submit" formaction="{}" '
            'name="same_pair" value="{}:0">Not the same</button></li>',
            (
                (
                    other.pk,
                    other.statement[:100],
                    other.article.outlet or other.article.title[:60],
                    target,
                    other.pk,
                    target,
                    other.pk,
                )
                for other in same_fact_candidates(obj)
            ),
        )
        return format_html(
            '{}<div class="same-fact"><h3>Possibly the same fact</h3><ul>{}</ul></div>',
            page,
            items or mark_safe("<li>None proposed.</li>"),
        )

    def get_urls(self):
        from django.urls import path

        from claims.admin.citations import cite_view

        return [
            path(
                "<int:claim_id>/cite/",
                self.admin_site.admin_view(
                    lambda request, claim_id: cite_view(self, request, claim_id)
                ),
                name="claims_claim_cite",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fact = {name: data.get(name) for name in services.FACT_INPUT_FIELDS if name in data}
        try:
            if not change:
                claim = services.claim_create(
                    article_id=data["article"].pk,
                    author=request.user,
                    start=data.get("start"),
                    end=data.get("end"),
                    quote=data.get("quote") or None,
                    statement=data.get("statement") or "",
                    claimant=data.get("claimant") or "",
                    fact={k: v for k, v in fact.items() if v not in (None, "")},
                )
                if data.get("rating") or data.get("summary"):
                    claim = services.claim_update(
                        claim_id=claim.pk,
                        version=claim.version,
                        actor=request.user,
                        rating=data.get("rating") or "",
                        summary=data.get("summary") or "",
                    )
            else:
                changes = {
                    name: data.get(name)
                    for name in form.changed_data
                    if name in services.EDITABLE_FIELDS or name in services.RELATIONS
                }
                claim = services.claim_update(
                    claim_id=obj.pk, version=data.get("version"), actor=request.user, **changes
                )
        except DomainError as exc:
            raise ValidationError(exc.message) from exc
        obj.pk = claim.pk
        obj.__dict__.update({k: v for k, v in claim.__dict__.items() if not k.startswith("_")})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.path)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Submit for review")
    def submit(self, request, queryset):
        _run(self, request, queryset, services.claim_submit, "submitted", actor=request.user)

    @admin.action(description="Approve (publish the fact-check)")
    def approve(self, request, queryset):
        _run(self, request, queryset, services.claim_approve, "approved", reviewer=request.user)

    @admin.action(description="Request changes")
    def request_changes(self, request, queryset):
        comment = request.POST.get("comment") or "Changes requested from the claim list."
        _run(
            self,
            request,
            queryset,
            services.claim_request_changes,
            "sent back",
            reviewer=request.user,
            comment=comment,
        )

    @admin.action(description="Reopen for correction")
    def reopen(self, request, queryset):
        _run(self, request, queryset, services.claim_reopen, "reopened", actor=request.user)


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["claim", "source", "stance", "locator", "added_by", "created_at"]
    list_filter = ["stance", "source__kind"]
    list_select_related = ["claim", "source", "added_by"]
    search_fields = ["claim__statement", "source__title", "quote"]
    raw_id_fields = ["claim", "source"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadableEventMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "claim", "who", "action", "status_change"]
    fields = ["claim", "created_at", "who", "action", "status_change", "comment", "what_changed"]
    readonly_fields = fields
    list_filter = ["action", "to_status"]
    list_select_related = ["claim", "actor"]
    search_fields = ["claim__statement", "comment"]
    date_hierarchy = "created_at"


@admin.register(ClaimComment)
class ClaimCommentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Comments are written in the claim's workspace (`comment_add`); here they are read."""

    list_display = ["created_at", "claim", "author", "body_short"]
    list_select_related = ["claim", "author"]
    search_fields = ["body", "claim__statement"]
    date_hierarchy = "created_at"

    @admin.display(description="comment")
    def body_short(self, obj: ClaimComment) -> str:
        return obj.body[:120]


@admin.register(FactCheck)
class FactCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "version", "rating", "approved_by", "approved_at", "retracted_at"]
    list_filter = ["rating", "retracted_at"]
    list_select_related = ["claim", "approved_by"]
    search_fields = ["statement", "summary"]


@admin.register(ClaimSuggestion)
class ClaimSuggestionAdmin(admin.ModelAdmin):
    list_display = ["sentence_short", "article", "score", "reason_list", "status", "claim"]
    list_filter = ["status"]
    list_select_related = ["article", "claim"]
    search_fields = ["sentence", "article__title"]
    readonly_fields = [
        "article",
        "start",
        "end",
        "sentence",
        "score",
        "reason_list",
        "status",
        "claim",
        "created_at",
    ]
    actions = ["accept", "dismiss"]

    @admin.display(description="sentence")
    def sentence_short(self, obj: ClaimSuggestion) -> str:
        return obj.sentence[:100]

    @admin.display(description="why")
    def reason_list(self, obj: ClaimSuggestion) -> str:
        return describe_reasons(obj.reasons)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Accept: create a claim from each")
    def accept(self, request, queryset):
        self._apply(request, queryset, services.suggestion_accept, "accepted")

    @admin.action(description="Dismiss")
    def dismiss(self, request, queryset):
        self._apply(request, queryset, services.suggestion_dismiss, "dismissed")

    def _apply(self, request, queryset, action, done):
        ok = 0
        for suggestion in queryset:
            try:
                action(suggestion_id=suggestion.pk, actor=request.user)
                ok += 1
            except DomainError as exc:
                self.message_user(request, f"{suggestion}: {exc.message}", messages.ERROR)
        if ok:
            self.message_user(request, f"{ok} suggestion(s) {done}.", messages.SUCCESS)
