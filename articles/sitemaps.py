"""sitemap.xml: what readers may see: published stories, their verified quotes, and the
pages of public actors and events."""

from django.contrib.sitemaps import Sitemap

from actors.models import Actor, Event
from articles.models import Article, Quote


class StorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class QuoteSitemap(Sitemap):
    priority = 0.4

    def items(self):
        return Quote.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ActorSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Actor.objects.named().public().only("slug", "updated_at", "anonymous").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(Sitemap):
    priority = 0.5

    def items(self):
        return Event.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "stories": StorySitemap,
    "quotes": QuoteSitemap,
    "actors": ActorSitemap,
    "events": EventSitemap,
}
