"""End to end in headless Chromium: a reporter files, an editor publishes, a reader reads."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
BODY = (
    "Kim Jong Un arrived in Beijing by train on Tuesday.\n"
    "“The friendship cannot change,” Kim told his hosts, according to KCNA."
)


def _sign_in(page, base_url, user):
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)


def _new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


def test_reporter_files_editor_publishes_reader_reads(browser, live_server):
    """1. A reporter writes a draft with a quote and submits it. 2. An editor publishes it.
    3. An anonymous reader sees it, with the quote marked up."""
    reporter = factories.ReporterFactory()
    editor = factories.EditorFactory()
    for user in (reporter, editor):
        user.set_password(PASSWORD)
        user.save()
    factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    base = live_server.url

    # 1. The reporter writes a draft with a quote and submits it.
    page = _new_page(browser)
    _sign_in(page, base, reporter)
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Kim arrives in Beijing")
    expect(page.locator("#id_slug")).to_have_value("kim-arrives-in-beijing")
    page.fill("#id_standfirst", "The North Korean leader travelled by train.")
    expect(page.locator(".desk-character-count")).to_contain_text("43 / 600 characters")
    # The body is written in the rich-text editor, a paragraph per line.
    page.locator('.field-body_html [contenteditable="true"]').click()
    page.keyboard.type(BODY)
    page.locator("#quotes-group .add-row a").click()
    page.fill("#id_quotes-0-text", "The friendship cannot change")
    page.locator("#quotes-0 .field-speaker .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Kim")
    page.locator(".select2-results__option", has_text="Kim Jong Un").click()
    page.get_by_role("button", name="Save and submit for review").first.click()
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    article = Article.objects.get(slug="kim-arrives-in-beijing")
    assert article.status == Article.Status.IN_REVIEW
    assert article.author == reporter
    quote = article.quotes.get()
    assert (quote.speaker.name, quote.is_verified) == ("Kim Jong Un", True)
    page.context.close()

    # A reader cannot see it yet.
    reader = _new_page(browser)
    response = reader.goto(f"{base}/stories/kim-arrives-in-beijing/")
    assert response.status == 404

    # 2. The editor finds it in the list and publishes it.
    page = _new_page(browser)
    _sign_in(page, base, editor)
    page.goto(f"{base}/admin/articles/article/?status__exact=in_review")
    page.get_by_role("link", name="Kim arrives in Beijing").click()
    page.get_by_role("button", name="Save and publish now").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was published")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    page.context.close()

    # 3. The anonymous reader now sees the story, with the quote marked up.
    response = reader.goto(f"{base}/stories/kim-arrives-in-beijing/")
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text("Kim arrives in Beijing")
    expect(reader.locator(f"q#quote-{quote.pk}")).to_have_text("The friendship cannot change")
    reader.context.close()
