"""The desk and the page fit the screen: the quote list's columns and filters, the story
form's quote cards (constant queries, those to check first), the story's length, Who's who
by kind, and slugs from any headline."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import services
from articles.models import Article, Quote
from articles.rendering import render_story
from core.reading import describe, reading_minutes, word_count
from core.slugs import slugify_headline, unique_slug
from core.writes import write_scope
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

QUOTES = reverse("admin:articles_quote_changelist")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def _change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def quoted_story(n, speaker=None, **fields):
    body = "\n".join(f"He said “words number {i} in full” and left." for i in range(n))
    with write_scope():
        story = factories.PublishedArticleFactory(body=body, **fields)
        for i in range(n):
            factories.QuoteFactory(
                article=story,
                text=f"words number {i} in full",
                speaker=speaker or factories.ActorFactory(),
                outlets=[factories.OutletFactory()],
                event=factories.EventFactory(),
                said_on=datetime.date(2025, 9, 4),
            )
    return story


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(context.captured_queries)


# --- The quote list ---------------------------------------------------------------------------


def test_quote_list_shows_words_speaker_outlets_story_date_and_check(editor_client):
    """Each row reads: the words, who said them, the outlets, the story, the date, the check."""
    outlet = factories.OutletFactory(name="Yonhap")
    story = factories.PublishedArticleFactory(headline="Kim goes to Beijing")
    factories.QuoteFactory(
        article=story,
        speaker=factories.ActorFactory(name="Kim Jong Un"),
        outlets=[outlet],
        said_on=datetime.date(2025, 9, 4),
    )
    page = editor_client.get(QUOTES).content.decode()
    for column in ("words", "speaker_name", "outlet_names", "story", "said_on", "verified"):
        assert f'class="sortable column-{column}' in page or f"column-{column}" in page, column
    row = re.search(r"<tr>.*?</tr>", page.split("<tbody>")[1], re.S).group()
    for shown in ("we will talk again soon", "Kim Jong Un", "Yonhap", "Kim goes to Beijing"):
        assert shown in row, shown
    assert "4 Sep 2025" in row or "Sept. 4, 2025" in row or "4 September 2025" in row


def test_quote_list_filters_on_whether_the_words_are_in_the_body(editor_client, editor):
    story = factories.ArticleFactory(body="He said “we will talk again soon” and left.")
    lost = factories.QuoteFactory(article=story, text="we will talk again soon")
    kept = factories.QuoteFactory(article=story, text="He said")
    services.article_update(article=story, by=editor, body="He said nothing and left.")
    lost.refresh_from_db()
    assert not lost.is_verified

    to_check = editor_client.get(QUOTES + "?verified=no").context["cl"].result_list
    assert [q.pk for q in to_check] == [lost.pk]
    found = editor_client.get(QUOTES + "?verified=yes").context["cl"].result_list
    assert kept.pk in [q.pk for q in found] and lost.pk not in [q.pk for q in found]


@pytest.mark.parametrize("relation", ["speaker", "outlets", "article"])
def test_quote_list_filters_on_speaker_outlet_and_story(editor_client, relation):
    """Picking a speaker, an outlet or a story lists only its quotes."""
    quotes = [factories.QuoteFactory(outlets=[factories.OutletFactory()]) for _ in range(3)]
    target = quotes[1]
    chosen = target.outlets.get() if relation == "outlets" else getattr(target, relation)
    response = editor_client.get(QUOTES + f"?{relation}__id__exact={chosen.pk}")
    assert [q.pk for q in response.context["cl"].result_list] == [target.pk]
    # The filter names what it is filtering on.
    assert str(chosen) in response.content.decode()


def test_quote_list_filter_by_a_bad_id_lists_nothing(editor_client):
    factories.QuoteFactory()
    response = editor_client.get(QUOTES + "?speaker__id__exact=abc")
    assert response.status_code == HTTPStatus.OK
    assert list(response.context["cl"].result_list) == []


def test_quote_list_drills_down_by_date(editor_client):
    factories.QuoteFactory(said_on=datetime.date(2024, 6, 1))
    recent = factories.QuoteFactory(said_on=datetime.date(2025, 9, 4))
    response = editor_client.get(QUOTES + "?said_on__year=2025")
    assert [q.pk for q in response.context["cl"].result_list] == [recent.pk]


def test_quote_list_filters_never_list_every_story_or_actor(editor_client):
    """With many stories and speakers, the filters are search boxes, not lists of them all."""
    for _ in range(30):
        factories.QuoteFactory()
    page = editor_client.get(QUOTES).content.decode()
    sidebar = page.split('id="changelist-filter"')[1]
    assert sidebar.count("<option") <= 3
    assert 'data-field-name="speaker"' in sidebar
    assert 'data-field-name="outlets"' in sidebar
    assert 'data-field-name="article"' in sidebar


def test_quote_list_queries_do_not_grow_with_the_quotes(editor_client):
    """5 quotes or 45 (each with its own speaker, outlet and story): the same queries."""
    quoted_story(5)
    editor_client.get(QUOTES)  # the first view fills per-process caches
    small = count_queries(editor_client, QUOTES)
    for _ in range(4):
        quoted_story(10)
    assert count_queries(editor_client, QUOTES) == small


# --- The story form ---------------------------------------------------------------------------


def test_story_form_queries_are_the_same_for_5_or_50_quotes(editor_client):
    """Every quote card's speaker, outlets and event come with the quotes."""
    small_story, large_story = quoted_story(5), quoted_story(50)
    editor_client.get(_change_url(small_story))  # the first view fills per-process caches
    small = count_queries(editor_client, _change_url(small_story))
    large = count_queries(editor_client, _change_url(large_story))
    assert small == large


def test_story_form_cards_show_the_chosen_speaker_outlets_and_event(editor_client):
    story = quoted_story(1)
    quote = story.quotes.get()
    page = editor_client.get(_change_url(story)).content.decode()
    for chosen in (quote.speaker, quote.outlets.get(), quote.event):
        assert f'<option value="{chosen.pk}" selected>{chosen}</option>' in page


def test_quotes_to_check_come_first_and_are_counted_in_the_heading(editor_client, editor):
    """“Quotes (3, 1 to check)”, and the quote to check is the first card."""
    story = factories.ArticleFactory(
        body="First “alpha words here”.\nThen “beta words here”.\nLast “gamma words here”."
    )
    for text in ("alpha words here", "beta words here", "gamma words here"):
        factories.QuoteFactory(article=story, text=text)
    services.article_update(
        article=story,
        by=editor,
        body="First “alpha words here”.\nThen nothing.\nLast “gamma words here”.",
    )
    response = editor_client.get(_change_url(story))
    page = response.content.decode()
    assert "Quotes (3, 1 to check)" in page
    formset = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Quote
    )
    assert [f.instance.text for f in formset.forms] == [
        "beta words here",
        "alpha words here",
        "gamma words here",
    ]
    assert formset.open_by_default


def test_many_checked_quotes_fold_away_under_their_count(editor_client):
    story = quoted_story(12)
    page = editor_client.get(_change_url(story)).content.decode()
    assert "Quotes (12)" in page
    assert f"/admin/articles/quote/?article__id__exact={story.pk}" in page
    assert '<details class="desk-quotes-details">' in page


def test_story_form_shows_the_saved_bodys_length(editor_client):
    story = factories.ArticleFactory(body=" ".join(["word"] * 460))
    page = editor_client.get(_change_url(story)).content.decode()
    assert "460 words · about 2 min to read" in page
    assert 'data-words-per-minute="230"' in page


def test_word_count_and_reading_time():
    assert word_count("Kim Jong Un’s train — don't stop, 2025.") == 7
    assert word_count("") == 0
    assert reading_minutes(230) == 1 and reading_minutes(231) == 2
    assert describe("one") == "1 word · about 1 min to read"
    assert describe("") == "No words yet."


# --- Who's who --------------------------------------------------------------------------------


def test_whos_who_is_grouped_people_states_organisations_outlets_unnamed(editor):
    body = "“one” “two” “three” “four” “five”"
    story = factories.PublishedArticleFactory(body=body)
    speakers = [
        factories.OrganizationFactory(name="Kyungnam University"),
        factories.ActorFactory(name="Kremlin aide", anonymous=True, description="an aide"),
        factories.StateFactory(name="China"),
        factories.ActorFactory(name="Kim Jong Un"),
    ]
    for word, speaker in zip(("one", "two", "three", "four"), speakers, strict=True):
        factories.QuoteFactory(article=story, text=word, speaker=speaker)
    outlet = factories.OutletFactory(name="NBC News")
    services.article_update(article=story, by=editor, mentions=[outlet])
    story.refresh_from_db()
    headings = re.findall(r'<h3 class="whos-who-group"[^>]*>([^<]+)</h3>', story.aside_html)
    assert headings == ["People", "States", "Organisations", "Outlets", "Unnamed sources"]
    aside = story.aside_html
    assert aside.index("Kim Jong Un") < aside.index("China") < aside.index("Kyungnam")
    assert aside.index("Kyungnam") < aside.index("NBC News") < aside.index("an aide")


def test_whos_who_shows_only_groups_with_someone_in_them():
    story = factories.PublishedArticleFactory()
    factories.QuoteFactory(article=story, speaker=factories.ActorFactory(name="Xi Jinping"))
    story.refresh_from_db()
    headings = re.findall(r'<h3 class="whos-who-group"[^>]*>([^<]+)</h3>', story.aside_html)
    assert headings == ["People"]


def test_sidebar_links_to_its_timeline_and_sources():
    """A long Who's who does not push the timeline out of reach: the sidebar opens with links."""
    story = factories.PublishedArticleFactory()
    factories.QuoteFactory(article=story, outlets=[factories.OutletFactory()])
    story.events.add(factories.EventFactory())
    render_story(story)
    nav = re.search(r'<nav class="aside-nav".*?</nav>', story.aside_html, re.S).group()
    assert 'href="#timeline-heading"' in nav and 'href="#sources-heading"' in nav


def test_an_unlinked_speaker_is_a_chip_too():
    """A speaker without a page is still one unbreakable chip in the attribution."""
    story = factories.PublishedArticleFactory()
    factories.QuoteFactory(
        article=story, speaker=factories.ActorFactory(name="Kremlin aide", anonymous=True)
    )
    story.refresh_from_db()
    assert '<span class="quote-chip">' in story.rendered_body


def test_quote_card_names_the_story_as_a_quiet_link(client):
    speaker = factories.ActorFactory(slug="kim-jong-un")
    quote = factories.QuoteFactory(
        speaker=speaker, article=factories.PublishedArticleFactory(headline="A " * 60 + "end")
    )
    page = client.get(speaker.get_absolute_url()).content.decode()
    story = re.search(r'<span class="quote-card-story">.*?</span>', page, re.S).group()
    assert quote.article.get_absolute_url() in story
    assert "end</a>" not in story  # a long headline is cut, and named in full in its title
    assert f'title="{quote.article.headline}"' in story


# --- Slugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Wang Yi–Lavrov talks", "wang-yi-lavrov-talks"),
        ("Wang Yi—Lavrov talks", "wang-yi-lavrov-talks"),
        ("Seoul/Tokyo talks", "seoul-tokyo-talks"),
        ("김정은 방중", "gimjeongeun-bangjung"),
        ("Владимир Путин в Пекине", "vladimir-putin-v-pekine"),
        ("Café résumé", "cafe-resume"),
        ("!!!", ""),
    ],
)
def test_slug_from_a_headline(headline, slug):
    assert slugify_headline(headline) == slug


def test_a_chinese_headline_gets_a_latin_slug():
    slug = slugify_headline("习近平会见金正恩")
    assert slug and re.fullmatch(r"[a-z0-9-]+", slug)


def test_a_long_headline_is_cut_between_words():
    slug = slugify_headline("word " * 100, max_length=50)
    assert len(slug) <= 50 and slug.endswith("word")


def test_unique_slug_counts_up_past_taken_ones():
    taken = {"talks", "talks-2"}
    assert unique_slug("Talks", taken.__contains__) == "talks-3"
    assert unique_slug("!!!", taken.__contains__) == "story"


def test_a_story_created_without_a_slug_gets_one_from_its_headline(editor):
    first = services.article_create(by=editor, headline="Wang Yi–Lavrov talks", body="Text.")
    second = services.article_create(by=editor, headline="Wang Yi–Lavrov talks", body="Text.")
    assert (first.slug, second.slug) == ("wang-yi-lavrov-talks", "wang-yi-lavrov-talks-2")


def test_the_api_makes_a_slug_when_none_is_given(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    response = client.post(
        "/api/v1/articles/", {"headline": "김정은 방중", "body": "Text."}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["slug"] == "gimjeongeun-bangjung"


def test_the_admin_makes_a_slug_when_the_field_is_left_empty(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    data = change_form_data(response)
    data.update(headline="习近平会见金正恩", slug="", standfirst="")
    data.update({"body": "Text.", "body_html": "<p>Text.</p>"})
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert Article.objects.get(headline="习近平会见金正恩").slug == slugify_headline(
        "习近平会见金正恩"
    )


def test_a_published_story_keeps_its_slug(editor):
    story = factories.PublishedArticleFactory(slug="kept")
    services.article_update(article=story, by=editor, slug="")
    story.refresh_from_db()
    assert story.slug == "kept"
    with pytest.raises(Exception, match="must not change"):
        services.article_update(article=story, by=editor, slug="changed")


def test_the_admin_slug_script_follows_the_servers_rules(editor_client):
    """The story form loads the script that makes the slug as the server does."""
    page = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert page.index("admin/js/urlify.js") < page.index("articles/admin/slugs.js")
