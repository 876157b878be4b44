"""One write path: every write goes through a service and renders each story once."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from actors import services as world
from actors.models import Actor
from articles import services
from articles.admin import TRANSITION_SERVICES
from articles.models import Article, Quote
from articles.rendering import story_rendered
from core.writes import write_scope
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

SUMMIT = "kim-jong-un-xi-jinping-beijing-summit"


@pytest.fixture
def renders():
    """The stories rendered, in order, one entry per render."""
    rendered = []

    def count(sender, article, **kwargs):
        rendered.append(article.pk)

    story_rendered.connect(count)
    yield rendered
    story_rendered.disconnect(count)


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_admin_save_of_the_seeded_story_changing_five_outlets_renders_once(
    client, editor, seeded, renders
):
    """Five quotes' outlets changed in one save: the story page is rendered exactly once."""
    article = Article.objects.get(slug=SUMMIT)
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    reuters = Actor.objects.get(slug="reuters")
    rows = [
        key[: -len("-outlets")]
        for key, value in data.items()
        if key.endswith("-outlets") and str(reuters.pk) not in value
    ][:5]
    assert len(rows) == 5
    before = Quote.objects.filter(article=article, outlets=reuters).count()
    for row in rows:
        data[f"{row}-outlets"] = [*data[f"{row}-outlets"], str(reuters.pk)]
    renders.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    assert renders == [article.pk]
    assert Quote.objects.filter(article=article, outlets=reuters).count() == before + 5
    print(f"admin save, five outlets changed: {len(queries)} queries, {len(renders)} render")


def test_building_fifty_quotes_in_one_write_renders_once(renders):
    """A story with 50 quotes, built in one write, is rendered once, not once per quote."""
    editor = factories.EditorFactory()
    body = "\n".join(f"Speaker {i} said “words number {i} exactly”." for i in range(50))
    with write_scope():
        article = services.article_create(by=editor, headline="Fifty", slug="fifty", body=body)
        for i in range(50):
            services.quote_create(
                by=editor,
                article=article,
                text=f"words number {i} exactly",
                speaker=factories.ActorFactory(),
                outlets=[factories.OutletFactory()],
            )
    assert renders == [article.pk]
    article.refresh_from_db()
    assert article.rendered_body.count("<q ") == 50


def test_an_api_story_update_renders_once(editor, renders):
    article = services.article_create(by=editor, headline="Draft", slug="draft", body="Text.")
    renders.clear()
    client = APIClient()
    client.force_authenticate(editor)
    response = client.patch(
        f"/api/v1/articles/{article.slug}/",
        {"headline": "Better", "version": article.version},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK, response.content
    assert renders == [article.pk]


def test_save_does_not_render(renders):
    """Rendering is explicit: saving a model renders nothing."""
    article = factories.ArticleFactory()
    renders.clear()
    article.headline = "Changed"
    article.save()
    assert renders == []


def test_a_refused_write_leaves_nothing_behind(editor):
    """A service that fails half-way writes nothing at all."""
    article = services.article_create(by=editor, headline="Draft", slug="draft", body="Text.")
    with pytest.raises(services.ValidationError), write_scope():
        services.article_update(article=article, by=editor, headline="Written")
        services.quote_create(by=editor, article=article, text="not in the body", kind="direct")
    article.refresh_from_db()
    assert article.headline == "Draft"
    assert not article.quotes.exists()


def test_renaming_an_actor_renders_each_story_showing_it_once(editor, renders):
    speaker = factories.ActorFactory(name="Kim")
    stories = [factories.PublishedArticleFactory() for _ in range(3)]
    for story in stories:
        factories.QuoteFactory(article=story, speaker=speaker)
        factories.QuoteFactory(article=story, speaker=speaker)
    factories.PublishedArticleFactory()  # does not show him
    renders.clear()
    world.actor_update(actor=speaker, by=editor, name="Kim Jong Un")
    assert sorted(renders) == sorted(s.pk for s in stories)
    for story in stories:
        story.refresh_from_db()
        assert "Kim Jong Un" in story.rendered_body


def test_every_workflow_button_calls_its_service():
    assert set(TRANSITION_SERVICES) == set(services.TRANSITIONS)
    assert TRANSITION_SERVICES["publish"] is services.article_publish


# --- nothing reaches readers that an editor has not approved --------------------------------


def test_publishing_a_story_with_quotes_to_check_is_refused_naming_them(editor):
    article = factories.ArticleFactory(body="Kim said “we are one” today.")
    quote = factories.QuoteFactory(article=article, text="we are one")
    Article.objects.filter(pk=article.pk).update(body="Kim said nothing today.")
    article.refresh_from_db()
    with pytest.raises(services.ValidationError) as refused:
        services.article_publish(article=article, by=editor)
    message = refused.value.messages[0]
    assert "“we are one”" in message
    assert "restore its words in the body, or make it a paraphrase" in message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert quote.pk in article.quotes.values_list("pk", flat=True)


def test_saving_a_published_story_that_loses_a_quote_is_refused(editor):
    article = factories.PublishedArticleFactory(body="Kim said “we are one” today.")
    factories.QuoteFactory(article=article, text="we are one")
    with pytest.raises(services.ValidationError):
        services.article_update(article=article, by=editor, body="Kim said nothing.")
    article.refresh_from_db()
    assert article.body == "Kim said “we are one” today."


def test_the_admin_refuses_a_published_body_that_loses_a_quote(client, editor):
    article = factories.PublishedArticleFactory(body="Kim said “we are one” today.")
    factories.QuoteFactory(article=article, text="we are one")
    client.force_login(editor)
    data = change_form_data(client.get(_change_url(article)))
    data["body_html"] = "<p>Kim said nothing.</p>"
    response = client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "restore its words in the body, or make it a paraphrase" in page
    assert "Kim said nothing." in page  # the editor's text is kept in the form
    article.refresh_from_db()
    assert article.body == "Kim said “we are one” today."


def test_a_draft_body_that_loses_a_quote_is_saved_and_flagged(editor):
    article = factories.ArticleFactory(body="Kim said “we are one” today.")
    quote = factories.QuoteFactory(article=article, text="we are one")
    services.article_update(article=article, by=editor, body="Kim said nothing.")
    quote.refresh_from_db()
    assert not quote.is_verified


# --- shared records -------------------------------------------------------------------------


def test_reporter_creates_and_changes_an_actor_no_published_story_shows(reporter):
    actor = world.actor_create(by=reporter, name="New Envoy", slug="new-envoy")
    world.actor_update(actor=actor, by=reporter, description="Special envoy")
    assert not actor.is_public


def test_reporter_cannot_change_an_actor_readers_see(reporter, editor):
    actor = factories.ActorFactory()
    story = factories.ArticleFactory()
    factories.QuoteFactory(article=story, speaker=actor)
    services.article_publish(article=story, by=editor)
    actor.refresh_from_db()
    assert actor.is_public
    with pytest.raises(services.PermissionDenied):
        world.actor_update(actor=actor, by=reporter, name="Renamed")
    world.actor_update(actor=actor, by=editor, name="Renamed")  # an editor may


def test_reporter_token_gets_403_patching_a_published_actor(reporter, seeded):
    client = APIClient()
    client.force_authenticate(reporter)
    response = client.patch("/api/v1/actors/kim-jong-un/", {"name": "Kim"}, format="json")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "only an editor" in response.json()["detail"]
    assert Actor.objects.get(slug="kim-jong-un").name == "Kim Jong Un"


def test_only_editors_make_a_record_public_by_hand(reporter, editor):
    actor = world.actor_create(by=reporter, name="Envoy", slug="envoy")
    with pytest.raises(services.PermissionDenied):
        world.actor_update(actor=actor, by=reporter, public_by_hand=True)
    world.actor_update(actor=actor, by=editor, public_by_hand=True)
    actor.refresh_from_db()
    assert actor.is_public


def test_an_actor_becomes_public_when_a_story_showing_it_is_published(editor):
    actor = factories.ActorFactory()
    story = factories.ArticleFactory()
    services.article_update(article=story, by=editor, about=[actor])
    actor.refresh_from_db()
    assert not actor.is_public
    services.article_publish(article=story, by=editor)
    actor.refresh_from_db()
    assert actor.is_public
    services.article_withdraw(article=story, by=editor)
    actor.refresh_from_db()
    assert not actor.is_public


def test_a_reporter_editing_their_story_in_review_is_told_to_ask_an_editor(reporter):
    article = services.article_create(by=reporter, headline="Mine", slug="mine", body="Text.")
    services.article_submit(article=article, by=reporter)
    with pytest.raises(services.PermissionDenied) as refused:
        services.article_update(article=article, by=reporter, headline="Changed")
    assert "it is in review; ask an editor to return it to draft" in str(refused.value)


def test_a_reporter_is_told_why_a_public_actor_is_read_only(client, reporter, seeded):
    client.force_login(reporter)
    actor = Actor.objects.get(slug="kim-jong-un")
    page = client.get(reverse("admin:actors_actor_change", args=[actor.pk])).content.decode()
    assert "only an editor can change it" in page
    assert 'name="name"' not in page  # read-only: no input to type into


def test_a_story_shown_for_the_first_time_makes_its_actors_public_from_its_time(editor):
    """A new live story's actors are public from its time; one that stops showing an
    actor lets it go unlisted again once no other live story shows it."""
    actor = factories.ActorFactory()
    story = factories.ArticleFactory()
    services.article_update(article=story, by=editor, about=[actor])
    services.article_publish(article=story, by=editor)
    actor.refresh_from_db()
    story.refresh_from_db()
    assert actor.public_since == story.published_at
    services.article_update(article=story, by=editor, about=[])
    actor.refresh_from_db()
    assert actor.public_since is None
