"""A story's stored page: rendered once per write, explicitly, by ``render_story``.

The write services ask for it with ``render_later(article)``; each story asked for
is rendered once when the outermost service finishes (``core.writes``). Nothing
renders as a side effect of ``save()``.

The body's quote markup is stored in ``Article.rendered_body``.

The body is the editors' structured body (``Article.body_html``), sanitised to an
allow-list when it was written (``articles.richtext``); its text is ``Article.body``.
The only markup we add is a ``<q>`` for each verbatim quote, citing its permalink,
followed (after the closing quotation mark) by a short attribution: the speaker,
linked to their page, and the outlets it came through.

The body already carries its own typographic quotation marks, so the ``<q>``
holds only the words and the stylesheet sets ``quotes: none`` on it.
"""

import copy
from dataclasses import dataclass

from django.db.models import Min, Prefetch, Q, Value, prefetch_related_objects
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from actors.models import Actor, Event
from articles import bylines, jsonld, related, richtext
from articles.models import Article, Correction, Quote
from core.writes import after_write
from images import pictures

# Sent after a story's stored page is rendered: ``article`` is the story, with the
# ``quotes`` and ``actors`` (``story_actors``) its page shows as just rendered, and
# ``shows_changed``, whether it now shows other actors or events than before.
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


def render_story(article, *, rank_related=True):
    """Render and store everything the story page shows, and what readers may now see.

    That is every quote's offsets, the body's quote markup, the sidebar (who's
    who, timeline, sources) and the page data (structured data, corrections), so
    that a page view only reads them; and, for each actor and event the story
    showed before or shows now, since when readers may see it.
    A quote whose words are no longer in the body keeps its text and is flagged
    (its offsets become empty); it is never dropped or moved.

    ``rank_related=False`` keeps the stored related stories (less any that left the
    site) instead of ranking them again: the background re-renders that follow a
    change to another record (a rename, a caption) do not change what stories share,
    and ranking is most of a render's cost in a large archive.
    """
    store_render(article, plan_render(article, rank_related=rank_related))


@dataclass
class Render:
    """What ``plan_render`` worked out for a story, for ``store_render`` to store."""

    quotes: list  # every quote, located in the body
    actors: list  # everyone the page shows (``story_actors``)
    before: dict  # the page data as stored before
    page_data: dict  # the page data now
    changes: dict  # the article's stored fields that change, with their new values


def plan_render(article, *, rank_related=True):
    """Work out everything ``render_story`` stores for ``article``, reading only; but a
    quote whose offsets moved is stored at once (what it shares is then ranked on it).
    A background job works out a few stories' renders before storing any, so that it
    holds the write lock only while it stores them."""
    quotes = _read(article, "quotes", _quotes_to_render().filter(article=article))
    changed = []
    for quote in quotes:
        start, end = quote.locate(article.body)
        if (start, end) != (quote.start, quote.end):
            quote.start, quote.end = start, end
            changed.append(quote)
    if changed:
        Quote.objects.bulk_update(changed, ["start", "end"])
    before = article.page_data or {}
    rendered = {"rendered_body": render_body(article.body_html, quotes, text=article.body)}
    actors = story_actors(article, quotes)
    events = _read(article, "events", _events_to_render().filter(articles=article))
    rendered["aside_html"], rendered["page_data"] = render_aside(article, quotes, actors, events)
    page_data = rendered["page_data"]
    # Its byline, section and topics, and the published stories sharing the most with it.
    page_data["credits"] = bylines.credits(
        article,
        authors=_read(article, "authors", None),
        topics=_read(article, "topics", None),
    )
    # The lead photo as the page shows it (figure, share card, structured data).
    page_data["lead_image"] = pictures.picture(article.lead_image)
    if rank_related or "related" not in before:
        # What it shares: whom it is about, mentions or quotes, and its events.
        shared_actors = {a.pk for a in actors if a.is_about or a.is_mentioned or a.is_quoted}
        shared_events = {e.pk for e in events} | {
            q.event_id for q in quotes if q.is_verified and q.event_id is not None
        }
        page_data["related"] = related.related_stories(
            article, actors=shared_actors, events=shared_events
        )
    else:
        page_data["related"] = related.still_related(
            before["related"], live=_read(article, "live_related", None)
        )
    # When readers may see the story: with what it shows, what makes others public.
    page_data["visibility"] = [
        article.status,
        article.published_at.isoformat() if article.published_at else None,
    ]
    changes = {name: value for name, value in rendered.items() if getattr(article, name) != value}
    return Render(quotes=quotes, actors=actors, before=before, page_data=page_data, changes=changes)


def store_render(article, render):
    """Store a story's ``plan_render``: its page, who readers may now see (when what it
    shows or its time changed) and, through ``story_rendered``, its search entries and
    the cached pages it changes."""
    if render.changes:
        for name, value in render.changes.items():
            setattr(article, name, value)
        Article.objects.filter(pk=article.pk).update(**render.changes)
    before, page_data = render.before, render.page_data
    shows_changed = before.get("shows") != page_data["shows"]
    if shows_changed or before.get("visibility") != page_data["visibility"]:
        # Only then can it change who readers may see (a rename changes neither).
        _refresh_shown(article, before, page_data)
    story_rendered.send(
        sender=Article,
        article=article,
        quotes=render.quotes,
        actors=render.actors,
        shows_changed=shows_changed,
    )


def render_stories(articles, *, rank_related=True):
    """``render_story`` for each of ``articles``, reading what their pages show for all
    of them at once (``prefetch_for_render``) and working every page out before
    storing any (so that SQLite's write lock, taken by the first write, is held only
    while they are stored). Read the articles with ``stories_to_render``."""
    prefetch_for_render(articles)
    renders = [plan_render(article, rank_related=rank_related) for article in articles]
    for article, render in zip(articles, renders, strict=True):
        store_render(article, render)


def stories_to_render(pks):
    """The stories ``pks`` as ``render_stories`` reads them: with their section and lead
    photo, in id order."""
    return Article.objects.select_related("section", "lead_image").filter(pk__in=pks).order_by("pk")


# What ``render_story`` reads of a story besides its row and its links to actors.
def _quotes_to_render():
    return Quote.objects.select_related("speaker").prefetch_related("outlets").order_by("pk")


def _events_to_render():
    return (
        Event.objects.chronological()
        .select_related("location_country")
        .only(*EVENT_FIELDS, "location_country__name")
    )


def _corrections_to_render():
    return Correction.objects.order_by("published_on", "pk")


# The ending of the attributes ``prefetch_for_render`` sets on a story for its render.
_PRELOADED = "_to_render"


def prefetch_for_render(articles):
    """Read what ``render_story`` reads of each of ``articles`` (read by
    ``stories_to_render``) for all of them at once: their quotes (with speakers
    and outlets), the actors they show, their events, corrections, authors and topics,
    and which of their stored related stories are still published. A background job
    renders many stories; this spares each render a query for each of these.

    Each story's render takes its own (``_read``), once: rendered again, it reads afresh.
    """
    prefetch_related_objects(
        articles,
        Prefetch("quotes", _quotes_to_render(), to_attr="quotes" + _PRELOADED),
        Prefetch("events", _events_to_render(), to_attr="events" + _PRELOADED),
        Prefetch("corrections", _corrections_to_render(), to_attr="corrections" + _PRELOADED),
        Prefetch("topics", bylines.topics_to_credit(), to_attr="topics" + _PRELOADED),
        Prefetch(
            "authorships", bylines.authorships_to_credit(), to_attr="authorships" + _PRELOADED
        ),
    )
    stored = [entry["id"] for a in articles for entry in (a.page_data or {}).get("related", [])]
    live = related.published_among(stored)
    links = {article.pk: [] for article in articles}
    for link in _actor_links(list(links)):
        links[link[0]].append(link)
    shown = {pk for story_links in links.values() for _article, pk, _role in story_links}
    for article in articles:
        for quote in getattr(article, "quotes" + _PRELOADED):
            shown.add(quote.speaker_id)
            shown.update(outlet.pk for outlet in quote.outlets.all())
    actors = _actors_to_render().in_bulk(shown - {None})
    for article in articles:
        setattr(article, "live_related" + _PRELOADED, live)
        setattr(article, "links" + _PRELOADED, links[article.pk])
        setattr(article, "actors" + _PRELOADED, actors)
        authorships = article.__dict__.pop("authorships" + _PRELOADED)
        setattr(article, "authors" + _PRELOADED, [a.author for a in authorships])


def _actor_links(article_pks):
    """``[(article_id, actor_id, role)]``: whom these stories are about and mention, in
    one query (a union of the two link tables)."""
    return list(
        Article.about.through.objects.filter(article__in=article_pks)
        .annotate(role=Value("is_about"))
        .order_by()
        .values_list("article_id", "actor_id", "role")
        .union(
            Article.mentions.through.objects.filter(article__in=article_pks)
            .annotate(role=Value("is_mentioned"))
            .order_by()
            .values_list("article_id", "actor_id", "role"),
            all=True,
        )
    )


def _actors_to_render():
    return Actor.objects.only(*ACTOR_FIELDS, *PORTRAIT_FIELDS).select_related("portrait")


def _read(article, name, queryset):
    """What ``prefetch_for_render`` read ahead of ``name`` for ``article`` (taken: it is
    read once), else ``queryset``'s rows (None: the caller reads it)."""
    preloaded = article.__dict__.pop(name + _PRELOADED, None)
    if preloaded is not None or queryset is None:
        return preloaded
    return list(queryset)


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
    return format_html('<span class="quote-chip">{}</span>', actor.display_name)


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


def _markup_priority(quote, start, end):
    return (quote.speaker_id is None, quote.kind != "direct", start - end, quote.pk)


def render_body(body_html, quotes, *, text=None):
    """Return the structured body as HTML with its located quotes marked up.

    ``body_html`` is sanitised (``richtext.sanitise``); its elements are kept and each
    quote found in its text (``richtext.to_text``) is wrapped in a ``<q>`` followed by
    its attribution. A quote that crosses an element's edge (it starts in a link and
    ends after it) is closed before that edge and continued after it, in a second
    ``<q>`` without the id, so the HTML stays well-formed.

    Where ``text`` (the story's text, which the quotes were checked against) is not
    the structured body's (a story stored before the body was structured, or written
    around the services), its paragraphs are marked up instead.
    """
    nodes, line_nodes, texts = _lines_of(body_html)
    if text is not None and "\n".join(texts) != text:
        nodes, line_nodes, texts = _lines_of(richtext.from_text(text))
    text = "\n".join(texts)
    # Located again in this text: it is the body's text for every story written
    # through the services, and the story's own text for one stored before them.
    located = []
    for quote in quotes:
        if quote.start is None:
            continue
        start, end = quote.locate(text)
        if start is not None and "\n" not in text[start:end]:
            located.append((quote, start, end))
    # Markup cannot interleave, so where quotes overlap only one is marked up: an
    # attributed one before an unattributed phrase, a direct quote before a partial
    # one, the longer before the shorter. The others are still on the quote's page.
    spans = []
    for quote, start, end in sorted(located, key=lambda q: _markup_priority(*q)):
        if all(end <= s or start >= e for _q, s, e in spans):
            spans.append((quote, start, end))
    spans.sort(key=lambda span: span[1])

    offset = 0
    for line, line_text in zip(line_nodes, texts, strict=True):
        line_start, line_end = offset, offset + len(line_text)
        offset = line_end + 1
        in_line = [span for span in spans if line_start <= span[1] and span[2] <= line_end]
        if not in_line:
            continue
        marks = []
        for index, (quote, start, end) in enumerate(in_line):
            limit = in_line[index + 1][1] if index + 1 < len(in_line) else line_end
            closes = _closing_end(text, end, limit)
            marks.append((quote, start - line_start, end - line_start, closes - line_start))
        line.children = [mark_safe(_MarkedLine(marks).render(line.children))]  # noqa: S308
    return richtext.serialise(nodes)


def _lines_of(body_html):
    """``(nodes, lines, texts)``: the canonical tree, its line elements and their texts."""
    nodes = richtext.canonical_tree(body_html)
    line_nodes = list(richtext.lines(nodes))
    return nodes, line_nodes, [richtext.line_text(line) for line in line_nodes]


class _MarkedLine:
    """One line's inline content, serialised with its quotes' ``<q>`` and attributions."""

    def __init__(self, marks):
        self.marks = marks  # (quote, start, end, closes), offsets in the line's text
        self.current = 0  # the mark being written
        self.position = 0  # offset in the line's text
        self.stack = []  # open elements, and the open quote as the string "q"
        self.parts = []
        self.pieces = 0  # how many <q> the current quote has had
        self.pending = []  # attributions waiting for a link to close

    def render(self, children):
        self._walk(children)
        self._events()
        if "q" in self.stack:
            self._close_quote()
        self._flush_attribution()
        return "".join(self.parts)

    def _walk(self, children):
        for node in children:
            if isinstance(node, str):
                self._text(node)
            elif node.tag == "br":
                self._events()
                self.parts.append("<br>")
                self.position += 1
            else:
                self._open(node)
                self._walk(node.children)
                self._close(node)

    def _text(self, text):
        index = 0
        while index < len(text):
            self._events()
            cut = len(text)
            for boundary in self._boundaries():
                if self.position < boundary < self.position + cut - index:
                    cut = index + boundary - self.position
            self.parts.append(richtext.escape_text(text[index:cut]))
            self.position += cut - index
            index = cut

    def _boundaries(self):
        if self.current < len(self.marks):
            _quote, start, end, closes = self.marks[self.current]
            return (start, end, closes)
        return ()

    def _events(self):
        """What happens before the character at ``position``: a quote closes, its
        attribution goes in, the next quote opens (or continues)."""
        while self.current < len(self.marks):
            quote, start, end, closes = self.marks[self.current]
            if self.position >= end and "q" in self.stack:
                self._close_quote()
            if self.position >= closes:
                self.pending.append(attribution(quote))
                self._flush_attribution()
                self.current += 1
                self.pieces = 0
                continue
            if start <= self.position < end and "q" not in self.stack:
                self._open_quote(quote)
            return

    def _open_quote(self, quote):
        if self.pieces == 0:
            self.parts.append(
                format_html(
                    '<q id="quote-{}" class="quote quote-{}" cite="{}">',
                    quote.pk,
                    quote.kind,
                    quote.get_absolute_url(),
                )
            )
        else:
            self.parts.append(
                format_html(
                    '<q class="quote quote-{}" cite="{}">', quote.kind, quote.get_absolute_url()
                )
            )
        self.pieces += 1
        self.stack.append("q")

    def _close_quote(self):
        """Close the quote, and reopen (outside it) the elements opened inside it."""
        inner = []
        while self.stack[-1] != "q":
            node = self.stack.pop()
            self.parts.append(f"</{node.tag}>")
            inner.append(node)
        self.stack.pop()
        self.parts.append("</q>")
        for node in reversed(inner):
            self._open(node)

    def _open(self, node):
        self.parts.append(richtext.start_tag(node))
        self.stack.append(node)

    def _close(self, node):
        if self.stack[-1] == "q":  # opened before the quote: the quote closes first
            self._close_quote()
        self.stack.pop()
        self.parts.append(f"</{node.tag}>")
        if node.tag == "a":
            self._flush_attribution()

    def _flush_attribution(self):
        # The attribution has links of its own: it waits until a link it falls in closes.
        if self.pending and not any(node != "q" and node.tag == "a" for node in self.stack):
            self.parts.extend(self.pending)
            self.pending = []


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
    "aliases",  # for the story's search entry
)
# What Who's who shows of an actor's portrait.
PORTRAIT_FIELDS = tuple(
    f"portrait__{name}" for name in ("alt", "caption", "credit", "copyright", "width", "height")
) + ("portrait", "portrait__renditions")
EVENT_FIELDS = ("title", "slug", "kind", "date", "date_precision", "location_name")


def render_aside(article, quotes, actors, events):
    """The story's sidebar (who's who, timeline, sources) and its page data, for its
    ``quotes`` (every one, as located in the body), ``actors`` (``story_actors``) and
    the ``events`` it covers (in the timeline's order).

    Rendered from templates by ``render_story`` and stored on the article, so that
    the story page, the busiest page, reads one row and renders none of it.
    Returns ``(html, page_data)``: the page data holds the
    schema.org things the story is about and mentions (their URLs are paths,
    made absolute per request) and its corrections.
    """
    corrections = _read(article, "corrections", _corrections_to_render().filter(article=article))
    html = render_to_string(
        "articles/_story_aside.html",
        {
            "whos_who": whos_who_groups(
                [a for a in actors if a.kind != Actor.Kind.OUTLET or not a.is_cited]
            ),
            "events": events,
            "sources": sorted((a for a in actors if a.is_cited), key=lambda a: a.name.lower()),
        },
    )
    page_data = {
        "about": [jsonld.thing(a) for a in actors if a.is_about and not a.anonymous],
        "mentions": [jsonld.thing(a) for a in actors if a.is_mentioned and not a.anonymous],
        "corrections": [
            {"text": c.text, "published_on": c.published_on.isoformat()} for c in corrections
        ],
        # What the page shows of the world, so the next render knows what it stopped showing.
        "shows": {
            "actors": sorted(a.pk for a in actors),
            "events": sorted(
                {e.pk for e in events} | {q.event_id for q in quotes if q.event_id is not None}
            ),
        },
    }
    return html.strip(), page_data


# Who's who, a group per kind, in this order; unnamed sources last whatever their kind.
WHOS_WHO_GROUPS = [
    ("person", "People"),
    ("state", "States"),
    ("organization", "Organisations"),
    ("outlet", "Outlets"),
    ("unnamed", "Unnamed sources"),
]


def whos_who_groups(actors):
    """``[{"key", "heading", "actors"}]``: the non-empty groups, in ``WHOS_WHO_GROUPS`` order,
    each keeping the actors' order."""
    grouped = {key: [] for key, _heading in WHOS_WHO_GROUPS}
    for actor in actors:
        key = "unnamed" if actor.anonymous else actor.kind
        grouped.setdefault(key, []).append(actor)
    return [
        {"key": key, "heading": heading, "actors": grouped[key]}
        for key, heading in WHOS_WHO_GROUPS
        if grouped[key]
    ]


def story_actors(article, quotes):
    """Everyone the story shows, flagged by how they appear in it (``is_about``,
    ``is_mentioned``, ``is_quoted``, ``is_cited``): whom it is about and mentions in
    one query (a union of the two link tables), whom its ``quotes`` (every one, as
    located in the body, their outlets prefetched) quote and cite, then those actors
    by primary key.

    Who it is about comes first, then whom it quotes, then whom it only mentions.
    Only verified quotes count: a quote whose words left the body shows nobody.
    """
    links = _read(article, "links", None)
    if links is None:
        links = _actor_links([article.pk])
    roles = {}
    for _article, pk, role in links:
        roles.setdefault(pk, set()).add(role)
    for quote in quotes:
        if not quote.is_verified:
            continue
        if quote.speaker_id is not None:
            roles.setdefault(quote.speaker_id, set()).add("is_quoted")
        for outlet in quote.outlets.all():
            roles.setdefault(outlet.pk, set()).add("is_cited")
    known = _read(article, "actors", None)
    if known is None:
        actors = list(_actors_to_render().filter(pk__in=roles))
    else:  # read for many stories: each story flags its own copies
        actors = [copy.copy(known[pk]) for pk in roles if pk in known]
    for actor in actors:
        for flag in ("is_about", "is_mentioned", "is_quoted", "is_cited"):
            setattr(actor, flag, flag in roles[actor.pk])
    actors.sort(key=lambda a: (not a.is_about, not a.is_quoted, a.name.lower(), a.pk))
    return actors
