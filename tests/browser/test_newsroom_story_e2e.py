"""End to end in headless Chromium, the way a newsroom works: a reporter uploads a lead
photo, writes a structured story (a link, a subhead, a block quote) with a checked quote,
tags it with a section, topics and two authors, and submits it. An editor embargoes it for
partners, a partner's token reads it early while readers see nothing, and the editor then
lifts the embargo and a reader reads the whole story."""

import datetime
import io

import pytest
from django.utils import timezone
from PIL import Image as PILImage
from playwright.sync_api import expect
from rest_framework.authtoken.models import Token

from articles.models import Article
from images.models import Image
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # UserFactory's password
EDITABLE = '.field-body_html .ProseMirror[contenteditable="true"]'
BODY_HTML = (
    '<p>Kim Jong Un arrived in Beijing by train, <a href="https://www.example.org/kcna">'
    "state media</a> reported.</p>"
    "<h2>At the banquet</h2>"
    "<p>“The friendship cannot change,” Kim told his hosts.</p>"
    "<blockquote><p>The two sides agreed to deepen their strategic communication.</p>"
    "</blockquote>"
)
PASTE = """([selector, html]) => {
  const target = document.querySelector(selector);
  target.focus();
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", html.replace(/<[^>]+>/g, " "));
  target.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                    cancelable: true}));
}"""


def _photo(tmp_path):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), (40, 90, 140)).save(buffer, "JPEG", quality=85)
    path = tmp_path / "beijing-station.jpg"
    path.write_bytes(buffer.getvalue())
    return path


def _sign_in(browser, base, user):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(user.username)
    return page


def test_a_reporter_writes_an_editor_embargoes_then_publishes(browser, live_server, tmp_path):
    reporter = factories.ReporterFactory()
    editor = factories.EditorFactory()
    for user in (reporter, editor):
        user.set_password(PASSWORD)
        user.save()
    factories.ActorFactory(name="Kim Jong Un", slug="kim-jong-un")
    factories.SectionFactory(name="Asia", slug="asia")
    factories.TopicFactory(name="Korean Peninsula", slug="korean-peninsula")
    factories.TopicFactory(name="China–North Korea relations", slug="china-north-korea")
    factories.AuthorFactory(name="Jane Doe", slug="jane-doe", role="Beijing correspondent")
    factories.AuthorFactory(name="John Roe", slug="john-roe", role="Seoul correspondent")
    partner = {"Authorization": f"Token {Token.objects.create(user=factories.PartnerFactory())}"}
    base = live_server.url

    # 1. The reporter uploads the lead photo to the image library.
    page = _sign_in(browser, base, reporter)
    page.goto(f"{base}/admin/images/image/add/")
    page.set_input_files("#id_file", str(_photo(tmp_path)))
    page.fill("#id_alt", "Kim Jong Un's train arriving at Beijing station")
    page.fill("#id_caption", "The train arrives in Beijing.")
    page.fill("#id_credit", "Desk photographer")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    photo = Image.objects.get()

    # 2. The story: headline, structured body pasted into the editor, photo, tags, authors.
    page.goto(f"{base}/admin/articles/article/add/")
    page.locator("#id_headline").press_sequentially("Kim arrives in Beijing")
    expect(page.locator("#id_slug")).to_have_value("kim-arrives-in-beijing")
    page.fill("#id_standfirst", "The North Korean leader travelled by train.")
    page.evaluate(PASTE, [EDITABLE, BODY_HTML])
    expect(page.locator(f"{EDITABLE} h2")).to_have_text("At the banquet")
    expect(page.locator(f"{EDITABLE} blockquote")).to_contain_text("strategic communication")

    _pick(page, ".fieldBox.field-lead_image", "train", "Beijing station")
    _pick(page, ".fieldBox.field-section", "Asia", "Asia")
    for search, option in (("Korean", "Korean Peninsula"), ("China", "China–North Korea")):
        _pick(page, ".fieldBox.field-topics", search, option)
    for position, name in enumerate(("Jane Doe", "John Roe")):
        page.locator("#authorships-group .add-row a").click()
        _pick(page, f"#authorships-{position} .field-author", name.split()[0], name)
        page.fill(f"#id_authorships-{position}-position", str(position))

    page.locator("#quotes-group .add-row a").click()
    page.fill("#id_quotes-0-text", "The friendship cannot change")
    _pick(page, "#quotes-0 .field-speaker", "Kim", "Kim Jong Un")
    page.get_by_role("button", name="Save and submit for review").first.click()
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    story = Article.objects.get(slug="kim-arrives-in-beijing")
    assert story.status == Article.Status.IN_REVIEW
    assert story.lead_image == photo
    assert story.section.slug == "asia"
    assert {t.slug for t in story.topics.all()} == {"korean-peninsula", "china-north-korea"}
    assert [a.slug for a in story.authors.order_by("authorships__position")] == [
        "jane-doe",
        "john-roe",
    ]
    assert "<h2>At the banquet</h2>" in story.body_html
    assert 'rel="noopener"' in story.body_html
    assert story.quotes.get().is_verified
    page.context.close()

    # 3. The editor embargoes it for partners.
    page = _sign_in(browser, base, editor)
    page.goto(f"{base}/admin/articles/article/{story.pk}/change/")
    lift = timezone.localtime(timezone.now() + datetime.timedelta(days=1))
    page.fill("#id_until_0", lift.strftime("%d/%m/%Y"))
    page.fill("#id_until_1", "06:00:00")
    page.get_by_role("button", name="Save and embargo for partners").first.click()
    expect(page.locator(".messagelist")).to_contain_text("embargoed for partners")

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    assert reader.goto(f"{base}/stories/kim-arrives-in-beijing/").status == 404
    early = reader.context.request.get(
        f"{base}/api/v1/articles/kim-arrives-in-beijing/", headers=partner
    )
    assert early.ok and early.json()["embargoed"] is True
    assert (
        reader.context.request.get(f"{base}/api/v1/articles/kim-arrives-in-beijing/").status == 404
    )

    # 4. The editor publishes it: the embargo is lifted now.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Save and lift embargo now").first.click()
    expect(page.locator(".messagelist")).to_contain_text("its embargo was lifted")
    page.context.close()

    # 5. A reader reads it all, on a phone.
    assert reader.goto(f"{base}/stories/kim-arrives-in-beijing/").status == 200
    expect(reader.locator("h1")).to_have_text("Kim arrives in Beijing")
    expect(reader.locator("article h2", has_text="At the banquet")).to_be_visible()
    expect(reader.locator("article blockquote")).to_contain_text("strategic communication")
    link = reader.locator('article a[href="https://www.example.org/kcna"]')
    expect(link).to_have_attribute("rel", "noopener")
    expect(reader.locator("figure img").first).to_have_attribute("alt", photo.alt)
    expect(reader.locator("figure")).to_contain_text("Desk photographer")
    expect(reader.locator("q").first).to_have_text("The friendship cannot change")
    expect(reader.get_by_role("link", name="Jane Doe").first).to_be_visible()
    expect(reader.get_by_role("link", name="John Roe").first).to_be_visible()
    expect(reader.get_by_role("link", name="Korean Peninsula").first).to_be_visible()
    og = reader.locator('meta[property="og:image"]').get_attribute("content")
    assert reader.context.request.get(og).ok
    reader.context.close()


def _pick(page, scope, search, option):
    page.locator(f"{scope} .select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()
