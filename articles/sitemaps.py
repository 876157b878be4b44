"""sitemap.xml: what readers may see: published stories, their verified quotes, and the
pages of public actors and events.

``/sitemap.xml`` is a sitemap index (the protocol's way past a few thousand URLs):
it lists one sitemap per section, ``/sitemap-<section>.xml``, and its further pages
(``?p=2``…). A page holds the items whose ids fall in its range (ids 1 to
``limit`` on page 1, and so on), so that neither the index nor a page ever counts,
sorts or skips over the whole table: the index reads each section's highest id, a
page reads its own range. A range whose items are all withdrawn or unpublished is
an empty page; no item is ever left out.
"""

import math

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from actors.models import Actor, Event
from articles.models import Article, Author, Quote, Section, Topic

# URLs per sitemap page: well under the protocol's 50,000, so a page is quick to build.
PAGE_SIZE = 1000


class IdRangePage:
    def __init__(self, object_list, number):
        self.object_list = object_list
        self.number = number


class IdRangePaginator:
    """Pages of a queryset by id range, without counting it (see the module docstring)."""

    def __init__(self, queryset, per_page, model=None):
        self._queryset = queryset
        self.model = model or queryset().model
        self.per_page = per_page

    @property
    def queryset(self):
        # Built when a page is read: the index needs only the model's highest id.
        if callable(self._queryset):
            self._queryset = self._queryset()
        return self._queryset

    @property
    def num_pages(self):
        highest = self.model.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer.") from error
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        low, high = (number - 1) * self.per_page, number * self.per_page
        return IdRangePage(self.queryset.filter(pk__gt=low, pk__lte=high).order_by("pk"), number)


class IdRangeSitemap(Sitemap):
    limit = PAGE_SIZE

    @property
    def paginator(self):
        return IdRangePaginator(self.items, self.limit, model=getattr(self, "model", None))

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index gives no date per section: finding it would read every item.
        return None


class StorySitemap(IdRangeSitemap):
    model = Article
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at")


class QuoteSitemap(IdRangeSitemap):
    model = Quote
    priority = 0.4

    def items(self):
        return Quote.objects.public().only("pk", "updated_at")


class ActorSitemap(IdRangeSitemap):
    model = Actor
    priority = 0.5

    def items(self):
        return Actor.objects.named().public().only("slug", "updated_at", "anonymous")


class EventSitemap(IdRangeSitemap):
    model = Event
    priority = 0.5

    def items(self):
        return Event.objects.public().only("slug", "updated_at")


class TaxonomySitemap(IdRangeSitemap):
    """Sections, topics or authors with a published story (``model.objects.public()``)."""

    priority = 0.5
    model = None

    def items(self):
        return self.model.objects.public().only("slug")

    def lastmod(self, item):
        return None  # a list of stories: it changes with each of them


class SectionSitemap(TaxonomySitemap):
    model = Section


class TopicSitemap(TaxonomySitemap):
    model = Topic


class AuthorSitemap(TaxonomySitemap):
    model = Author


sitemaps = {
    "stories": StorySitemap,
    "quotes": QuoteSitemap,
    "actors": ActorSitemap,
    "events": EventSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}


def index(request, sitemaps=sitemaps, sitemap_url_name="sitemap-section"):
    """``/sitemap.xml``: the index of every section's pages, as Django's view lists them
    (a section, then ``?p=2``…), written directly: the index of a large archive lists
    hundreds of pages, and each costs a line of text rather than a template loop. Each
    section costs one query (its highest id)."""
    base = f"{request.scheme}://{get_current_site(request).domain}"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for section, site in sitemaps.items():
        site = site() if callable(site) else site
        url = escape(base + reverse(sitemap_url_name, kwargs={"section": section}))
        lines.append(f"<sitemap><loc>{url}</loc></sitemap>")
        lines.extend(
            f"<sitemap><loc>{url}?p={page}</loc></sitemap>"
            for page in range(2, site.paginator.num_pages + 1)
        )
    lines.append("</sitemapindex>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response
