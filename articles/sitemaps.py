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
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max

from actors.models import Actor, Event
from articles.models import Article, Quote

# URLs per sitemap page: well under the protocol's 50,000, so a page is quick to build.
PAGE_SIZE = 1000


class IdRangePage:
    def __init__(self, object_list, number):
        self.object_list = object_list
        self.number = number


class IdRangePaginator:
    """Pages of a queryset by id range, without counting it (see the module docstring)."""

    def __init__(self, queryset, per_page):
        self.queryset = queryset
        self.per_page = per_page

    @property
    def num_pages(self):
        highest = self.queryset.model.objects.aggregate(highest=Max("pk"))["highest"] or 0
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
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index gives no date per section: finding it would read every item.
        return None


class StorySitemap(IdRangeSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at")


class QuoteSitemap(IdRangeSitemap):
    priority = 0.4

    def items(self):
        return Quote.objects.public().only("pk", "updated_at")


class ActorSitemap(IdRangeSitemap):
    priority = 0.5

    def items(self):
        return Actor.objects.named().public().only("slug", "updated_at", "anonymous")


class EventSitemap(IdRangeSitemap):
    priority = 0.5

    def items(self):
        return Event.objects.public().only("slug", "updated_at")


sitemaps = {
    "stories": StorySitemap,
    "quotes": QuoteSitemap,
    "actors": ActorSitemap,
    "events": EventSitemap,
}
