from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_ACCOUNTS = [
    # username, password, group, superuser
    ("editor", "editor", "Editor", False),
    ("reporter", "reporter", "Reporter", False),
    ("admin", "admin", None, True),
]


class Command(BaseCommand):
    help = "Create development-only demo accounts (editor, reporter, admin). Refused unless DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only; DEBUG is off.")
        User = get_user_model()
        for username, password, group_name, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": superuser}
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                group = Group.objects.filter(name=group_name).first()
                if group is not None:
                    user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo accounts (development only) at http://127.0.0.1:8000/admin/\n"
                + "\n".join(
                    f"  {u:<9} password: {p:<9} ({g or 'superuser'})"
                    for u, p, g, _ in DEMO_ACCOUNTS
                )
            )
        )
