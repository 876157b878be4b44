"""A story's stored page: rendered once per write, explicitly, by ``render_story``.

The write services ask for it with ``render_later(article)``; each story asked for
is rendered once when the outermost service finishes (``core.writes``). Nothing
renders as a side effect of ``save()``.

The body's quote markup is stored in ``Article.rendered_body``.

The body is plain text written by editors, so everything is escaped; the only
markup is what we add: paragraphs, and a ``<q>`` for each verbatim quote, citing
its permalink, followed (after the closing quotation mark) by a short attribution:
the speaker, linked to their page, and the outlets it came through.

The body already carries its own typographic quotation marks, so the ``<q>``
holds only the words and the stylesheet sets ``quotes: none`` on it.
"""

from django.db.models import Min, Q, Value
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from actors.models import Actor, Event
from articles import jsonld
from articles.models import Article, Quote
from core.writes import after_write

# Sent after a story's stored page is rendered (``article`` is the story).
story_rendered = Signal()


def render_later(*articles):
    """Ask for these stories' pages to be rendered once, when the current write finishes."""
    for article in articles:
        pk = article if isinstance(article, int) else article.pk
        after_write(("render", pk), lambda pk=pk: _render_by_pk(pk))


def _render_by_pk(pk):
    article = Article.objects.filter(pk=pk).first()
    if article is not None:  # deleted in the same write
        render_story(article)


def render_story(article):
    """Render and store everything the story page shows, and what readers may now see.

    That is every quote's offsets, the body's quote markup, the sidebar (who's
    who, timeline, sources) and the page data (structured data, corrections), so
    that a page view only reads them; and, for each actor and event the story
    showed before or shows now, since when readers may see it.
    A quote whose words are no longer in the body keeps its text and is flagged
    (its offsets become empty); it is never dropped or moved.
    """
    quotes = list(
        article.quotes.select_related("speaker").prefetch_related("outlets").order_by("pk")
    )
    changed = []
    for quote in quotes:
        start, end = quote.locate(article.body)
        if (start, end) != (quote.start, quote.end):
            quote.start, quote.end = start, end
            changed.append(quote)
    if changed:
        Quote.objects.bulk_update(changed, ["start", "end"])
    before = article.page_data or {}
    rendered = {"rendered_body": render_body(article.body, quotes)}
    rendered["aside_html"], rendered["page_data"] = render_aside(article)
    page_data = rendered["page_data"]
    # When readers may see the story: with what it shows, what makes others public.
    page_data["visibility"] = [
        article.status,
        article.published_at.isoformat() if article.published_at else None,
    ]
    changes = {name: value for name, value in rendered.items() if getattr(article, name) != value}
    if changes:
        for name, value in changes.items():
            setattr(article, name, value)
        Article.objects.filter(pk=article.pk).update(**changes)
    shown_before, shows = before.get("shows", {}), page_data["shows"]
    if shown_before != shows or before.get("visibility") != page_data["visibility"]:
        # Only then can it change who readers may see (a rename changes neither).
        _refresh_shown(article, before, page_data)
    story_rendered.send(sender=Article, article=article)


def _refresh_shown(article, before, page_data):
    """Bring ``public_since`` up to date for what the story shows or stopped showing.

    While the story's status and time stay as they were (or on its first render), a
    record it now shows for the first time can only become visible earlier: the
    earlier of its stored date and the story's, with no search over other stories.
    A record it stopped showing, or every record once its status or time changed,
    is recomputed over every story.
    """
    shown_before, shows = before.get("shows", {}), page_data["shows"]
    same_visibility = "shows" not in before or before.get("visibility") == page_data["visibility"]
    live = article.status in (Article.Status.PUBLISHED, Article.Status.SCHEDULED) and (
        article.published_at is not None
    )
    for model, name in ((Actor, "actors"), (Event, "events")):
        old, new = set(shown_before.get(name, [])), set(shows[name])
        if not same_visibility:
            refresh_public_since(**{name: old | new})
            continue
        if live and new - old:
            model.objects.filter(pk__in=new - old).filter(
                Q(public_since__isnull=True) | Q(public_since__gt=article.published_at)
            ).update(public_since=article.published_at)
        refresh_public_since(**{name: old - new})


def refresh_public_since(*, actors=(), events=()):
    """Recompute when readers may first see these actors and events: the earliest time a
    published or scheduled story showing them goes live (none: they stay unlisted)."""
    if actors:
        verified = Quote.objects.verified()
        links = [
            (Article.about.through.objects, "actor_id", "article"),
            (Article.mentions.through.objects, "actor_id", "article"),
            (verified, "speaker_id", "article"),
            (
                Quote.outlets.through.objects.filter(quote__in=verified),
                "actor_id",
                "quote__article",
            ),
        ]
        _store_public_since(Actor, actors, _earliest_live(links, actors))
    if events:
        links = [
            (Article.events.through.objects, "event_id", "article"),
            (Quote.objects.verified(), "event_id", "article"),
        ]
        _store_public_since(Event, events, _earliest_live(links, events))


def _earliest_live(links, pks):
    """``{pk: earliest published_at}`` over the live or scheduled stories linked to each pk."""
    live = Article.objects.live_or_scheduled()
    earliest = {}
    for manager, column, story in links:
        rows = (
            manager.filter(**{f"{column}__in": pks, f"{story}__in": live})
            .values(column)
            .annotate(first=Min(f"{story}__published_at"))
            .values_list(column, "first")
        )
        for pk, first in rows:
            if pk not in earliest or first < earliest[pk]:
                earliest[pk] = first
    return earliest


def _store_public_since(model, pks, earliest):
    stored = dict(model.objects.filter(pk__in=pks).values_list("pk", "public_since"))
    for pk, current in stored.items():
        new = earliest.get(pk)
        if new != current:
            model.objects.filter(pk=pk).update(public_since=new)


# Characters that may follow a quote's words before the attribution can go in:
# the closing quotation mark and the punctuation editors put inside it.
_CLOSING = set("”’\"'»›,.;:!?…")


def _actor_html(actor):
    url = actor.get_absolute_url()
    if url:
        return format_html('<a href="{}">{}</a>', url, actor.display_name)
    return escape(actor.display_name)


def _names(actors):
    """Join linked names as readers write them: "A", "A and B", "A, B and C"."""
    names = [_actor_html(actor) for actor in actors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def attribution(quote):
    """Who said it and via which outlets, as safe HTML ("" when neither is known)."""
    speaker = quote.speaker
    who = _actor_html(speaker) if speaker is not None else ""
    # An outlet speaking for itself is not also "via" itself.
    outlets = [o for o in quote.outlets.all() if speaker is None or o.pk != speaker.pk]
    # Every part below is escaped by format_html/escape before it is joined.
    via = mark_safe(_names(outlets))  # noqa: S308
    if who and outlets:
        text = format_html('{}<span class="quote-via">, via {}</span>', mark_safe(who), via)  # noqa: S308
    elif who:
        text = mark_safe(who)  # noqa: S308
    elif outlets:
        text = format_html('<span class="quote-via">via {}</span>', via)
    else:
        return ""
    return format_html(
        '<span class="quote-attribution"><span class="visually-hidden">(quote by </span>{}'
        '<span class="visually-hidden">)</span>'
        '<a class="quote-permalink" href="{}" title="Permalink to this quote">'
        '<span aria-hidden="true">¶</span><span class="visually-hidden">'
        "Permalink to this quote</span></a></span>",
        text,
        quote.get_absolute_url(),
    )


def _closing_end(body, position, limit):
    """Where the quotation that ends at ``position`` really closes, marks included."""
    while position < limit and body[position] in _CLOSING:
        position += 1
    return position


def _markup_priority(quote):
    return (quote.speaker_id is None, quote.kind != "direct", quote.start - quote.end, quote.pk)


def render_body(body, quotes):
    """Return the body as HTML paragraphs with its located quotes marked up."""
    located = [q for q in quotes if q.start is not None]
    # Markup cannot interleave, so where quotes overlap only one is marked up: an
    # attributed one before an unattributed phrase, a direct quote before a partial
    # one, the longer before the shorter. The others are still on the quote's page.
    spans = []
    for quote in sorted(located, key=_markup_priority):
        if all(quote.end <= other.start or quote.start >= other.end for other in spans):
            spans.append(quote)
    spans.sort(key=lambda q: q.start)

    paragraphs, offset = [], 0
    for line in (body or "").split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        in_line = [q for q in spans if q.start >= line_start and q.end <= line_end]
        pieces, cursor = [], line_start
        for index, quote in enumerate(in_line):
            next_start = in_line[index + 1].start if index + 1 < len(in_line) else line_end
            closes = _closing_end(body, quote.end, next_start)
            pieces.append(escape(body[cursor : quote.start]))
            pieces.append(
                format_html(
                    '<q id="quote-{}" class="quote quote-{}" cite="{}">{}</q>{}{}',
                    quote.pk,
                    quote.kind,
                    quote.get_absolute_url(),
                    body[quote.start : quote.end],
                    body[quote.end : closes],
                    attribution(quote),
                )
            )
            cursor = closes
        pieces.append(escape(body[cursor:line_end].rstrip("\r")))
        paragraphs.append("<p>" + "".join(pieces) + "</p>")
    return "\n".join(paragraphs)


def in_context(quote):
    """The paragraph a located quote sits in, escaped, with the quote's words in ``<mark>``."""
    if quote.start is None:
        return ""
    body = quote.article.body
    start = body.rfind("\n", 0, quote.start) + 1
    end = body.find("\n", quote.end)
    end = len(body) if end < 0 else end
    return format_html(
        "{}<mark>{}</mark>{}",
        body[start : quote.start],
        body[quote.start : quote.end],
        body[quote.end : end].rstrip("\r"),
    )


# What the sidebar shows of an actor or an event.
ACTOR_FIELDS = (
    "kind",
    "outlet_type",
    "name",
    "slug",
    "native_name",
    "description",
    "wikidata_id",
    "anonymous",
)
EVENT_FIELDS = ("title", "slug", "kind", "date", "date_precision", "location_name")


def render_aside(article):
    """The story's sidebar (who's who, timeline, sources) and its page data.

    Rendered from templates by ``render_story`` and stored on the article, so that
    the story page, the busiest page, reads one row and renders none of it.
    Returns ``(html, page_data)``: the page data holds the
    schema.org things the story is about and mentions (their URLs are paths,
    made absolute per request) and its corrections.
    """
    actors = story_actors(article)
    events = list(
        Event.objects.filter(articles=article)
        .chronological()
        .select_related("location_country")
        .only(*EVENT_FIELDS, "location_country__name")
    )
    html = render_to_string(
        "articles/_story_aside.html",
        {
            "whos_who": [a for a in actors if a.kind != Actor.Kind.OUTLET or not a.is_cited],
            "events": events,
            "sources": sorted((a for a in actors if a.is_cited), key=lambda a: a.name.lower()),
        },
    )
    page_data = {
        "about": [jsonld.thing(a) for a in actors if a.is_about and not a.anonymous],
        "mentions": [jsonld.thing(a) for a in actors if a.is_mentioned and not a.anonymous],
        "corrections": [
            {"text": c.text, "published_on": c.published_on.isoformat()}
            for c in article.corrections.order_by("published_on", "pk")
        ],
        # What the page shows of the world, so the next render knows what it stopped showing.
        "shows": {
            "actors": sorted(a.pk for a in actors),
            "events": sorted(
                {e.pk for e in events}
                | set(article.quotes.filter(event__isnull=False).values_list("event_id", flat=True))
            ),
        },
    }
    return html.strip(), page_data


def story_actors(article):
    """Everyone the story shows, flagged by how they appear in it (``is_about``,
    ``is_mentioned``, ``is_quoted``, ``is_cited``): the story's links in one query (a
    union of the four link tables), then those actors by primary key.

    Who it is about comes first, then whom it quotes, then whom it only mentions.
    Only verified quotes count: a quote whose words left the body shows nobody.
    """
    quotes = Quote.objects.verified().filter(article=article)
    links = (
        Article.about.through.objects.filter(article=article)
        .annotate(role=Value("is_about"))
        .order_by()
        .values_list("actor_id", "role")
        .union(
            Article.mentions.through.objects.filter(article=article)
            .annotate(role=Value("is_mentioned"))
            .order_by()
            .values_list("actor_id", "role"),
            quotes.exclude(speaker=None)
            .annotate(role=Value("is_quoted"))
            .order_by()
            .values_list("speaker_id", "role"),
            Quote.outlets.through.objects.filter(quote__in=quotes)
            .annotate(role=Value("is_cited"))
            .order_by()
            .values_list("actor_id", "role"),
            all=True,
        )
    )
    roles = {}
    for pk, role in links:
        roles.setdefault(pk, set()).add(role)
    actors = list(Actor.objects.only(*ACTOR_FIELDS).filter(pk__in=roles))
    for actor in actors:
        for flag in ("is_about", "is_mentioned", "is_quoted", "is_cited"):
            setattr(actor, flag, flag in roles[actor.pk])
    actors.sort(key=lambda a: (not a.is_about, not a.is_quoted, a.name.lower()))
    return actors
