"""Rules the models keep for one object: verbatim quotes, offsets, Wikidata ids, date ranges,
and what counts as published."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from actors.models import Actor, Affiliation, Event
from articles.models import Article, Quote
from articles.rendering import render_story
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 9, 5, 12, 0, tzinfo=datetime.UTC)
BODY = "The minister said “we will talk again soon” and left.\nA second paragraph."


# The verbatim check


@pytest.mark.parametrize("kind", [Quote.Kind.DIRECT, Quote.Kind.PARTIAL])
def test_verbatim_quote_missing_from_the_body_is_refused(article, kind):
    """A direct or partial quote whose words are not in the body is refused, naming the words."""
    quote = Quote(article=article, text="we will never talk again", kind=kind)
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean()
    message = " ".join(excinfo.value.message_dict["text"])
    assert "does not occur word for word" in message
    assert "“we will never talk again”" in message


def test_verbatim_quote_in_the_body_is_accepted(article):
    """A direct quote copied exactly from the body passes the check."""
    Quote(article=article, text="we will talk again soon", kind=Quote.Kind.DIRECT).full_clean()


def test_verbatim_check_is_exact_to_the_character(article):
    """A straight apostrophe or a changed letter is not the same words."""
    quote = Quote(article=article, text="we will talk again Soon", kind=Quote.Kind.DIRECT)
    with pytest.raises(ValidationError, match="does not occur word for word"):
        quote.full_clean()


def test_paraphrase_missing_from_the_body_is_allowed(article):
    """A paraphrase is a summary: it need not occur in the body."""
    quote = Quote(
        article=article, text="The minister expects more talks.", kind=Quote.Kind.PARAPHRASE
    )
    quote.full_clean()


def test_quote_in_quotation_marks_is_refused(article):
    """The words are stored without their quotation marks."""
    quote = Quote(article=article, text="“we will talk again soon”", kind=Quote.Kind.DIRECT)
    with pytest.raises(ValidationError, match="without quotation marks"):
        quote.full_clean()


# Offsets


def test_offsets_point_at_the_quoted_words():
    """On save, start and end are the quote's character offsets in the body."""
    quote = factories.QuoteFactory(text="we will talk again soon")
    assert quote.start == BODY.index("we will")
    assert quote.article.body[quote.start : quote.end] == "we will talk again soon"


def test_paraphrase_has_no_offsets():
    """A paraphrase is not located in the body."""
    quote = factories.QuoteFactory(text="More talks are expected.", kind=Quote.Kind.PARAPHRASE)
    assert (quote.start, quote.end) == (None, None)
    assert quote.is_verified


def test_offsets_are_recomputed_after_a_body_edit():
    """Editing the body moves the quote's offsets with its words."""
    quote = factories.QuoteFactory(text="we will talk again soon")
    article = quote.article
    article.body = "In Geneva, late on Tuesday: " + article.body
    article.save()
    render_story(article)
    quote.refresh_from_db()
    assert article.body[quote.start : quote.end] == "we will talk again soon"
    assert quote.start == len("In Geneva, late on Tuesday: ") + BODY.index("we will")


def test_quote_whose_words_leave_the_body_is_flagged_not_dropped():
    """When the body no longer holds a quote's words, the quote stays, unlocated and unverified."""
    quote = factories.QuoteFactory(text="we will talk again soon")
    article = quote.article
    article.body = "The minister left without a word."
    article.save()
    render_story(article)
    quote.refresh_from_db()
    assert quote.text == "we will talk again soon"
    assert (quote.start, quote.end) == (None, None)
    assert not quote.is_verified
    assert list(Quote.objects.unverified()) == [quote]


def test_quote_is_verified_again_when_its_words_return():
    """Putting the words back in the body locates the quote again."""
    quote = factories.QuoteFactory(text="we will talk again soon")
    article = quote.article
    article.body = "Nothing was said."
    article.save()
    article.body = BODY
    article.save()
    quote.refresh_from_db()
    assert quote.is_verified
    assert Quote.objects.unverified().count() == 0


# Wikidata ids


@pytest.mark.parametrize("qid", ["Q1", "Q42", "Q56226", "Q130879"])
def test_wikidata_id_of_q_and_digits_is_accepted(qid):
    """A Wikidata id is Q followed by digits."""
    factories.ActorFactory.build(wikidata_id=qid).full_clean()


@pytest.mark.parametrize("qid", ["Q0", "q42", "42", "Q42a", "Q", "Q 42", "Q042", " Q42", "P31"])
def test_malformed_wikidata_id_is_refused(qid):
    """Anything but Q and digits (without a leading zero) is refused with an example."""
    actor = factories.ActorFactory.build(wikidata_id=qid)
    with pytest.raises(ValidationError) as excinfo:
        actor.full_clean()
    assert "Q followed by digits" in " ".join(excinfo.value.message_dict["wikidata_id"])


def test_two_actors_cannot_share_a_wikidata_id():
    """A Wikidata id names one actor only."""
    factories.ActorFactory(wikidata_id="Q56226")
    with pytest.raises(ValidationError, match="already has this Wikidata id"):
        factories.ActorFactory.build(wikidata_id="Q56226").full_clean()


def test_unnamed_source_cannot_have_a_wikidata_id():
    """An anonymous source has no public identity to link to."""
    actor = factories.ActorFactory.build(anonymous=True, wikidata_id="Q42")
    with pytest.raises(ValidationError, match="unnamed source cannot have a Wikidata id"):
        actor.full_clean()


def test_unnamed_source_has_no_page():
    """An anonymous source is shown by its description and has no URL."""
    actor = factories.ActorFactory(anonymous=True, name="Kremlin aide", description="an aide")
    assert actor.get_absolute_url() is None
    assert actor.display_name == "an aide"


def test_country_must_be_a_state():
    """An actor's country is an actor of kind state."""
    organisation = factories.OrganizationFactory()
    actor = factories.ActorFactory.build(country=organisation)
    with pytest.raises(ValidationError, match="country"):
        actor.full_clean()


def test_only_outlets_have_an_outlet_type():
    """A person is not a news agency."""
    actor = factories.ActorFactory.build(outlet_type=Actor.OutletType.NEWS_AGENCY)
    with pytest.raises(ValidationError, match="Only outlets have an outlet type"):
        actor.full_clean()


# Date ranges


def test_event_ending_before_it_starts_is_refused():
    """An event's end date cannot come before its start."""
    event = factories.EventFactory.build(
        date=datetime.date(2025, 9, 4), end_date=datetime.date(2025, 9, 3)
    )
    with pytest.raises(ValidationError) as excinfo:
        event.full_clean()
    assert excinfo.value.message_dict["end_date"] == ["The end date is before the start date."]


def test_event_ending_on_its_start_day_is_accepted():
    """A one-day event may give the same day as start and end."""
    day = datetime.date(2025, 9, 4)
    factories.EventFactory.build(date=day, end_date=day).full_clean()


def test_event_with_an_end_but_no_start_is_refused():
    """An end date needs a start date."""
    event = factories.EventFactory.build(date=None, end_date=datetime.date(2025, 9, 4))
    with pytest.raises(ValidationError, match="needs a start date"):
        event.full_clean()


def test_event_cannot_be_part_of_itself():
    """An event's parent is another event."""
    event = factories.EventFactory()
    event.parent = event
    with pytest.raises(ValidationError, match="cannot be part of itself"):
        event.full_clean()


def test_affiliation_ending_before_it_starts_is_refused():
    """An affiliation's end date cannot come before its start."""
    affiliation = factories.AffiliationFactory.build(
        actor=factories.ActorFactory(),
        organization=factories.OrganizationFactory(),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    with pytest.raises(ValidationError) as excinfo:
        affiliation.full_clean()
    assert excinfo.value.message_dict["end_date"] == ["The end date is before the start date."]


def test_actor_cannot_be_affiliated_with_itself():
    """An organisation is not its own member."""
    organisation = factories.OrganizationFactory()
    affiliation = Affiliation(actor=organisation, organization=organisation)
    with pytest.raises(ValidationError, match="affiliated with itself"):
        affiliation.full_clean()


def test_events_list_chronologically_with_undated_last():
    """Chronological order puts events without a date after the dated ones."""
    undated = factories.EventFactory(date=None, title="A undated")
    later = factories.EventFactory(date=datetime.date(2025, 9, 4))
    earlier = factories.EventFactory(date=datetime.date(2024, 1, 1))
    assert list(Event.objects.chronological()) == [earlier, later, undated]


# What counts as published


@pytest.fixture
def stories():
    """One story in each state, around a pinned now."""
    make = factories.ArticleFactory
    return {
        "published": make(status=Article.Status.PUBLISHED, published_at=NOW - _hours(1)),
        "draft": make(status=Article.Status.DRAFT),
        "in_review": make(status=Article.Status.IN_REVIEW),
        "withdrawn": make(status=Article.Status.WITHDRAWN, published_at=NOW - _hours(5)),
        "scheduled_past": make(status=Article.Status.SCHEDULED, published_at=NOW - _hours(2)),
        "scheduled_future": make(status=Article.Status.SCHEDULED, published_at=NOW + _hours(2)),
    }


def _hours(count):
    return datetime.timedelta(hours=count)


def test_published_includes_published_and_due_scheduled_stories(stories):
    """Published stories, and scheduled ones whose time has come, are published."""
    with time_machine.travel(NOW, tick=False):
        published = set(Article.objects.published())
    assert published == {stories["published"], stories["scheduled_past"]}


@pytest.mark.parametrize("state", ["draft", "in_review", "withdrawn", "scheduled_future"])
def test_published_excludes_unpublished_stories(stories, state):
    """Drafts, stories in review, withdrawn stories and future scheduled ones are not published."""
    with time_machine.travel(NOW, tick=False):
        assert stories[state] not in Article.objects.published()
        assert stories[state] in Article.objects.unpublished()


def test_scheduled_story_becomes_published_at_its_time(stories):
    """A scheduled story goes live when its time passes, without anyone touching it."""
    story = stories["scheduled_future"]
    with time_machine.travel(NOW + _hours(2) + datetime.timedelta(seconds=1), tick=False):
        assert story in Article.objects.published()
        assert story.is_public


def test_published_quotes_are_those_of_published_stories(stories):
    """Quotes of a draft are not published quotes."""
    public = factories.QuoteFactory(article=stories["published"])
    factories.QuoteFactory(article=stories["draft"])
    with time_machine.travel(NOW, tick=False):
        assert list(Quote.objects.published()) == [public]


def test_published_story_cannot_carry_a_future_date():
    """A story marked published with a future time must be scheduled instead."""
    article = factories.ArticleFactory.build(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + _hours(1)
    )
    with pytest.raises(ValidationError, match="Schedule it instead"):
        article.full_clean()


def test_saving_an_article_increments_its_version(draft):
    """Every save bumps the version, the guard against two editors overwriting each other."""
    draft.headline = "A better headline"
    draft.save()
    draft.refresh_from_db()
    assert draft.version == 2
