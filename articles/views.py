"""The reader's pages for stories and quotes.

Each view fetches everything its template shows in ``get_queryset`` (select and
prefetch), so a page costs the same few queries however many quotes, actors and
events a story has.
"""

import datetime
from typing import NamedTuple

from django.db.models import F, Prefetch
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from actors.models import Actor
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
    """A story. Signed-in staff may also preview an unpublished one (marked noindex).

    The body's quote markup, the sidebar and the structured data about its
    actors were rendered when the story was saved, so the page needs only the
    story: one query, however many quotes, actors, events and corrections.
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
