"""The body's quote markup and the sidebar, rendered by every write that changes them."""

import pytest

from actors import services as actor_services
from articles import services
from tests import factories
from tests.test_jsonld import jsonld

pytestmark = pytest.mark.django_db


def test_attribution_follows_the_closing_quotation_mark(article):
    """The speaker and outlet come after the quote's closing mark and punctuation."""
    article.body = "He said “we share one destiny,” and left."
    article.save()
    quote = factories.QuoteFactory(
        article=article,
        text="we share one destiny",
        speaker=factories.ActorFactory(name="Xi Jinping", slug="xi-jinping"),
        outlets=[factories.OutletFactory(name="Xinhua", slug="xinhua")],
    )
    article.refresh_from_db()

    assert (
        f'<q id="quote-{quote.pk}" class="quote quote-direct" cite="/quotes/{quote.pk}/">'
        'we share one destiny</q>,”<span class="quote-attribution">'
    ) in article.rendered_body
    assert '<a href="/actors/xi-jinping/">Xi Jinping</a>' in article.rendered_body
    assert 'via <a href="/actors/xinhua/">Xinhua</a>' in article.rendered_body


def test_several_outlets_are_named_as_a_reader_would(article):
    """Two outlets read "via KCNA and Xinhua"."""
    outlets = [factories.OutletFactory(name="KCNA"), factories.OutletFactory(name="Xinhua")]
    quote = factories.QuoteFactory(article=article, outlets=outlets)
    quote.article.refresh_from_db()

    html = quote.article.rendered_body
    assert "via <a" in html and "KCNA</a> and <a" in html and ">Xinhua</a>" in html


def test_outlet_speaking_for_itself_is_not_also_via_itself(article):
    """An outlet quoted as the speaker is not repeated as "via" the same outlet."""
    outlet = factories.OutletFactory(name="The New York Times")
    quote = factories.QuoteFactory(article=article, speaker=outlet, outlets=[outlet])
    quote.article.refresh_from_db()

    assert "via" not in quote.article.rendered_body


def test_unnamed_speaker_is_named_by_description_without_a_link(article):
    """An unnamed source is shown by description, never linked."""
    aide = factories.ActorFactory(slug="aide", anonymous=True, description="a Kremlin aide")
    quote = factories.QuoteFactory(article=article, speaker=aide)
    quote.article.refresh_from_db()

    assert "a Kremlin aide" in quote.article.rendered_body
    assert "/actors/aide/" not in quote.article.rendered_body


def test_body_and_names_are_escaped():
    """Markup in the body or in a speaker's name is shown as text, never run."""
    article = factories.PublishedArticleFactory(
        body="<b>Bold</b> claim: “<img src=x onerror=alert(1)>” he said."
    )
    speaker = factories.ActorFactory(name="<script>alert(2)</script>")
    quote = factories.QuoteFactory(
        article=article, text="<img src=x onerror=alert(1)>", speaker=speaker
    )
    quote.article.refresh_from_db()

    html = quote.article.rendered_body
    assert "<b>" not in html and "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_each_line_is_a_paragraph(article, editor):
    """One paragraph per line; blank lines make no empty paragraph."""
    services.article_update(article=article, by=editor, body="First.\n\nSecond.")
    article.refresh_from_db()

    assert article.rendered_body == "<p>First.</p>\n<p>Second.</p>"


def test_paraphrase_is_not_marked_up_in_the_body(article):
    """A paraphrase is not located in the body, so it gets no <q>."""
    factories.QuoteFactory(article=article, kind="paraphrase", text="They will talk.")
    article.refresh_from_db()

    assert "<q" not in article.rendered_body


# The story page shows pre-rendered parts only, so every write to a record it shows
# (through its service) must bring them up to date.


def _page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def test_renamed_speaker_reaches_the_story_page(client, article, editor):
    """Renaming a quoted actor updates the body's attribution and the who's who."""
    speaker = factories.ActorFactory(name="Old Name", slug="speaker")
    factories.QuoteFactory(article=article, speaker=speaker)
    speaker.refresh_from_db()
    actor_services.actor_update(actor=speaker, by=editor, name="New Name")

    page = _page(client, article)
    assert "Old Name" not in page
    assert page.count("New Name") >= 2


def test_actor_added_to_about_appears_in_whos_who_and_structured_data(client, article, editor):
    """Linking an actor to the story shows it in the sidebar and as schema.org ``about``."""
    actor = factories.ActorFactory(name="Cai Qi", description="Chinese official")
    services.article_update(article=article, by=editor, about=[actor])

    assert "Chinese official" in _page(client, article)
    about = jsonld(client, article.get_absolute_url())["about"]
    assert [(thing["@type"], thing["name"]) for thing in about] == [("Person", "Cai Qi")]

    article.refresh_from_db()
    services.article_update(article=article, by=editor, about=[])
    assert "Chinese official" not in _page(client, article)


def test_retitled_event_reaches_the_timeline(client, article, editor):
    """Changing an event the story covers updates the story's timeline."""
    event = factories.EventFactory(title="Parade in Beijing")
    services.article_update(article=article, by=editor, events=[event])
    assert "Parade in Beijing" in _page(client, article)

    event.refresh_from_db()
    actor_services.event_update(event=event, by=editor, title="Victory Day parade")
    page = _page(client, article)
    assert "Parade in Beijing" not in page
    assert "Victory Day parade" in page


def test_new_correction_appears_on_the_story_page(client, article, editor):
    """A correction shows on the story page as soon as it is added."""
    services.correction_add(article=article, by=editor, text="We misspelt Lim Eul-chul.")

    assert "We misspelt Lim Eul-chul." in _page(client, article)


def test_deleted_event_leaves_the_timeline(client, article, editor):
    """Deleting an event the story covers removes it from the story's timeline."""
    event = factories.EventFactory(title="Parade in Beijing", slug="parade")
    services.article_update(article=article, by=editor, events=[event])
    assert "/events/parade/" in _page(client, article)

    event.refresh_from_db()
    actor_services.event_delete(event=event, by=editor)

    page = _page(client, article)
    assert "Parade in Beijing" not in page
    assert "/events/parade/" not in page


def test_deleted_actor_leaves_whos_who(client, article, editor):
    """Deleting an actor the story is about removes it from who's who and structured data."""
    actor = factories.ActorFactory(name="Cai Qi", description="Chinese official")
    services.article_update(article=article, by=editor, about=[actor])
    assert "Chinese official" in _page(client, article)

    actor.refresh_from_db()
    actor_services.actor_delete(actor=actor, by=editor)

    assert "Chinese official" not in _page(client, article)
    assert "about" not in jsonld(client, article.get_absolute_url())


def test_overlapping_quotes_mark_up_the_attributed_one():
    """Where an unattributed phrase overlaps a direct quote, the direct quote keeps its
    markup, its speaker's link and its outlet."""
    article = factories.PublishedArticleFactory(body="He said hello world to all.")
    factories.QuoteFactory(article=article, text="said hello", kind="partial", speaker=None)
    quote = factories.QuoteFactory(
        article=article,
        text="hello world",
        speaker=factories.ActorFactory(name="Wang Yi", slug="wang-yi"),
        outlets=[factories.OutletFactory(name="Xinhua", slug="xinhua")],
    )
    article.refresh_from_db()

    assert f'<q id="quote-{quote.pk}"' in article.rendered_body
    assert article.rendered_body.count("<q ") == 1
    assert '<a href="/actors/wang-yi/">Wang Yi</a>' in article.rendered_body
