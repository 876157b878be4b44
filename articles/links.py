"""Page addresses built without a ``reverse`` per item, for pages that list many.

``reverse`` is exact but slow when called for every actor in a long list, so the
prefix of each slug URL is reversed once (per script prefix and URLconf) and
the slug appended.
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = "slug-marker"


@functools.lru_cache(maxsize=64)
def _reverse(viewname, slug, prefix, urlconf):
    return reverse(viewname, kwargs={"slug": slug} if slug else None, urlconf=urlconf)


def cached_reverse(viewname, slug=None):
    """``reverse`` remembered: URLs change only with the script prefix or the URLconf."""
    return _reverse(viewname, slug, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


def slug_url(viewname, slug):
    before, after = cached_reverse(viewname, _MARKER).split(_MARKER)
    # A valid slug comes out unchanged; quoting only guards against one saved unvalidated.
    return f"{before}{quote(slug, safe='')}{after}"


def actor_url(actor):
    """The actor's page, or None for an unnamed source (as ``Actor.get_absolute_url``)."""
    if actor.anonymous:
        return None
    return slug_url("actors:actor-detail", actor.slug)


def event_url(event):
    return slug_url("actors:event-detail", event.slug)
