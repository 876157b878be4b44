"""The reader's pages: stories and quotes, and the coverage of each actor and event.

Each view fetches everything its template shows in ``get_queryset`` (select and
prefetch), so a page costs the same few queries however many quotes, actors and
events it shows. Readers see published stories, verified quotes and public actors
and events only; signed-in staff may also preview the rest (marked noindex).
"""

import datetime
from typing import NamedTuple

from django.db.models import F, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.views.generic import DetailView, ListView

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles import jsonld
from articles.models import Article, Quote, can_preview
from articles.rendering import in_context

LATEST_QUOTES = 6
# Saves within this time of publication (a typo fixed at once) show no "Updated" date.
UPDATE_WORTH_SHOWING = datetime.timedelta(minutes=5)


def quotes_with_provenance(queryset=None):
    """Quotes with everything a quote card shows: speaker, outlets, story and event."""
    queryset = Quote.objects.all() if queryset is None else queryset
    return queryset.select_related("speaker", "article", "event").prefetch_related(
        Prefetch("outlets", queryset=Actor.objects.order_by("name"))
    )


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
            context["latest_quotes"] = quotes_with_provenance(
                Quote.objects.public()
                .verbatim()
                .exclude(speaker__isnull=True)
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
            "body_html",
            "aside_html",
            "page_data",
            "byline",
            "dateline",
            "status",
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
            .select_related("country")
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.filter(
                        organization__in=Actor.objects.visible_to(user)
                    ).select_related("organization"),
                ),
                Prefetch(
                    "participations",
                    queryset=EventParticipant.objects.filter(
                        event__in=Event.objects.visible_to(user)
                    )
                    .select_related("event__location_country")
                    .order_by(F("event__date").desc(nulls_last=True), "event__title"),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actor = self.object
        by_date = (F("said_on").desc(nulls_last=True), "-article__published_at", "start")
        reported = Quote.outlets.through.objects.filter(actor=actor).values("quote_id")
        is_preview = not actor.is_public
        country = shown(actor.country, self.request.user)
        context.update(
            is_preview=is_preview,
            country=country,
            quotes=quotes_with_provenance(
                Quote.objects.public().filter(speaker=actor).order_by(*by_date)
            ),
            reported=(
                quotes_with_provenance(
                    Quote.objects.public().filter(pk__in=reported).order_by(*by_date)
                )
                if actor.kind == Actor.Kind.OUTLET
                else []
            ),
            stories=published_stories().involving(actor),
            participations=list(actor.participations.all()),
            jsonld=None if is_preview else jsonld.actor(actor, self.request, country=country),
        )
        return context


class EventListView(ListView):
    """The timeline: every public event in date order, undated ones last."""

    template_name = "articles/event_list.html"
    context_object_name = "events"

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
            quotes=quotes_with_provenance(
                Quote.objects.public()
                .filter(event=event)
                .order_by("-article__published_at", "start", "pk")
            ),
            stories=published_stories().covering(event),
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
