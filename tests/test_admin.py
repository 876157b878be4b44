"""The editors' desk as editors use it: the article list, the story form, quotes, actors."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from actors.models import EventParticipant
from articles.models import Article, Quote
from articles.rendering import render_story
from tests import factories
from tests.admin_forms import add_inline_row, change_form_data, inline_prefix

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = "admin:articles_article_changelist"


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- the article list -----------------------------------------------------------------------


def test_article_list_shows_status_author_and_dates(editor_client, editor):
    """The list has the columns a desk scans: status, on the site, author, dates, quotes."""
    factories.PublishedArticleFactory(author=editor, headline="Summit ends")
    response = editor_client.get(reverse(CHANGELIST))
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    for column in ("Status", "On the site", "Author", "Published at", "Updated", "Quotes to check"):
        assert column in page
    assert "Summit ends" in page
    assert editor.username in page


def test_article_list_has_filters_search_and_date_hierarchy(editor_client, editor):
    """Status, on-site, quotes-to-check and author filters; search; a date drill-down."""
    factories.PublishedArticleFactory(author=editor)
    response = editor_client.get(reverse(CHANGELIST))
    titles = [spec.title for spec in response.context["cl"].filter_specs]
    assert titles == ["status", "on the site", "quotes to check", "author"]
    assert response.context["cl"].date_hierarchy == "published_at"
    assert response.context["cl"].search_fields


def test_article_list_search_finds_body_text(editor_client):
    """Searching matches words in the body."""
    factories.ArticleFactory(headline="Match", body="The envoy arrived in Pyongyang.")
    factories.ArticleFactory(headline="Other", body="Nothing here.")
    response = editor_client.get(reverse(CHANGELIST), {"q": "Pyongyang"})
    assert [a.headline for a in response.context["cl"].result_list] == ["Match"]


def test_article_list_search_with_a_nul_byte_is_not_an_error(editor_client):
    """A NUL byte in the search box (PostgreSQL refuses them) finds nothing, never a 500."""
    factories.ArticleFactory(headline="Summit")
    response = editor_client.get(reverse(CHANGELIST), {"q": "Sum\x00mit"})
    assert response.status_code == HTTPStatus.OK


def test_article_list_flags_stories_with_quotes_to_check(editor_client):
    """A story whose quote left the body is counted in the list and found by the filter."""
    quote = factories.QuoteFactory()
    Article.objects.filter(pk=quote.article_id).update(body="Rewritten entirely.")
    quote.article.refresh_from_db()
    render_story(quote.article)
    clean = factories.PublishedArticleFactory()
    response = editor_client.get(reverse(CHANGELIST), {"quotes_to_check": "yes"})
    assert [a.pk for a in response.context["cl"].result_list] == [quote.article_id]
    assert "⚠ 1" in response.content.decode()
    response = editor_client.get(reverse(CHANGELIST), {"quotes_to_check": "no"})
    assert [a.pk for a in response.context["cl"].result_list] == [clean.pk]


def test_article_list_query_count_does_not_grow_with_stories(
    editor_client, django_assert_max_num_queries
):
    """The list costs the same number of queries for 3 stories or 30."""
    factories.PublishedArticleFactory.create_batch(30, author=factories.UserFactory())
    with django_assert_max_num_queries(14):
        editor_client.get(reverse(CHANGELIST))


# --- the story form ------------------------------------------------------------------------


def test_story_form_has_inlines_for_events_quotes_and_corrections(editor_client):
    """Quotes (with outlets), the events covered and corrections are edited on the story."""
    article = factories.PublishedArticleFactory()
    response = editor_client.get(_change_url(article))
    models = [inline.formset.model for inline in response.context["inline_admin_formsets"]]
    assert Article.events.through in models
    assert Quote in models
    quote_form = next(
        i.formset.form
        for i in response.context["inline_admin_formsets"]
        if i.formset.model is Quote
    )
    assert "outlets" in quote_form.base_fields


def test_story_form_uses_autocomplete_for_actors_and_events(editor_client):
    """Actors and events are picked with autocomplete widgets, not giant selects."""
    article = factories.ArticleFactory()
    page = editor_client.get(_change_url(article)).content.decode()
    assert 'data-ajax--url="/admin/autocomplete/"' in page
    assert 'name="about"' in page
    assert 'data-field-name="event"' in page
    assert 'data-field-name="outlets"' in page


def test_story_form_prepopulates_the_slug_and_counts_standfirst_characters(editor_client):
    """The slug follows the headline; the standfirst shows its character budget."""
    response = editor_client.get(reverse("admin:articles_article_add"))
    page = response.content.decode()
    assert "prepopulated_fields" in page or "data-prepopulated-fields" in page
    assert 'data-character-count="600"' in page
    assert "articles/admin/desk.js" in page


def test_preview_link_for_an_unpublished_story(editor_client):
    """A draft has a Preview link to its story page, which staff can open."""
    article = factories.ArticleFactory()
    page = editor_client.get(_change_url(article)).content.decode()
    assert f'href="{article.get_absolute_url()}"' in page
    assert ">Preview<" in page
    assert editor_client.get(article.get_absolute_url()).status_code == HTTPStatus.OK


def test_preview_is_not_found_for_anonymous_readers(client):
    """The same preview address is a 404 for a reader who is not signed in."""
    article = factories.ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_published_story_links_to_its_page_as_view_on_site(editor_client):
    """A live story's link says "View on site"."""
    article = factories.PublishedArticleFactory()
    page = editor_client.get(_change_url(article)).content.decode()
    assert ">View on site<" in page


def test_new_story_gets_its_author_from_the_signed_in_user(editor_client, editor):
    """Whoever creates a story is its author."""
    url = reverse("admin:articles_article_add")
    data = change_form_data(editor_client.get(url))
    data.update({"headline": "New", "slug": "new", "body_html": "<p>Text.</p>"})
    editor_client.post(url, data)
    assert Article.objects.get(slug="new").author == editor


def test_events_covered_are_added_through_the_inline(editor_client):
    """The events inline links the story to an event."""
    article = factories.ArticleFactory()
    event = factories.EventFactory()
    response = editor_client.get(_change_url(article))
    data = change_form_data(response)
    add_inline_row(data, inline_prefix(response, Article.events.through), event=str(event.pk))
    assert editor_client.post(_change_url(article), data).status_code == HTTPStatus.FOUND
    assert list(article.events.all()) == [event]


# --- quotes checked against the body --------------------------------------------------------


def test_quote_added_in_the_inline_gets_offsets_and_markup(editor_client):
    """A new quote is located in the body and marked up in the rendered body."""
    article = factories.ArticleFactory()
    outlet = factories.OutletFactory()
    response = editor_client.get(_change_url(article))
    data = change_form_data(response)
    add_inline_row(
        data,
        inline_prefix(response, Quote),
        text="we will talk again soon",
        kind="direct",
        outlets=[str(outlet.pk)],
        said_on_precision="day",
    )
    assert editor_client.post(_change_url(article), data).status_code == HTTPStatus.FOUND
    quote = article.quotes.get()
    article.refresh_from_db()
    assert (quote.start, quote.end) == (19, 42)
    assert f'id="quote-{quote.pk}"' in article.rendered_body
    assert outlet.name in article.rendered_body


def test_body_edit_that_loses_a_quote_is_saved_and_the_quote_flagged(editor_client):
    """Editing the body never fails because a quote went missing: the quote is kept, flagged."""
    quote = factories.QuoteFactory(article=factories.ArticleFactory())
    article = quote.article
    data = change_form_data(editor_client.get(_change_url(article)))
    data["body_html"] = "<p>The minister left without a word.</p>"
    response = editor_client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.FOUND
    quote.refresh_from_db()
    assert quote.text == "we will talk again soon"
    assert not quote.is_verified


def test_story_page_warns_about_quotes_no_longer_in_the_body(editor_client):
    """The story page lists unverified quotes in a warning and marks their inline row."""
    quote = factories.QuoteFactory(article=factories.ArticleFactory())
    Article.objects.filter(pk=quote.article_id).update(body="Rewritten.")
    quote.article.refresh_from_db()
    render_story(quote.article)
    response = editor_client.get(_change_url(quote.article))
    page = response.content.decode()
    assert "A quote no longer appears word for word in the body" in page
    assert "we will talk again soon" in page
    assert 'class="desk-unverified"' in page


def test_new_quote_not_in_the_body_is_refused_naming_it(editor_client):
    """A new direct quote whose words are not in the body is an error on that quote."""
    article = factories.ArticleFactory()
    response = editor_client.get(_change_url(article))
    data = change_form_data(response)
    prefix = inline_prefix(response, Quote)
    add_inline_row(data, prefix, text="words nobody said", kind="direct", said_on_precision="day")
    response = editor_client.post(_change_url(article), data)
    assert response.status_code == HTTPStatus.OK
    quotes = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Quote
    )
    assert "words nobody said" in str(quotes.errors)
    assert not article.quotes.exists()


def test_edited_quote_not_in_the_body_is_refused(editor_client):
    """Changing an existing quote's words to something not in the body is refused."""
    quote = factories.QuoteFactory(article=factories.ArticleFactory())
    response = editor_client.get(_change_url(quote.article))
    data = change_form_data(response)
    data[f"{inline_prefix(response, Quote)}-0-text"] = "we will never talk"
    response = editor_client.post(_change_url(quote.article), data)
    assert response.status_code == HTTPStatus.OK
    quote.refresh_from_db()
    assert quote.text == "we will talk again soon"


def test_paraphrase_not_in_the_body_is_accepted(editor_client):
    """Paraphrases are not checked word for word."""
    article = factories.ArticleFactory()
    response = editor_client.get(_change_url(article))
    data = change_form_data(response)
    add_inline_row(
        data,
        inline_prefix(response, Quote),
        text="The minister hoped for more talks",
        kind="paraphrase",
        said_on_precision="day",
    )
    assert editor_client.post(_change_url(article), data).status_code == HTTPStatus.FOUND
    assert article.quotes.get().kind == "paraphrase"


# --- actors and events ------------------------------------------------------------------------


def test_actor_page_lists_affiliations_and_the_actors_quotes(editor_client):
    """An actor's admin page shows their affiliations and, read-only, their quotes."""
    quote = factories.QuoteFactory()
    factories.AffiliationFactory(actor=quote.speaker, role_title="Foreign Minister")
    response = editor_client.get(reverse("admin:actors_actor_change", args=[quote.speaker.pk]))
    page = response.content.decode()
    assert "Foreign Minister" in page
    assert "Quotes by this actor" in page
    assert "we will talk again soon" in page


def test_event_page_lists_participants_with_their_roles(editor_client):
    """An event's admin page edits its participants and their roles."""
    participant = factories.EventParticipantFactory(role=EventParticipant.Role.HOST)
    response = editor_client.get(reverse("admin:actors_event_change", args=[participant.event.pk]))
    page = response.content.decode()
    assert participant.actor.name in page
    assert 'value="host" selected' in page


def test_reporter_can_use_actor_autocomplete(client, reporter):
    """Reporters can look up speakers while writing (the autocomplete needs view rights)."""
    factories.ActorFactory(name="Kim Jong Un")
    client.force_login(reporter)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "articles", "model_name": "quote", "field_name": "speaker", "term": "Kim"},
    )
    assert response.status_code == HTTPStatus.OK
    assert "Kim Jong Un" in response.content.decode()


def test_line_breaks_from_the_browser_are_stored_as_newlines(editor_client):
    """A body posted with CRLF line breaks is stored with "\\n", so quote offsets stay right."""
    article = factories.ArticleFactory(body="First paragraph.\nHe said “hello there”.")
    quote = factories.QuoteFactory(article=article, text="hello there")
    data = change_form_data(editor_client.get(_change_url(article)))
    data["body_html"] = "<p>First paragraph.</p>\r\n<p>He said\r\n“hello there”.</p>"
    editor_client.post(_change_url(article), data)
    article.refresh_from_db()
    quote.refresh_from_db()
    assert article.body == "First paragraph.\nHe said “hello there”."
    assert (quote.start, quote.end) == (26, 37)


def test_story_form_queries_grow_only_with_each_quotes_autocomplete_widgets(
    editor_client, django_assert_max_num_queries
):
    """The story page prefetches its quotes; per quote only the three autocomplete widgets
    (speaker, outlets, event) look up their selected values."""
    article = factories.ArticleFactory()
    event, outlet = factories.EventFactory(), factories.OutletFactory()
    for _ in range(10):
        factories.QuoteFactory(article=article, event=event, outlets=[outlet])
    with django_assert_max_num_queries(20 + 3 * 10):
        response = editor_client.get(_change_url(article))
    assert response.status_code == HTTPStatus.OK
