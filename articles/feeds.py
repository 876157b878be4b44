"""RSS and Atom feeds: the latest stories, and the stories involving each actor."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from actors.models import Actor
from articles.models import Article

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
        return item.byline or None

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
        return Article.objects.published().involving(obj)[:FEED_LENGTH]


class ActorStoriesAtomFeed(ActorStoriesFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
