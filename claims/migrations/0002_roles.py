"""The newsroom's roles as Django groups, with the model permissions each needs."""

from django.db import migrations

EDITOR_PERMISSIONS = {
    "sources": {
        "outlet": ["view", "add", "change"],
        "article": ["view", "add", "change"],
        "articlerevision": ["view"],
        "source": ["view", "add", "change"],
        "feed": ["view", "add", "change"],
        "importjob": ["view", "add"],
        "importjobitem": ["view"],
    },
    "claims": {
        "entity": ["view", "add", "change"],
        "entityalias": ["view", "add", "change", "delete"],
        "claim": ["view", "add", "change"],
        "citation": ["view", "add", "change", "delete"],
        "reviewevent": ["view"],
        "factcheck": ["view"],
        "conflict": ["view", "change"],
        "claimsuggestion": ["view", "change"],
    },
}
REVIEWER_PERMISSIONS = {
    "sources": {
        "outlet": ["view"],
        "article": ["view"],
        "articlerevision": ["view"],
        "source": ["view", "add", "change"],
        "feed": ["view"],
        "importjob": ["view"],
        "importjobitem": ["view"],
    },
    "claims": {
        "entity": ["view"],
        "entityalias": ["view"],
        "claim": ["view", "change"],
        "citation": ["view", "add"],
        "reviewevent": ["view"],
        "factcheck": ["view"],
        "conflict": ["view", "change"],
        "claimsuggestion": ["view"],
    },
}
ROLES = {"Editors": EDITOR_PERMISSIONS, "Reviewers": REVIEWER_PERMISSIONS}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in spec.items()
            for model, actions in models.items()
            for action in actions
        ]
        perms = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in codenames
        ]
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
