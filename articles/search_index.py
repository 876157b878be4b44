"""The reader's search index: one row per story, quote and actor readers may find.

Each row keeps the words a reader may search for, in four columns: ``title`` (a
headline, a quote's words, an actor's name), ``names`` (the names of the people and
outlets a story or quote shows, or an actor's other names), ``body`` (a story's
text, an actor's description) and ``grams`` (the characters of any Chinese, Japanese
or Korean text, one and two at a time, since those scripts do not separate words).

It is kept current by the write path: each time a story is rendered
(``articles.rendering.story_rendered``, inside the write) its row and its quotes'
rows are written anew, and a story readers can no longer see (a draft, a withdrawn
story) leaves the index at once. The actors a story shows are indexed with it, and an
actor changed by its services is indexed again. ``manage.py rebuild_search_index``
fills the index for rows written before it existed.

On PostgreSQL the row carries a ``tsvector`` (GIN-indexed) in a text search
configuration that stems English and ignores accents; on SQLite an FTS5 table
mirrors the rows through triggers. ``articles.search`` queries either.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.utils import timezone

from actors.models import Actor
from actors.signals import record_changed
from articles.models import Article
from articles.rendering import story_rendered
from core.writes import after_write

# PostgreSQL: English stemming without stop words (so "US" and "who" are found, as on
# SQLite), accents ignored where the unaccent extension is available.
PG_CONFIG = "articles_search"
# SQLite: the FTS5 table mirroring SearchEntry, and how it splits and stems words.
FTS_TABLE = "articles_search_fts"
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"
# The words readers search, then the row's kind as one token ("story", "quote",
# "actor"): a query names its kind in the match itself, so the engine reads only
# that kind's rows, newest first, rather than every row the words match.
FTS_WORD_COLUMNS = ("title", "names", "body", "grams")
FTS_COLUMNS = (*FTS_WORD_COLUMNS, "kind")

# Snippets come back from the database with these around each match; they are
# stripped from everything indexed, so they mark only what the engine found.
MARK_START, MARK_END = "\ue000", "\ue001"

# Scripts written without spaces between words (Han, kana, Hangul).
CJK_RUN = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)


class SearchEntry(models.Model):
    """A story, a quote or an actor, as the search finds it."""

    class Kind(models.TextChoices):
        STORY = "story", "Story"
        QUOTE = "quote", "Quote"
        ACTOR = "actor", "Actor"

    kind = models.CharField("kind", max_length=5, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField("id of the story, quote or actor")
    article = models.ForeignKey(
        Article,
        verbose_name="story",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The story the row is, or the story its quote is in.",
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name="actor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.TextField("title", blank=True)
    names = models.TextField("names", blank=True)
    body = models.TextField("body", blank=True)
    grams = models.TextField("CJK characters", blank=True)
    vector = SearchVectorField("search vector (PostgreSQL)", null=True, editable=False)
    # When readers may find a story's or a quote's row, stored with it by the write that
    # indexes it (every render, withdraw included), so a search checks the row alone:
    # from its story's publication time, and for a quote only while its words are checked.
    visible_from = models.DateTimeField(
        "found by readers from",
        null=True,
        blank=True,
        help_text="The story's publication time (stories and quotes; empty for actors, "
        "whose own record says whether readers may see them).",
    )
    verified = models.BooleanField(
        "words checked",
        default=True,
        help_text="False for a direct or partial quote whose words are no longer in the body.",
    )
    indexed_at = models.DateTimeField("indexed at", default=timezone.now)

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]
        # A search checks each matching row's visibility by its id: from this index
        # alone, without reading the row's long text.
        indexes = [
            models.Index(
                fields=["id", "object_id", "visible_from", "verified"],
                name="search_entry_visibility",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}"


# ---------------------------------------------------------------------------
# Text


def clean(*parts):
    """The parts joined by line breaks, without the snippet markers."""
    text = "\n".join(part for part in parts if part)
    return text.replace(MARK_START, "").replace(MARK_END, "")


def cjk_grams(text):
    """Every character, and every pair of neighbouring characters, of each run of Han,
    kana or Hangul in ``text``, space-separated: 김정은 → "김 정 은 김정 정은"."""
    grams = []
    for run in CJK_RUN.findall(unicodedata.normalize("NFC", text or "")):
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(dict.fromkeys(grams))


def actor_names(actor):
    """An actor's names as readers may search them: name, native name, other names, and
    for an unnamed source its description."""
    names = [actor.name, actor.native_name, *(actor.aliases or [])]
    if actor.anonymous:
        names.append(actor.description)
    return [name for name in names if name]


def _entry(
    kind,
    obj,
    *,
    article=None,
    actor=None,
    title="",
    names=(),
    body="",
    visible_from=None,
    verified=True,
):
    title, names, body = clean(title), clean(*names), clean(body)
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        article=article,
        actor=actor,
        title=title,
        names=names,
        body=body,
        grams=cjk_grams("\n".join([title, names, body])),
        visible_from=visible_from,
        verified=verified,
    )


def story_entry(article, shown_actors):
    names = [name for actor in shown_actors for name in actor_names(actor)]
    body = clean(article.standfirst, article.body, article.byline, article.dateline)
    return _entry(
        SearchEntry.Kind.STORY,
        article,
        article=article,
        title=article.headline,
        names=names,
        body=body,
        visible_from=article.published_at,
    )


def quote_entry(quote, article):
    names = [quote.speaker_label]
    if quote.speaker is not None:
        names += actor_names(quote.speaker)
    for outlet in quote.outlets.all():
        names += actor_names(outlet)
    return _entry(
        SearchEntry.Kind.QUOTE,
        quote,
        article=article,
        title=quote.text,
        names=names,
        visible_from=article.published_at,
        verified=quote.is_verified,
    )


def actor_entry(actor):
    return _entry(
        SearchEntry.Kind.ACTOR,
        actor,
        actor=actor,
        title=actor.name,
        names=[actor.native_name, *(actor.aliases or [])],
        body=actor.description,
    )


# ---------------------------------------------------------------------------
# Writing the index


CONTENT = (
    "article_id",
    "actor_id",
    "title",
    "names",
    "body",
    "grams",
    "visible_from",
    "verified",
)
UPDATED_FIELDS = [field.removesuffix("_id") for field in CONTENT] + ["indexed_at"]


def _stored(rows):
    """``{(kind, object_id): (pk, content)}`` of the rows as they are in the index."""
    return {
        (kind, object_id): (pk, content)
        for kind, object_id, pk, *content in rows.values_list("kind", "object_id", "pk", *CONTENT)
    }


def _store(entries, stored):
    """Write the entries that differ from what is stored (a render that changes nothing
    writes nothing). Two writes indexing the same row never conflict: the second
    replaces the first. On PostgreSQL the rows' search vectors follow in one update."""
    changed = [
        entry
        for entry in entries
        if stored.get((entry.kind, entry.object_id), (None, None))[1]
        != [getattr(entry, field) for field in CONTENT]
    ]
    if not changed:
        return
    SearchEntry.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=UPDATED_FIELDS,
    )
    if connection.vendor == "postgresql":
        written = models.Q()
        for kind in {entry.kind for entry in changed}:
            ids = [entry.object_id for entry in changed if entry.kind == kind]
            written |= models.Q(kind=kind, object_id__in=ids)
        SearchEntry.objects.filter(written).update(vector=pg_vector())


def pg_vector():
    """The weighted search vector of a row: names and titles weigh most, grams least."""
    return (
        SearchVector("title", weight="A", config=PG_CONFIG)
        + SearchVector("names", weight="B", config=PG_CONFIG)
        + SearchVector("body", weight="C", config=PG_CONFIG)
        + SearchVector("grams", weight="D", config="simple")
    )


def is_listed(article):
    """Stories readers see now, or will at their time, are in the index; no others."""
    return (
        article.status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED)
        and article.published_at is not None
    )


def index_story(article, *, quotes=None, shown=None, check_actors=True):
    """Bring the story's row and its quotes' rows up to date (or remove them all).

    ``quotes`` (with their speakers and outlets) and ``shown`` (the actors its page
    shows) save reading them again when the caller has them. ``check_actors=False``
    skips indexing the actors it shows that are not yet indexed: a render that shows
    no other actors than before (whose own changes index them).
    """
    if not is_listed(article):
        SearchEntry.objects.filter(article=article).delete()
        return
    if shown is None:
        shown = list(
            Actor.objects.filter(
                pk__in=(article.page_data or {}).get("shows", {}).get("actors", [])
            )
        )
    if quotes is None:
        quotes = list(article.quotes.select_related("speaker").prefetch_related("outlets"))
    entries = [story_entry(article, shown), *(quote_entry(quote, article) for quote in quotes)]
    stored = _stored(SearchEntry.objects.filter(article=article))
    _store(entries, stored)
    kept = {(entry.kind, entry.object_id) for entry in entries}
    gone = [pk for key, (pk, _) in stored.items() if key not in kept]
    if gone:
        SearchEntry.objects.filter(pk__in=gone).delete()
    if not check_actors:
        return
    # The actors it shows, where their row is missing or older than their last change.
    index_actors(
        Actor.objects.filter(pk__in=[actor.pk for actor in shown], anonymous=False).exclude(
            Exists(
                SearchEntry.objects.filter(
                    actor=OuterRef("pk"), indexed_at__gte=OuterRef("updated_at")
                )
            )
        )
    )


def index_actors(actors):
    """Write these actors' rows anew; unnamed sources are never listed."""
    actors = list(actors)
    if not actors:
        return
    anonymous = [actor for actor in actors if actor.anonymous]
    if anonymous:
        SearchEntry.objects.filter(actor__in=anonymous).delete()
    named = [actor for actor in actors if not actor.anonymous]
    if named:
        _store([actor_entry(actor) for actor in named], {})


@receiver(story_rendered, sender=Article)
def index_rendered_story(sender, article, quotes=None, actors=None, shows_changed=True, **kwargs):
    index_story(article, quotes=quotes, shown=actors, check_actors=shows_changed)


@receiver(record_changed, sender=Actor)
def index_changed_actor(sender, instance, deleting=False, **kwargs):
    # Its row goes with it when it is deleted (cascade); its quotes' and stories' rows
    # are written anew as the stories showing it are rendered again.
    if not deleting:
        after_write(("search-actor", instance.pk), lambda: index_actors([instance]))


def rebuild(progress=None, every=500):
    """Index every story readers may see, with its quotes and actors, and every public
    actor; returns how many rows were written. ``progress(n)`` hears every ``every``
    stories."""
    SearchEntry.objects.all().delete()
    done = 0
    for article in Article.objects.live_or_scheduled().iterator(chunk_size=200):
        index_story(article)
        done += 1
        if progress is not None and done % every == 0:
            progress(done)
    index_actors(
        Actor.objects.named()
        .filter(models.Q(public_by_hand=True) | models.Q(public_since__isnull=False))
        .exclude(pk__in=SearchEntry.objects.filter(kind="actor").values("object_id"))
    )
    if connection.vendor == "sqlite":
        # Also puts back triggers that a migration rebuilding the table has dropped.
        with connection.cursor() as cursor:
            for statement in _sqlite_statements():
                cursor.execute(statement)
    return SearchEntry.objects.count()


# ---------------------------------------------------------------------------
# The database side, created by the migration. On SQLite a later migration that
# alters SearchEntry rebuilds its table and so drops the triggers: such a migration
# must run ``install`` again (``rebuild_search_index`` also puts them back).


def _pg_statements(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
        unaccent = cursor.fetchone() is not None
    filters = "unaccent, articles_english_stem" if unaccent else "articles_english_stem"
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"] if unaccent else []
    return statements + [
        "CREATE TEXT SEARCH DICTIONARY articles_english_stem "
        "(TEMPLATE = snowball, Language = english)",
        f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)",
        f"ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG} ALTER MAPPING FOR asciiword, asciihword, "
        f"hword_asciipart, word, hword, hword_part WITH {filters}",
        "CREATE INDEX articles_searchentry_vector_gin ON articles_searchentry USING gin (vector)",
    ]


def _sqlite_statements():
    # Every name below is a constant of this module: nothing comes from outside.
    table, columns = SearchEntry._meta.db_table, ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    delete = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {columns}) "  # noqa: S608
        f"VALUES ('delete', old.id, {old});"
    )
    insert = f"INSERT INTO {FTS_TABLE}(rowid, {columns}) VALUES (new.id, {new});"  # noqa: S608
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({columns}, "
        f"content='{table}', content_rowid='id', tokenize='{FTS_TOKENIZE}')",
        f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
        f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
        f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
        f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",  # noqa: S608
    ]


def install(apps, schema_editor):
    """Create the engine's side of the index (a migration's forward step)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = _pg_statements(schema_editor)
    elif vendor == "sqlite":
        statements = _sqlite_statements()
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [
            "DROP INDEX IF EXISTS articles_searchentry_vector_gin",
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
            "DROP TEXT SEARCH DICTIONARY IF EXISTS articles_english_stem",
        ]
    elif vendor == "sqlite":
        statements = [f"DROP TABLE IF EXISTS {FTS_TABLE}"] + [
            f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{suffix}" for suffix in ("ai", "ad", "au")
        ]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)
