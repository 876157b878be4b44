"""A <script> in a photo's alt text, caption, credit or copyright never runs, in a real
browser: on the story it leads, the actor page it portrays and in Who's who."""

import pytest

from articles import services as article_services
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload="window.__xss=1">',
    '\'><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
]
HOSTILE = " ".join(PAYLOADS)


@pytest.fixture
def hostile_photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    editor = factories.EditorFactory()
    photo = factories.image(
        by=editor, alt=f"Alt {HOSTILE}", caption=HOSTILE, credit=HOSTILE, copyright=HOSTILE
    )
    actor = factories.ActorFactory(slug="speaker", name="Speaker", portrait=photo)
    story = factories.PublishedArticleFactory(slug="hostile", lead_image=photo)
    article_services.article_update(article=story, by=editor, about=[actor])
    return photo


@pytest.mark.parametrize("path", ["/stories/hostile/", "/actors/speaker/"])
def test_hostile_photo_words_are_shown_not_run(live_server, hostile_photo, page, path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(live_server.url + path)
    assert response.status == 200
    page.wait_for_load_state("load")
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    # The caption is shown as text, and the photo itself loaded (its address is intact).
    assert "<script>window.__xss=1</script>" in page.inner_text("figure.photo figcaption")
    assert page.evaluate("document.querySelector('figure.photo img').naturalWidth") > 0
