"""The intake desk: wire copy in, proposed quotes matched to the record, signed off by editors."""

import json
from http import HTTPStatus

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from actors.models import Actor
from articles.models import Article, Quote
from intake import services
from intake.matching import ActorIndex, name_key
from intake.models import RejectedProposal, WireCopy
from tests import factories

pytestmark = pytest.mark.django_db

SUMMIT = "kim-jong-un-xi-jinping-beijing-summit"
WIRE = (
    "Kim Jong-un arrived in Beijing on Tuesday.\n"
    "“We will stand together,” Kim told KCNA.\n"
    "“The talks were frank,” Ana Ortiz, a diplomat, told Reuters."
)


def _api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- matching -------------------------------------------------------------------------------


def test_names_match_ignoring_case_diacritics_hyphens_and_spacing():
    assert name_key("Kim Jong-un") == name_key("kim jong un") == name_key("KIM JONGUN")
    assert name_key("Sergeï Lavrov") == name_key("Sergei Lavrov")


def test_an_actor_is_found_by_name_native_name_and_alias():
    kim = factories.ActorFactory(
        name="Kim Jong Un", native_name="김정은", aliases=["Kim Jong-il's son"]
    )
    index = ActorIndex(Actor.objects.all())
    assert index.match("Kim Jong-un") == kim
    assert index.match("김정은") == kim
    assert index.match("kim jong-il’s son") == kim
    assert index.match("Nobody Known") is None


def test_the_actor_the_story_names_is_preferred():
    other = factories.ActorFactory(name="Kim Yo Jong", aliases=["Kim"])
    kim = factories.ActorFactory(name="Kim Jong Un", aliases=["Kim"])
    assert ActorIndex(Actor.objects.all(), prefer={kim.pk}).match("Kim") == kim
    assert ActorIndex(Actor.objects.all(), prefer={other.pk}).match("Kim") == other


def test_a_surname_matches_the_person_the_story_names_in_full():
    putin = factories.ActorFactory(name="Vladimir Putin")
    assert ActorIndex(Actor.objects.all(), prefer={putin.pk}).match("Putin") == putin
    assert ActorIndex(Actor.objects.all()).match("Putin") is None


def test_the_seeds_quotes_are_proposed_with_their_speakers_and_outlets(seeded):
    article = Article.objects.get(slug=SUMMIT)
    items = services.propose(article.body, article=article)
    verbatim = [i for i in items if i.proposal.kind != "paraphrase"]
    for quote in article.quotes.verbatim():
        found = [i for i in verbatim if i.proposal.text == quote.text]
        assert found, quote.text
        item = found[0]
        if quote.speaker is not None and not quote.speaker.anonymous:
            assert item.speaker == quote.speaker, quote.text
        assert {o.pk for o in item.outlets} == set(quote.outlets.values_list("pk", flat=True))


def test_an_unmatched_name_is_proposed_as_a_new_actor_and_never_created():
    factories.OutletFactory(name="Reuters", slug="reuters")
    before = Actor.objects.count()
    items = services.propose(WIRE)
    ortiz = next(i for i in items if "frank" in i.proposal.text)
    assert ortiz.speaker is None
    assert (ortiz.new_speaker.name, ortiz.new_speaker.kind) == ("Ana Ortiz", Actor.Kind.PERSON)
    assert [o.slug for o in ortiz.outlets] == ["reuters"]
    kcna = next(i for i in items if "together" in i.proposal.text)
    assert [(n.name, n.kind) for n in kcna.new_outlets] == [("KCNA", Actor.Kind.OUTLET)]
    assert Actor.objects.count() == before


# --- wire copy in ---------------------------------------------------------------------------


def test_pasted_copy_becomes_a_draft_with_the_copy_kept(editor):
    article = services.wire_import(by=editor, data=WIRE)
    assert article.status == Article.Status.DRAFT
    assert article.body == WIRE
    assert article.headline == "Kim Jong-un arrived in Beijing on Tuesday."
    assert WireCopy.objects.get(article=article).original == WIRE
    assert not article.quotes.exists()  # nothing without sign-off


def test_our_own_ninjs_export_imports_back_with_the_same_body_and_headline(seeded, editor):
    story = Article.objects.get(slug=SUMMIT)
    item = _api().get(f"/api/v1/articles/{SUMMIT}/ninjs").json()
    response = _api(editor).post("/api/v1/articles/import/", item, format="json")
    assert response.status_code == HTTPStatus.CREATED, response.content
    imported = Article.objects.get(slug=response.json()["slug"])
    assert (imported.body, imported.headline) == (story.body, story.headline)
    assert imported.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"headline": "No uri"}, "not a valid ninjs"),
        ({"uri": "urn:x", "headlines": [{"value": "H"}], "bodies": []}, "no body text"),
        ([1, 2], "JSON object"),
    ],
)
def test_an_invalid_ninjs_item_is_a_400_and_nothing_is_written(editor, body, message):
    before = Article.objects.count()
    response = _api(editor).post("/api/v1/articles/import/", body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in json.dumps(response.json())
    assert Article.objects.count() == before


def test_import_needs_a_signed_in_client():
    response = _api().post("/api/v1/articles/import/", {"uri": "urn:x"}, format="json")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


# --- the extract endpoint -------------------------------------------------------------------


def test_extract_answers_the_proposals_as_json(reporter):
    factories.OutletFactory(name="Reuters", slug="reuters")
    response = _api(reporter).post("/api/v1/extract/", {"text": WIRE}, format="json")
    assert response.status_code == HTTPStatus.OK
    quotes = response.json()["quotes"]
    frank = next(q for q in quotes if "frank" in q["text"])
    assert WIRE[frank["start"] : frank["end"]] == frank["text"] == "The talks were frank"
    assert frank["speaker"]["name"] == "Ana Ortiz"
    assert frank["outlets"][0]["actor"] == "reuters"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("abc\x00def", "Null characters are not allowed"),
        ("abc\x01\x02def", "binary"),
        ("x" * (1024 * 1024 + 1), "1 MB"),
    ],
)
def test_extract_refuses_bad_text_with_a_400_naming_the_problem(reporter, text, message):
    response = _api(reporter).post("/api/v1/extract/", {"text": text}, format="json")
    assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    assert message in json.dumps(response.json())


def test_a_report_with_no_quotes_gets_an_empty_list_and_a_sentence(reporter):
    response = _api(reporter).post(
        "/api/v1/extract/", {"text": "The train left at nine."}, format="json"
    )
    assert response.json()["quotes"] == []
    assert response.json()["message"].startswith("No quotes found")


def test_extract_needs_a_signed_in_client():
    assert _api().post("/api/v1/extract/", {"text": WIRE}, format="json").status_code == 401


# --- the review ---------------------------------------------------------------------------


def test_accepting_a_proposal_creates_the_quote_and_its_new_actors(editor):
    article = services.wire_import(by=editor, data=WIRE)
    item = next(i for i in services.review(article) if "frank" in i.proposal.text)
    quote = services.accept_as_proposed(by=editor, article=article, item=item)
    assert quote.is_verified
    assert quote.speaker.name == "Ana Ortiz"
    assert [o.name for o in quote.outlets.all()] == ["Reuters"]
    assert all("frank" not in i.proposal.text for i in services.review(article))


def test_a_rejected_proposal_stays_rejected_when_the_extractor_runs_again(editor):
    article = services.wire_import(by=editor, data=WIRE)
    item = next(i for i in services.review(article) if "frank" in i.proposal.text)
    services.proposal_reject(
        by=editor, article=article, kind=item.proposal.kind, text=item.proposal.text
    )
    assert RejectedProposal.objects.filter(article=article).count() == 1
    assert all("frank" not in i.proposal.text for i in services.review(article))


def test_quoted_words_with_no_quote_record_are_listed(editor):
    article = factories.ArticleFactory(body="Officials called it “a common view” on Monday.")
    assert any(i.proposal.text == "a common view" for i in services.review(article))


def test_accept_all_above_the_threshold(editor, seeded):
    article = services.wire_import(
        by=editor, data=Article.objects.get(slug=SUMMIT).body, headline="Copy"
    )
    high = [i for i in services.review(article) if i.confidence >= services.ACCEPT_ALL_ABOVE]
    services.accept_all_above(by=editor, article=article)
    assert article.quotes.count() == len(high) > 0


def test_a_reporter_cannot_accept_into_another_reporters_story(reporter):
    article = services.wire_import(by=factories.ReporterFactory(), data=WIRE)
    item = services.review(article)[0]
    with pytest.raises(services.PermissionDenied):
        services.accept_as_proposed(by=reporter, article=article, item=item)


def test_the_admin_import_form_creates_a_draft_and_shows_its_proposals(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:intake_wirecopy_add"), {"copy": WIRE, "headline": ""})
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(wire_copy__isnull=False)
    page = client.get(response["Location"]).content.decode()
    assert "The talks were frank" in page
    assert "Ana Ortiz" in page
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "Find quotes" in change.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [({"copy": ""}, "Paste the wire copy or choose a file"), ({"copy": "a\x01b"}, "binary")],
)
def test_the_admin_import_form_refuses_bad_copy(client, editor, data, message):
    client.force_login(editor)
    response = client.post(reverse("admin:intake_wirecopy_add"), data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_the_admin_import_refuses_a_file_that_is_not_utf8(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    upload = SimpleUploadedFile(
        "copy.txt", "Kim said “oui”.".encode("latin-1", "replace") + b"\xff"
    )
    response = client.post(reverse("admin:intake_wirecopy_add"), {"file": upload})
    assert "is not UTF-8 text" in response.content.decode()
    assert not Article.objects.exists()


# --- the command line -----------------------------------------------------------------------


def test_extract_quotes_prints_one_json_object_per_file_in_order(tmp_path, capsys):
    factories.OutletFactory(name="Reuters", slug="reuters")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_bytes(WIRE.replace("\n", "\r\n").encode("utf-8"))
    second.write_text("Nothing quoted here.", encoding="utf-8")
    call_command("extract_quotes", str(first), str(second), "--format", "jsonl")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["file"] for line in lines] == [str(first), str(second)]
    raw = first.read_bytes().decode("utf-8")
    for quote in lines[0]["quotes"]:
        assert raw[quote["start"] : quote["end"]] == quote["text"]  # offsets in the file as read
        assert set(quote) >= {"text", "kind", "start", "end", "speaker", "outlets", "said_on",
                              "said_on_precision", "event", "confidence"}  # fmt: skip
    frank = next(q for q in lines[0]["quotes"] if "frank" in q["text"])
    assert frank["outlets"] == [{"name": "Reuters", "start": raw.index("Reuters"),
                                 "end": raw.index("Reuters") + 7, "actor": "reuters"}]  # fmt: skip
    assert lines[1]["quotes"] == []


def test_extract_quotes_names_a_file_it_cannot_read(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(CommandError) as refused:
        call_command("extract_quotes", str(bad))
    assert "could not be read" in str(refused.value)
    assert "bad.txt" in capsys.readouterr().err


def test_quote_kinds_match_the_model():
    from intake.extractor import DIRECT, PARAPHRASE, PARTIAL

    assert {DIRECT, PARTIAL, PARAPHRASE} == set(Quote.Kind.values)


def test_the_summit_report_goes_from_wire_copy_to_published_without_typing_a_quote(seeded, editor):
    """Paste the report, accept every proposal as proposed, publish: nothing typed."""
    report = Article.objects.get(slug=SUMMIT).body
    article = services.wire_import(by=editor, data=report, headline="From the wire")
    proposals = services.review(article)
    for item in proposals:
        services.accept_as_proposed(by=editor, article=article, item=item)
    from articles import services as coverage

    coverage.article_publish(article=article, by=editor)
    article.refresh_from_db()
    assert article.is_public
    assert article.quotes.count() == len(proposals) >= 24
    assert not article.quotes.unverified().exists()
    kim = article.quotes.filter(speaker__slug="kim-jong-un", kind="direct").get()
    assert [o.slug for o in kim.outlets.all()] == ["kcna"]
    assert services.review(article) == []


# --- aliases on the reader's side -------------------------------------------------------------


def test_search_finds_an_actor_and_their_quotes_by_an_alias(client, seeded):
    page = client.get("/search/", {"q": "Putin"}).content.decode()
    assert "/actors/vladimir-putin/" in page
    page = client.get("/search/", {"q": "DPRK"}).content.decode()
    assert "/actors/north-korea/" in page


def test_an_alias_address_leads_to_the_actors_page_and_feed(client, seeded):
    page = client.get("/actors/putin/")
    assert page.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert page["Location"] == "/actors/vladimir-putin/"
    feed = client.get("/actors/putin/feed/rss/")
    assert feed.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert feed["Location"] == "/actors/vladimir-putin/feed/rss/"
    assert client.get("/actors/nobody-at-all/").status_code == HTTPStatus.NOT_FOUND


def test_the_api_finds_an_actor_by_alias_and_edits_aliases(client, seeded, editor):
    found = _api().get("/api/v1/actors/", {"q": "Putin"}).json()["results"]
    assert [a["slug"] for a in found] == ["vladimir-putin"]
    assert "Putin" in found[0]["aliases"]
    response = _api(editor).patch(
        "/api/v1/actors/vladimir-putin/",
        {"aliases": ["Putin", "Vladimir Vladimirovich Putin", " Putin "]},
        format="json",
    )
    assert response.status_code == HTTPStatus.OK, response.content
    assert response.json()["aliases"] == ["Putin", "Vladimir Vladimirovich Putin"]


def test_aliases_are_edited_one_per_line_in_the_admin(client, editor, seeded):
    actor = Actor.objects.get(slug="xi-jinping")
    client.force_login(editor)
    url = reverse("admin:actors_actor_change", args=[actor.pk])
    from tests.admin_forms import change_form_data

    data = change_form_data(client.get(url))
    assert data["aliases"] == "Xi"
    data["aliases"] = "Xi\nXi Jin-ping\n"
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    actor.refresh_from_db()
    assert actor.aliases == ["Xi", "Xi Jin-ping"]


def test_an_imported_headlines_dashes_separate_words_in_its_slug(editor):
    article = services.wire_import(
        by=editor, data="Talks went on.", headline="Wang Yi–Lavrov talks"
    )
    assert article.slug == "wang-yi-lavrov-talks"
