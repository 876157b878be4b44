"""The synthetic archive: shaped like years of coverage, written through the bulk services,
each story rendered once."""

import datetime
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from actors.models import Actor, Event, EventParticipant
from articles import corpus
from articles.models import Article, Quote
from articles.rendering import story_rendered

END = datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC)
START = END - datetime.timedelta(days=365 * corpus.YEARS)


def plan(stories=2000, actors=500, seed=7):
    rng = random.Random(seed)  # noqa: S311
    world = corpus.plan_world(
        rng, actors=actors, articles=stories, start=START.date(), end=END.date()
    )
    planned = corpus.plan_stories(
        rng,
        world,
        first=0,
        count=stories,
        quotes_per_article=10,
        start=START,
        end=END,
        total=stories,
    )
    return world, planned


@pytest.fixture(scope="module")
def planned():
    return plan()


def test_zipf_exponent_gives_the_busiest_speaker_a_tenth():
    """With 500 speakers, the first gets a tenth of the draws; with 5 the draws are even."""
    exponent = corpus.zipf_exponent(500)
    weights = corpus.zipf_weights(500, exponent)
    assert weights[0] / weights[-1] == pytest.approx(0.1, abs=0.001)
    assert corpus.zipf_exponent(5) == 0.0


def test_one_speaker_says_about_a_tenth_of_all_quotes(planned):
    _world, stories = planned
    speakers = Counter(q["speaker"] for s in stories for q in s["quotes"] if q["speaker"])
    total = sum(len(s["quotes"]) for s in stories)
    assert 0.07 < speakers.most_common(1)[0][1] / total < 0.13


def test_bodies_are_about_800_words_and_hold_their_direct_quotes(planned):
    _world, stories = planned
    for story in stories:
        assert 750 <= len(story["body"].split()) <= 1100
        if story["status"] == Article.Status.DRAFT:
            continue
        for quote in story["quotes"]:
            if quote["kind"] != Quote.Kind.PARAPHRASE:
                assert quote["text"] in story["body"]


def test_each_quote_comes_through_one_or_two_outlets(planned):
    _world, stories = planned
    counts = Counter(len(q["outlets"]) for s in stories for q in s["quotes"])
    assert set(counts) == {1, 2}


def test_dates_span_years_and_some_stories_carry_corrections(planned):
    _world, stories = planned
    published = [s["published_at"] for s in stories if s["published_at"]]
    assert max(published) - min(published) > datetime.timedelta(days=365 * (corpus.YEARS - 1))
    assert 0 < sum(bool(s["corrections"]) for s in stories) < len(stories) / 10


def test_events_have_participants_and_are_covered(planned):
    world, stories = planned
    assert all(e["participants"] for e in world["events"])
    assert max(len(e["participants"]) for e in world["events"]) > 2
    assert sum(bool(s["events"]) for s in stories) > len(stories) / 3


def test_the_same_seed_plans_the_same_archive():
    assert plan(stories=50, seed=3)[1] == plan(stories=50, seed=3)[1]
    assert plan(stories=50, seed=3)[1] != plan(stories=50, seed=4)[1]


@pytest.mark.django_db
def test_generate_writes_the_archive_and_renders_each_story_once():
    """Every story is rendered exactly once, with its quotes marked up and located."""
    rendered = Counter()

    def count(sender, article, **kwargs):
        rendered[article.pk] += 1

    story_rendered.connect(count)
    try:
        summary = corpus.generate(
            articles=40, quotes_per_article=5, actors=30, seed=2, chunk=15, now=timezone.now()
        )
    finally:
        story_rendered.disconnect(count)
    assert summary.stories == Article.objects.count() == 40
    assert summary.quotes == Quote.objects.count() == 200
    assert set(rendered.values()) == {1}
    assert len(rendered) == 40
    published = Article.objects.published()
    assert published.count() > 30
    story = published.order_by("pk").first()
    assert story.rendered_body.count("<q ") >= 1
    assert not Quote.objects.filter(article__in=published).unverified().exists()
    assert Quote.outlets.through.objects.count() >= 200
    assert EventParticipant.objects.exists()
    # What a published story shows is public; the first revision is in history.
    assert Actor.objects.public().filter(slug=summary.busiest).exists()
    assert Event.objects.public().exists()
    assert story.history.count() == 1


@pytest.mark.django_db
def test_drafts_may_carry_quotes_to_check_for_the_desk():
    corpus.generate(articles=120, quotes_per_article=4, actors=30, seed=5)
    assert not Quote.objects.public().unverified().exists()
    unverified = Quote.objects.unverified()
    assert all(q.article.status == Article.Status.DRAFT for q in unverified)


@pytest.mark.django_db
def test_a_second_archive_reuses_states_and_outlets_and_new_slugs():
    corpus.generate(articles=10, quotes_per_article=2, actors=30, seed=1)
    corpus.generate(articles=10, quotes_per_article=2, actors=30, seed=1)
    assert Article.objects.count() == 20
    assert Actor.objects.filter(slug="kcna").count() == 1


@pytest.mark.django_db
def test_the_command_prints_progress_and_a_summary(capsys):
    call_command(
        "generate_corpus", "--articles=6", "--quotes-per-article=2", "--actors=20", "--chunk=3"
    )
    out = capsys.readouterr().out
    assert "3/6 stories" in out
    assert "Generated 6 stories, 12 quotes" in out


@pytest.mark.django_db
def test_the_command_refuses_too_few_actors():
    with pytest.raises(CommandError, match="5 actors"):
        call_command("generate_corpus", "--articles=2", "--actors=2", verbosity=0)
