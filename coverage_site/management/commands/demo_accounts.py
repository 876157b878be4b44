from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from articles import taxonomy
from articles.models import Author

DEMO_ACCOUNTS = [
    # username, password, group (None: superuser)
    ("editor", "editor", "Editor"),
    ("reporter", "reporter", "Reporter"),
    ("admin", "admin", None),
]
# The demo staff's bylines: author profiles a story can credit (name, slug, role).
DEMO_AUTHORS = {
    "editor": ("Demo Editor", "demo-editor", "Foreign editor (demo account)"),
    "reporter": ("Demo Reporter", "demo-reporter", "Reporter (demo account)"),
}


class Command(BaseCommand):
    help = (
        "Create development-only demo accounts (editor, reporter, admin) and print them. "
        "Creates nothing when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="the port the site is served on")

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: no demo accounts are created.")
            return
        User = get_user_model()
        for username, password, group_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "is_superuser": group_name is None},
            )
            if created:
                user.set_password(password)
                user.save()
            if group_name:
                group = Group.objects.filter(name=group_name).first()
                if group is not None:
                    user.groups.add(group)
        self._author_profiles(User)
        accounts = "\n".join(
            f"  {username:<9} password: {password:<9} ({group or 'superuser'})"
            for username, password, group in DEMO_ACCOUNTS
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts (development only) at http://127.0.0.1:{port}/admin/\n{accounts}"
            )
        )

    def _author_profiles(self, User):
        """Give the demo staff their author profiles, once (through the taxonomy's service)."""
        admin = User.objects.get(username="admin")
        for username, (name, slug, role) in DEMO_AUTHORS.items():
            user = User.objects.get(username=username)
            if (
                Author.objects.filter(user=user).exists()
                or Author.objects.filter(slug=slug).exists()
            ):
                continue
            taxonomy.author_create(by=admin, name=name, slug=slug, role=role, user=user)
