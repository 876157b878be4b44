"""Two editors in two browsers: the second save is refused until the editor says they merged."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password


def _editor_page(browser, base_url, username):
    editor = factories.EditorFactory(username=username)
    editor.set_password(PASSWORD)
    editor.save()
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)
    return page


def test_a_stale_save_needs_the_merge_confirmation(browser, live_server):
    story = factories.ArticleFactory(headline="Kim arrives", body="Kim arrived by train.")
    url = f"{live_server.url}/admin/articles/article/{story.pk}/change/"
    alice = _editor_page(browser, live_server.url, "alice")
    bob = _editor_page(browser, live_server.url, "bob")
    alice.goto(url)
    bob.goto(url)

    alice.fill("#id_standfirst", "Alice's standfirst.")
    alice.locator("input[name=_save]").first.click()
    expect(alice.locator(".messagelist")).to_contain_text("was changed successfully")

    bob.fill("#id_headline", "Kim arrives in Beijing")
    bob.locator("input[name=_save]").first.click()
    conflict = bob.locator(".desk-conflict")
    expect(conflict).to_contain_text("alice saved this story while you were editing")
    expect(bob.locator("#id_headline")).to_have_value("Kim arrives in Beijing")

    # Saving again without saying so is refused again: nothing of Alice's is overwritten.
    bob.locator("input[name=_save]").first.click()
    expect(bob.locator(".desk-conflict")).to_be_visible()
    story.refresh_from_db()
    assert (story.headline, story.standfirst) == ("Kim arrives", "Alice's standfirst.")

    bob.fill("#id_standfirst", "Alice's standfirst.")  # Bob merges her change
    bob.check("#id_confirm_merge")
    bob.locator("input[name=_save]").first.click()
    expect(bob.locator(".messagelist")).to_contain_text("was changed successfully")
    story = Article.objects.get(pk=story.pk)
    assert (story.headline, story.standfirst) == ("Kim arrives in Beijing", "Alice's standfirst.")
