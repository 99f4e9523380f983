"""The newsroom's entities and their aliases in the admin (the subjects facts are about)."""

from __future__ import annotations

from django.contrib import admin

from claims.facts.extraction import AliasIndex
from claims.models import Entity, EntityAlias


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
