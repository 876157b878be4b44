"""Embargoes: partners' API tokens read an embargoed story early, marked as embargoed;
nobody else sees it, nor the actors and events only it shows, on any surface before
its lift time, when it goes live. Editors lift or extend it, and history says so."""

import datetime
import json
from http import HTTPStatus
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from jsonschema import Draft202012Validator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import services
from articles.history import format_time
from articles.models import Article, Quote, Topic
from tests import factories
from tests.admin_forms import change_form_data
from tests.sitemap_pages import sitemap_text

pytestmark = pytest.mark.django_db

Status = Article.Status
NOW = datetime.datetime(2025, 9, 5, 12, tzinfo=datetime.UTC)
LIFT = datetime.datetime(2025, 9, 6, 6, tzinfo=datetime.UTC)
AFTER_LIFT = LIFT + datetime.timedelta(minutes=1)
SECRET = "Embargoed summit deal"
BODY = "The envoy said “we have a deal” tonight.\nThe minister said “the door is open” later."
SLUG = "embargoed-deal"
SCHEMA = json.loads((Path(__file__).parent / "data" / "ninjs-schema_3.1.json").read_text())
NINJS = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def editor_user():
    return factories.EditorFactory()


@pytest.fixture
def editor_api(editor_user):
    return token_client(editor_user)


@pytest.fixture
def partner_user():
    return factories.PartnerFactory()


@pytest.fixture
def partner(partner_user):
    return token_client(partner_user)


@pytest.fixture
def outsider():
    """Signed in with a token, but not a partner (nor staff)."""
    return token_client(factories.UserFactory(is_staff=False))


@pytest.fixture
def known():
    """A minister readers already see: the embargoed story quotes them too."""
    return factories.ActorFactory(name="Known Minister", slug="known-minister", public_by_hand=True)


@pytest.fixture
def story(editor_user, known):
    """Under embargo until LIFT, about an envoy and talks no published story shows."""
    envoy = factories.ActorFactory(name="Hidden Envoy", slug="hidden-envoy")
    talks = factories.EventFactory(title="Hidden talks", slug="hidden-talks")
    article = services.article_create(
        by=editor_user,
        headline=SECRET,
        slug=SLUG,
        body=BODY,
        about=[envoy],
        mentions=[known],
        events=[talks],
    )
    services.quote_create(
        by=editor_user, article=article, text="we have a deal", speaker=envoy, event=talks
    )
    services.quote_create(by=editor_user, article=article, text="the door is open", speaker=known)
    services.article_embargo(article=article, by=editor_user, until=LIFT)
    article.refresh_from_db()
    return article


def listed_slugs(client, url="/api/v1/articles/", **params):
    response = client.get(url, params)
    assert response.status_code == HTTPStatus.OK, response.content
    return [item["slug"] for item in response.json()["results"]]


def iso(value):
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def last_reason(article):
    return article.history.order_by("-history_date", "-history_id").first().history_change_reason


# --- the story ---------------------------------------------------------------------------


def test_an_embargoed_story_is_scheduled_for_its_lift_time(story):
    """The service schedules the story at the lift time with the embargo flag, in history."""
    assert (story.status, story.published_at, story.embargoed) == (Status.SCHEDULED, LIFT, True)
    assert story.is_under_embargo
    assert last_reason(story) == f"Embargoed for partners until {format_time(LIFT)}"


# --- partners ----------------------------------------------------------------------------


def test_partners_find_it_in_the_api_list_marked_embargoed(partner, story):
    """The list has the story, with embargoed true and the lift time."""
    items = {item["slug"]: item for item in partner.get("/api/v1/articles/").json()["results"]}

    assert items[SLUG]["embargoed"] is True
    assert iso(items[SLUG]["embargoed_until"]) == LIFT
    assert items[SLUG]["status"] == "scheduled"


def test_partners_read_it_with_its_quotes(partner, story):
    """The detail carries the body and its quotes; each quote is readable on its own."""
    response = partner.get(f"/api/v1/articles/{SLUG}/")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["embargoed"] is True
    assert iso(body["embargoed_until"]) == LIFT
    assert body["body"] == BODY
    assert sorted(q["text"] for q in body["quotes"]) == ["the door is open", "we have a deal"]
    for quote in story.quotes.all():
        assert partner.get(f"/api/v1/quotes/{quote.pk}/").status_code == HTTPStatus.OK
    quotes = [q["id"] for q in partner.get("/api/v1/quotes/").json()["results"]]
    assert set(story.quotes.values_list("pk", flat=True)) <= set(quotes)


def test_partners_find_it_by_searching_the_api(partner, story):
    """``?q=`` finds it for a partner, as the list does."""
    assert SLUG in listed_slugs(partner, q="deal")


def test_partners_get_valid_ninjs_with_embargoed_until(partner, story):
    """The ninjs item says when the embargo lifts, and is valid ninjs 3.1."""
    response = partner.get(f"/api/v1/articles/{SLUG}/ninjs")

    assert response.status_code == HTTPStatus.OK
    item = response.json()
    assert not list(NINJS.iter_errors(item))
    assert iso(item["embargoedUntil"]) == LIFT
    assert item["pubStatus"] == "usable"


def test_a_partner_list_costs_the_same_queries_however_many_embargoes(
    partner, story, editor_user, django_assert_max_num_queries
):
    """The partner's list reads a fixed number of queries, whatever the number of stories."""
    with django_assert_max_num_queries(20) as one:
        partner.get("/api/v1/articles/")
    for n in range(5):
        factories.EmbargoedArticleFactory(slug=f"another-embargo-{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(listed_slugs(partner)) == 6


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Status.DRAFT},
        {"status": Status.IN_REVIEW},
        {"status": Status.SCHEDULED, "published_at": LIFT},
        {"status": Status.WITHDRAWN, "published_at": NOW - datetime.timedelta(days=1)},
        {"status": Status.DRAFT, "embargoed": True},
        {"status": Status.IN_REVIEW, "embargoed": True},
        {"status": Status.WITHDRAWN, "embargoed": True, "published_at": LIFT},
    ],
    ids=[
        "draft",
        "in-review",
        "scheduled",
        "withdrawn",
        "flagged-draft",
        "flagged-in-review",
        "withdrawn-embargo",
    ],
)
def test_partners_see_no_unpublished_story_that_is_not_under_embargo(partner, fields):
    """Drafts, stories in review, plain schedules and withdrawn stories stay hidden."""
    article = factories.ArticleFactory(slug="not-for-partners", **fields)

    assert "not-for-partners" not in listed_slugs(partner)
    assert partner.get(f"/api/v1/articles/{article.slug}/").status_code == HTTPStatus.NOT_FOUND
    response = partner.get(f"/api/v1/articles/{article.slug}/ninjs")
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_partners_do_not_see_it_on_the_readers_pages(client, partner_user, story):
    """Pages are for readers: a partner signed in gets what readers get."""
    client.force_login(partner_user)

    assert client.get(story.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert SECRET not in client.get("/").content.decode()
    quote = story.quotes.first()
    assert client.get(quote.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_a_partner_does_not_see_the_actors_only_the_embargo_shows(partner, story):
    """The drafts rule holds for partners too: the envoy's own record waits for the lift."""
    assert partner.get("/api/v1/actors/hidden-envoy/").status_code == HTTPStatus.NOT_FOUND
    assert partner.get("/api/v1/events/hidden-talks/").status_code == HTTPStatus.NOT_FOUND


# --- everyone else -----------------------------------------------------------------------


@pytest.fixture(params=["anonymous", "outsider"])
def api_client(request, outsider):
    return APIClient() if request.param == "anonymous" else outsider


def test_other_api_clients_do_not_see_it(api_client, story):
    """Anonymous clients and tokens outside the partners' group: not listed, 404."""
    quote = story.quotes.get(text="we have a deal")

    assert SLUG not in listed_slugs(api_client)
    assert SLUG not in listed_slugs(api_client, q="deal")
    assert SLUG not in listed_slugs(api_client, "/api/v1/actors/known-minister/articles/")
    quotes = [q["id"] for q in api_client.get("/api/v1/quotes/").json()["results"]]
    assert quote.pk not in quotes
    for url in [
        f"/api/v1/articles/{SLUG}/",
        f"/api/v1/articles/{SLUG}/ninjs",
        f"/api/v1/quotes/{quote.pk}/",
        "/api/v1/actors/hidden-envoy/",
        "/api/v1/events/hidden-talks/",
    ]:
        assert api_client.get(url).status_code == HTTPStatus.NOT_FOUND, url


SURFACES = [
    "/",
    "/actors/",
    "/actors/known-minister/",
    "/actors/known-minister/feed/rss/",
    "/events/",
    "/search/?q=deal",
    "/search/?q=Hidden",
    "/feeds/latest/rss/",
    "/feeds/latest/atom/",
]
HIDDEN_PAGES = [
    f"/stories/{SLUG}/",
    "/actors/hidden-envoy/",
    "/actors/hidden-envoy/feed/rss/",
    "/events/hidden-talks/",
]


@pytest.mark.parametrize("url", SURFACES)
def test_readers_see_no_trace_of_it_before_the_lift(client, story, url):
    """Home, lists, the actor page it quotes, search and feeds leave it out."""
    response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert SECRET not in html
    assert story.get_absolute_url() not in html
    assert "Hidden Envoy" not in html


@pytest.mark.parametrize("url", HIDDEN_PAGES)
def test_its_page_and_the_records_only_it_shows_are_404_before_the_lift(client, story, url):
    """The story, the envoy and the talks it alone shows answer 404 to readers."""
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_its_quotes_permalinks_are_404_before_the_lift(client, story):
    for quote in story.quotes.all():
        assert client.get(quote.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_the_sitemap_and_json_ld_leave_it_out_before_the_lift(client, story):
    """Neither the sitemap nor the structured data of the minister's page name it."""
    assert story.get_absolute_url() not in sitemap_text(client)
    assert "/actors/hidden-envoy/" not in sitemap_text(client)
    html = client.get("/actors/known-minister/").content.decode()
    script = html[html.index("application/ld+json") :]
    assert SECRET not in script[: script.index("</script>")]


def test_a_topic_only_the_embargo_has_waits_for_the_lift(client, story, clock):
    """A topic made for the embargoed story has no page, nor feed, until the lift time."""
    topic = Topic.objects.create(name="Secret channel", slug="secret-channel")
    story.topics.add(topic)

    assert client.get("/topics/secret-channel/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/topics/secret-channel/feed/rss/").status_code == HTTPStatus.NOT_FOUND
    clock.move_to(AFTER_LIFT)
    assert SECRET in client.get("/topics/secret-channel/").content.decode()


def test_staff_export_a_plain_schedule_without_embargoed_until(client, editor_user):
    """A story merely scheduled is withheld in ninjs, not embargoed."""
    factories.ArticleFactory(slug="plain", status=Status.SCHEDULED, published_at=LIFT)
    client.force_login(editor_user)

    item = client.get("/api/v1/articles/plain/ninjs").json()

    assert item["pubStatus"] == "withheld"
    assert "embargoedUntil" not in item


def test_the_partners_group_exists_after_migrating(settings):
    """A migration creates the group, so an admin can add partners' accounts to it."""
    assert Group.objects.filter(name=settings.PARTNER_GROUP).exists()


# --- at the lift time --------------------------------------------------------------------


def test_at_the_lift_time_everyone_reads_it_not_embargoed(client, outsider, partner, story, clock):
    """Nobody's action is needed: at its time it is live everywhere, no longer embargoed."""
    clock.move_to(AFTER_LIFT)

    for api in (APIClient(), outsider, partner):
        body = api.get(f"/api/v1/articles/{SLUG}/").json()
        assert (body["embargoed"], body["embargoed_until"]) == (False, None)
        item = api.get(f"/api/v1/articles/{SLUG}/ninjs").json()
        assert "embargoedUntil" not in item
        assert item["pubStatus"] == "usable"
        assert SLUG in listed_slugs(api, q="deal")
    for url in HIDDEN_PAGES:
        assert client.get(url).status_code == HTTPStatus.OK, url
    for url in ["/", "/actors/known-minister/", "/search/?q=deal", "/feeds/latest/rss/"]:
        assert story.get_absolute_url() in client.get(url).content.decode(), url
    assert story.get_absolute_url() in sitemap_text(client)
    assert client.get(story.quotes.first().get_absolute_url()).status_code == HTTPStatus.OK
    html = client.get(story.get_absolute_url()).content.decode()
    assert "application/ld+json" in html
    assert "Embargoed until" not in html


def test_the_envoys_page_appears_at_the_lift_time(client, story, clock):
    """The envoy's page goes from 404 to the page at the lift time."""
    clock.move_to(LIFT - datetime.timedelta(seconds=1))
    assert client.get("/actors/hidden-envoy/").status_code == HTTPStatus.NOT_FOUND
    clock.move_to(LIFT)
    assert client.get("/actors/hidden-envoy/").status_code == HTTPStatus.OK
    assert client.get("/events/hidden-talks/").status_code == HTTPStatus.OK


# --- lifting early -----------------------------------------------------------------------


def test_lifting_early_publishes_now_and_says_so_in_history(client, editor_api, story):
    """/lift-embargo/ publishes now; the history names the early lift."""
    response = editor_api.post(f"/api/v1/articles/{SLUG}/lift-embargo/")

    assert response.status_code == HTTPStatus.OK, response.json()
    body = response.json()
    assert (body["status"], body["embargoed"], body["embargoed_until"]) == (
        "published",
        False,
        None,
    )
    story.refresh_from_db()
    assert story.published_at == NOW
    assert last_reason(story) == "Embargo lifted early"
    assert client.get(story.get_absolute_url()).status_code == HTTPStatus.OK
    assert client.get("/actors/hidden-envoy/").status_code == HTTPStatus.OK
    assert SLUG in listed_slugs(APIClient())


def test_publish_now_on_an_embargoed_story_is_an_early_lift(editor_user, story):
    """The plain publish button lifts it too, and history says which it was."""
    services.article_publish(article=story, by=editor_user)

    assert last_reason(story) == "Embargo lifted early"


def test_an_embargo_that_ran_out_cannot_be_lifted(editor_api, story, clock):
    """After the lift time there is nothing to lift: a 400 that says it went live."""
    clock.move_to(AFTER_LIFT)

    response = editor_api.post(f"/api/v1/articles/{SLUG}/lift-embargo/")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "is not under embargo: it went live at" in response.json()["non_field_errors"][0]


# --- extending or bringing forward --------------------------------------------------------


def test_extending_moves_the_lift_time_and_says_so(client, editor_api, partner, story, clock):
    """/extend-embargo/ to a later time: hidden past the old time, history records it."""
    later = LIFT + datetime.timedelta(days=1)

    response = editor_api.post(
        f"/api/v1/articles/{SLUG}/extend-embargo/", {"until": later.isoformat()}, format="json"
    )

    assert response.status_code == HTTPStatus.OK, response.json()
    assert iso(response.json()["embargoed_until"]) == later
    story.refresh_from_db()
    assert (
        last_reason(story)
        == f"Embargo extended to {format_time(LIFT + datetime.timedelta(days=1))}"
    )
    clock.move_to(AFTER_LIFT)
    assert client.get(story.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/actors/hidden-envoy/").status_code == HTTPStatus.NOT_FOUND
    assert SLUG not in listed_slugs(APIClient())
    assert partner.get(f"/api/v1/articles/{SLUG}/").json()["embargoed"] is True
    clock.move_to(later)
    assert client.get(story.get_absolute_url()).status_code == HTTPStatus.OK


def test_bringing_the_embargo_forward_is_recorded_too(client, editor_api, story, clock):
    """An earlier time, still in the future, is "brought forward"."""
    sooner = NOW + datetime.timedelta(hours=2)

    response = editor_api.post(
        f"/api/v1/articles/{SLUG}/extend-embargo/", {"until": sooner.isoformat()}, format="json"
    )

    assert response.status_code == HTTPStatus.OK, response.json()
    story.refresh_from_db()
    assert last_reason(story) == f"Embargo brought forward to {format_time(sooner)}"
    clock.move_to(sooner)
    assert client.get(story.get_absolute_url()).status_code == HTTPStatus.OK


def test_moving_the_publication_time_of_an_embargo_is_an_extension(editor_user, story):
    """An edit of published_at is refused in the past and named in history otherwise."""
    with pytest.raises(services.ValidationError) as refused:
        services.article_update(
            article=story, by=editor_user, published_at=NOW - datetime.timedelta(hours=1)
        )
    assert "published_at" in refused.value.message_dict
    services.article_update(article=story, by=editor_user, published_at=LIFT.replace(hour=9))

    assert last_reason(story) == f"Embargo extended to {format_time(LIFT.replace(hour=9))}"


def test_a_story_not_under_embargo_cannot_be_extended_or_lifted(editor_api):
    """A plain scheduled story is not an embargo: a 400 that says so."""
    factories.ArticleFactory(slug="plain", status=Status.SCHEDULED, published_at=LIFT)

    for action, data in [
        ("extend-embargo", {"until": "2025-09-07T06:00:00Z"}),
        ("lift-embargo", {}),
    ]:
        response = editor_api.post(f"/api/v1/articles/plain/{action}/", data, format="json")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["non_field_errors"][0].endswith("is not under embargo.")


def test_an_embargoed_story_is_not_embargoed_twice(editor_api, story):
    """Embargoing again is refused: extend or lift it instead."""
    response = editor_api.post(
        f"/api/v1/articles/{SLUG}/embargo/", {"until": "2025-09-08T06:00:00Z"}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "extend the embargo or lift it" in response.json()["non_field_errors"][0]


# --- the other ways out ------------------------------------------------------------------


def test_withdrawing_an_embargoed_story_hides_it_from_partners(editor_api, partner, story, clock):
    """Withdrawn, it is gone for partners, and stays gone at the old lift time."""
    assert editor_api.post(f"/api/v1/articles/{SLUG}/withdraw/").status_code == HTTPStatus.OK

    assert SLUG not in listed_slugs(partner)
    assert partner.get(f"/api/v1/articles/{SLUG}/").status_code == HTTPStatus.NOT_FOUND
    clock.move_to(AFTER_LIFT)
    assert APIClient().get(f"/api/v1/articles/{SLUG}/").status_code == HTTPStatus.NOT_FOUND


def test_plain_scheduling_ends_the_embargo(editor_user, partner, story):
    """Scheduled without the embargo, partners wait for the time like everyone."""
    services.article_schedule(article=story, by=editor_user, at=LIFT)

    story.refresh_from_db()
    assert not story.embargoed
    assert last_reason(story) == "Embargo ended: scheduled for everyone"
    assert partner.get(f"/api/v1/articles/{SLUG}/").status_code == HTTPStatus.NOT_FOUND


def test_returning_to_draft_ends_the_embargo(editor_user, partner, story):
    services.article_return_to_draft(article=story, by=editor_user)

    story.refresh_from_db()
    assert (story.status, story.embargoed, story.published_at) == (Status.DRAFT, False, None)
    assert partner.get(f"/api/v1/articles/{SLUG}/").status_code == HTTPStatus.NOT_FOUND


# --- who may, and bad input --------------------------------------------------------------


@pytest.fixture
def draft(editor_user):
    return services.article_create(by=editor_user, headline="Talks", slug="talks", body=BODY)


def test_embargo_a_draft_through_the_api(editor_api, partner, draft):
    """/embargo/ with a future "until" makes it an embargo partners read."""
    response = editor_api.post(
        "/api/v1/articles/talks/embargo/", {"until": "2025-09-06T06:00:00Z"}, format="json"
    )

    assert response.status_code == HTTPStatus.OK, response.json()
    assert response.json()["embargoed"] is True
    assert partner.get("/api/v1/articles/talks/").json()["embargoed"] is True


def test_a_reporter_may_not_embargo_lift_or_extend(story):
    """Embargo changes need the publish permission: 403, nothing changes."""
    reporter = token_client(factories.ReporterFactory())
    draft = factories.ArticleFactory(slug="reporters-draft")
    until = {"until": "2025-09-07T06:00:00Z"}

    for url, data in [
        (f"/api/v1/articles/{draft.slug}/embargo/", until),
        (f"/api/v1/articles/{SLUG}/lift-embargo/", {}),
        (f"/api/v1/articles/{SLUG}/extend-embargo/", until),
    ]:
        assert reporter.post(url, data, format="json").status_code == HTTPStatus.FORBIDDEN, url
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.SCHEDULED, LIFT)


def test_a_reporter_is_refused_by_the_service_too(story, draft):
    reporter = factories.ReporterFactory()
    with pytest.raises(services.PermissionDenied):
        services.article_lift_embargo(article=story, by=reporter)
    with pytest.raises(services.PermissionDenied):
        services.article_embargo(article=draft, by=reporter, until=LIFT)


def test_anonymous_clients_cannot_embargo(draft):
    response = APIClient().post("/api/v1/articles/talks/embargo/", {"until": "2025-09-07T06:00"})
    assert response.status_code == HTTPStatus.UNAUTHORIZED


@pytest.mark.parametrize(
    "until, message",
    [
        ("2025-09-05T11:00:00Z", "Choose a time in the future for the embargo to lift."),
        ("2025-09-06T06:00:00\x00", "Null characters are not allowed."),
        ("tomorrow", "Datetime has wrong format."),
        (None, "This field may not be null."),
        ("", "Datetime has wrong format."),
    ],
    ids=["past", "nul", "not-a-datetime", "null", "empty"],
)
def test_a_bad_lift_time_is_a_400_naming_it(editor_api, draft, until, message):
    """The message is on "until"; the story is not touched."""
    response = editor_api.post("/api/v1/articles/talks/embargo/", {"until": until}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert list(response.json()) == ["until"]
    assert response.json()["until"][0].startswith(message)
    draft.refresh_from_db()
    assert (draft.status, draft.embargoed, draft.version) == (Status.DRAFT, False, 1)


def test_a_lift_time_is_required(editor_api, story):
    response = editor_api.post(f"/api/v1/articles/{SLUG}/extend-embargo/", {}, format="json")
    assert response.json() == {"until": ["This field is required."]}


def test_an_embargo_refuses_quotes_to_check(editor_api, editor_user, draft):
    """Like a schedule, an embargo may not carry a quote whose words left the body."""
    quote = services.quote_create(by=editor_user, article=draft, text="we have a deal")
    Quote.objects.filter(pk=quote.pk).update(text="words not in the body")

    response = editor_api.post(
        "/api/v1/articles/talks/embargo/", {"until": "2025-09-06T06:00:00Z"}, format="json"
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not in its body word for word" in str(response.json())
    draft.refresh_from_db()
    assert (draft.status, draft.embargoed) == (Status.DRAFT, False)


def test_a_stale_if_match_is_a_412_and_a_stale_version_a_409(editor_api, story):
    """The embargo actions honour If-Match and "version" like the updates do."""
    etag = editor_api.get(f"/api/v1/articles/{SLUG}/")["ETag"]
    current = story.version
    later = {"until": "2025-09-07T06:00:00Z"}
    stale = editor_api.post(
        f"/api/v1/articles/{SLUG}/extend-embargo/",
        later,
        format="json",
        HTTP_IF_MATCH='"not-the-tag"',
    )
    assert stale.status_code == HTTPStatus.PRECONDITION_FAILED
    old = editor_api.post(
        f"/api/v1/articles/{SLUG}/extend-embargo/",
        {**later, "version": current - 1},
        format="json",
    )
    assert old.status_code == HTTPStatus.CONFLICT
    fresh = editor_api.post(
        f"/api/v1/articles/{SLUG}/extend-embargo/", later, format="json", HTTP_IF_MATCH=etag
    )
    assert fresh.status_code == HTTPStatus.OK, fresh.json()


# --- the desk ----------------------------------------------------------------------------


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def buttons(client, article):
    return [b["name"] for b in client.get(change_url(article)).context["workflow_buttons"]]


def test_editors_embargo_from_the_story_page(client, editor_user, draft, partner):
    """ "Save and embargo for partners" takes the time from "Embargo for partners until"."""
    client.force_login(editor_user)
    page = client.get(change_url(draft))
    assert "embargo" in [b["name"] for b in page.context["workflow_buttons"]]
    assert "Embargo for partners until" in page.content.decode()
    data = change_form_data(page)
    data.update({"until_0": "2025-09-06", "until_1": "06:00:00", "_transition": "embargo"})

    response = client.post(change_url(draft), data)

    assert response.status_code == HTTPStatus.FOUND
    draft.refresh_from_db()
    assert (draft.status, draft.published_at, draft.embargoed) == (Status.SCHEDULED, LIFT, True)
    assert partner.get("/api/v1/articles/talks/").json()["embargoed"] is True


def test_the_embargo_button_without_a_time_shows_the_error_on_the_field(client, editor_user, draft):
    client.force_login(editor_user)
    data = change_form_data(client.get(change_url(draft)))
    data["_transition"] = "embargo"

    response = client.post(change_url(draft), data)

    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["until"] == ["Choose when the embargo lifts."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_embargoed_story_offers_lift_and_extend(client, editor_user, story):
    """Under embargo: lift or extend, not "publish now", a plain schedule or a second embargo."""
    client.force_login(editor_user)
    names = buttons(client, story)

    assert {"lift_embargo", "extend_embargo"} <= set(names)
    assert not {"publish", "schedule", "embargo"} & set(names)
    html = client.get(change_url(story)).content.decode()
    assert "Save and lift embargo now" in html
    assert "partners’ API tokens can read it now" in html


def test_editors_extend_and_lift_from_the_story_page(client, editor_user, story):
    client.force_login(editor_user)
    data = change_form_data(client.get(change_url(story)))
    data.update({"until_0": "2025-09-07", "until_1": "06:00:00", "_transition": "extend_embargo"})
    assert client.post(change_url(story), data).status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert story.published_at == LIFT + datetime.timedelta(days=1)
    assert (
        last_reason(story)
        == f"Embargo extended to {format_time(LIFT + datetime.timedelta(days=1))}"
    )

    data = change_form_data(client.get(change_url(story)))
    data["_transition"] = "lift_embargo"
    assert client.post(change_url(story), data).status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert (story.status, story.published_at) == (Status.PUBLISHED, NOW)
    assert last_reason(story) == "Embargo lifted early"


def test_reporters_get_no_embargo_controls(client, draft):
    reporter = factories.ReporterFactory()
    own = factories.ArticleFactory(author=reporter)
    client.force_login(reporter)

    assert buttons(client, own) == ["submit"]
    assert "Embargo for partners until" not in client.get(change_url(own)).content.decode()


def test_the_list_says_embargoed_until(client, editor_user, story):
    client.force_login(editor_user)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Embargoed until 06 Sep 2025 06:00" in html


def test_the_preview_says_partners_can_read_it(client, editor_user, story):
    """Staff previewing the story are told it is embargoed, and until when."""
    client.force_login(editor_user)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Embargoed until" in html
    assert "6 September 2025, 06:00 UTC" in html
    assert "(partners can read it)" in html


# --- the page cache, on both backends -----------------------------------------------------


def warm(client, *urls):
    for url in urls:
        for _ in range(2):
            assert client.get(url).status_code == HTTPStatus.OK, url


def test_a_partners_answer_is_never_stored_for_others(page_cache, partner, story):
    """The partner's list is private; anonymous clients after them never see the embargo."""
    response = partner.get("/api/v1/articles/")
    assert SLUG in [item["slug"] for item in response.json()["results"]]
    assert "private" in response["Cache-Control"]

    for _ in range(2):
        assert SLUG not in listed_slugs(APIClient())
        assert APIClient().get(f"/api/v1/articles/{SLUG}/").status_code == HTTPStatus.NOT_FOUND


def test_a_partner_is_never_answered_from_the_cache(
    page_cache, partner, story, django_assert_max_num_queries
):
    """An anonymous list stored first does not stand in for the partner's."""
    warm(APIClient(), "/api/v1/articles/")
    with django_assert_max_num_queries(0):
        assert SLUG not in listed_slugs(APIClient())

    assert SLUG in listed_slugs(partner)


def test_lifting_early_renews_the_cached_pages(page_cache, client, editor_user, story, committed):
    """Pages stored before an early lift show the story at once after it."""
    urls = ["/", "/actors/known-minister/", "/api/v1/articles/", "/feeds/latest/rss/"]
    warm(client, *urls)

    with committed():
        services.article_lift_embargo(article=story, by=editor_user)

    for url in urls:
        html = client.get(url).content.decode()
        assert SLUG in html, url
    assert client.get("/actors/hidden-envoy/").status_code == HTTPStatus.OK


def test_bringing_forward_renews_the_cached_pages(
    page_cache, client, editor_user, known, committed, clock
):
    """A page stored before the lift time was brought forward is not kept past the new one."""
    article = factories.EmbargoedArticleFactory(
        slug=SLUG, published_at=NOW + datetime.timedelta(hours=1)
    )
    article.mentions.set([known])
    warm(client, "/", "/actors/known-minister/")
    sooner = NOW + datetime.timedelta(minutes=5)

    with committed():
        services.article_extend_embargo(article=article, by=editor_user, until=sooner)

    warm(client, "/")
    clock.move_to(sooner + datetime.timedelta(seconds=1))
    assert SLUG in client.get("/").content.decode()


def test_extending_keeps_it_off_the_cached_pages(
    page_cache, client, editor_user, story, committed, clock
):
    """Pages stored after an extension still leave it out past the old lift time."""
    warm(client, "/", "/api/v1/articles/")
    with committed():
        services.article_extend_embargo(
            article=story, by=editor_user, until=LIFT + datetime.timedelta(days=1)
        )
    warm(client, "/", "/api/v1/articles/")

    clock.move_to(AFTER_LIFT)
    assert SLUG not in client.get("/").content.decode()
    assert SLUG not in listed_slugs(client)
