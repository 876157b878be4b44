"""The intake desk in a browser: paste wire copy, accept two proposals, reject one."""

import pytest
from playwright.sync_api import expect

from articles.models import Article
from intake.models import RejectedProposal
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
WIRE = (
    "Kim Jong Un arrived in Beijing on Tuesday.\n"
    "“We will stand together,” Kim told KCNA.\n"
    "“The talks were frank,” Ana Ortiz, a diplomat, told Reuters.\n"
    "“Nothing was agreed,” an aide said."
)


def test_paste_accept_two_reject_one(browser, live_server):
    editor = factories.EditorFactory()
    editor.set_password(PASSWORD)
    editor.save()
    factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    factories.OutletFactory(name="KCNA", slug="kcna")
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/intake/wirecopy/add/")
    page.fill("#id_copy", WIRE)
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("was saved as a draft")
    proposals = page.locator(".intake-proposal")
    expect(proposals).to_have_count(3)

    def row(words):
        return proposals.filter(has_text=words)

    row("stand together").locator("input[value=accept]").check()
    row("talks were frank").locator("input[value=accept]").check()
    row("Nothing was agreed").locator("input[value=reject]").check()
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("2 quotes recorded, 1 proposal rejected")
    expect(page.locator(".intake-empty")).to_be_visible()

    article = Article.objects.get()
    quotes = {q.text: q for q in article.quotes.select_related("speaker")}
    assert set(quotes) == {"We will stand together", "The talks were frank"}
    assert quotes["We will stand together"].speaker.slug == "kim-jong-un"
    assert [o.slug for o in quotes["We will stand together"].outlets.all()] == ["kcna"]
    assert quotes["The talks were frank"].speaker.name == "Ana Ortiz"
    assert RejectedProposal.objects.filter(article=article).count() == 1
