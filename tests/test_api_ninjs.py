"""The IPTC ninjs 3.1 export, validated against the standard's own JSON Schema."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from rest_framework.test import APIClient

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_3.1.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
SUMMIT = "kim-jong-un-xi-jinping-beijing-summit"


def ninjs(slug, client=None):
    response = (client or APIClient()).get(f"/api/v1/articles/{slug}/ninjs")
    assert response.status_code == HTTPStatus.OK, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def assert_valid(item):
    errors = sorted(VALIDATOR.iter_errors(item), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_validator_catches_an_invalid_item():
    """The schema copy really validates: an item without its uri is refused."""
    assert list(VALIDATOR.iter_errors({"type": "text"}))
    assert list(VALIDATOR.iter_errors({"uri": "x", "headlines": "not a list"}))


def test_the_seeded_story_is_valid_ninjs(seeded):
    """The summit report exports as valid ninjs 3.1."""
    assert_valid(ninjs(SUMMIT))


def test_a_minimal_story_is_valid_ninjs(article):
    """A story with no actors, events or quotes is valid too."""
    assert_valid(ninjs(article.slug))


def test_headline_body_by_and_located(seeded):
    """The story's text and provenance fields map onto ninjs."""
    story = Article.objects.get(slug=SUMMIT)
    story.byline, story.dateline = "Diplomatic Desk staff", "Seoul"
    story.save()
    item = ninjs(SUMMIT)
    assert item["headlines"] == [{"role": "main", "value": story.headline}]
    assert item["bodies"][0]["value"] == story.body
    assert item["bodies"][0]["contentType"] == "text/plain"
    assert item["bodies"][1]["contentType"] == "text/html"
    assert (item["by"], item["located"]) == ("Diplomatic Desk staff", "Seoul")
    assert item["standard"]["version"] == "3.1"
    assert item["uri"].endswith(f"/stories/{SUMMIT}/")
    assert item["pubStatus"] == "usable"


def test_people_carry_wikidata_uris(seeded):
    """Kim Jong Un is a person, with his Wikidata entity URI."""
    people = {p["name"]: p for p in ninjs(SUMMIT)["people"]}
    assert people["Kim Jong Un"]["uri"] == "https://www.wikidata.org/entity/Q56226"
    assert people["Kim Jong Un"]["rel"] == "about"


def test_states_are_places_and_organisations_are_organisations():
    """States go to places, organisations and outlets to organisations."""
    story = factories.PublishedArticleFactory()
    china = factories.StateFactory(name="China", wikidata_id="Q148")
    party = factories.OrganizationFactory(name="Communist Party of China")
    story.about.set([china])
    story.mentions.set([party])
    item = ninjs(story.slug)
    assert_valid(item)
    assert item["places"] == [
        {
            "name": "China",
            "rel": "about",
            "literal": china.slug,
            "uri": "https://www.wikidata.org/entity/Q148",
        }
    ]
    assert item["organisations"][0]["name"] == "Communist Party of China"
    assert item["organisations"][0]["uri"].endswith(f"/actors/{party.slug}/")


def test_outlets_are_info_sources(seeded):
    """The outlets the quotes reached us through are the item's infoSources."""
    sources = {s["name"] for s in ninjs(SUMMIT)["infoSources"]}
    assert {"KCNA", "Xinhua"} <= sources


def test_events_are_listed(seeded):
    """The events the story covers appear with their page's URI."""
    events = ninjs(SUMMIT)["events"]
    assert events
    assert all(event["uri"].startswith("http://testserver/events/") for event in events)


def test_unnamed_sources_are_not_people():
    """An unnamed source has no identity to exchange."""
    aide = factories.ActorFactory(name="Aide", description="Kremlin aide", anonymous=True)
    quote = factories.QuoteFactory(speaker=aide)
    item = ninjs(quote.article.slug)
    assert "people" not in item


def test_a_draft_has_no_public_ninjs(draft):
    """Anonymous clients cannot export a draft."""
    response = APIClient().get(f"/api/v1/articles/{draft.slug}/ninjs")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_staff_export_a_draft_as_withheld(draft):
    """A draft exported by staff is marked withheld, and is still valid ninjs."""
    client = APIClient()
    client.force_authenticate(factories.EditorFactory())
    item = ninjs(draft.slug, client)
    assert item["pubStatus"] == "withheld"
    assert_valid(item)


def test_the_trailing_slash_form_answers_too(article):
    """/ninjs and /ninjs/ give the same item."""
    client = APIClient()
    bare = client.get(f"/api/v1/articles/{article.slug}/ninjs").json()
    slashed = client.get(f"/api/v1/articles/{article.slug}/ninjs/").json()
    assert bare == slashed
