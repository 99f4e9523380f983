"""Comments on a claim, for its editor and reviewers to talk; both roles may read them in
the admin (they are written from the claim's workspace, through `comment_add`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def grant_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    view = apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="claims", codename="view_claimcomment"
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reviewers"]):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0005_measures_and_fact_identity"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClaimComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("body", models.TextField()),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "claim",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="claims.claim",
                    ),
                ),
            ],
            options={
                "ordering": ["claim", "created_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["claim", "created_at", "id"], name="claims_claimcomment_claim"
                    )
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("body", ""), _negated=True),
                        name="claims_claimcomment_not_blank",
                    )
                ],
            },
        ),
        migrations.RunPython(grant_roles, migrations.RunPython.noop),
    ]
