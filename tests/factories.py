import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles import richtext
from articles.models import Article, Correction, Quote
from articles.rendering import render_later


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")


def _role(name):
    """The Reporter or Editor group from the roles migration (re-created after a flush)."""
    from articles.roles import ensure_roles

    group = Group.objects.filter(name=name).first()
    if group is None:
        ensure_roles()
        group = Group.objects.get(name=name)
    return group


class ReporterFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reporter{n}")
    # API clients sign in with tokens; skipping the slow password hash keeps tests quick.
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(_role("Reporter"))


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(_role("Editor"))


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    kind = Actor.Kind.PERSON
    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")


class StateFactory(ActorFactory):
    kind = Actor.Kind.STATE
    name = factory.Sequence(lambda n: f"State {n}")
    slug = factory.Sequence(lambda n: f"state-{n}")


class OutletFactory(ActorFactory):
    kind = Actor.Kind.OUTLET
    outlet_type = Actor.OutletType.NEWS_AGENCY
    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")


class OrganizationFactory(ActorFactory):
    kind = Actor.Kind.ORGANIZATION
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    actor = factory.SubFactory(ActorFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role_title = "Member"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Event {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = Event.Kind.SUMMIT
    date = datetime.date(2025, 9, 4)


class EventParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventParticipant

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = EventParticipant.Role.GUEST


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    standfirst = "A short summary."
    body = "The minister said “we will talk again soon” and left.\nA second paragraph."
    # The structured body, as the services store it: a paragraph per line.
    body_html = factory.LazyAttribute(lambda story: richtext.from_text(story.body))
    status = Article.Status.DRAFT

    @factory.post_generation
    def rendered(self, create, extracted, **kwargs):
        """Stored the way the services store a story: with its page rendered."""
        if create:
            render_later(self)


class PublishedArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote
        skip_postgeneration_save = True

    article = factory.SubFactory(PublishedArticleFactory)
    text = "we will talk again soon"
    kind = Quote.Kind.DIRECT
    speaker = factory.SubFactory(ActorFactory)

    @factory.post_generation
    def outlets(self, create, extracted, **kwargs):
        if create and extracted:
            self.outlets.set(extracted)

    @factory.post_generation
    def rendered(self, create, extracted, **kwargs):
        if create:
            self.article.refresh_from_db()
            render_later(self.article)
            self.refresh_from_db()


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction
        skip_postgeneration_save = True

    article = factory.SubFactory(PublishedArticleFactory)
    text = "An earlier version misspelt a name."

    @factory.post_generation
    def rendered(self, create, extracted, **kwargs):
        if create:
            render_later(self.article)


# --- Embargo ----------------------------------------------------------------------------------


class PartnerFactory(UserFactory):
    """An API client of a partner: not staff, in the partners' group."""

    username = factory.Sequence(lambda n: f"partner{n}")
    is_staff = False
    password = factory.PostGenerationMethodCall("set_unusable_password")

    @factory.post_generation
    def partner_group(self, create, extracted, **kwargs):
        if create:
            from articles.roles import ensure_partner_group

            self.groups.add(ensure_partner_group())


class EmbargoedArticleFactory(ArticleFactory):
    """Under embargo for a day: partners read it, nobody else until then."""

    status = Article.Status.SCHEDULED
    embargoed = True
    published_at = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)
    )


# ---------------------------------------------------------------------------------------
# IMAGES: photos in the library, uploaded through the service as the desk uploads them.
# Tests that make them need a temporary MEDIA_ROOT (the ``media`` fixture, tests/test_images.py).


def jpeg_bytes(size=(1000, 600), color=(40, 90, 140), mode="RGB", **save_options):
    """A JPEG of ``size``: a two-tone picture, so that a crop or a turn can be seen."""
    import io

    from PIL import Image as Picture
    from PIL import ImageDraw

    picture = Picture.new(mode, size, color)
    ImageDraw.Draw(picture).rectangle((0, 0, size[0] // 2, size[1] // 2), fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, **save_options)
    return buffer.getvalue()


def upload(content=None, name="photo.jpg", content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, content_type)


def image(by=None, file=None, alt="The two delegations at the table", **words):
    """A photo in the library, uploaded by an editor."""
    from images import services as image_services

    return image_services.image_create(
        by=by or EditorFactory(), file=file or upload(), alt=alt, **words
    )


# --- TAXONOMY: sections, topics and authors ---------------------------------------------


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Section"

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Topic"

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "articles.Author"

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    role = "Correspondent"


def credit(article, *authors):
    """Credit ``authors`` on ``article`` in this byline order, and render it again."""
    from articles.models import Authorship

    for position, author in enumerate(authors):
        Authorship.objects.create(article=article, author=author, position=position)
    render_later(article)
    article.refresh_from_db()
    return article
