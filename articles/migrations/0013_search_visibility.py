"""The search index stores when readers may find each row, and names its kind in the
full-text index; the lists' indexes are declared on the models.

- ``SearchEntry.visible_from`` and ``verified``: a story's or quote's row carries its
  story's publication time and (for a quote) whether its words are checked, so a
  search reads the rows alone instead of matching them against every visible story
  or quote. Filled here from the stories and quotes.
- SQLite: the FTS5 table gains a ``kind`` column, so a search reads only its kind's
  rows, newest first. It is dropped and made again (with its triggers) around the
  change, and filled from the rows. An index of each row's id and visibility lets a
  search check a row without reading its text.
- The indexes migration 0006 created in SQL are declared on ``Article`` and ``Quote``:
  on SQLite, a migration that rebuilds a table keeps only the indexes the model
  declares, and 0008/0009 had dropped the stories' (published_at, created_at,
  status) one. It is made again under a name Django accepts; the quotes' two keep
  theirs. A (speaker, id) index serves the API's ``?speaker=`` in id order.
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery

from articles.search_index import install

VERBATIM = ("direct", "partial")


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS articles_search_fts_{suffix}")
    schema_editor.execute("DROP TABLE IF EXISTS articles_search_fts")


def fill_visibility(apps, schema_editor):
    SearchEntry = apps.get_model("articles", "SearchEntry")
    Article = apps.get_model("articles", "Article")
    Quote = apps.get_model("articles", "Quote")
    published_at = Subquery(
        Article.objects.filter(pk=OuterRef("article_id")).values("published_at")[:1]
    )
    SearchEntry.objects.filter(kind__in=["story", "quote"]).update(visible_from=published_at)
    unchecked = Quote.objects.filter(
        pk=OuterRef("object_id"), kind__in=VERBATIM, start__isnull=True
    )
    SearchEntry.objects.filter(kind="quote").filter(Exists(unchecked)).update(verified=False)


def make_fts(apps, schema_editor):
    # PostgreSQL's side (its configuration and GIN index) is unchanged.
    if schema_editor.connection.vendor == "sqlite":
        install(apps, schema_editor)


def analyze(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in ("articles_article", "articles_quote", "articles_searchentry"):
            schema_editor.execute(f"ANALYZE {table}")


INDEX_SQL = [
    "DROP INDEX IF EXISTS articles_article_published_created",
    "CREATE INDEX IF NOT EXISTS article_published_created "
    "ON articles_article (published_at, created_at, status)",
    "CREATE INDEX IF NOT EXISTS articles_quote_article_speaker "
    "ON articles_quote (article_id, speaker_id)",
    "CREATE INDEX IF NOT EXISTS articles_quote_speaker_said_on "
    "ON articles_quote (speaker_id, said_on, id)",
    "CREATE INDEX IF NOT EXISTS quote_speaker_id ON articles_quote (speaker_id, id)",
]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_images_roles"),
    ]

    operations = [
        migrations.RunPython(drop_fts, migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchentry",
            name="visible_from",
            field=models.DateTimeField(
                blank=True,
                help_text="The story's publication time (stories and quotes; empty for actors, "
                "whose own record says whether readers may see them).",
                null=True,
                verbose_name="found by readers from",
            ),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="verified",
            field=models.BooleanField(
                default=True,
                help_text="False for a direct or partial quote whose words are no longer in "
                "the body.",
                verbose_name="words checked",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=["id", "object_id", "visible_from", "verified"],
                name="search_entry_visibility",
            ),
        ),
        migrations.RunPython(fill_visibility, migrations.RunPython.noop),
        migrations.RunPython(make_fts, drop_fts),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(sql, reverse_sql=migrations.RunSQL.noop) for sql in INDEX_SQL
            ],
            state_operations=[
                migrations.AddIndex(
                    model_name="article",
                    index=models.Index(
                        fields=["published_at", "created_at", "status"],
                        name="article_published_created",
                    ),
                ),
                migrations.AddIndex(
                    model_name="quote",
                    index=models.Index(
                        fields=["article", "speaker"], name="articles_quote_article_speaker"
                    ),
                ),
                migrations.AddIndex(
                    model_name="quote",
                    index=models.Index(
                        fields=["speaker", "said_on", "id"], name="articles_quote_speaker_said_on"
                    ),
                ),
                migrations.AddIndex(
                    model_name="quote",
                    index=models.Index(fields=["speaker", "id"], name="quote_speaker_id"),
                ),
            ],
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop),
    ]
