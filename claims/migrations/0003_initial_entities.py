"""Seed the Entity table with countries (pycountry) and the desk's common aliases."""

from django.db import migrations


def seed_entities(apps, schema_editor):
    from claims.facts.entity_data import initial_entities
    from claims.facts.extraction import AliasIndex

    Entity = apps.get_model("claims", "Entity")
    EntityAlias = apps.get_model("claims", "EntityAlias")
    taken = set(EntityAlias.objects.values_list("normalised", flat=True))
    for name, kind, code, aliases in initial_entities():
        entity, _ = Entity.objects.get_or_create(name=name, defaults={"kind": kind, "code": code})
        for alias in aliases:
            normalised = AliasIndex.normalise(alias)
            if normalised and normalised not in taken:
                taken.add(normalised)
                EntityAlias.objects.create(entity=entity, alias=alias, normalised=normalised)


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]

    operations = [migrations.RunPython(seed_entities, migrations.RunPython.noop)]
