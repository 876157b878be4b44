"""The newsroom's two roles, as Django groups: Reporter and Editor.

``ensure_roles()`` is used by the data migration that creates the groups and by
tests that flush the database (transactional tests), so both get the same rules.
"""

REPORTER = "Reporter"
EDITOR = "Editor"

# A reporter writes and files their own drafts: articles and quotes, plus the
# actors and events a story needs. Publishing, withdrawing and correcting are
# editors' work, so a reporter has none of those permissions.
REPORTER_PERMISSIONS = {
    "articles": [
        "add_article",
        "change_article",
        "view_article",
        "add_quote",
        "change_quote",
        "delete_quote",
        "view_quote",
        "view_correction",
        # To pick a story's section, topics and authors.
        "view_section",
        "view_topic",
        "view_author",
        "add_authorship",
        "change_authorship",
        "delete_authorship",
        "view_authorship",
    ],
    "actors": [
        "add_actor",
        "change_actor",
        "view_actor",
        "add_affiliation",
        "change_affiliation",
        "view_affiliation",
        "add_event",
        "change_event",
        "view_event",
        "add_eventparticipant",
        "change_eventparticipant",
        "view_eventparticipant",
    ],
    # Photos for their stories: upload, caption and credit; deleting is an editor's call.
    "images": ["add_image", "change_image", "view_image"],
}

# An editor can do everything with the coverage and the world it describes.
EDITOR_APPS = ["articles", "actors", "images"]


def _permissions(apps, app_label, codenames=None):
    Permission = apps.get_model("auth", "Permission")
    queryset = Permission.objects.filter(content_type__app_label=app_label)
    if codenames is not None:
        queryset = queryset.filter(codename__in=codenames)
    return list(queryset)


def _create_missing_permissions(apps):
    """Permissions are normally created after ``migrate``; a data migration needs them now."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in EDITOR_APPS:
        app_config = global_apps.get_app_config(label)
        create_permissions(app_config, apps=apps, verbosity=0)


def ensure_roles(apps=None):
    """Create (or bring up to date) the Reporter and Editor groups. Idempotent."""
    if apps is None:
        from django.apps import apps
    _create_missing_permissions(apps)
    Group = apps.get_model("auth", "Group")

    reporter, _ = Group.objects.get_or_create(name=REPORTER)
    reporter_permissions = []
    for app_label, codenames in REPORTER_PERMISSIONS.items():
        reporter_permissions += _permissions(apps, app_label, codenames)
    reporter.permissions.set(reporter_permissions)

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor_permissions = []
    for app_label in EDITOR_APPS:
        editor_permissions += [
            permission
            for permission in _permissions(apps, app_label)
            # History is a record: editors read it, nobody rewrites it.
            if "historical" not in permission.codename or permission.codename.startswith("view_")
        ]
    editor.permissions.set(editor_permissions)
    return reporter, editor


def ensure_partner_group():
    """The partners' group (``settings.PARTNER_GROUP``), created if missing.

    It holds no permissions: a partner only reads, and what it reads beyond readers
    (stories under embargo) follows from membership alone (``Article.objects.visible_to``).
    """
    from django.conf import settings
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=settings.PARTNER_GROUP)
    return group
