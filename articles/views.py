"""The reader's pages: stories and quotes, and the coverage of each actor and event.

Each view fetches everything its template shows in ``get_queryset`` (select and
prefetch), so a page costs the same few queries however many quotes, actors and
events it shows. Readers see published stories, verified quotes and public actors
and events only; signed-in staff may also preview the rest (marked noindex).
"""

import datetime
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.utils import timezone
from django.views.generic import DetailView, ListView

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles import bylines, jsonld
from articles.models import Article, Author, Authorship, Quote, Section, Topic, can_preview
from articles.rendering import in_context

LATEST_QUOTES = 6
# The home page's latest quotes come from the latest stories only: however large the
# archive, it never sorts every quote to take six.
LATEST_QUOTES_FROM_STORIES = 20
# Quotes and stories per page on an actor's or event's page, and events per page of
# the timeline.
PER_PAGE = 20
TIMELINE_PER_PAGE = 25
# Saves within this time of publication (a typo fixed at once) show no "Updated" date.
UPDATE_WORTH_SHOWING = datetime.timedelta(minutes=5)


def quotes_with_provenance(queryset=None):
    """Quotes with everything a quote card shows: speaker, outlets, story and event."""
    queryset = Quote.objects.all() if queryset is None else queryset
    return queryset.select_related("speaker", "article", "event").prefetch_related(
        Prefetch("outlets", queryset=Actor.objects.order_by("name"))
    )


# What a quote card shows of its story: the headline and the address.
STORY_TEXT = (
    "article__body",
    "article__body_html",
    "article__rendered_body",
    "article__aside_html",
    "article__page_data",
)


def public_quotes():
    """``Quote.objects.public()``, with the story's visibility checked row by row: a long
    list (the busiest speaker's 10,000 quotes) is then read in the order of an index on
    the quote and stops at the page's end, rather than matched against every story."""
    published = Article.objects.published().filter(pk=OuterRef("article_id"))
    return Quote.objects.verified().filter(Exists(published))


def within(stories):
    """A filter for "is one of ``stories``", checked row by row: the latest stories are
    read from the publication index until a page is full, rather than every story of the
    busiest actor being collected and sorted."""
    return Exists(stories.filter(pk=OuterRef("pk")))


def quote_cards(queryset):
    """Quotes as a list of cards shows them: their provenance, not their story's text."""
    return quotes_with_provenance(queryset).defer(*STORY_TEXT)


class Slice(NamedTuple):
    """One page of a list, found without counting the whole list: ``per_page + 1`` rows
    are read, and the extra one only says that there is a next page."""

    items: list
    number: int
    has_next: bool
    parameter: str
    query: QueryDict

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def is_paginated(self):
        return self.has_previous or self.has_next

    def link(self, number):
        query = self.query.copy()
        if number == 1:
            query.pop(self.parameter, None)
        else:
            query[self.parameter] = str(number)
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def previous_link(self):
        return self.link(self.number - 1)

    @property
    def next_link(self):
        return self.link(self.number + 1)


def page_number(request, parameter):
    """The page asked for in ``?<parameter>=`` (1 if absent); 404 for anything but 1, 2, …"""
    raw = request.GET.get(parameter, "1")
    if not raw.isdigit() or not 0 < int(raw) < 10**6:
        raise Http404(f"“{raw[:20]}” is not a page number: use ?{parameter}=1, 2, 3…")
    return int(raw)


def slice_of(queryset, request, parameter, per_page=PER_PAGE):
    """The page of ``queryset`` asked for in ``?<parameter>=``; 404 past the end."""
    number = page_number(request, parameter)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404(f"There is no page {number} of this list.")
    return Slice(rows[:per_page], number, len(rows) > per_page, parameter, request.GET)


def published_stories():
    """Published stories with what a story item shows."""
    return Article.objects.published().only(
        "headline", "slug", "standfirst", "byline", "dateline", "published_at"
    )


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return published_stories()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            latest = published_stories().values("pk")[:LATEST_QUOTES_FROM_STORIES]
            context["latest_quotes"] = quote_cards(
                # Published, as the latest stories are: the public quotes among them.
                Quote.objects.verified()
                .verbatim()
                .exclude(speaker__isnull=True)
                .filter(article__in=latest)
                .order_by("-article__published_at", F("start").asc(nulls_last=True), "pk")
            )[:LATEST_QUOTES]
        return context


class ArticleDetailView(DetailView):
    """A story. Signed-in staff may also preview an unpublished one (marked noindex).

    The body's quote markup, the sidebar and the structured data about its
    actors are stored by ``render_story`` with every write, so the page needs only
    the story: one query, however many quotes, actors, events and corrections.
    """

    context_object_name = "article"

    def get_queryset(self):
        # Looked up by slug alone, the visibility rule applied in Python (get_object):
        # the same rule as ``visible_to``, without compiling its filters on every view.
        return Article.objects.only(
            "headline",
            "slug",
            "standfirst",
            "rendered_body",
            "aside_html",
            "page_data",
            "byline",
            "dateline",
            "status",
            "embargoed",
            "published_at",
            "updated_at",
        )

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not (article.is_public or can_preview(self.request.user)):
            raise Http404("No published story has this address.")
        return article

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        corrections = stored_corrections(article)
        is_preview = not article.is_public
        modified = max([article.updated_at, *(c.published_on for c in corrections)])
        context.update(
            corrections=corrections,
            is_preview=is_preview,
            modified=modified,
            published=_moment(article.published_at),
            updated=_moment(modified),
            show_updated=bool(
                article.published_at and modified - article.published_at > UPDATE_WORTH_SHOWING
            ),
            # Structured data describes published stories only, never a preview.
            jsonld=None
            if is_preview
            else jsonld.news_article(
                article, self.request, corrections=corrections, modified=modified
            ),
        )
        return context


class Moment(NamedTuple):
    iso: str
    display: str


def _moment(value):
    """A datetime as ISO 8601 and as readers read it ("5 September 2025, 06:00 UTC").

    Formatted here rather than with the ``date`` filter: the story page is the
    busiest page, and this is several times faster.
    """
    if value is None:
        return None
    local = timezone.localtime(value)
    return Moment(local.isoformat(), f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}")


class StoredCorrection(NamedTuple):
    text: str
    published_on: datetime.datetime


def stored_corrections(article):
    """The story's corrections as stored on save in ``Article.page_data``."""
    return [
        StoredCorrection(c["text"], datetime.datetime.fromisoformat(c["published_on"]))
        for c in (article.page_data or {}).get("corrections", [])
    ]


class QuoteDetailView(DetailView):
    """A quote's permalink: the words, who said them, through whom, where and when."""

    context_object_name = "quote"

    def get_queryset(self):
        return quotes_with_provenance(Quote.objects.public()).select_related(
            "speaker__country", "event__location_country"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quote = self.object
        context.update(
            share_text(quote),
            context_html=in_context(quote),
            jsonld=jsonld.quotation(quote, self.request),
        )
        return context


def share_text(quote):
    """The title and description a shared quote shows: who said what, and where."""
    if quote.speaker is not None:
        who = quote.speaker.display_name
    else:
        who = quote.speaker_label or "Unattributed"
    words = quote.text if len(quote.text) <= 110 else quote.text[:109].rstrip() + "…"
    if quote.kind == Quote.Kind.PARAPHRASE:
        title = f"{who}, paraphrased: {words}"
    else:
        title = f"{who}: “{words}”"
    context = [f"In “{quote.article.headline}”"]
    outlets = [outlet.name for outlet in quote.outlets.all()]
    if outlets:
        context.insert(0, "Via " + ", ".join(outlets))
    if quote.said_on:
        context.append(quote.said_on_display)
    return {"who": who, "share_title": title, "share_description": ". ".join(context) + "."}


# ---------------------------------------------------------------------------
# The coverage of the world: actors and events


class ActorListView(ListView):
    """Everyone readers may see, by kind: people, states, organisations, outlets."""

    template_name = "articles/actor_list.html"
    context_object_name = "actors"

    def get_queryset(self):
        return Actor.objects.named().public().order_by("kind", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        groups = {kind: [] for kind in Actor.Kind}
        for actor in context["actors"]:
            groups[actor.kind].append(actor)
        context["groups"] = [(kind.label, kind.value, groups[kind]) for kind in Actor.Kind]
        return context


class ActorDetailView(DetailView):
    """An actor's page: their quotes, the events they took part in, the stories involving
    them. Unnamed sources have none, and one no published story shows yet is 404 to
    readers (staff see a preview)."""

    template_name = "articles/actor_detail.html"
    context_object_name = "actor"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # /actors/putin/ is Vladimir Putin's page: found by one of his other names.
            actor = self.get_queryset().by_alias_slug(kwargs["slug"])
            if actor is None:
                raise
            return HttpResponsePermanentRedirect(actor.get_absolute_url())

    def get_queryset(self):
        user = self.request.user
        return (
            Actor.objects.named()
            .visible_to(user)
            .select_related("country", "portrait")
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.filter(
                        organization__in=Actor.objects.visible_to(user)
                    ).select_related("organization"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        # The events they took part in, latest first, a page at a time like the rest: the
        # busiest actor has taken part in hundreds.
        participations = (
            EventParticipant.objects.filter(
                actor=actor, event__in=Event.objects.visible_to(self.request.user)
            )
            .select_related("event__location_country")
            .order_by(F("event__date").desc(nulls_last=True), "event__title", "pk")
        )
        # Newest first, in an order the (speaker, said_on, id) index gives without a sort;
        # quotes an outlet reported, latest recorded first (the quote ids, newest down).
        by_date = (F("said_on").desc(nulls_last=True), "-pk")
        reported = Quote.outlets.through.objects.filter(actor=actor, quote_id=OuterRef("pk"))
        is_preview = not actor.is_public
        country = shown(actor.country, self.request.user)
        request = self.request
        context.update(
            is_preview=is_preview,
            country=country,
            quotes=slice_of(
                quote_cards(public_quotes().filter(speaker=actor).order_by(*by_date)),
                request,
                "page",
            ),
            reported=(
                slice_of(
                    quote_cards(public_quotes().filter(Exists(reported)).order_by("-pk")),
                    request,
                    "reported_page",
                )
                if actor.kind == Actor.Kind.OUTLET
                else None
            ),
            stories=slice_of(
                published_stories().involving_latest(actor),
                request,
                "stories_page",
            ),
            participations=slice_of(participations, request, "events_page"),
            jsonld=None if is_preview else jsonld.actor(actor, self.request, country=country),
        )
        return context


class EventListView(ListView):
    """The timeline: every public event in date order, undated ones last."""

    template_name = "articles/event_list.html"
    context_object_name = "events"
    paginate_by = TIMELINE_PER_PAGE

    def get_queryset(self):
        return Event.objects.public().chronological().select_related("location_country")


class EventDetailView(DetailView):
    """An event's page: who took part, what was said there, the stories covering it.
    One no published story shows yet is 404 to readers (staff see a preview)."""

    template_name = "articles/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        user = self.request.user
        return (
            Event.objects.visible_to(user)
            .select_related("location_country", "parent")
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=EventParticipant.objects.filter(
                        actor__in=Actor.objects.visible_to(user)
                    )
                    .select_related("actor")
                    .order_by("pk"),
                ),
                Prefetch("children", queryset=Event.objects.visible_to(user).chronological()),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        participations = list(event.participations.all())
        is_preview = not event.is_public
        parent = shown(event.parent, self.request.user)
        context.update(
            is_preview=is_preview,
            parent=parent,
            location_country=shown(event.location_country, self.request.user),
            participations=participations,
            quotes=slice_of(
                quote_cards(
                    public_quotes()
                    .filter(event=event)
                    .order_by("-article__published_at", "start", "pk")
                ),
                self.request,
                "page",
            ),
            stories=slice_of(
                published_stories().covering_latest(event),
                self.request,
                "stories_page",
            ),
            jsonld=(
                None
                if is_preview
                else jsonld.event(event, participations, self.request, parent=parent)
            ),
        )
        return context


def shown(record, user):
    """``record`` (an actor or event linked from a page) if ``user`` may see it, else None."""
    if record is not None and (record.is_public or can_preview(user)):
        return record
    return None


# ---------------------------------------------------------------------------
# Sections, topics and authors: each a page of its published stories


class TaxonomyDetailView(DetailView):
    """A section's, topic's or author's page: its published stories, newest first, a page
    at a time. One with no published story yet is 404 to readers (staff see a preview).

    Three queries however many stories: the record, one page of its stories and their
    authors (each listed with its byline made from them). The
    stories listed change with every publication, so the page is a list to the page
    cache (``object_list``): any write makes it stale.
    """

    story_lookup = None  # how a story names the record: Article.objects.filter(<lookup>=…)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        stories = Article.objects.filter(**{self.story_lookup: record})
        page = slice_of(
            published_stories()
            .filter(within(stories))
            .prefetch_related(
                Prefetch(
                    "authorships",
                    queryset=Authorship.objects.select_related("author").order_by("position"),
                )
            ),
            self.request,
            "page",
        )
        for story in page.items:
            names = [authorship.author.name for authorship in story.authorships.all()]
            story.credit_line = bylines.byline_text(names, story.byline)
        context.update(is_preview=not record.is_public, stories=page, object_list=page.items)
        return context


class SectionDetailView(TaxonomyDetailView):
    model = Section
    story_lookup = "section"
    template_name = "articles/section_detail.html"
    context_object_name = "section"


class TopicDetailView(TaxonomyDetailView):
    model = Topic
    story_lookup = "topics"
    template_name = "articles/topic_detail.html"
    context_object_name = "topic"


class AuthorDetailView(TaxonomyDetailView):
    model = Author
    story_lookup = "authors"
    template_name = "articles/author_detail.html"
    context_object_name = "author"

    def get_queryset(self):
        return super().get_queryset().select_related("portrait")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["is_preview"]:
            context["jsonld"] = jsonld.author(self.object, self.request)
        return context
