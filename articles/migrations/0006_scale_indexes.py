"""Indexes for a 10,000-story archive.

Written as SQL (both SQLite and PostgreSQL take it) rather than ``Meta.indexes``:
they serve the read paths' queries and change nothing in the models' behaviour.

- quote (article, speaker): "does this speaker have a quote in this story" (the
  who's who, at each render) probes one row rather than every quote of the busiest
  speaker.
- quote (speaker, said_on, id): an actor's page lists its latest page of quotes
  from the index, without sorting all of them.
- article (published_at, created_at, status): the latest published stories, in the
  order the home page, the feeds and the API lists use, read from the index alone:
  a story's row is long (its body and rendered page), and reading it only to find
  its status and time is what made those lists slow.

SQLite's planner needs statistics to prefer these over the single-column indexes;
``generate_corpus`` runs ANALYZE after loading (PostgreSQL's autovacuum keeps its own).
"""

from django.db import migrations

INDEXES = {
    "articles_quote_article_speaker": "articles_quote (article_id, speaker_id)",
    "articles_quote_speaker_said_on": "articles_quote (speaker_id, said_on, id)",
    "articles_article_published_created": "articles_article (published_at, created_at, status)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_write_path"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
