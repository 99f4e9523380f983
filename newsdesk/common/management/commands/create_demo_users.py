"""Create one demo account per role for `make run`.

Passwords come from NEWSDESK_DEMO_PASSWORD, or are generated and printed once, when the
account is created. With NEWSDESK_DEMO_PASSWORD set, existing demo accounts get that password
back (and their role): the way to recover a forgotten demo password. Without it, existing
accounts are left as they are.
"""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from newsdesk.common import roles

DEMO_USERS = [
    ("editor", "Eda", "Editor", [roles.EDITORS], False),
    ("editor2", "Ed", "Second-Editor", [roles.EDITORS], False),
    ("reviewer", "Rae", "Reviewer", [roles.REVIEWERS], False),
    ("reviewer2", "Rex", "Second-Reviewer", [roles.REVIEWERS], False),
    ("admin", "Ada", "Admin", [], True),
]


class Command(BaseCommand):
    help = "Create demo users: editor, editor2, reviewer, reviewer2 and admin."

    def handle(self, *args, **options):
        User = get_user_model()
        shared = os.environ.get("NEWSDESK_DEMO_PASSWORD", "")
        for username, first, last, groups, superuser in DEMO_USERS:
            existing = User.objects.filter(username=username).first()
            if existing is not None and not shared:
                self.stdout.write(
                    f"{username}: exists, unchanged (set NEWSDESK_DEMO_PASSWORD to reset it)"
                )
                continue
            if existing is not None:
                existing.set_password(shared)
                existing.is_active = True
                existing.is_staff = True
                existing.save(update_fields=["password", "is_active", "is_staff"])
                for name in groups:
                    existing.groups.add(Group.objects.get(name=name))
                self.stdout.write(
                    self.style.SUCCESS(f"{username}: password reset from NEWSDESK_DEMO_PASSWORD")
                )
                continue
            password = shared or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                password=password,
                first_name=first,
                last_name=last,
                email=f"{username}@newsdesk.invalid",
                is_staff=True,
                is_superuser=superuser,
            )
            for name in groups:
                user.groups.add(Group.objects.get(name=name))
            shown = "(from NEWSDESK_DEMO_PASSWORD)" if shared else password
            self.stdout.write(self.style.SUCCESS(f"{username}: created, password {shown}"))
