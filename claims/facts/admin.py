"""The facts wing in the admin: the newsroom's entities and their aliases (the subjects facts
are about) and its measures with their cue phrases (what figures measure)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q

from claims.facts.extraction import AliasIndex
from claims.facts.measures import normalise
from claims.models import ClaimLink, Entity, EntityAlias, Measure, MeasureCue


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    fields = ["alias", "normalised"]
    readonly_fields = ["normalised"]
    extra = 1


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias", "code"]
    readonly_fields = ["slug"]
    inlines = [EntityAliasInline]

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.normalised = AliasIndex.normalise(alias.alias)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(EntityAlias)
class EntityAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "entity", "normalised"]
    list_select_related = ["entity"]
    search_fields = ["alias", "normalised", "entity__name"]
    autocomplete_fields = ["entity"]
    readonly_fields = ["normalised"]

    def save_model(self, request, obj, form, change):
        obj.normalised = AliasIndex.normalise(obj.alias)
        super().save_model(request, obj, form, change)


class MeasureCueInline(admin.TabularInline):
    model = MeasureCue
    fields = ["phrase", "language", "learned", "learned_from"]
    readonly_fields = ["learned", "learned_from"]
    extra = 1
    verbose_name = "cue phrase"
    verbose_name_plural = "cue phrases (learned ones came from an editor's correction)"


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """The newsroom's vocabulary of what figures measure, with the phrases that announce
    them. Learned cues are marked; deleting one unlearns it."""

    list_display = ["name", "dimension", "kind", "subject", "cue_count", "learned_count"]
    list_filter = ["dimension", "kind", "subject"]
    search_fields = ["name", "slug", "cues__phrase"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MeasureCueInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                cue_total=Count("cues", distinct=True),
                learned_total=Count("cues", filter=Q(cues__learned=True), distinct=True),
            )
        )

    @admin.display(description="cues", ordering="cue_total")
    def cue_count(self, obj: Measure) -> int:
        return obj.cue_total

    @admin.display(description="learned", ordering="learned_total")
    def learned_count(self, obj: Measure) -> int:
        return obj.learned_total

    def save_formset(self, request, form, formset, change):
        for cue in formset.save(commit=False):
            cue.normalised = " ".join(normalise(cue.phrase).split())
            cue.save()
        for cue in formset.deleted_objects:
            cue.delete()


@admin.register(MeasureCue)
class MeasureCueAdmin(admin.ModelAdmin):
    list_display = ["phrase", "measure", "language", "learned", "learned_from", "created_at"]
    list_filter = ["learned", "language", "measure"]
    list_select_related = ["measure"]
    search_fields = ["phrase", "measure__name"]
    autocomplete_fields = ["measure"]
    raw_id_fields = ["learned_from"]
    readonly_fields = ["learned", "learned_from"]

    def save_model(self, request, obj, form, change):
        obj.normalised = " ".join(normalise(obj.phrase).split())
        super().save_model(request, obj, form, change)


@admin.register(ClaimLink)
class ClaimLinkAdmin(admin.ModelAdmin):
    """Editors' words on pairs of claims; made from the claim page or the review queue."""

    list_display = ["claim_a", "claim_b", "same", "created_by", "created_at"]
    list_filter = ["same"]
    list_select_related = ["claim_a", "claim_b", "created_by"]
    search_fields = ["claim_a__statement", "claim_b__statement"]
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False  # through the same-fact buttons (claims.services.claim_link)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
