"""How the coverage follows changes to the world: an actor or event changed by its
services (``actors.signals.record_changed``) is shown anew on every story page that
shows it. A few stories are rendered once when the write finishes; many (an actor
on thousands of stories) are rendered by background jobs queued with the write
(``articles.tasks``), so that the editor's save does not wait for them."""

from django.db.models import Q
from django.dispatch import receiver

from actors.models import Actor, Event
from actors.signals import record_changed
from articles import search_index  # noqa: F401 (the search index follows each render)
from articles.models import Article, Author
from articles.rendering import render_later
from articles.tasks import rerender
from core.writes import after_write
from images.signals import image_changed
from images.visibility import readers_may_see


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
    def showing():
        return list(articles_showing(instance).values_list("pk", flat=True))

    # Once per record and write, however often the write changes it (an actor and
    # each of its affiliations). A change is looked up when the write finishes, so
    # that it sees the final state; a record about to be deleted, while it still can.
    key = ("pages showing", sender, instance.pk, deleting)
    if deleting:
        story_ids = showing()
        after_write(key, lambda: rerender(story_ids))
    else:
        after_write(key, lambda: rerender(showing()))


# -- photos ----------------------------------------------------------------------------


@readers_may_see
def published_lead_photos():
    return Article.objects.published().exclude(lead_image=None).values("lead_image")


@readers_may_see
def public_portraits():
    return Actor.objects.public().exclude(portrait=None).values("portrait")


@readers_may_see
def bylined_portraits():
    # An author's page is public once a published story carries their byline.
    published = Article.objects.published().values("pk")
    return Author.objects.filter(articles__in=published).exclude(portrait=None).values("portrait")


@receiver(image_changed, dispatch_uid="render-pages-showing-image")
def render_pages_showing_image(sender, instance, **kwargs):
    """A photo's caption or credit changed: the stories it leads are rendered anew, and
    so is everything showing an actor it portrays (their page, Who's who)."""

    def render():
        for pk in Article.objects.filter(lead_image=instance).values_list("pk", flat=True):
            render_later(pk)
        for actor in Actor.objects.filter(portrait=instance):
            record_changed.send(sender=Actor, instance=actor, deleting=False)

    after_write(("pages showing image", instance.pk), render)
