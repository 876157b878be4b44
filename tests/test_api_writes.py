"""Token-authenticated writes: what they change, and the 400s with a message per field."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from actors.models import Actor, Event
from articles.models import Article, Quote
from tests import factories

pytestmark = pytest.mark.django_db

BODY = "Kim said “friendship cannot change” on Thursday.\nXi said “we stand together”."
NOW = datetime.datetime(2025, 9, 5, 12, tzinfo=datetime.UTC)


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor():
    return token_client(factories.EditorFactory())


@pytest.fixture
def story():
    story = factories.ArticleFactory(slug="summit-story", body=BODY)
    return story


@pytest.fixture
def kim():
    return factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")


@pytest.fixture
def kcna():
    return factories.OutletFactory(name="KCNA", slug="kcna")


# Quotes


def test_create_a_quote_with_its_provenance(editor, story, kim, kcna):
    """Speaker, outlets, event and article are named by slug; the answer is the new quote."""
    summit = factories.EventFactory(slug="summit")
    response = editor.post(
        "/api/v1/quotes/",
        {
            "article": "summit-story",
            "text": "friendship cannot change",
            "speaker": "kim-jong-un",
            "outlets": ["kcna"],
            "said_on": "2025-09-04",
            "event": "summit",
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    body = response.json()
    quote = Quote.objects.get(pk=body["id"])
    assert (quote.speaker, list(quote.outlets.all()), quote.event) == (kim, [kcna], summit)
    assert (body["start"], body["end"]) == (10, 34)
    assert response["Location"] == body["url"]


def test_a_quote_date_sets_its_precision(editor, story):
    """said_on "2025-09" is stored as September 2025, known to the month."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "we stand together", "said_on": "2025-09"},
        format="json",
    )
    assert response.json()["said_on"] == "2025-09"
    quote = Quote.objects.get()
    assert (quote.said_on, quote.said_on_precision) == (datetime.date(2025, 9, 1), "month")


def test_a_quote_not_in_the_body_is_refused_on_text(editor, story):
    """A direct quote whose words are not in the body is a 400 on text, and nothing is saved."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "we never said this"},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["text"]
    assert "does not occur word for word" in response.json()["text"][0]
    assert not Quote.objects.exists()


def test_a_paraphrase_need_not_be_in_the_body(editor, story):
    """Only direct and partial quotes are checked word for word."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "They are friends", "kind": "paraphrase"},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED


def test_unknown_slugs_are_refused_field_by_field(editor, story, kim):
    """Each unknown slug is named on its own field, all in one answer."""
    response = editor.post(
        "/api/v1/quotes/",
        {
            "article": "summit-story",
            "text": "friendship cannot change",
            "speaker": "nobody",
            "outlets": ["kim-jong-un"],
            "event": "no-event",
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {
        "speaker": ["No actor has the slug “nobody”."],
        "outlets": ["No outlet has the slug “kim-jong-un”."],
        "event": ["No event has the slug “no-event”."],
    }


@pytest.mark.parametrize(
    ("said_on", "message"),
    [
        ("4 September 2025", "YYYY-MM-DD"),
        ("2025-02-30", "not a real date"),
        ("2025-13", "not a real date"),
        (20250904, "YYYY-MM-DD"),
    ],
)
def test_an_invalid_date_is_refused_on_said_on(editor, story, said_on, message):
    """A date that is not YYYY, YYYY-MM or YYYY-MM-DD, or not real, is explained."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "we stand together", "said_on": said_on},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.json()["said_on"][0]


def test_an_invalid_precision_is_refused(editor, story):
    """said_on_precision is day, month or year."""
    response = editor.post(
        "/api/v1/quotes/",
        {
            "article": "summit-story",
            "text": "we stand together",
            "said_on": "2025-09-04",
            "said_on_precision": "week",
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["said_on_precision"]


def test_a_precision_finer_than_the_date_is_refused(editor, story):
    """ "2025" cannot be known to the day."""
    response = editor.post(
        "/api/v1/quotes/",
        {
            "article": "summit-story",
            "text": "we stand together",
            "said_on": "2025",
            "said_on_precision": "day",
        },
        format="json",
    )
    assert response.json() == {
        "said_on_precision": ["The date is only known to the year; it cannot have day precision."]
    }


def test_update_a_quote(editor, story, kim):
    """PATCH changes only the fields sent."""
    quote = factories.QuoteFactory(article=story, text="we stand together", speaker=kim)
    response = editor.patch(
        f"/api/v1/quotes/{quote.pk}/",
        {"kind": "partial", "said_on": "2024", "version": quote.version},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK
    quote.refresh_from_db()
    assert (quote.kind, quote.said_on_iso, quote.speaker) == ("partial", "2024", kim)


def test_a_quote_stays_in_its_article(editor, story):
    """The article of an existing quote cannot be changed."""
    quote = factories.QuoteFactory(article=story, text="we stand together")
    other = factories.ArticleFactory(slug="other", body=BODY)
    editor.patch(
        f"/api/v1/quotes/{quote.pk}/", {"article": "other", "version": quote.version}, format="json"
    )
    quote.refresh_from_db()
    assert quote.article == story
    assert not other.quotes.exists()


def test_delete_a_quote(editor, story):
    """DELETE removes the quote and its markup from the story."""
    quote = factories.QuoteFactory(article=story, text="we stand together")
    response = editor.delete(f"/api/v1/quotes/{quote.pk}/")
    assert response.status_code == HTTPStatus.NO_CONTENT
    story.refresh_from_db()
    assert not Quote.objects.exists()
    assert "<q" not in story.rendered_body


# Articles


def test_create_an_article(editor, kim):
    """A new story is a draft with the actors and events it names."""
    summit = factories.EventFactory(slug="summit")
    response = editor.post(
        "/api/v1/articles/",
        {
            "headline": "Kim in Beijing",
            "slug": "kim-in-beijing",
            "body": BODY,
            "about": ["kim-jong-un"],
            "events": ["summit"],
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["status"] == "draft"
    article = Article.objects.get(slug="kim-in-beijing")
    assert list(article.about.all()) == [kim]
    assert list(article.events.all()) == [summit]


def test_a_refused_article_leaves_no_trace(editor):
    """An unknown actor among valid fields: 400, and no story is created."""
    response = editor.post(
        "/api/v1/articles/",
        {"headline": "H", "slug": "h", "body": BODY, "about": ["nobody"]},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"about": ["No actor has the slug “nobody”."]}
    assert not Article.objects.exists()


def test_missing_fields_are_named(editor):
    """Each required field missing is named."""
    response = editor.post("/api/v1/articles/", {}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()) == {"headline", "body"}  # a slug is made from the headline


def test_a_taken_slug_is_refused(editor, story):
    """Slugs are unique."""
    response = editor.post(
        "/api/v1/articles/",
        {"headline": "H", "slug": "summit-story", "body": BODY},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["slug"]


def test_a_stale_version_is_a_409(editor, story):
    """Sending the version you edited protects a colleague's newer save."""
    story.save()  # someone else saved: version 2
    response = editor.patch(
        "/api/v1/articles/summit-story/", {"headline": "Mine", "version": 1}, format="json"
    )
    assert response.status_code == HTTPStatus.CONFLICT
    assert "changed since version 1" in response.json()["detail"]
    story.refresh_from_db()
    assert story.headline != "Mine"


def test_the_current_version_is_accepted(editor, story):
    """With the current version, the change goes through and the version goes up."""
    response = editor.patch(
        "/api/v1/articles/summit-story/", {"headline": "Mine", "version": 1}, format="json"
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["version"] == 2


def test_a_published_article_keeps_its_slug(editor):
    """Published addresses are stable."""
    live = factories.PublishedArticleFactory(slug="live")
    response = editor.patch(
        "/api/v1/articles/live/", {"slug": "renamed", "version": live.version}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["slug"]


def test_status_cannot_be_written_directly(editor, story):
    """Status changes only through the workflow actions."""
    editor.patch(
        "/api/v1/articles/summit-story/",
        {"status": "published", "version": story.version},
        format="json",
    )
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_editing_the_body_flags_quotes_no_longer_in_it(editor, story):
    """A quote whose words leave the body is kept and flagged unverified."""
    quote = factories.QuoteFactory(article=story, text="we stand together")
    response = editor.patch(
        "/api/v1/articles/summit-story/",
        {"body": "Nothing quoted now.", "version": story.version},
        format="json",
    )
    assert response.json()["quotes"][0]["verified"] is False
    quote.refresh_from_db()
    assert quote.start is None


# Workflow


@time_machine.travel(NOW, tick=False)
def test_schedule_a_story(editor, story):
    """/schedule/ with a future time hides the story until then."""
    response = editor.post(
        "/api/v1/articles/summit-story/schedule/",
        {"published_at": "2025-09-06T06:00:00Z"},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "scheduled"
    assert APIClient().get("/api/v1/articles/summit-story/").status_code == HTTPStatus.NOT_FOUND


@time_machine.travel(NOW, tick=False)
def test_scheduling_in_the_past_is_refused_on_published_at(editor, story):
    """A schedule time must be in the future."""
    response = editor.post(
        "/api/v1/articles/summit-story/schedule/",
        {"published_at": "2025-09-01T06:00:00Z"},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["published_at"]


def test_scheduling_without_a_time_is_refused(editor, story):
    """published_at is required."""
    response = editor.post("/api/v1/articles/summit-story/schedule/", {}, format="json")
    assert response.json() == {"published_at": ["This field is required."]}


def test_a_transition_from_the_wrong_state_is_explained(editor):
    """Withdrawing a draft is a 400 that says why."""
    factories.ArticleFactory(slug="draft")
    response = editor.post("/api/v1/articles/draft/withdraw/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "only a story that is" in response.json()["non_field_errors"][0]


def test_publish_then_withdraw(editor, story):
    """An editor publishes, then withdraws: readers see it, then no longer."""
    assert editor.post("/api/v1/articles/summit-story/publish/").status_code == HTTPStatus.OK
    assert APIClient().get("/api/v1/articles/summit-story/").status_code == HTTPStatus.OK
    assert editor.post("/api/v1/articles/summit-story/withdraw/").status_code == HTTPStatus.OK
    assert APIClient().get("/api/v1/articles/summit-story/").status_code == HTTPStatus.NOT_FOUND


def test_return_to_draft(editor, story):
    """An editor sends a story in review back to draft."""
    story.status = Article.Status.IN_REVIEW
    story.save()
    response = editor.post("/api/v1/articles/summit-story/return-to-draft/")
    assert response.json()["status"] == "draft"


def test_add_a_correction(editor):
    """An editor appends a correction to a published story."""
    factories.PublishedArticleFactory(slug="live")
    response = editor.post(
        "/api/v1/articles/live/corrections/", {"text": "A name was misspelt."}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED
    corrections = editor.get("/api/v1/articles/live/").json()["corrections"]
    assert [c["text"] for c in corrections] == ["A name was misspelt."]


def test_corrections_are_for_published_stories(editor, story):
    """A draft is edited, not corrected."""
    response = editor.post(
        "/api/v1/articles/summit-story/corrections/", {"text": "Fix."}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST


# Events and actors


def test_create_an_event_with_participants(editor, kim):
    """An event's date is reduced-precision ISO; participants are [{actor, role}]."""
    response = editor.post(
        "/api/v1/events/",
        {
            "title": "Talks",
            "slug": "talks",
            "kind": "summit",
            "date": "2025-10",
            "participants": [{"actor": "kim-jong-un", "role": "host"}],
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert (body["date"], body["date_precision"]) == ("2025-10", "month")
    assert body["participants"][0]["actor"]["slug"] == "kim-jong-un"
    assert body["participants"][0]["role"] == "host"


def test_an_explicit_precision_coarsens_the_event_date(editor):
    """date 2025-09-04 with date_precision year is stored as 2025."""
    response = editor.post(
        "/api/v1/events/",
        {"title": "T", "slug": "t", "date": "2025-09-04", "date_precision": "year"},
        format="json",
    )
    assert response.json()["date"] == "2025"
    assert Event.objects.get().date == datetime.date(2025, 1, 1)


def test_replacing_participants(editor, kim):
    """PATCH with participants replaces the whole list."""
    event = factories.EventFactory(slug="talks")
    factories.EventParticipantFactory(event=event)
    response = editor.patch(
        "/api/v1/events/talks/", {"participants": [{"actor": "kim-jong-un"}]}, format="json"
    )
    assert [p["actor"]["slug"] for p in response.json()["participants"]] == ["kim-jong-un"]


def test_a_repeated_participant_is_refused(editor, kim):
    """An actor takes part in an event once."""
    response = editor.post(
        "/api/v1/events/",
        {
            "title": "T",
            "slug": "t",
            "participants": [{"actor": "kim-jong-un"}, {"actor": "kim-jong-un"}],
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "repeated: kim-jong-un" in response.json()["participants"][0]
    assert not Event.objects.exists()


def test_an_event_ending_before_it_starts_is_refused(editor):
    """The model's own rules are applied to API writes."""
    response = editor.post(
        "/api/v1/events/",
        {"title": "T", "slug": "t", "date": "2025-09-04", "end_date": "2025-09-01"},
        format="json",
    )
    assert response.json() == {"end_date": ["The end date is before the start date."]}


def test_create_an_actor(editor):
    """An actor's country is a state's slug."""
    factories.StateFactory(slug="north-korea")
    response = editor.post(
        "/api/v1/actors/",
        {"name": "Choe Son Hui", "slug": "choe-son-hui", "country": "north-korea"},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["country"]["slug"] == "north-korea"


def test_the_actors_own_rules_apply(editor):
    """Only outlets have an outlet type (a rule in the model's clean())."""
    response = editor.post(
        "/api/v1/actors/",
        {"name": "X", "slug": "x", "kind": "person", "outlet_type": "newspaper"},
        format="json",
    )
    assert response.json() == {"outlet_type": ["Only outlets have an outlet type."]}


def test_a_malformed_wikidata_id_is_refused(editor):
    """Wikidata ids look like Q56226."""
    response = editor.post(
        "/api/v1/actors/", {"name": "X", "slug": "x", "wikidata_id": "12"}, format="json"
    )
    assert list(response.json()) == ["wikidata_id"]
    assert "Q followed by digits" in response.json()["wikidata_id"][0]


def test_deleting_an_actor_still_quoted_is_a_409(editor, kim):
    """An actor with quotes cannot be deleted; the answer says what refers to it."""
    factories.QuoteFactory(speaker=kim)
    response = editor.delete("/api/v1/actors/kim-jong-un/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert "quotes" in response.json()["detail"]
    assert Actor.objects.filter(slug="kim-jong-un").exists()


def test_deleting_an_unreferenced_event(editor):
    """An event nobody refers to can be deleted."""
    factories.EventFactory(slug="talks")
    assert editor.delete("/api/v1/events/talks/").status_code == HTTPStatus.NO_CONTENT


# Bad input


def test_nul_bytes_in_a_body_are_a_400(editor, story):
    """PostgreSQL cannot store NUL: it is refused with a message, never a 500."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit-story", "text": "we stand\x00 together", "speaker_label": "\x00"},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["text"] == ["Null characters are not allowed."]


def test_nul_bytes_in_a_slug_are_a_400(editor, story):
    """A slug with NUL never reaches the database."""
    response = editor.post(
        "/api/v1/quotes/",
        {"article": "summit\x00", "text": "we stand together", "outlets": ["\x00"]},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()) == {"article", "outlets"}


@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/quotes/", "/api/v1/actors/"])
def test_nul_bytes_in_a_query_are_a_400(path):
    """?q=%00 is refused on every list."""
    response = APIClient().get(path + "?q=%00&ordering=%00")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["q"] == ["Null characters are not allowed."]


def test_malformed_json_is_a_400(editor):
    """A body that is not JSON is explained."""
    response = editor.post("/api/v1/actors/", "{not json", content_type="application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "JSON parse error" in response.json()["detail"]


def test_a_list_where_an_object_is_expected_is_a_400(editor):
    """The wrong JSON shape is refused, not a 500."""
    response = editor.post("/api/v1/events/", [1, 2], format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "non_field_errors" in response.json()


# Writes per request


def article_updates(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "articles_article"')]


def test_a_story_patch_updates_its_row_at_most_twice(editor, story):
    """One save of the text and one of its rendering: the write path renders once."""
    with CaptureQueriesContext(connection) as queries:
        response = editor.patch(
            "/api/v1/articles/summit-story/",
            {"headline": "Talks resume", "body": BODY + "\nMore.", "version": story.version},
            format="json",
        )
    assert response.status_code == HTTPStatus.OK, response.json()
    assert len(article_updates(queries.captured_queries)) <= 2


def test_creating_a_quote_updates_its_story_at_most_twice(editor, story, kim, kcna):
    """Adding a quote re-renders its story once, however many fields the quote has."""
    with CaptureQueriesContext(connection) as queries:
        response = editor.post(
            "/api/v1/quotes/",
            {
                "article": "summit-story",
                "text": "friendship cannot change",
                "speaker": "kim-jong-un",
                "outlets": ["kcna"],
                "said_on": "2025-09-04",
            },
            format="json",
        )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    assert len(article_updates(queries.captured_queries)) <= 2
