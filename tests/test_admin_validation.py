"""Bad input in the admin: a clear error on the field, and nothing half-saved."""

import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actors.models import Actor, Event
from actors.services import event_update
from articles.models import Article, Quote
from tests import factories
from tests.admin_forms import add_inline_row, change_form_data, inline_prefix

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _field_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


def test_invalid_wikidata_id_is_an_error_on_its_field(editor_client):
    """A Wikidata id that is not Q + digits is refused on that field; no actor is created."""
    url = reverse("admin:actors_actor_add")
    data = change_form_data(editor_client.get(url))
    data.update({"name": "Kim Jong Un", "slug": "kim-jong-un", "kind": "person"})
    data["wikidata_id"] = "56226"
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Q followed by digits" in " ".join(_field_errors(response, "wikidata_id"))
    assert not Actor.objects.filter(slug="kim-jong-un").exists()


def test_end_date_before_start_date_is_an_error_on_the_end_date(editor_client):
    """An event cannot end before it starts; nothing is saved."""
    url = reverse("admin:actors_event_add")
    data = change_form_data(editor_client.get(url))
    data.update(
        {
            "title": "Summit",
            "slug": "summit",
            "kind": "summit",
            "date": "2025-09-04",
            "date_precision": "day",
            "end_date": "2025-09-01",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "before the start date" in " ".join(_field_errors(response, "end_date"))
    assert not Event.objects.exists()


def test_quote_not_in_the_body_is_an_error_on_its_text(editor_client):
    """The stand-alone quote form refuses words that are not in the story's body."""
    article = factories.ArticleFactory()
    url = reverse("admin:articles_quote_add")
    data = change_form_data(editor_client.get(url))
    data.update({"article": str(article.pk), "text": "we shall never meet", "kind": "direct"})
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "does not occur word for word" in " ".join(_field_errors(response, "text"))
    assert not Quote.objects.exists()


def test_slug_clash_is_an_error_on_the_slug_and_nothing_is_half_saved(editor_client):
    """A second story with a taken slug is refused on the slug; its quote rows are not saved."""
    factories.ArticleFactory(slug="kim-in-beijing")
    url = reverse("admin:articles_article_add")
    response = editor_client.get(url)
    data = change_form_data(response)
    data.update(
        {
            "headline": "Kim in Beijing",
            "slug": "kim-in-beijing",
            "body_html": "<p>He said hello.</p>",
        }
    )
    add_inline_row(
        data, inline_prefix(response, Quote), text="hello", kind="direct", said_on_precision="day"
    )
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Another story already uses this slug" in " ".join(_field_errors(response, "slug"))
    assert Article.objects.count() == 1
    assert not Quote.objects.exists()


def test_future_date_on_a_published_story_is_an_error_on_published_at(editor_client):
    """A published story cannot be dated in the future (that is what scheduling is for)."""
    article = factories.PublishedArticleFactory(headline="As published")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    data.update(
        {
            "headline": "Edited",
            "published_at_0": tomorrow.date().isoformat(),
            "published_at_1": "12:00:00",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "cannot carry a future date" in " ".join(_field_errors(response, "published_at"))
    article.refresh_from_db()
    assert article.headline == "As published"


def test_nul_byte_in_a_headline_is_a_form_error(editor_client):
    """A NUL byte (which PostgreSQL refuses) is a clear form error, never a 500."""
    url = reverse("admin:articles_article_add")
    data = change_form_data(editor_client.get(url))
    data.update({"headline": "Kim\x00Xi", "slug": "kim-xi", "body_html": "<p>Text.</p>"})
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Null characters are not allowed" in " ".join(_field_errors(response, "headline"))
    assert not Article.objects.exists()


def test_changing_a_published_storys_slug_is_refused(editor_client):
    """A live story's address is stable: changing its slug is an error on the field."""
    article = factories.PublishedArticleFactory(slug="kept")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(url))
    data["slug"] = "moved"
    response = editor_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "must not change" in " ".join(_field_errors(response, "slug"))
    article.refresh_from_db()
    assert article.slug == "kept"


def test_editor_supplied_markup_is_escaped_on_the_form(editor_client):
    """A headline with markup is shown as text on the desk, never run as HTML."""
    article = factories.ArticleFactory(headline='<script>alert("x")</script>')
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert '<script>alert("x")</script>' not in page.content.decode()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/articles/article/?status__exact=%00", HTTPStatus.BAD_REQUEST),
        ("/admin/articles/article/?author__id__exact=%00", HTTPStatus.BAD_REQUEST),
        ("/admin/actors/actor/?kind__exact=%00", HTTPStatus.BAD_REQUEST),
        ("/admin/articles/article/?q=Kim%00", HTTPStatus.OK),
        ("/admin/articles/quote/?q=a%00b", HTTPStatus.OK),
        ("/admin/actors/event/?q=a%00b", HTTPStatus.OK),
        (
            "/admin/autocomplete/?app_label=articles&model_name=quote&field_name=speaker&term=K%00",
            HTTPStatus.OK,
        ),
        (
            "/admin/autocomplete/?app_label=articles&model_name=quote&field_name=event&term=K%00",
            HTTPStatus.OK,
        ),
        ("/admin/articles/article/1%00/history/", HTTPStatus.NOT_FOUND),
    ],
)
def test_nul_bytes_in_admin_addresses_are_refused_or_ignored_never_a_500(
    editor_client, url, expected
):
    """NUL in a filter is a 400, in a search it is dropped, in an id it is not found."""
    factories.ArticleFactory()
    assert editor_client.get(url).status_code == expected


@pytest.fixture
def visit_and_summit():
    """A summit that is part of a state visit."""
    visit = factories.EventFactory(title="State visit")
    summit = factories.EventFactory(title="Summit", parent=visit)
    return visit, summit


def test_an_event_cannot_become_its_own_ancestor(visit_and_summit):
    """a → b → a is refused on “part of”, and the message shows the loop."""
    visit, summit = visit_and_summit
    visit.parent = summit
    with pytest.raises(ValidationError) as refused:
        visit.full_clean()
    message = " ".join(refused.value.message_dict["parent"])
    assert "State visit → Summit → State visit" in message


def test_a_longer_loop_of_events_is_refused_too(visit_and_summit):
    """A loop through several events (a → b → c → a) is found as well."""
    visit, summit = visit_and_summit
    talks = factories.EventFactory(title="Talks", parent=summit)
    visit.parent = talks
    with pytest.raises(ValidationError) as refused:
        visit.full_clean()
    assert "State visit → Talks → Summit → State visit" in str(refused.value)


def test_the_event_service_refuses_a_loop_and_saves_nothing(visit_and_summit, editor):
    """Through the service the loop is refused with the same message; the parent is unchanged."""
    visit, summit = visit_and_summit
    with pytest.raises(ValidationError) as refused:
        event_update(event=visit, by=editor, parent=summit)
    assert "would make a loop" in " ".join(refused.value.message_dict["parent"])
    visit.refresh_from_db()
    assert visit.parent is None


def test_an_event_may_still_be_part_of_an_unrelated_event(visit_and_summit):
    """Only loops are refused: a parent that does not lead back is fine."""
    visit, _summit = visit_and_summit
    visit.parent = factories.EventFactory(title="Diplomatic season")
    visit.full_clean()
