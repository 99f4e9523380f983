"""The Article admin as the desk uses it: the body with its claims, and the annotate page.

`sources` knows nothing of claims, so the claim-aware Article admin lives here and
replaces the plain one.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from claims import services
from claims.desk.workspace import apply_form
from claims.facts import anchoring
from claims.facts.highlighting import highlight_claims
from claims.facts.wording import describe_reasons, describe_value
from claims.models import ClaimSuggestion, Entity, Hedge, Measure, Rating
from newsdesk.common import roles
from newsdesk.common.errors import DomainError
from sources.admin import ArticleAdmin
from sources.models import Article

# The verdict fields the annotate panel may carry beside a new claim.
VERDICT_FIELDS = frozenset({"rating", "summary"})

# The fact fields the wording reads, empty, under a proposal that leaves some out.
_NO_FACT = dict.fromkeys(
    ("value_low", "value_high", "unit", "hedge", "event_start", "event_end", "event_granularity")
)


class SuggestionInline(admin.TabularInline):
    model = ClaimSuggestion
    fields = ["sentence", "score", "why", "status", "claim"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-score", "start"]

    @admin.display(description="why suggested")
    def why(self, obj: ClaimSuggestion) -> str:
        return describe_reasons(obj.reasons)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ArticleWithClaimsAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display[:-1], "claim_count", "created_at"]
    readonly_fields = ["highlighted_body", *ArticleAdmin.readonly_fields]
    inlines = [*ArticleAdmin.inlines, SuggestionInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [list(f) for f in super().get_fieldsets(request, obj)]
        for fieldset in fieldsets:
            if "body_text" in fieldset[1]["fields"]:
                fieldset[0] = "Text and claims"
                fieldset[1] = {"fields": ["highlighted_body"]}
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_total=Count("claims"))

    @admin.display(description="claims", ordering="claim_total")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_total

    @admin.display(description="Body (claims highlighted by status)")
    def highlighted_body(self, obj: Article) -> str:
        link = reverse("admin:sources_article_annotate", args=[obj.pk])
        return format_html(
            '<p><a class="button" href="{}">Annotate: select text to create a claim</a></p>{}',
            link,
            highlight_claims(obj),
        )

    def get_urls(self):
        return [
            path(
                "<int:article_id>/annotate/",
                self.admin_site.admin_view(self.annotate_view),
                name="sources_article_annotate",
            ),
            *super().get_urls(),
        ]

    def annotate_view(self, request, article_id: int):
        """Select text in the body; a claim form opens with the span and the proposed fact."""
        article = get_object_or_404(Article, pk=article_id)
        if not roles.is_editor(request.user):
            messages.error(request, "Only editors may annotate articles.")
            return HttpResponseRedirect(reverse("admin:sources_article_change", args=[article.pk]))
        if request.method == "GET" and "start" in request.GET:
            return self._propose(article, request)
        if request.method == "POST":
            return self._create(article, request)
        claims = article.claims.select_related("entity").order_by("start", "id")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Annotate: {article.title}",
            "article": article,
            "opts": self.model._meta,
            "body": highlight_claims(article, claims),
            "claims": claims,
            "hedges": Hedge.choices,
            "ratings": Rating.choices,
            "entities": Entity.objects.order_by("name").values_list("id", "name"),
            "measures": Measure.objects.order_by("name").values_list("id", "name"),
        }
        return TemplateResponse(request, "claims/annotate.html", context)

    def _propose(self, article: Article, request) -> JsonResponse:
        try:
            anchor = anchoring.anchor_from_offsets(
                article.body, int(request.GET["start"]), int(request.GET["end"])
            )
        except (ValueError, anchoring.AnchorError) as exc:
            return JsonResponse({"error": str(exc)}, status=400)
        fact = services.propose_fact(text=anchor.exact, article=article, start=anchor.start)
        return JsonResponse(
            {
                "start": anchor.start,
                "end": anchor.end,
                "exact": anchor.exact,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
                "statement": anchor.exact,
                "fact": json.loads(json.dumps(fact, default=str)),
                "reading": describe_value(SimpleNamespace(**{**_NO_FACT, **fact})),
            }
        )

    def _create(self, article: Article, request):
        form = request.POST
        try:
            fact = {}
            for name in services.FACT_FIELDS:
                raw = form.get(name, "").strip()
                if name in ("value_low", "value_high"):
                    fact[name] = float(raw) if raw else None
                    if fact[name] is not None and not math.isfinite(fact[name]):
                        messages.error(
                            request,
                            f"{name} must be a finite number; leave it empty for an "
                            "unbounded side.",
                        )
                        return HttpResponseRedirect(
                            reverse("admin:sources_article_annotate", args=[article.pk])
                        )
                elif name in ("entity_id", "measure_id"):
                    fact[name] = int(raw) if raw else None
                elif name in services.DATE_FIELDS:
                    fact[name] = raw or None
                else:
                    fact[name] = raw
            start, end = int(form.get("start", "")), int(form.get("end", ""))
        except ValueError:
            messages.error(
                request, "Select the claim's text in the article, and give numbers as digits."
            )
            return HttpResponseRedirect(
                reverse("admin:sources_article_annotate", args=[article.pk])
            )
        try:
            claim = services.claim_create(
                article_id=article.pk,
                author=request.user,
                start=start,
                end=end,
                statement=form.get("statement", ""),
                claimant=form.get("claimant", ""),
                fact=fact,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(
                reverse("admin:sources_article_annotate", args=[article.pk])
            )
        # The verdict and a source may be typed beside the new claim, and submitted at once:
        # the same services as the workspace, after the claim exists (a refusal loses nothing).
        verdict = {k: v for k, v in form.items() if k in VERDICT_FIELDS or k.startswith("cite_")}
        if "create_and_submit" in form:
            verdict["then"] = "submit"
        done = [f"Claim #{claim.pk} created"]
        try:
            apply_form(claim, request.user, verdict, version=claim.version, done=done)
        except DomainError as exc:
            messages.success(request, ", ".join(done) + ".")
            messages.error(request, exc.message)
            return HttpResponseRedirect(reverse("claim-workspace", args=[claim.pk]))
        if len(done) == 1:
            done.append("check its fact, then give it a rating, a summary and a source")
        messages.success(request, ", ".join(done) + ".")
        # Straight into the claim's workspace, where its fact-check goes on.
        return HttpResponseRedirect(reverse("claim-workspace", args=[claim.pk]))


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithClaimsAdmin)
