"""Template helpers for the coverage's own pages."""

from django import template

register = template.Library()


@register.filter
def without(actors, actor):
    """``actors`` less ``actor``: an outlet speaking for itself is not also "via" itself."""
    if actor is None:
        return list(actors)
    return [other for other in actors if other.pk != actor.pk]
