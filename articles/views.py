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
from articles.models import Article, Quote
from articles.rendering import in_context

LATEST_QUOTES = 6
# What a page shows of an actor or an event in a list (see the templates).
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

    The body's quote markup was rendered when the story was saved, so the page
    needs only the story, the actors in it, its events and its corrections:
    four queries, however many quotes.
    """

    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).only(
            "headline",
            "slug",
            "standfirst",
            "body_html",
            "byline",
            "dateline",
            "status",
            "published_at",
            "updated_at",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        actors = story_actors(article)
        corrections = list(article.corrections.order_by("published_on", "pk"))
        is_preview = not article.is_public
        modified = max([article.updated_at, *(c.published_on for c in corrections)])
        context.update(
            whos_who=[a for a in actors if a.kind != Actor.Kind.OUTLET or not a.is_cited],
            sources=sorted((a for a in actors if a.is_cited), key=lambda a: a.name.lower()),
            events=list(
                Event.objects.filter(articles=article)
                .chronological()
                .select_related("location_country")
                .only(*EVENT_FIELDS, "location_country__name")
            ),
            corrections=corrections,
            is_preview=is_preview,
            modified=modified,
            show_updated=bool(
                article.published_at and modified - article.published_at > UPDATE_WORTH_SHOWING
            ),
            # Structured data describes published stories only, never a preview.
            jsonld=None
            if is_preview
            else jsonld.news_article(
                article,
                self.request,
                about=[a for a in actors if a.is_about],
                mentions=[a for a in actors if a.is_mentioned],
                corrections=corrections,
                modified=modified,
            ),
        )
        return context


def story_actors(article):
    """Everyone in the story, in one query, flagged by how they appear in it.

    Who it is about comes first, then whom it quotes, then whom it only mentions.
    Written as SQL (a UNION over the four link tables, joined to the actors)
    because on the site's busiest page the ORM spent longer compiling the
    equivalent query than the database spent running it.
    """
    actors = {}
    for row in Actor.objects.raw(_STORY_ACTORS_SQL, [article.pk] * 4):
        actor = actors.setdefault(row.pk, row)
        actor.roles = getattr(actor, "roles", set()) | {row.role}
    actors = list(actors.values())
    for actor in actors:
        actor.is_about = "about" in actor.roles
        actor.is_mentioned = "mentioned" in actor.roles
        actor.is_quoted = "quoted" in actor.roles
        actor.is_cited = "cited" in actor.roles
    actors.sort(key=lambda a: (not a.is_about, not a.is_quoted, a.name.lower()))
    return actors


# One row per actor and role; the tables are those behind Article.about,
# Article.mentions, Quote.speaker and Quote.outlets.
_STORY_ACTORS_SQL = f"""
    SELECT a.id, {", ".join(f"a.{field}" for field in ACTOR_FIELDS)}, links.role
    FROM actors_actor a JOIN (
        SELECT actor_id, 'about' AS role FROM articles_article_about WHERE article_id = %s
        UNION ALL
        SELECT actor_id, 'mentioned' FROM articles_article_mentions WHERE article_id = %s
        UNION ALL
        SELECT speaker_id, 'quoted' FROM articles_quote
        WHERE article_id = %s AND speaker_id IS NOT NULL
        UNION ALL
        SELECT o.actor_id, 'cited' FROM articles_quote_outlets o
        JOIN articles_quote q ON q.id = o.quote_id WHERE q.article_id = %s
    ) links ON links.actor_id = a.id
"""  # noqa: S608 (only our own column names are interpolated; values are parameters)


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
