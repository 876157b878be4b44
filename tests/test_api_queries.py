"""Each list and detail endpoint runs a fixed number of queries, however much data it shows."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from articles.rendering import render_story
from tests import factories

pytestmark = pytest.mark.django_db

BODY = " ".join(f"Speaker {n} said “words number {n}”." for n in range(60))
# Generous ceilings; what matters is that 1 and 50 items cost the same.
MAX_QUERIES = 12


def count_queries(path):
    client = APIClient()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == HTTPStatus.OK, response.content
    return len(context.captured_queries)


def story_with_quotes(n):
    story = factories.PublishedArticleFactory(body=BODY)
    event = factories.EventFactory()
    for i in range(n):
        factories.QuoteFactory(
            article=story,
            text=f"words number {i}",
            speaker=factories.ActorFactory(country=factories.StateFactory()),
            event=event,
            outlets=[factories.OutletFactory(), factories.OutletFactory()],
        )
    story.about.set(factories.ActorFactory.create_batch(n))
    story.mentions.set(factories.ActorFactory.create_batch(n))
    story.events.set([event])
    return story


def assert_constant(django_assert_max_num_queries, build, path_for):
    """The same number of queries for 1 and 50 items, and under the ceiling."""
    small = count_queries(path_for(build(1)))
    large_path = path_for(build(50))
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count_queries(large_path)
    assert small == large


def test_article_list(django_assert_max_num_queries):
    """/articles/ with 1 or 50 stories."""

    def build(n):
        factories.PublishedArticleFactory.create_batch(n)

    assert_constant(
        django_assert_max_num_queries, build, lambda _: "/api/v1/articles/?page_size=100"
    )


def test_article_detail(django_assert_max_num_queries):
    """/articles/{slug}/ with 1 or 50 quotes, each with speaker, outlets and event."""
    assert_constant(
        django_assert_max_num_queries, story_with_quotes, lambda s: f"/api/v1/articles/{s.slug}/"
    )


def test_article_ninjs(django_assert_max_num_queries):
    """/articles/{slug}/ninjs with 1 or 50 quotes and actors."""
    assert_constant(
        django_assert_max_num_queries,
        story_with_quotes,
        lambda s: f"/api/v1/articles/{s.slug}/ninjs",
    )


def test_quote_list(django_assert_max_num_queries):
    """/quotes/ with 1 or 50 quotes."""
    assert_constant(
        django_assert_max_num_queries, story_with_quotes, lambda _: "/api/v1/quotes/?page_size=100"
    )


def test_quote_detail(django_assert_max_num_queries):
    """/quotes/{id}/ of a quote with many outlets."""

    def build(n):
        return factories.QuoteFactory(outlets=factories.OutletFactory.create_batch(n))

    assert_constant(django_assert_max_num_queries, build, lambda q: f"/api/v1/quotes/{q.pk}/")


def test_actor_list(django_assert_max_num_queries):
    """/actors/ with 1 or 50 actors, each with a country and an affiliation."""

    def build(n):
        for _ in range(n):
            factories.AffiliationFactory(
                actor=factories.ActorFactory(
                    country=factories.StateFactory(public_by_hand=True), public_by_hand=True
                )
            )

    assert_constant(django_assert_max_num_queries, build, lambda _: "/api/v1/actors/?page_size=100")


def test_actor_detail(django_assert_max_num_queries):
    """/actors/{slug}/ with 1 or 50 affiliations."""

    def build(n):
        actor = factories.ActorFactory(public_by_hand=True)
        factories.AffiliationFactory.create_batch(n, actor=actor)
        return actor

    assert_constant(django_assert_max_num_queries, build, lambda a: f"/api/v1/actors/{a.slug}/")


def test_event_list(django_assert_max_num_queries):
    """/events/ with 1 or 50 events, each with participants, a country and a parent."""

    def build(n):
        parent = factories.EventFactory(public_by_hand=True)
        for _ in range(n):
            event = factories.EventFactory(
                parent=parent, location_country=factories.StateFactory(), public_by_hand=True
            )
            factories.EventParticipantFactory.create_batch(2, event=event)

    assert_constant(django_assert_max_num_queries, build, lambda _: "/api/v1/events/?page_size=100")


def test_event_detail(django_assert_max_num_queries):
    """/events/{slug}/ with 1 or 50 participants."""

    def build(n):
        event = factories.EventFactory(public_by_hand=True)
        factories.EventParticipantFactory.create_batch(n, event=event)
        return event

    assert_constant(django_assert_max_num_queries, build, lambda e: f"/api/v1/events/{e.slug}/")


def test_actor_quotes(django_assert_max_num_queries):
    """/actors/{slug}/quotes/ of an outlet that reported 1 or 50 quotes."""

    def build(n):
        outlet = factories.OutletFactory()
        story = factories.PublishedArticleFactory(body=BODY)
        for i in range(n):
            factories.QuoteFactory(article=story, text=f"words number {i}", outlets=[outlet])
        return outlet

    assert_constant(
        django_assert_max_num_queries,
        build,
        lambda a: f"/api/v1/actors/{a.slug}/quotes/?page_size=100",
    )


def test_actor_events(django_assert_max_num_queries):
    """/actors/{slug}/events/ of an actor at 1 or 50 events."""

    def build(n):
        actor = factories.ActorFactory(public_by_hand=True)
        for _ in range(n):
            factories.EventParticipantFactory(actor=actor, event__public_by_hand=True)
        return actor

    assert_constant(
        django_assert_max_num_queries,
        build,
        lambda a: f"/api/v1/actors/{a.slug}/events/?page_size=100",
    )


def test_actor_articles(django_assert_max_num_queries):
    """/actors/{slug}/articles/ of an actor in 1 or 50 stories."""

    def build(n):
        actor = factories.ActorFactory()
        for story in factories.PublishedArticleFactory.create_batch(n):
            story.about.add(actor)
            render_story(story)
        return actor

    assert_constant(
        django_assert_max_num_queries,
        build,
        lambda a: f"/api/v1/actors/{a.slug}/articles/?page_size=100",
    )


def test_event_quotes(django_assert_max_num_queries):
    """/events/{slug}/quotes/ with 1 or 50 quotes."""

    def build(n):
        event = factories.EventFactory()
        story = factories.PublishedArticleFactory(body=BODY)
        for i in range(n):
            factories.QuoteFactory(article=story, text=f"words number {i}", event=event)
        return event

    assert_constant(
        django_assert_max_num_queries,
        build,
        lambda e: f"/api/v1/events/{e.slug}/quotes/?page_size=100",
    )


def test_lists_stay_paginated():
    """Even a large list answers one page, with a link to the next."""
    factories.ActorFactory.create_batch(30, public_by_hand=True)
    body = APIClient().get("/api/v1/actors/").json()
    assert len(body["results"]) == 20
    assert body["next"]


def test_quote_list_by_the_busiest_speaker(django_assert_max_num_queries):
    """/quotes/?speaker=<slug> of a speaker with 2 or 30 quotes, each in its own story."""

    def build(n):
        speaker = factories.ActorFactory(public_by_hand=True)
        for i in range(n):
            story = factories.PublishedArticleFactory(body=BODY)
            factories.QuoteFactory(
                article=story,
                text=f"words number {i}",
                speaker=speaker,
                outlets=[factories.OutletFactory()],
            )
        return speaker

    assert_constant(
        django_assert_max_num_queries,
        build,
        lambda s: f"/api/v1/quotes/?speaker={s.slug}&page_size=100",
    )


def test_article_list_at_two_and_thirty_stories_with_quotes(django_assert_max_num_queries):
    """/articles/ over stories that each carry quotes: the list reads no quote."""

    def build(n):
        for _ in range(n):
            story_with_quotes(2)

    build(2)
    small = count_queries("/api/v1/articles/")
    build(28)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count_queries("/api/v1/articles/")
    assert small == large
