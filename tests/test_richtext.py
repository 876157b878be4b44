"""The structured body: the sanitiser's allow-list, the body's text, typographic quotation
marks, quotes found and marked up across markup, and the API's body and body_html."""

import importlib
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles import richtext, services
from articles.models import Article
from articles.rendering import render_story
from articles.seeding import SUMMIT_BODY
from intake import services as intake
from tests import factories
from tests.browser.test_site_xss import PAYLOADS

# --- the sanitiser (no database) -----------------------------------------------------------

ALLOWED = [
    "<p>Text.</p>",
    "<h2>Subheading</h2>",
    "<h3>Smaller subheading</h3>",
    '<p><a href="https://example.org/statement" rel="noopener">a link</a></p>',
    '<p><a href="mailto:desk@example.org" rel="noopener">write to us</a></p>',
    "<p><strong>bold</strong> and <em>italic</em></p>",
    "<ul><li>one</li><li>two</li></ul>",
    "<ol><li>first</li><li>second</li></ol>",
    "<blockquote><p>A longer excerpt of a statement.</p></blockquote>",
    "<p>Above.</p>\n<hr>\n<p>Below.</p>",
    "<p>A line<br>and the next</p>",
]


@pytest.mark.parametrize("html", ALLOWED)
def test_every_allowed_element_is_kept(html):
    """What editors can write comes back exactly as written."""
    assert richtext.sanitise(html) == html


@pytest.mark.parametrize(
    ("html", "kept"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ("<style>p{color:red}</style><p>Hi</p>", "<p>Hi</p>"),
        ('<p>Hi<iframe src="https://example.org">framed</iframe></p>', "<p>Hi</p>"),
        ('<p>Hi<img src="x" onerror="alert(1)"></p>', "<p>Hi</p>"),
        ('<p onclick="alert(1)" style="color:red">Hi</p>', "<p>Hi</p>"),
        ('<p><a href="javascript:alert(1)">Hi</a></p>', "<p>Hi</p>"),
        ('<p><a href=" JaVaScRiPt:alert(1)">Hi</a></p>', "<p>Hi</p>"),
        ('<p><a href="data:text/html,<script>alert(1)</script>">Hi</a></p>', "<p>Hi</p>"),
        ('<p><a href="/relative">Hi</a></p>', "<p>Hi</p>"),
        (
            '<p><a href="https://example.org" target="_blank" onmouseover="x()">Hi</a></p>',
            '<p><a href="https://example.org" rel="noopener">Hi</a></p>',
        ),
        ('<p><span class="x" style="font-weight:bold">Hi</span></p>', "<p>Hi</p>"),
        ("<h1>Title</h1><h5>Low</h5>", "<h2>Title</h2>\n<h3>Low</h3>"),
        ("<p><b>bold</b> <i>italic</i></p>", "<p><strong>bold</strong> <em>italic</em></p>"),
    ],
)
def test_what_is_not_allowed_is_removed(html, kept):
    """Scripts, styles, frames, images, event handlers, style attributes and links that are
    not http, https or mailto are removed; bold and italic tags become strong and em."""
    assert richtext.sanitise(html) == kept


def test_external_links_get_rel_noopener():
    html = richtext.sanitise('<p><a href="https://kcna.kp/" rel="opener">KCNA</a></p>')
    assert html == '<p><a href="https://kcna.kp/" rel="noopener">KCNA</a></p>'


def test_pasted_html_becomes_paragraphs_without_running_words_together():
    """Divs, stray text and whitespace are folded into the canonical form."""
    html = richtext.sanitise("<div>One</div><div>Two  \n <b> three </b></div>tail<p></p>")
    assert html == "<p>One</p>\n<p>Two <strong>three</strong></p>\n<p>tail</p>"


def test_sanitising_twice_changes_nothing():
    for html in ALLOWED + ["<div>a<ul><li>b<ul><li>c</li></ul></li></ul></div>x"]:
        once = richtext.sanitise(html)
        assert richtext.sanitise(once) == once


def _executable(html):
    """Anything a browser could run: a script-bearing element, a handler, a script URL."""
    return re.search(
        r"<\s*(script|img|svg|iframe|object|embed|style)\b|\son\w+\s*=|javascript:|data:",
        html,
        re.IGNORECASE,
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_browser_test_vectors_are_inert_in_the_structured_body(payload):
    """The vectors the browser test uses reach the structured body only as text."""
    for html in (payload, f"<p>{payload}</p>", f'<p><a href="https://x.org/">{payload}</a></p>'):
        assert not _executable(richtext.sanitise(html))


def test_the_text_is_a_line_per_block():
    html = (
        "<h2>Talks</h2><p>He said <em>this</em>.</p><ul><li>One</li><li><p>Two</p>"
        "<ul><li>Deep</li></ul></li></ul><hr><blockquote><p>Q1</p><p>Q2</p></blockquote>"
    )
    assert richtext.to_text(html) == "Talks\nHe said this.\nOne\nTwo\nDeep\nQ1\nQ2"


def test_plain_text_becomes_paragraphs_losing_no_word():
    text = "First.\n\nSecond  line with <b>markup</b> & co.\r\nThird"
    html = richtext.from_text(text)
    assert html == (
        "<p>First.</p>\n<p>Second line with &lt;b&gt;markup&lt;/b&gt; &amp; co.</p>\n<p>Third</p>"
    )
    assert richtext.to_text(html).split() == text.split()


def test_the_migration_turns_each_line_into_a_paragraph_losing_nothing():
    """Migration 0008's conversion: every line's text is a paragraph of the new body."""
    migration = importlib.import_module("articles.migrations.0008_structured_body")
    text = "Kim arrived.\n\nHe said “<we> & they”.\nXi waited."
    html = migration.paragraphs(text)
    assert richtext.to_text(html) == "Kim arrived.\nHe said “<we> & they”.\nXi waited."


def test_straight_quotation_marks_become_typographic_one_for_one():
    text = "He said \"we'll win\" and 'soon' in the '90s."
    smart = richtext.smarten(text)
    assert smart == "He said “we’ll win” and ‘soon’ in the ’90s."
    assert len(smart) == len(text)


def test_smartening_the_seeded_report_changes_nothing():
    """The report already uses typographic marks: smartening it is the identity."""
    report = SUMMIT_BODY.read_text(encoding="utf-8")
    assert richtext.smarten(report) == report
    assert richtext.to_text(richtext.from_text(report)) == report
    assert richtext.smarten(richtext.smarten("\"a\" 'b'")) == richtext.smarten("\"a\" 'b'")


def test_smartening_html_follows_the_text_across_elements():
    html = richtext.smarten_html(
        '<p>He said "<em>we</em>\'ll win" <a href="https://x.org/\'">x</a></p>'
    )
    assert html == '<p>He said “<em>we</em>’ll win” <a href="https://x.org/&#x27;">x</a></p>'


# --- quotes in a structured body ----------------------------------------------------------

LINKED = (
    '<p>Kim arrived.</p><p>He said <a href="https://example.org/">we will</a> <em>win</em>.</p>'
)


class _Balance(HTMLParser):
    """Fails on an end tag that does not close the innermost open element."""

    VOID = {"br", "hr"}

    def __init__(self):
        super().__init__()
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def assert_well_formed(html):
    checker = _Balance()
    checker.feed(html)
    checker.close()
    assert checker.stack == []


@pytest.fixture
def linked_story(editor):
    return services.article_create(by=editor, headline="Kim", slug="kim", body_html=LINKED)


@pytest.mark.django_db
def test_a_quote_matches_across_a_link_and_emphasis(linked_story, editor):
    """The verbatim check reads the body's text, not its markup."""
    assert linked_story.body == "Kim arrived.\nHe said we will win."
    quote = services.quote_create(by=editor, article=linked_story, text="we will win")
    quote.refresh_from_db()
    assert quote.is_verified
    assert linked_story.body[quote.start : quote.end] == "we will win"


@pytest.mark.django_db
def test_a_quote_across_elements_is_marked_up_as_well_formed_html(linked_story, editor):
    """The <q> closes before the link ends and continues after it, without a second id."""
    speaker = factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    quote = services.quote_create(
        by=editor, article=linked_story, text="we will win", speaker=speaker
    )
    linked_story.refresh_from_db()
    html = linked_story.rendered_body
    assert_well_formed(html)
    assert html.startswith("<p>Kim arrived.</p>\n<p>He said ")
    assert (
        f'<a href="https://example.org/" rel="noopener"><q id="quote-{quote.pk}" '
        f'class="quote quote-direct" cite="/quotes/{quote.pk}/">we will</q></a>'
        f'<q class="quote quote-direct" cite="/quotes/{quote.pk}/"> <em>win</em></q>.'
        '<span class="quote-attribution">'
    ) in html
    assert html.count(f'id="quote-{quote.pk}"') == 1
    assert '<a href="/actors/kim-jong-un/">Kim Jong Un</a>' in html


@pytest.mark.django_db
def test_a_quote_ending_inside_emphasis_reopens_it_after_the_quote(editor):
    story = services.article_create(
        by=editor,
        headline="Xi",
        slug="xi",
        body_html="<p>Xi said <em>peace is near and</em> left.</p>",
    )
    services.quote_create(by=editor, article=story, text="said peace is", kind="partial")
    story.refresh_from_db()
    assert_well_formed(story.rendered_body)
    assert "<em>peace is</em></q><em> near and</em>" in story.rendered_body


@pytest.mark.django_db
def test_an_attribution_inside_a_link_waits_until_the_link_closes(editor):
    story = services.article_create(
        by=editor,
        headline="Link",
        slug="link",
        body_html='<p>He said <a href="https://x.org/">“we agree,” today</a>.</p>',
    )
    services.quote_create(
        by=editor, article=story, text="we agree", speaker=factories.ActorFactory()
    )
    story.refresh_from_db()
    assert_well_formed(story.rendered_body)
    assert ' today</a><span class="quote-attribution">' in story.rendered_body


@pytest.mark.django_db
def test_a_straight_quoted_paste_matches_a_straight_quoted_quote(editor):
    """Body and quote get the same typographic marks, so a paste with straight marks matches."""
    story = services.article_create(
        by=editor, headline="Paste", slug="paste", body='Kim said "we\'ll stand together".'
    )
    assert story.body == "Kim said “we’ll stand together”."
    quote = services.quote_create(by=editor, article=story, text="we'll stand together")
    quote.refresh_from_db()
    assert quote.text == "we’ll stand together"
    assert quote.is_verified


@pytest.mark.django_db
def test_rendering_reads_the_same_number_of_rows_however_many_quotes(editor):
    """The body's markup costs no query per quote."""

    def render_queries(count):
        story = services.article_create(
            by=editor,
            headline=f"Story {count}",
            slug=f"story-{count}",
            body_html="".join(f"<p>Point <em>number {n}</em> made.</p>" for n in range(count)),
        )
        speaker = factories.ActorFactory()
        outlet = factories.OutletFactory()
        for n in range(count):
            services.quote_create(
                by=editor,
                article=story,
                text=f"number {n} made",
                speaker=speaker,
                outlets=[outlet],
            )
        story.refresh_from_db()
        story.rendered_body = ""  # the markup is written again
        with CaptureQueriesContext(connection) as queries:
            render_story(story)
        assert story.rendered_body.count('<q id="quote-') == count
        return len(queries)

    assert render_queries(2) == render_queries(12)


# --- the write path ------------------------------------------------------------------------


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def api(editor):
    return token_client(editor)


@pytest.mark.django_db
def test_api_plain_body_becomes_paragraphs(api):
    response = api.post(
        "/api/v1/articles/",
        {"headline": "Plain", "slug": "plain", "body": "One.\nTwo <three>."},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    data = response.json()
    assert data["body"] == "One.\nTwo <three>."
    assert data["body_html"] == "<p>One.</p>\n<p>Two &lt;three&gt;.</p>"


@pytest.mark.django_db
def test_api_structured_body_is_sanitised_and_gives_the_text(api):
    response = api.post(
        "/api/v1/articles/",
        {
            "headline": "Rich",
            "slug": "rich",
            "body_html": '<h2>Talks</h2><p onclick="x()">He said <a href="javascript:x()">'
            "hi</a><script>alert(1)</script>.</p>",
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.json()
    data = response.json()
    assert data["body_html"] == "<h2>Talks</h2>\n<p>He said hi.</p>"
    assert data["body"] == "Talks\nHe said hi."


@pytest.mark.django_db
def test_api_body_and_body_html_together_must_agree(api):
    agreeing = api.post(
        "/api/v1/articles/",
        {
            "headline": "A",
            "slug": "a",
            "body": "He said hi.",
            "body_html": "<p>He <em>said</em> hi.</p>",
        },
        format="json",
    )
    assert agreeing.status_code == HTTPStatus.CREATED, agreeing.json()
    refused = api.post(
        "/api/v1/articles/",
        {"headline": "B", "slug": "b", "body": "Something else.", "body_html": "<p>Hi.</p>"},
        format="json",
    )
    assert refused.status_code == HTTPStatus.BAD_REQUEST
    assert "body_html" in refused.json()["body"][0]
    assert not Article.objects.filter(slug="b").exists()


@pytest.mark.django_db
def test_api_update_of_the_structured_body_updates_the_text(api):
    story = factories.ArticleFactory(slug="edit", body="Old words.")
    response = api.patch(
        "/api/v1/articles/edit/",
        {"body_html": "<p>New <strong>words</strong>.</p>", "version": story.version},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK, response.json()
    story.refresh_from_db()
    assert (story.body, story.body_html) == ("New words.", "<p>New <strong>words</strong>.</p>")


@pytest.mark.django_db
def test_api_refuses_a_nul_byte_in_body_html(api):
    response = api.post(
        "/api/v1/articles/",
        {"headline": "N", "slug": "n", "body_html": "<p>a\x00b</p>"},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "body_html" in response.json()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_api_refuses_a_structured_body_without_text(api):
    response = api.post(
        "/api/v1/articles/",
        {"headline": "E", "slug": "e", "body_html": "<p><img src=x></p>"},
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "no text" in response.json()["body_html"][0]


@pytest.mark.django_db
def test_api_and_ninjs_carry_the_structured_body_without_quote_markup(api, editor):
    story = services.article_create(by=editor, headline="Kim", slug="kim", body_html=LINKED)
    services.quote_create(by=editor, article=story, text="we will win")
    services.article_publish(article=story, by=editor)
    detail = api.get("/api/v1/articles/kim/").json()
    assert detail["body_html"] == richtext.sanitise(LINKED)
    assert "<q" not in detail["body_html"]
    assert detail["body"] == "Kim arrived.\nHe said we will win."
    item = api.get("/api/v1/articles/kim/ninjs/").json()
    rich = next(body for body in item["bodies"] if body["role"] == "richtext")
    assert (rich["contentType"], rich["value"]) == ("text/html", detail["body_html"])


@pytest.mark.django_db
def test_hostile_structured_body_reaches_the_page_with_nothing_executable(client, editor):
    hostile = "".join(
        f"<p>{payload} and <a href='javascript:x()'>{payload}</a></p>" for payload in PAYLOADS
    )
    story = services.article_create(by=editor, headline="H", slug="h", body_html=hostile)
    services.article_publish(article=story, by=editor)
    page = client.get("/stories/h/").content.decode()
    body = page[page.index('class="story-body"') : page.index("</article>")]
    assert not _executable(body)


@pytest.mark.django_db
def test_restoring_a_version_from_before_the_structured_body_makes_its_paragraphs(editor):
    story = services.article_create(by=editor, headline="R", slug="r", body="First text.")
    services.article_update(article=story, by=editor, body_html="<p>Second <em>text</em>.</p>")
    old = story.history.order_by("history_id").first()
    type(old).objects.filter(pk=old.pk).update(body_html="")  # saved before the field existed
    old.refresh_from_db()
    services.article_restore(article=story, record=old, by=editor)
    story.refresh_from_db()
    assert (story.body, story.body_html) == ("First text.", "<p>First text.</p>")


@pytest.mark.django_db
def test_restoring_a_version_brings_back_its_structure(editor):
    story = services.article_create(
        by=editor, headline="S", slug="s", body_html="<h2>Head</h2><p>Text.</p>"
    )
    first = story.history.order_by("history_id").first()
    services.article_update(article=story, by=editor, body="Flat.")
    services.article_restore(article=story, record=first, by=editor)
    story.refresh_from_db()
    assert story.body_html == "<h2>Head</h2>\n<p>Text.</p>"
    assert story.body == "Head\nText."


@pytest.mark.django_db
def test_wire_copy_in_html_becomes_a_sanitised_structured_body(editor):
    item = {
        "uri": "urn:example:1",
        "standard": {"name": "ninjs", "version": "3.1"},
        "type": "text",
        "headlines": [{"role": "main", "value": "Envoys meet"}],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": "<div><p>The envoys met.</p><p>They <b>agreed</b>."
                "<script>x()</script></p></div>",
            }
        ],
    }
    story = intake.wire_import(by=editor, item=item)
    assert story.body_html == "<p>The envoys met.</p>\n<p>They <strong>agreed</strong>.</p>"
    assert story.body == "The envoys met.\nThey agreed."


@pytest.mark.django_db
def test_plain_wire_copy_becomes_paragraphs(editor):
    story = intake.wire_import(by=editor, data=b"Envoys meet\nThey agreed.\n")
    assert story.body_html == "<p>Envoys meet</p>\n<p>They agreed.</p>"


# --- the admin -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_story_form_edits_the_structured_body_with_the_rich_editor(client, editor):
    story = factories.ArticleFactory(body="Kim arrived.")
    client.force_login(editor)
    response = client.get(f"/admin/articles/article/{story.pk}/change/")
    page = response.content.decode()
    assert 'name="body_html"' in page
    assert 'name="body"' not in page
    assert "data-django-prose-editor-configurable" in page
    # The import map is an inline script: it carries the nonce the policy names.
    nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in page


@pytest.mark.django_db
def test_a_quote_added_with_new_body_words_in_one_admin_save_is_accepted(client, editor):
    from tests.admin_forms import add_inline_row, change_form_data, inline_prefix

    story = factories.ArticleFactory(body="Kim arrived.")
    url = f"/admin/articles/article/{story.pk}/change/"
    client.force_login(editor)
    response = client.get(url)
    data = change_form_data(response)
    data["body_html"] = '<p>Kim said "we\'ll <em>win</em>".</p>'
    add_inline_row(
        data,
        inline_prefix(response, story.quotes.model),
        text="we'll win",
        kind="direct",
        said_on_precision="day",
    )
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    story.refresh_from_db()
    assert story.body == "Kim said “we’ll win”."
    assert story.quotes.get().is_verified
