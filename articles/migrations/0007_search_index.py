"""The reader's search index: a row per story, quote and actor, with the engine's
side created per database (PostgreSQL: a text search configuration and a GIN index
over the search vector; SQLite: an FTS5 table kept in step by triggers).
``manage.py rebuild_search_index`` fills it for rows written before it existed."""

import django.contrib.postgres.search
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from articles.search_index import install, uninstall


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0003_actor_aliases"),
        ("articles", "0006_scale_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("story", "Story"), ("quote", "Quote"), ("actor", "Actor")],
                        max_length=5,
                        verbose_name="kind",
                    ),
                ),
                (
                    "object_id",
                    models.PositiveBigIntegerField(verbose_name="id of the story, quote or actor"),
                ),
                ("title", models.TextField(blank=True, verbose_name="title")),
                ("names", models.TextField(blank=True, verbose_name="names")),
                ("body", models.TextField(blank=True, verbose_name="body")),
                ("grams", models.TextField(blank=True, verbose_name="CJK characters")),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(
                        editable=False, null=True, verbose_name="search vector (PostgreSQL)"
                    ),
                ),
                (
                    "indexed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="indexed at"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="actors.actor",
                        verbose_name="actor",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        blank=True,
                        help_text="The story the row is, or the story its quote is in.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "search entry",
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="search_entry_unique_object"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
