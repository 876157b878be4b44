"""Which photos anonymous readers may see: those that public content shows.

What is public is the coverage's and the world's rule, not the library's: the apps
above register, at start-up, a function returning the ids of the images their public
records show (``readers_may_see``). A photo no public record shows is not listed.
"""

from django.db.models import Q

_sources = []


def readers_may_see(source):
    """Register ``source()``, a queryset of image ids (``values("...")``) readers may see."""
    if source not in _sources:
        _sources.append(source)
    return source


def public_filter():
    """A filter for "some public record shows this image" (matches nothing if none may)."""
    if not _sources:
        return Q(pk__in=[])
    condition = Q()
    for source in _sources:
        condition |= Q(pk__in=source())
    return condition
