import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from actors.models import Actor, Affiliation, Event, EventParticipant
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
