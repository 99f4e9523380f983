"""Measures (what figures measure) and fact identity: a claim's free-text attribute becomes
a measure (and, for the seeds' date facts, an event), entities get slugs for addresses, and
the desk's vocabulary of measures, cues, demonyms and organisations is seeded."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

NEW_PERMISSIONS = {
    "Editors": {
        "measure": ["view", "add", "change"],
        "measurecue": ["view", "add", "change", "delete"],
        "claimlink": ["view"],
    },
    "Reviewers": {"measure": ["view"], "measurecue": ["view"], "claimlink": ["view"]},
}


def grant_roles(apps, schema_editor):
    """The roles' permissions on the new models (measures, their cues, same-fact links)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, by_model in NEW_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        group.permissions.add(
            *(
                Permission.objects.get(
                    content_type__app_label="claims", codename=f"{action}_{model}"
                )
                for model, actions in by_model.items()
                for action in actions
            )
        )


def seed_vocabulary_and_move_attributes(apps, schema_editor):
    from claims.facts.entity_data import initial_entities
    from claims.facts.extraction import AliasIndex
    from claims.facts.measure_data import MEASURES, SEED_ATTRIBUTES
    from claims.facts.measures import MeasureInfo, MeasureVocabulary, compatible, normalise

    Measure = apps.get_model("claims", "Measure")
    MeasureCue = apps.get_model("claims", "MeasureCue")
    Entity = apps.get_model("claims", "Entity")
    EntityAlias = apps.get_model("claims", "EntityAlias")
    Claim = apps.get_model("claims", "Claim")

    infos = {}
    for spec in MEASURES:
        measure, _ = Measure.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "dimension": spec.dimension,
                "kind": spec.kind,
                "subject": spec.subject,
                "description": spec.description,
            },
        )
        infos[spec.slug] = MeasureInfo(
            measure.pk, spec.slug, spec.name, spec.dimension, spec.kind, spec.subject
        )
        for language, phrases in (("en", spec.en), ("fr", spec.fr)):
            for phrase in phrases:
                MeasureCue.objects.get_or_create(
                    measure=measure,
                    language=language,
                    normalised=" ".join(normalise(phrase).split()),
                    defaults={"phrase": phrase},
                )

    # Entities: slugs for the ones there, then the vocabulary's new entities and aliases.
    taken = set()
    for entity in Entity.objects.order_by("id"):
        base = slugify(entity.name)[:190] or "entity"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        entity.slug = slug
        entity.save(update_fields=["slug"])
    aliases = set(EntityAlias.objects.values_list("normalised", flat=True))
    for name, kind, code, names in initial_entities():
        entity = Entity.objects.filter(name=name).first()
        if entity is None:
            base = slugify(name)[:190] or "entity"
            slug, n = base, 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            entity = Entity.objects.create(name=name, kind=kind, code=code, slug=slug)
        for alias in names:
            normalised = AliasIndex.normalise(alias)
            if normalised and normalised not in aliases:
                aliases.add(normalised)
                EntityAlias.objects.create(entity=entity, alias=alias, normalised=normalised)

    # The free-text attribute: the seeds' own, else the cues it holds, else no measure.
    vocabulary = MeasureVocabulary(
        (infos[spec.slug], phrase, "en") for spec in MEASURES for phrase in (spec.name, *spec.en)
    )
    for claim in Claim.objects.exclude(attribute="").iterator():
        slug, event = SEED_ATTRIBUTES.get(claim.attribute.casefold(), (None, ""))
        measure = infos.get(slug) if slug else None
        if slug is None:
            for cue in vocabulary.find(claim.attribute):
                fits = [
                    m
                    for m in cue.measures
                    if (m.dimension == "date") == (claim.event_start is not None)
                    and (m.dimension == "date" or compatible(claim.unit, m.dimension))
                ]
                if fits:
                    measure = fits[0]
                    break
        if measure is not None:
            Claim.objects.filter(pk=claim.pk).update(measure_id=measure.id, event=event)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_webhooks"),
        ("sources", "0002_raw_input_compressed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "same",
                    models.BooleanField(help_text="The same fact (True) or not the same (False)"),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Measure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("name", models.CharField(max_length=120, unique=True)),
                ("slug", models.SlugField(max_length=120, unique=True)),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("people", "People"),
                            ("count", "Things counted"),
                            ("money", "Money"),
                            ("percent", "Percentage"),
                            ("length", "Length"),
                            ("area", "Area"),
                            ("volume", "Volume"),
                            ("mass", "Mass"),
                            ("temperature", "Temperature"),
                            ("magnitude", "Magnitude"),
                            ("speed", "Per unit of time"),
                            ("rate", "Per population"),
                            ("duration", "Duration"),
                            ("date", "Date (when something happened)"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("toll", "Toll: cumulative over an event, grows as counts come in"),
                            ("level", "Level: a state at a point in time"),
                            ("flow", "Flow: over a period"),
                            ("rate", "Rate: per population or per unit of time"),
                        ],
                        default="level",
                        max_length=8,
                    ),
                ),
                (
                    "subject",
                    models.CharField(
                        choices=[
                            ("place", "A place (country, region, city)"),
                            ("organisation", "An organisation or company"),
                            ("any", "Any subject"),
                        ],
                        default="place",
                        max_length=12,
                    ),
                ),
                ("description", models.TextField(blank=True)),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="MeasureCue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("phrase", models.CharField(max_length=120)),
                ("normalised", models.CharField(editable=False, max_length=120)),
                ("language", models.CharField(default="en", max_length=8)),
                (
                    "learned",
                    models.BooleanField(
                        default=False, help_text="Added when an editor corrected a claim's measure"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "ordering": ["measure", "language", "normalised"],
            },
        ),
        migrations.RemoveConstraint(
            model_name="conflict",
            name="claims_conflict_kind_valid",
        ),
        migrations.RemoveConstraint(
            model_name="reviewevent",
            name="claims_reviewevent_action_valid",
        ),
        migrations.AddField(
            model_name="claim",
            name="event",
            field=models.CharField(
                blank=True,
                help_text="What the figure belongs to: earthquake, flood...",
                max_length=40,
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="locality",
            field=models.CharField(
                blank=True,
                help_text="A place within the subject (a city, a region)",
                max_length=200,
            ),
        ),
        migrations.AddField(
            model_name="entity",
            name="slug",
            field=models.SlugField(
                db_index=False, default="", help_text="Its name in addresses", max_length=200
            ),
        ),
        migrations.AlterField(
            model_name="conflict",
            name="kind",
            field=models.CharField(
                choices=[
                    ("value", "Value mismatch"),
                    ("date", "Date mismatch"),
                    ("verdict", "Verdict mismatch"),
                    ("revision", "Downward revision of a toll"),
                ],
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="reviewevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("edit", "Edited"),
                    ("cite", "Citation added"),
                    ("submit", "Submitted for review"),
                    ("approve", "Approved"),
                    ("request_changes", "Changes requested"),
                    ("retract", "Retracted"),
                    ("reopen", "Reopened for correction"),
                    ("reanchor", "Re-anchored"),
                    ("link", "Linked to another claim"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddConstraint(
            model_name="conflict",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["value", "date", "verdict", "revision"])),
                name="claims_conflict_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "action__in",
                        [
                            "create",
                            "edit",
                            "cite",
                            "submit",
                            "approve",
                            "request_changes",
                            "retract",
                            "reopen",
                            "reanchor",
                            "link",
                        ],
                    )
                ),
                name="claims_reviewevent_action_valid",
            ),
        ),
        migrations.AddField(
            model_name="claimlink",
            name="claim_a",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.claim"
            ),
        ),
        migrations.AddField(
            model_name="claimlink",
            name="claim_b",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.claim"
            ),
        ),
        migrations.AddField(
            model_name="claimlink",
            name="created_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "dimension__in",
                        [
                            "people",
                            "count",
                            "money",
                            "percent",
                            "length",
                            "area",
                            "volume",
                            "mass",
                            "temperature",
                            "magnitude",
                            "speed",
                            "rate",
                            "duration",
                            "date",
                        ],
                    )
                ),
                name="claims_measure_dimension_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["toll", "level", "flow", "rate"])),
                name="claims_measure_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.CheckConstraint(
                condition=models.Q(("subject__in", ["place", "organisation", "any"])),
                name="claims_measure_subject_valid",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="measure",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="claims",
                to="claims.measure",
            ),
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(fields=["entity", "scope_end"], name="claims_claim_entity_scope"),
        ),
        migrations.AddField(
            model_name="measurecue",
            name="learned_from",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="claims.claim",
            ),
        ),
        migrations.AddField(
            model_name="measurecue",
            name="measure",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="cues",
                to="claims.measure",
            ),
        ),
        migrations.AddIndex(
            model_name="claimlink",
            index=models.Index(fields=["claim_b"], name="claims_claimlink_claim_b"),
        ),
        migrations.AddConstraint(
            model_name="claimlink",
            constraint=models.CheckConstraint(
                condition=models.Q(("claim_a__lt", models.F("claim_b"))),
                name="claims_claimlink_ordered_pair",
            ),
        ),
        migrations.AddConstraint(
            model_name="claimlink",
            constraint=models.UniqueConstraint(
                fields=("claim_a", "claim_b"), name="claims_claimlink_pair"
            ),
        ),
        migrations.AddConstraint(
            model_name="measurecue",
            constraint=models.UniqueConstraint(
                fields=("measure", "language", "normalised"), name="claims_measurecue_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="measurecue",
            constraint=models.CheckConstraint(
                condition=models.Q(("normalised", ""), _negated=True),
                name="claims_measurecue_not_blank",
            ),
        ),
        migrations.RunPython(seed_vocabulary_and_move_attributes, migrations.RunPython.noop),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="claim",
            name="claims_claim_blocking_key",
        ),
        migrations.RemoveField(
            model_name="claim",
            name="attribute",
        ),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("entity__isnull", False), ("measure__isnull", False)),
                fields=["entity", "measure", "unit"],
                name="claims_claim_blocking_key",
            ),
        ),
        migrations.AlterField(
            model_name="entity",
            name="slug",
            field=models.SlugField(help_text="Its name in addresses", max_length=200, unique=True),
        ),
    ]
