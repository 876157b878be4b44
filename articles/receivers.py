"""How the coverage follows changes to the world: an actor or event changed by its
services (``actors.signals.record_changed``) is shown anew on every story page that
shows it, each rendered once when the write finishes."""

from django.db.models import Q
from django.dispatch import receiver

from actors.models import Actor, Event
from actors.signals import record_changed
from articles.models import Article
from articles.rendering import render_later


def articles_showing(record):
    """The stories whose stored page shows this actor or event."""
    if isinstance(record, Event):
        return Article.objects.covering(record)
    located = Article.events.through.objects.filter(event__location_country=record)
    return Article.objects.filter(
        Q(pk__in=Article.objects.involving(record).values("pk"))
        | Q(pk__in=located.values("article_id"))
    )


@receiver(record_changed, sender=Actor)
@receiver(record_changed, sender=Event)
def render_pages_showing(sender, instance, deleting=False, **kwargs):
    render_later(*articles_showing(instance).values_list("pk", flat=True))
