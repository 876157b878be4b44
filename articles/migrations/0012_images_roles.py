from django.db import migrations


def image_permissions(apps, schema_editor):
    """Editors manage the image library; reporters upload and caption photos."""
    from articles.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_taxonomy_roles"),
        ("images", "0001_initial"),
    ]

    operations = [migrations.RunPython(image_permissions, migrations.RunPython.noop)]
