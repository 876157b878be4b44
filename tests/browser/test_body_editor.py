"""The structured body's rich-text editor in the admin: it loads from our static files
under the Content-Security-Policy, offers what the body allows, and what an editor
writes in it is stored sanitised and shown to readers with its quotes marked up."""

import os

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
SHOTS = "/tmp/shots/body"  # noqa: S108 -- screenshots for review, not secrets

# The editable area (the menu's pickers are ProseMirror views too).
EDITABLE = '.ProseMirror[contenteditable="true"]'

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def desk(page, live_server):
    """An editor signed in to the admin, with CSP violations and outside requests recorded."""
    editor = factories.EditorFactory(username="body-editor")
    editor.set_password(PASSWORD)
    editor.save()
    page.violations = []
    page.on(
        "console",
        lambda message: (
            page.violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.outside = []
    page.on(
        "request",
        lambda request: (
            page.outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    page.editor = editor
    return page


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=False)


def test_the_editor_loads_under_the_policy_from_our_own_files(desk, live_server):
    story = services.article_create(
        by=desk.editor,
        headline="Kim arrives",
        slug="kim-arrives",
        body_html="<h2>Arrival</h2><p>Kim arrived by <em>train</em>.</p>",
    )
    desk.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    prose = desk.locator(EDITABLE)
    expect(prose).to_be_visible()
    expect(prose.locator("h2")).to_have_text("Arrival")
    expect(prose.locator("em")).to_have_text("train")
    desk.locator(".prose-editor").first.scroll_into_view_if_needed()
    _shot(desk, "editor-1280")
    desk.set_viewport_size({"width": 390, "height": 844})
    desk.locator(".prose-editor").first.scroll_into_view_if_needed()
    _shot(desk, "editor-390")
    assert desk.violations == []
    assert desk.evaluate("window.__cspViolations") == []
    assert desk.outside == []


def test_what_the_editor_writes_is_stored_and_its_quote_marked_up(desk, live_server):
    story = services.article_create(
        by=desk.editor, headline="Talks", slug="talks", body="Old paragraph."
    )
    quote_speaker = factories.ActorFactory(name="Wang Yi", slug="wang-yi")
    desk.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    prose = desk.locator(EDITABLE)
    expect(prose).to_be_visible()
    prose.click()
    desk.keyboard.press("Control+a")
    desk.keyboard.type('Wang said "we ')
    desk.keyboard.press("Control+b")
    desk.keyboard.type("agree")
    desk.keyboard.press("Control+b")
    desk.keyboard.type(' fully" today.')
    desk.locator("input[name=_continue]").first.click()
    expect(desk.locator(".messagelist")).to_be_visible()
    story.refresh_from_db()
    assert story.body == "Wang said “we agree fully” today."
    assert "<strong>agree</strong>" in story.body_html

    services.quote_create(
        by=desk.editor, article=story, text="we agree fully", speaker=quote_speaker
    )
    services.article_publish(article=Article.objects.get(pk=story.pk), by=desk.editor)
    desk.goto(f"{live_server.url}/stories/talks/")
    quote = desk.locator(".story-body q").first
    expect(quote).to_contain_text("we")
    expect(desk.locator(".story-body strong")).to_have_text("agree")
    expect(desk.locator(".story-body .quote-attribution")).to_contain_text("Wang Yi")
    _shot(desk, "story-1280")
