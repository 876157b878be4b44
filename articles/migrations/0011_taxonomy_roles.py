from django.db import migrations


def taxonomy_permissions(apps, schema_editor):
    """Editors manage sections, topics and authors; reporters pick them for their stories."""
    from articles.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_embargo_partner_group"),
    ]

    operations = [migrations.RunPython(taxonomy_permissions, migrations.RunPython.noop)]
