"""Related stories: the published stories that share the most actors and events with a story.

An actor counts once per story however it appears (about, mentioned, quoted), and
so does an event (covered, or where someone was quoted). Ties go to the more
recent story. The ranking is one aggregated query over the link tables, whatever
the size of the archive: the database counts what each other story shares, and
only the top few rows come back.

The list is computed when the story is rendered and stored in its page data. It
does not follow later publications (a story published tomorrow appears in
today's list when today's story is next rendered), but it never keeps a story
readers may no longer see: a story that leaves the site has the stories sharing
anything with it rendered again (``stories_sharing``), in the background when
they are many.
"""

from django.db import connection
from django.utils import timezone

from articles.models import Article, Quote

RELATED_LIMIT = 5


def _verified_quotes_condition(table):
    """SQL for "a paraphrase, or a verbatim quote whose words are in the body"."""
    kinds = ", ".join(f"'{kind}'" for kind in Quote.VERBATIM_KINDS)
    return f'NOT ({table}."kind" IN ({kinds}) AND {table}."start" IS NULL)'


def _links_sql(actors, events):
    """``(sql, params)`` selecting distinct ``(article_id, kind, ref)`` rows: each story's
    link to one of ``actors`` (kind ``a``) or ``events`` (kind ``e``).

    The SQL names only the models' own tables and columns; every id is a parameter.
    """
    q = connection.ops.quote_name
    about = q(Article.about.through._meta.db_table)
    mentions = q(Article.mentions.through._meta.db_table)
    covered = q(Article.events.through._meta.db_table)
    quotes = q(Quote._meta.db_table)
    verified = _verified_quotes_condition(quotes)
    parts, params = [], []

    def marks(values):
        return ", ".join(["%s"] * len(values))

    if actors:
        actors = sorted(actors)
        parts += [
            f"SELECT article_id, 'a' AS kind, actor_id AS ref FROM {about} "  # noqa: S608
            f"WHERE actor_id IN ({marks(actors)})",
            f"SELECT article_id, 'a', actor_id FROM {mentions} "  # noqa: S608
            f"WHERE actor_id IN ({marks(actors)})",
            f"SELECT article_id, 'a', speaker_id FROM {quotes} "  # noqa: S608
            f"WHERE speaker_id IN ({marks(actors)}) AND {verified}",
        ]
        params += actors * 3
    if events:
        events = sorted(events)
        parts += [
            f"SELECT article_id, 'e', event_id FROM {covered} "  # noqa: S608
            f"WHERE event_id IN ({marks(events)})",
            f"SELECT article_id, 'e', event_id FROM {quotes} "  # noqa: S608
            f"WHERE event_id IN ({marks(events)}) AND {verified}",
        ]
        params += events * 2
    # UNION (not UNION ALL): an actor about one story and quoted in it counts once.
    return " UNION ".join(parts), params


def shared_with(article):
    """The actors (about, mentioned, quoted) and events (covered, quoted at) of a story."""
    verified = Quote.objects.verified().filter(article=article)
    actors = set(article.about.values_list("pk", flat=True))
    actors |= set(article.mentions.values_list("pk", flat=True))
    actors |= set(verified.exclude(speaker=None).values_list("speaker_id", flat=True))
    events = set(article.events.values_list("pk", flat=True))
    events |= set(verified.exclude(event=None).values_list("event_id", flat=True))
    return actors, events


def related_ranking(article, actors, events, limit=RELATED_LIMIT, now=None):
    """``[(story id, shared count)]``: the published stories sharing the most of
    ``actors`` and ``events`` with ``article``, most shared first, then the latest.
    ``limit=None`` returns every story sharing anything."""
    if not actors and not events:
        return []
    links, params = _links_sql(actors, events)
    q = connection.ops.quote_name
    table = q(Article._meta.db_table)
    status = [Article.Status.PUBLISHED.value, Article.Status.SCHEDULED.value]
    sql = (
        f"SELECT links.article_id, COUNT(*) AS shared FROM ({links}) AS links "  # noqa: S608
        f"JOIN {table} AS story ON story.id = links.article_id "
        "WHERE story.id <> %s AND story.status IN (%s, %s) AND story.published_at <= %s "
        "GROUP BY links.article_id, story.published_at "
        "ORDER BY shared DESC, story.published_at DESC, links.article_id DESC"
    )
    params += [article.pk, *status, now or timezone.now()]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, shared) for pk, shared in cursor.fetchall()]


def related_stories(article, actors=None, events=None, now=None):
    """The related stories as stored page data: headline, path, publication time, and
    how many actors and events each shares with ``article``."""
    if actors is None or events is None:
        actors, events = shared_with(article)
    ranking = related_ranking(article, actors, events, now=now)
    if not ranking:
        return []
    stories = Article.objects.only("headline", "slug", "published_at").in_bulk(
        [pk for pk, _shared in ranking]
    )
    return [
        {
            "id": pk,
            "headline": stories[pk].headline,
            "url": stories[pk].get_absolute_url(),
            "published_at": stories[pk].published_at.isoformat(),
            "shared": shared,
        }
        for pk, shared in ranking
        if pk in stories
    ]


def still_related(stored, now=None, *, live=None):
    """The stored related list without the stories readers may no longer see, in one
    query: what a re-render keeps when what the story shares has not changed (an
    actor renamed, a photo re-captioned) or a related story left the site.
    ``live``: ``published_among`` these stories, when the caller read it already."""
    if not stored:
        return []
    if live is None:
        live = published_among([entry["id"] for entry in stored], now)
    return [entry for entry in stored if entry["id"] in live]


def published_among(pks, now=None):
    """Which of the stories ``pks`` readers may see (one query; none for no ``pks``)."""
    if not pks:
        return set()
    return set(Article.objects.published(now).filter(pk__in=pks).values_list("pk", flat=True))


def stories_sharing(article):
    """Ids of the published stories that share anything with ``article``: those whose
    related lists may name it."""
    actors, events = shared_with(article)
    return [pk for pk, _shared in related_ranking(article, actors, events, limit=None)]
