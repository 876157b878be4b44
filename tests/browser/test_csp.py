"""The Content-Security-Policy breaks nothing: no violation on the story page, the admin's
change form or the API docs, and the docs' own script (allowed by its nonce) runs."""

import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password

# Every violation the page reports, from the first script on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP violations from its events and from the console."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return console + page.evaluate("window.__cspViolations")

    page.violations = violations
    return page


def test_the_story_page_has_no_violations(watched, live_server):
    story = factories.PublishedArticleFactory(headline="Kim arrives in Beijing")
    response = watched.goto(f"{live_server.url}{story.get_absolute_url()}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(watched.locator("h1")).to_contain_text("Kim arrives in Beijing")
    # Its structured data is there, and is data: no policy applies to it.
    assert watched.locator('script[type="application/ld+json"]').count() == 1
    assert watched.violations() == []


def test_the_admin_change_form_has_no_violations(watched, live_server):
    editor = factories.EditorFactory(username="csp-editor")
    editor.set_password(PASSWORD)
    editor.save()
    story = factories.ArticleFactory(headline="Kim arrives")
    watched.goto(f"{live_server.url}/admin/login/")
    watched.fill("#id_username", editor.username)
    watched.fill("#id_password", PASSWORD)
    watched.click("input[type=submit]")
    expect(watched.locator("#user-tools")).to_contain_text(editor.username)
    response = watched.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    assert "content-security-policy" in response.headers
    expect(watched.locator("#id_headline")).to_have_value("Kim arrives")
    # The admin's own scripts ran: the inline formsets' "Add another" links are theirs.
    expect(watched.locator(".add-row a").first).to_be_attached()
    watched.goto(f"{live_server.url}/admin/articles/article/add/")
    # Prepopulated fields (slug from headline) run from a script file with its data
    # in attributes: typing the headline fills the slug.
    watched.locator("#id_headline").press_sequentially("Xi meets Kim")
    expect(watched.locator("#id_slug")).to_have_value("xi-meets-kim")
    assert watched.violations() == []


def test_the_api_docs_run_under_the_policy(watched, live_server):
    response = watched.goto(f"{live_server.url}/api/docs/")
    assert "'nonce-" in response.headers["content-security-policy"]
    # Swagger UI's set-up script, allowed by its nonce, loads the schema and lists it.
    expect(watched.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(watched.locator(".swagger-ui .title")).to_contain_text("Diplomatic Desk API")
    assert watched.violations() == []


def test_the_browsable_api_has_no_violations(watched, live_server):
    factories.PublishedArticleFactory(headline="Kim arrives in Beijing")
    response = watched.goto(f"{live_server.url}/api/v1/articles/")
    assert "text/html" in response.headers["content-type"]
    expect(watched.locator(".response-info")).to_contain_text("Kim arrives in Beijing")
    assert watched.violations() == []
