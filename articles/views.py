"""The reader's pages for stories and quotes.

Each view fetches everything its template shows in ``get_queryset`` (select and
prefetch), so a page costs the same few queries however many quotes, actors and
events a story has.
"""

import datetime

from django.db.models import F, Prefetch
from django.views.generic import DetailView, ListView

from actors.models import Actor, Event
from articles import jsonld
from articles.models import Article, Correction, Quote
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


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().only(
            "headline", "slug", "standfirst", "byline", "dateline", "published_at"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["latest_quotes"] = quotes_with_provenance(
                Quote.objects.published()
                .verbatim()
                .exclude(speaker__isnull=True)
                .order_by("-article__published_at", F("start").asc(nulls_last=True), "pk")
            )[:LATEST_QUOTES]
        return context


class ArticleDetailView(DetailView):
    """A story. Signed-in staff may also preview an unpublished one (marked noindex)."""

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("about", queryset=Actor.objects.select_related("country")),
            Prefetch("mentions", queryset=Actor.objects.select_related("country")),
            Prefetch(
                "events",
                queryset=Event.objects.chronological().select_related("location_country"),
            ),
            Prefetch(
                "quotes",
                queryset=Quote.objects.order_by(F("start").asc(nulls_last=True), "pk")
                .select_related("speaker", "event")
                .prefetch_related(Prefetch("outlets", queryset=Actor.objects.order_by("name"))),
            ),
            Prefetch("corrections", queryset=Correction.objects.order_by("published_on", "pk")),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        quotes = list(article.quotes.all())
        corrections = list(article.corrections.all())
        is_preview = not article.is_public
        modified = max([article.updated_at, *(c.published_on for c in corrections)])
        context.update(
            quotes=quotes,
            whos_who=article_actors(article, quotes),
            sources=article_outlets(quotes),
            events=list(article.events.all()),
            corrections=corrections,
            is_preview=is_preview,
            modified=modified,
            show_updated=bool(
                article.published_at and modified - article.published_at > UPDATE_WORTH_SHOWING
            ),
            # Structured data describes published stories only, never a preview.
            jsonld=None if is_preview else jsonld.news_article(article, self.request),
        )
        return context


def article_actors(article, quotes):
    """Everyone in the story, once each: who it is about, then whom it quotes and mentions."""
    seen, actors = set(), []
    speakers = [quote.speaker for quote in quotes if quote.speaker is not None]
    for actor in [*article.about.all(), *speakers, *article.mentions.all()]:
        if actor.pk not in seen and actor.kind != Actor.Kind.OUTLET:
            seen.add(actor.pk)
            actors.append(actor)
    return actors


def article_outlets(quotes):
    """The outlets the story's quotes came through, once each, by name."""
    outlets = {outlet.pk: outlet for quote in quotes for outlet in quote.outlets.all()}
    return sorted(outlets.values(), key=lambda outlet: outlet.name.lower())


class QuoteDetailView(DetailView):
    """A quote's permalink: the words, who said them, through whom, where and when."""

    context_object_name = "quote"

    def get_queryset(self):
        return quotes_with_provenance(Quote.objects.published()).select_related(
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
