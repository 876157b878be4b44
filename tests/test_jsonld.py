"""schema.org JSON-LD on the reader's pages: it parses, with the right types."""

import datetime
import json
import re

import pytest

from actors.models import Event
from core.dates import DatePrecision
from tests import factories

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def jsonld(client, url):
    """The single JSON-LD object on the page at ``url``."""
    html = client.get(url).content.decode()
    scripts = SCRIPT.findall(html)
    assert len(scripts) == 1, scripts
    return json.loads(scripts[0])


@pytest.fixture
def story():
    """A published story about a person and a state, mentioning an organisation, corrected once."""
    article = factories.PublishedArticleFactory(
        byline="Jane Reporter",
        published_at=datetime.datetime(2025, 9, 5, 6, 0, tzinfo=datetime.UTC),
    )
    article.about.add(
        factories.ActorFactory(name="Kim Jong Un", wikidata_id="Q56226"),
        factories.StateFactory(name="China", wikidata_id="Q148"),
    )
    article.mentions.add(factories.OrganizationFactory(name="U.N. Security Council"))
    factories.CorrectionFactory(article=article, text="Lavrov's title was wrong.")
    return article


def test_story_is_a_news_article_with_author_and_dates(client, story):
    """A story is a NewsArticle with its author, datePublished and dateModified."""
    data = jsonld(client, story.get_absolute_url())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == story.headline
    assert data["author"] == {"@type": "Person", "name": "Jane Reporter"}
    assert data["datePublished"] == "2025-09-05T06:00:00+00:00"
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= story.published_at


def test_story_about_and_mentions_are_typed_with_wikidata_same_as(client, story):
    """``about`` and ``mentions`` are Person, Country or Organization, with Wikidata as sameAs."""
    data = jsonld(client, story.get_absolute_url())

    about = {item["name"]: item for item in data["about"]}
    assert about["Kim Jong Un"]["@type"] == "Person"
    assert about["Kim Jong Un"]["sameAs"] == "https://www.wikidata.org/wiki/Q56226"
    assert about["China"]["@type"] == "Country"
    assert about["China"]["sameAs"] == "https://www.wikidata.org/wiki/Q148"
    assert [item["@type"] for item in data["mentions"]] == ["Organization"]
    assert "sameAs" not in data["mentions"][0]


def test_story_carries_its_corrections(client, story):
    """A corrected story lists each correction as a CorrectionComment."""
    data = jsonld(client, story.get_absolute_url())

    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Lavrov's title was wrong.",
            "datePublished": story.corrections.get().published_on.isoformat(),
        }
    ]


def test_story_without_correction_has_none(client, article):
    """An uncorrected story has no ``correction`` property."""
    assert "correction" not in jsonld(client, article.get_absolute_url())


def test_quote_is_a_quotation_spoken_by_its_speaker(client):
    """A quote page is a Quotation with spokenByCharacter and the story it is part of."""
    quote = factories.QuoteFactory(
        speaker=factories.ActorFactory(name="Sergei Lavrov", wikidata_id="Q47580"),
        outlets=[factories.OutletFactory(name="The New York Times")],
    )

    data = jsonld(client, quote.get_absolute_url())

    assert data["@type"] == "Quotation"
    assert data["text"] == "we will talk again soon"
    assert data["spokenByCharacter"]["@type"] == "Person"
    assert data["spokenByCharacter"]["name"] == "Sergei Lavrov"
    assert data["spokenByCharacter"]["sameAs"] == "https://www.wikidata.org/wiki/Q47580"
    assert data["isPartOf"]["@type"] == "NewsArticle"
    assert data["sourceOrganization"][0]["name"] == "The New York Times"


def test_event_has_start_date_location_and_attendees(client):
    """An event page is an Event with its startDate, location and attendees."""
    china = factories.StateFactory(name="China")
    event = factories.EventFactory(
        title="Military parade",
        kind=Event.Kind.CEREMONY,
        date=datetime.date(2025, 9, 1),
        date_precision=DatePrecision.MONTH,
        location_name="Tiananmen Square",
        location_country=china,
        public_by_hand=True,
    )
    factories.EventParticipantFactory(
        event=event, actor__name="Kim Jong Un", actor__public_by_hand=True
    )

    data = jsonld(client, event.get_absolute_url())

    assert data["@type"] == "Event"
    assert data["startDate"] == "2025-09"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Tiananmen Square, China"
    assert data["location"]["address"]["addressCountry"] == "China"
    (attendee,) = data["attendee"]
    assert attendee["@type"] == "Person"
    assert attendee["name"] == "Kim Jong Un"
    assert attendee["url"].startswith("http://testserver/actors/")


def test_unnamed_source_is_left_out_of_attendees(client):
    """An unnamed source among the participants is not named in the structured data."""
    participation = factories.EventParticipantFactory(
        event__public_by_hand=True,
        actor__anonymous=True,
        actor__description="a Kremlin aide",
        actor__public_by_hand=True,
    )

    data = jsonld(client, participation.event.get_absolute_url())

    assert "attendee" not in data


def test_jsonld_cannot_close_its_script_element(client):
    """Editors' text containing </script> stays inside the JSON-LD and parses back intact."""
    headline = "</script><script>alert(1)</script> & <!-- more"
    article = factories.PublishedArticleFactory(headline=headline)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert jsonld(client, article.get_absolute_url())["headline"] == headline


def test_actor_page_is_typed_as_its_kind(client):
    """Actor pages carry structured data too, typed as their kind."""
    state = factories.StateFactory(name="North Korea", wikidata_id="Q423", public_by_hand=True)

    data = jsonld(client, state.get_absolute_url())

    assert data["@type"] == "Country"
    assert data["sameAs"] == "https://www.wikidata.org/wiki/Q423"
