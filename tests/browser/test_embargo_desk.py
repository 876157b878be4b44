"""In headless Chromium: an editor embargoes a story for partners from the story page,
a partner's token reads it early, a reader does not, and the editor lifts it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password


def test_an_editor_embargoes_and_lifts_from_the_story_page(browser, live_server):
    editor = factories.EditorFactory()
    editor.set_password(PASSWORD)
    editor.save()
    story = factories.ArticleFactory(headline="Talks resume in Geneva", slug="geneva-talks")
    partner_token = Token.objects.create(user=factories.PartnerFactory()).key
    lift = timezone.localtime(timezone.now() + datetime.timedelta(days=2))
    base = live_server.url
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    page.fill("#id_until_0", lift.strftime("%d/%m/%Y"))
    page.fill("#id_until_1", "06:00:00")
    page.get_by_role("button", name="Save and embargo for partners").first.click()

    expect(page.locator(".messagelist")).to_contain_text("embargoed for partners")
    expect(page.locator(".fieldBox.field-visibility")).to_contain_text("Embargoed until")
    story.refresh_from_db()
    assert story.is_under_embargo
    assert page.request.get(f"{base}/stories/geneva-talks/").ok  # staff preview
    partner = page.context.request.get(
        f"{base}/api/v1/articles/geneva-talks/",
        headers={"Authorization": f"Token {partner_token}"},
    )
    assert partner.json()["embargoed"] is True
    reader = browser.new_context().new_page()
    assert reader.goto(f"{base}/stories/geneva-talks/").status == 404

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Save and lift embargo now").first.click()

    expect(page.locator(".messagelist")).to_contain_text("its embargo was lifted")
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert reader.goto(f"{base}/stories/geneva-talks/").status == 200
