"""A <script> in any field editors or readers supply never runs, in a real browser."""

import pytest

from articles.models import Article
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Short enough that all of them fit in a 200-character name together.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
]
HOSTILE = " ".join(PAYLOADS)
assert len(HOSTILE) < 190


@pytest.fixture
def hostile():
    """A published story where every editor-supplied field carries script payloads."""
    state = factories.StateFactory(name=f"State {HOSTILE}", native_name=HOSTILE, slug="state")
    speaker = factories.ActorFactory(
        name=f"Speaker {HOSTILE}",
        slug="speaker",
        native_name=HOSTILE,
        description=HOSTILE,
        country=state,
    )
    outlet = factories.OutletFactory(name=f"Outlet {HOSTILE}", slug="outlet")
    aide = factories.ActorFactory(slug="aide", anonymous=True, description=HOSTILE)
    factories.AffiliationFactory(actor=speaker, organization=state, role_title=HOSTILE)
    event = factories.EventFactory(
        title=f"Event {HOSTILE}",
        slug="event",
        description=HOSTILE,
        location_name=HOSTILE,
        location_country=state,
    )
    factories.EventParticipantFactory(event=event, actor=speaker)
    factories.EventParticipantFactory(event=event, actor=aide)
    article = factories.PublishedArticleFactory(
        slug="hostile",
        headline=f"Headline {HOSTILE}",
        standfirst=HOSTILE,
        byline=HOSTILE,
        dateline=HOSTILE,
        body=f"Before {HOSTILE} he said “words {HOSTILE} here” and left.\n{HOSTILE}",
    )
    article.about.add(speaker, state)
    article.mentions.add(aide)
    article.events.add(event)
    quote = factories.QuoteFactory(
        article=article,
        text=f"words {HOSTILE} here",
        speaker=speaker,
        speaker_label=HOSTILE,
        outlets=[outlet],
    )
    quote.event = event
    quote.save()
    factories.QuoteFactory(article=article, text=HOSTILE, kind="paraphrase", speaker=aide)
    factories.CorrectionFactory(article=article, text=HOSTILE)
    return quote


def assert_no_script_ran(page, url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None, url
    assert dialogs == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stories/hostile/",
        "/actors/speaker/",
        "/actors/state/",
        "/actors/outlet/",
        "/events/event/",
        "/events/",
        "/actors/",
        "QUOTE",
        "/search/?q=Speaker",
    ],
)
def test_hostile_text_is_shown_not_run(live_server, hostile, page, path):
    """Script payloads in every field are shown as text and never execute."""
    if path == "QUOTE":
        path = hostile.get_absolute_url()

    assert_no_script_ran(page, live_server.url + path)

    assert "<script>window.__xss" in page.inner_text("main")


def test_hostile_search_query_is_shown_not_run(live_server, page, db):
    """A payload in the search box is echoed as text and never executes."""
    assert_no_script_ran(
        page, f"{live_server.url}/search/?q=%3Cscript%3Ewindow.__xss%3D1%3C/script%3E"
    )


def test_hostile_preview_is_shown_not_run(live_server, hostile, page, django_user_model):
    """Even in a staff preview of a draft, payloads never execute."""
    Article.objects.filter(pk=hostile.article_id).update(status=Article.Status.DRAFT)
    factories.UserFactory(username="editor", is_staff=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")

    assert_no_script_ran(page, f"{live_server.url}/stories/hostile/")
    assert "Preview" in page.inner_text("main")


def test_a_payload_would_be_detected(live_server, page, db):
    """The check can fail: a page that runs the payload is caught."""
    page.set_content(f"<html><body>{PAYLOADS[0]}</body></html>")

    assert page.evaluate("window.__xss") == 1


# The structured body (BODY task): the same payloads written as HTML, in a story's
# paragraphs, links, list items and block quotes, never run on the page or in the editor.
STRUCTURED_HOSTILE = (
    "".join(
        f'<p>{payload} <a href="javascript:window.__xss=1">{payload}</a></p>'
        f"<ul><li>{payload}</li></ul><blockquote><p>{payload}</p></blockquote>"
        for payload in PAYLOADS
    )
    + '<p><a href="data:text/html,<script>parent.__xss=1</script>">data link</a></p>'
)


def test_hostile_structured_body_is_shown_not_run(live_server, page, db):
    """Payloads sent as the structured body are sanitised away or shown as text."""
    from articles import services

    editor = factories.EditorFactory(username="xss-body-editor")
    story = services.article_create(
        by=editor, headline="Hostile body", slug="hostile-body", body_html=STRUCTURED_HOSTILE
    )
    services.article_publish(article=story, by=editor)

    assert_no_script_ran(page, f"{live_server.url}/stories/hostile-body/")
    for link in page.locator(".story-body a").all():
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith(("javascript:", "data:")), href


def test_hostile_structured_body_does_not_run_in_the_editor(live_server, page, db):
    """Opened in the admin's rich-text editor, the sanitised body runs nothing either."""
    from articles import services

    editor = factories.EditorFactory(username="xss-editor")
    editor.set_password("correct-horse-battery")
    editor.save()
    story = services.article_create(
        by=editor, headline="Hostile body", slug="hostile-body", body_html=STRUCTURED_HOSTILE
    )
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "xss-editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    assert_no_script_ran(page, f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.locator('.ProseMirror[contenteditable="true"]').wait_for()
    assert page.evaluate("window.__xss") is None
