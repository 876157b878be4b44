from django.conf import settings
from django.db import migrations


def create_partner_group(apps, schema_editor):
    # Partners' API tokens read stories under embargo; the group holds no permissions.
    apps.get_model("auth", "Group").objects.get_or_create(name=settings.PARTNER_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_taxonomy_images_embargo"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        # Reversed, the group stays: its members are someone's partners, not the schema's.
        migrations.RunPython(create_partner_group, migrations.RunPython.noop),
    ]
