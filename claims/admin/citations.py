"""The "Cite a source" page reached from a claim: an imported article, an existing source,
or a new external reference, with the stance and the passage relied on."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from claims import services
from claims.models import Claim, Stance
from newsdesk.common.errors import DomainError
from sources.models import Article, Source, SourceKind


class CitationForm(forms.Form):
    stance = forms.ChoiceField(choices=Stance.choices)
    article = forms.ModelChoiceField(
        Article.objects.order_by("-created_at"),
        required=False,
        help_text="An imported article that supports or refutes the claim…",
    )
    source = forms.ModelChoiceField(
        Source.objects.order_by("title"), required=False, help_text="…or a source cited before…"
    )
    url = forms.URLField(required=False, max_length=2000, help_text="…or a new reference.")
    title = forms.CharField(required=False, max_length=500)
    publisher = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(choices=SourceKind.choices, initial=SourceKind.REPORT)
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The passage of the source relied on",
    )
    locator = forms.CharField(required=False, max_length=200, help_text="page, table, paragraph")


def cite_view(model_admin, request, claim_id: int):
    claim = get_object_or_404(Claim, pk=claim_id)
    form = CitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.citation_add(
                claim_id=claim.pk,
                actor=request.user,
                stance=data["stance"],
                article_id=data["article"].pk if data["article"] else None,
                source_id=data["source"].pk if data["source"] else None,
                url=data["url"],
                title=data["title"],
                publisher=data["publisher"],
                kind=data["kind"],
                quote=data["quote"],
                locator=data["locator"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Source cited.")
            return HttpResponseRedirect(reverse("admin:claims_claim_change", args=[claim.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Cite a source for claim #{claim.pk}",
        "claim": claim,
        "form": form,
        "opts": Claim._meta,
    }
    return TemplateResponse(request, "claims/cite.html", context)
