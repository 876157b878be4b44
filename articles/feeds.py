"""RSS and Atom feeds: the latest stories, and the stories involving each actor."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from actors.models import Actor
from articles import bylines
from articles.models import Article, Author, Section, Topic

FEED_LENGTH = 30


class LatestStoriesFeed(Feed):
    title = f"{settings.SITE_NAME}: latest stories"
    description = "The latest published stories from the diplomacy desk."

    def link(self):
        return reverse("articles:home")

    def items(self):
        return Article.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feeds carry descriptions as HTML: escape the editor's plain text so a feed
        # reader shows "<script>" as text rather than running it.
        return escape(item.standfirst)

    def item_author_name(self, item):
        return bylines.stored_byline(item) or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
    subtitle = LatestStoriesFeed.description


class ActorStoriesFeed(LatestStoriesFeed):
    """The stories involving one actor (``Article.objects.involving``), as on their page."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:
            # /actors/putin/feed/rss/ is Vladimir Putin's feed: found by another name.
            actor = Actor.objects.named().public().by_alias_slug(kwargs.get("slug"))
            if actor is None:
                raise
            name = request.resolver_match.view_name
            return HttpResponsePermanentRedirect(reverse(name, kwargs={"slug": actor.slug}))

    def get_object(self, request, slug):
        return get_object_or_404(Actor.objects.named().public(), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"Published stories about, mentioning, quoting or citing {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        # As the actor's page lists them: the latest stories read from the publication
        # index, each checked for the actor, until the feed is full, rather than every
        # story of the busiest actor collected and sorted; without the stories' long
        # text, which the feed does not show.
        return (
            Article.objects.published()
            .involving_latest(obj)
            .defer("body", "body_html", "rendered_body", "aside_html")[:FEED_LENGTH]
        )


class ActorStoriesAtomFeed(ActorStoriesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class TaxonomyStoriesFeed(LatestStoriesFeed):
    """The published stories of a section, topic or author, as on their page. One with
    no published story is not found, as its page is to readers."""

    model = None
    story_lookup = None  # how a story names the record: Article.objects.filter(<lookup>=…)
    describe = "{}"

    def get_object(self, request, slug):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return f"Published stories {self.describe.format(obj.name)}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        # Without the stories' long text, which the feed does not show (the byline is in
        # the page data).
        return (
            Article.objects.published()
            .filter(**{self.story_lookup: obj})
            .defer("body", "body_html", "rendered_body", "aside_html")[:FEED_LENGTH]
        )


class TaxonomyStoriesAtomFeed:
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class SectionStoriesFeed(TaxonomyStoriesFeed):
    model, story_lookup, describe = Section, "section", "in the {} section"


class SectionStoriesAtomFeed(TaxonomyStoriesAtomFeed, SectionStoriesFeed):
    pass


class TopicStoriesFeed(TaxonomyStoriesFeed):
    model, story_lookup, describe = Topic, "topics", "on {}"


class TopicStoriesAtomFeed(TaxonomyStoriesAtomFeed, TopicStoriesFeed):
    pass


class AuthorStoriesFeed(TaxonomyStoriesFeed):
    model, story_lookup, describe = Author, "authors", "by {}"


class AuthorStoriesAtomFeed(TaxonomyStoriesAtomFeed, AuthorStoriesFeed):
    pass
