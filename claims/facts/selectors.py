"""Reads of the facts wing that are more than a one-line queryset."""

from __future__ import annotations

from claims.facts.extraction import AliasIndex
from claims.models import EntityAlias


def alias_index() -> AliasIndex:
    """An AliasIndex over every entity alias (a few thousand rows at most)."""
    return AliasIndex(EntityAlias.objects.values_list("alias", "entity__name"))
