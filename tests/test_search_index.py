"""The search index follows the write path: written when a story renders, emptied of a
story readers can no longer see, refreshed when an actor changes, rebuilt on demand.

Run on both databases: the rows are the same, the engine's side (PostgreSQL's search
vector, SQLite's FTS5 table) is what the searches below read.
"""

import pytest
from django.core.management import call_command

from actors.models import Actor
from actors.services import actor_update
from articles import services
from articles.models import Article
from articles.rendering import render_story
from articles.search import Kind, find, query_terms
from articles.search_index import SearchEntry, cjk_grams, index_story
from core.writes import write_scope
from tests import factories

pytestmark = pytest.mark.django_db

# Per render: the shown actors, the quotes with speaker and event, their outlets, the
# rows stored, the upsert, the vectors (PostgreSQL), stale rows, stale actors.
INDEX_QUERIES = 8


def found(kind, words):
    return find(kind, query_terms(words.split()), per_page=50).records


@pytest.fixture
def story():
    speaker = factories.ActorFactory(name="Choe Son Hui", slug="choe-son-hui")
    article = factories.PublishedArticleFactory(
        headline="Foreign ministers meet", body="Choe said “we will talk again soon”."
    )
    quote = factories.QuoteFactory(article=article, speaker=speaker)
    return {"article": article, "quote": quote, "speaker": speaker}


def test_a_rendered_story_is_indexed_with_its_quotes_and_actors(story):
    """Rendering a published story writes its row, its quotes' rows and its actors' rows."""
    rows = set(SearchEntry.objects.values_list("kind", "object_id"))

    assert rows == {
        (Kind.STORY, story["article"].pk),
        (Kind.QUOTE, story["quote"].pk),
        (Kind.ACTOR, story["speaker"].pk),
    }


def test_a_draft_is_not_in_the_index(db):
    """A draft, its quotes and the actors only it shows are never indexed."""
    article = factories.ArticleFactory(body="Choe said “we will talk again soon”.")
    factories.QuoteFactory(article=article)

    assert not SearchEntry.objects.filter(article=article).exists()


def test_a_withdrawn_story_leaves_the_index_at_once(story, editor):
    """Withdrawing a story removes it and its quotes from the index in the same write."""
    assert found(Kind.STORY, "ministers") == [story["article"]]

    services.article_withdraw(article=story["article"], by=editor)

    assert not SearchEntry.objects.filter(article=story["article"]).exists()
    assert found(Kind.STORY, "ministers") == []
    assert found(Kind.QUOTE, "talk again") == []


def test_a_republished_story_is_found_again(story, editor):
    """Published again after a withdrawal, the story is back in the index."""
    services.article_withdraw(article=story["article"], by=editor)
    services.article_publish(article=Article.objects.get(pk=story["article"].pk), by=editor)

    assert found(Kind.STORY, "ministers") == [story["article"]]


def test_an_edited_story_is_found_by_its_new_words(story, editor):
    """An edit through the service replaces the story's indexed words."""
    article = story["article"]
    services.article_update(
        article=article,
        by=editor,
        version=article.version,
        headline="Sanctions discussed",
    )

    assert found(Kind.STORY, "sanctions") == [article]
    assert found(Kind.STORY, "ministers") == []


def test_a_deleted_quote_leaves_the_index(story, editor):
    """Deleting a quote through the service removes its row."""
    services.quote_delete(quote=story["quote"], by=editor)

    assert not SearchEntry.objects.filter(kind=Kind.QUOTE).exists()
    assert found(Kind.QUOTE, "talk again") == []


def test_a_deleted_story_leaves_the_index(story, editor):
    """Deleting a story removes its row and its quotes' rows with it."""
    services.article_delete(article=story["article"], by=editor)

    assert not SearchEntry.objects.exclude(kind=Kind.ACTOR).exists()


def test_a_renamed_actor_is_found_by_the_new_name(story, editor):
    """Renaming an actor reindexes them in the same write, and their quotes as the
    stories showing them are rendered again."""
    actor = Actor.objects.get(pk=story["speaker"].pk)
    actor_update(actor=actor, by=editor, name="Choe Son-hee")
    assert [a.slug for a in found(Kind.ACTOR, "Son-hee")] == ["choe-son-hui"]

    render_story(Article.objects.get(pk=story["article"].pk))  # as a re-render does

    assert found(Kind.QUOTE, "Son-hee") == [story["quote"]]
    assert found(Kind.QUOTE, "Hui") == []
    assert SearchEntry.objects.filter(kind=Kind.ACTOR).count() == 1


def test_an_actor_made_public_by_hand_is_indexed(db, editor):
    """An actor no story shows, made public by an editor, is found."""
    actor = factories.ActorFactory(name="Ri Son Gwon", slug="ri-son-gwon")

    actor_update(actor=actor, by=editor, public_by_hand=True)

    assert [a.slug for a in found(Kind.ACTOR, "Gwon")] == ["ri-son-gwon"]


def test_rebuild_search_index_fills_an_empty_index(story, capsys):
    """``manage.py rebuild_search_index`` indexes every story readers may see again."""
    SearchEntry.objects.all().delete()
    assert found(Kind.QUOTE, "Choe") == []

    call_command("rebuild_search_index")

    assert found(Kind.QUOTE, "Choe") == [story["quote"]]
    assert found(Kind.STORY, "ministers") == [story["article"]]
    assert "Search index rebuilt: 3 rows." in capsys.readouterr().out


def test_the_seed_fills_the_index_through_the_services(seeded):
    """The seeded report, its public quotes and its actors are indexed as it loads."""
    article = Article.objects.get()
    assert SearchEntry.objects.filter(kind=Kind.STORY, object_id=article.pk).exists()
    assert SearchEntry.objects.filter(kind=Kind.QUOTE).count() == article.quotes.count()
    assert found(Kind.ACTOR, "kcna")[0].slug == "kcna"


@pytest.mark.parametrize("size", [1, 20])
def test_indexing_a_story_runs_a_fixed_number_of_queries(size, django_assert_max_num_queries):
    """Indexing a story costs the same queries however many quotes and actors it has."""
    with write_scope():
        article = factories.PublishedArticleFactory(
            body=" ".join(f"Speaker {i} said “words {i} exactly”." for i in range(size))
        )
        for i in range(size):
            factories.QuoteFactory(
                article=article, text=f"words {i} exactly", outlets=[factories.OutletFactory()]
            )
    article.refresh_from_db()

    with django_assert_max_num_queries(INDEX_QUERIES):
        index_story(article)

    assert SearchEntry.objects.filter(kind=Kind.QUOTE).count() == size


# --- Pure parts -----------------------------------------------------------------------------


def test_cjk_runs_are_indexed_as_single_characters_and_pairs():
    assert cjk_grams("Kim 김정은, Xi 习近平") == "김 정 은 김정 정은 习 近 平 习近 近平"
    assert cjk_grams("no native script") == ""


def test_query_terms_split_hyphens_and_cjk_runs():
    terms = query_terms(["Kim", "Jong-un", "김정은은", "—"])

    assert [t.words for t in terms if t.words] == [("Kim",), ("Jong", "un")]
    assert [t.grams for t in terms if t.grams] == [("김정", "정은", "은은")]
