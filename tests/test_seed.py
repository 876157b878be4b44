"""The seeded summit report: every quote, speaker, outlet, date and participant as reported.

The expectations below are written out by hand from the report, sentence by sentence,
independently of ``articles/seed/summit.json``: they are the second pair of eyes.
"""

import copy
import datetime
import json
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles.models import Article, Quote
from articles.seeding import SeedError, read_summit, seed_load

pytestmark = pytest.mark.django_db

REPORT = (Path(__file__).parent / "fixtures" / "summit-report.txt").read_bytes().decode("utf-8")
SLUG = "kim-jong-un-xi-jinping-beijing-summit"

D, P, X = Quote.Kind.DIRECT, Quote.Kind.PARTIAL, Quote.Kind.PARAPHRASE
XI_KIM = "xi-kim-summit-2025"
PUTIN_KIM = "putin-kim-summit-2025"
MESSAGE = "putin-message-north-korea-foundation-day-2025"
KREMLIN = "kremlin-dismisses-trump-remarks"
LAVROV = "lavrov-denuclearization-closed-matter-2024"
TRUMP_POST = "trump-truth-social-post-on-beijing-summit"
TROOPS = "north-korean-troops-sent-to-russia"
NYT, NBC, KCNA, XINHUA = "the-new-york-times", "nbc-news", "kcna", "xinhua"

# (text, kind, speaker slug, outlet slugs, said_on ISO, event slug)
QUOTES = [
    # Paragraph 3
    (
        "The Xi–Kim meeting broke from tradition: for the first time, neither side mentioned the "
        "denuclearization of the Korean Peninsula.",
        X, NYT, {NYT}, None, XI_KIM,
    ),
    (
        "The absence of denuclearization from the Xi–Kim meeting is a diplomatic victory for Kim, "
        "who has long sought international acceptance of North Korea as a nuclear-armed state.",
        X, None, set(), None, None,
    ),
    (
        "China will not formally endorse North Korea as a nuclear power, but the latest meeting "
        "showed that it was no longer insisting on its denuclearization. It’s huge progress for "
        "Kim Jong Un’s strategy of getting his nuclear arsenal accepted as a fait accompli.",
        D, "lee-byong-chul", {NYT}, None, None,
    ),
    # Paragraph 4: the Xi–Kim meeting, according to KCNA (Kim) and Xinhua and KCNA (Xi)
    (
        "North Korea is unwavering in its commitment to its alliance with China.",
        X, "kim-jong-un", {KCNA}, "2025-09-04", XI_KIM,
    ),
    (
        "No matter how the international situation changes, the feeling of friendship cannot "
        "change",
        D, "kim-jong-un", {KCNA}, "2025-09-04", XI_KIM,
    ),
    (
        "as ever invariably support and encourage the stand and efforts of the Communist Party of "
        "China and the government of the People’s Republic of China to defend the sovereignty, "
        "territorial integrity and development interests of the state",
        P, "kim-jong-un", {KCNA}, "2025-09-04", XI_KIM,
    ),
    (
        "Xi echoed Kim’s sentiments of friendship between China and North Korea.",
        X, "xi-jinping", {XINHUA, KCNA}, "2025-09-04", XI_KIM,
    ),
    (
        "good neighbours, good friends and good comrades",
        P, "xi-jinping", {XINHUA, KCNA}, "2025-09-04", XI_KIM,
    ),
    ("share one destiny", P, "xi-jinping", {XINHUA, KCNA}, "2025-09-04", XI_KIM),
    ("defend, consolidate and develop", P, "xi-jinping", {XINHUA, KCNA}, "2025-09-04", XI_KIM),
    (
        "Xi pledged to defend, consolidate and develop the relationship between China and "
        "North Korea.",
        X, "xi-jinping", {XINHUA, KCNA}, "2025-09-04", XI_KIM,
    ),
    # Paragraph 5
    (
        "North Korea has sent as many as 15,000 troops to Russia, with around 2,000 killed in "
        "combat.",
        X, "south-korean-intelligence", {NBC, NYT}, None, TROOPS,
    ),
    # Paragraph 6: the summit of 3 September; the message according to KCNA
    (
        "Putin expressed gratitude for North Korea’s support.",
        X, "vladimir-putin", set(), None, None,
    ),
    ("deepening military partnership", P, "vladimir-putin", set(), "2025-09-03", PUTIN_KIM),
    (
        "Your combat force’s heroic involvement in liberating the Kursk territories from the "
        "invaders is a distinct symbol of friendship and mutual aid between Russia and North Korea",
        D, "vladimir-putin", {KCNA}, None, MESSAGE,
    ),
    (
        "I am confident that we will continue to work together to consolidate the comprehensive "
        "strategic partnership between our two countries.",
        D, "vladimir-putin", {KCNA}, None, MESSAGE,
    ),
    # Paragraph 7
    (
        "Please give my warmest regards to Vladimir Putin, and Kim Jong Un, as you conspire "
        "against The United States of America.",
        D, "donald-trump", {"truth-social"}, None, TRUMP_POST,
    ),
    ("The Kremlin dismissed Trump’s remarks.", X, "the-kremlin", {"reuters"}, None, KREMLIN),
    ("no one even had this in their thoughts", D, "kremlin-aide", {"reuters"}, None, KREMLIN),
    # Paragraph 8
    (
        "points to the possibility of a new leap forward",
        P, "lim-eul-chul", {NBC}, None, None,
    ),
    ("core interests", P, None, set(), None, None),
    # Paragraph 9
    ("denuclearizing", P, "sergei-lavrov", {NYT}, "2024", LAVROV),
    ("closed matter", P, "sergei-lavrov", {NYT}, "2024", LAVROV),
    # Paragraph 10
    (
        "China may still use economic cooperation as leverage to encourage Pyongyang to ease "
        "tensions on the Korean Peninsula.",
        X, None, set(), None, None,
    ),
    (
        "China may well use economic cooperation as leverage to press Pyongyang to ease tensions "
        "in the interest of regional stability",
        D, "lim-eul-chul", set(), None, None,
    ),
    (
        "North Korea is likely to seek further support from recognized nuclear powers—especially "
        "China—before entertaining any new talks with the United States.",
        X, "yang-moo-jin", set(), None, None,
    ),
]  # fmt: skip

VERBATIM = [q for q in QUOTES if q[1] != X]
PARAPHRASES = [q for q in QUOTES if q[1] == X]

# slug: (date ISO, precision, place, country, parent, {actor: role})
EVENTS = {
    "kim-jong-un-visit-to-beijing-2025": (
        "2025-09", "month", "Beijing", "china", None,
        {"kim-jong-un": "guest", "xi-jinping": "host"},
    ),
    "beijing-military-parade-2025": (
        "2025-09", "month", "Beijing", "china", None,
        {"xi-jinping": "host", "kim-jong-un": "guest", "vladimir-putin": "guest"},
    ),
    XI_KIM: (
        "2025-09-04", "day", "Beijing", "china", "kim-jong-un-visit-to-beijing-2025",
        {"xi-jinping": "host", "kim-jong-un": "guest"},
    ),
    PUTIN_KIM: (
        "2025-09-03", "day", "Beijing", "china", "kim-jong-un-visit-to-beijing-2025",
        {"vladimir-putin": "participant", "kim-jong-un": "participant"},
    ),
    "kim-jong-un-departs-beijing-2025": (
        "2025-09-04", "day", "Beijing", "china", "kim-jong-un-visit-to-beijing-2025",
        {"kim-jong-un": "guest", "cai-qi": "attendee", "wang-yi": "attendee"},
    ),
    TRUMP_POST: (None, "day", "", None, None, {"donald-trump": "author"}),
    KREMLIN: (None, "day", "", None, None, {"the-kremlin": "speaker", "kremlin-aide": "speaker"}),
    LAVROV: ("2024", "year", "", None, None, {"sergei-lavrov": "speaker"}),
    TROOPS: (None, "day", "", "russia", None, {"north-korea": "participant", "russia": "host"}),
    "russia-china-veto-un-sanctions-on-north-korea": (
        None, "day", "", None, None,
        {"russia": "participant", "china": "participant", "un-security-council": "host"},
    ),
    MESSAGE: (
        None, "day", "", None, None, {"vladimir-putin": "author", "kim-jong-un": "participant"},
    ),
}  # fmt: skip

# slug: (kind, name, native name, Wikidata id, description)
ACTORS = {
    "kim-jong-un": ("person", "Kim Jong Un", "김정은", "Q56226", "North Korean leader"),
    "xi-jinping": ("person", "Xi Jinping", "习近平", "Q15031", "Chinese President"),
    "vladimir-putin": ("person", "Vladimir Putin", "Владимир Путин", "Q7747", "Russian President"),
    "donald-trump": ("person", "Donald Trump", "", "Q22686", "U.S. President"),
    "sergei-lavrov": (
        "person", "Sergei Lavrov", "Сергей Лавров", "", "Russian Foreign Minister",
    ),
    "lee-byong-chul": (
        "person", "Lee Byong-chul", "이병철", "",
        "analyst at the Institute for Far Eastern Studies in Seoul",
    ),
    "lim-eul-chul": (
        "person", "Lim Eul-chul", "임을출", "",
        "professor at the Institute for Far Eastern Studies at South Korea’s Kyungnam University",
    ),
    "yang-moo-jin": (
        "person", "Yang Moo-jin", "양무진", "",
        "distinguished chair professor at the University of North Korean Studies in Seoul",
    ),
    "cai-qi": ("person", "Cai Qi", "蔡奇", "", "top Chinese Communist Party official"),
    "wang-yi": ("person", "Wang Yi", "王毅", "", "Chinese Foreign Minister"),
    "north-korea": ("state", "North Korea", "조선민주주의인민공화국", "Q423", ""),
    "china": ("state", "China", "中华人民共和国", "Q148", ""),
    "russia": ("state", "Russia", "Россия", "Q159", ""),
    "united-states": ("state", "United States", "", "Q30", ""),
    "south-korea": ("state", "South Korea", "대한민국", "Q884", ""),
    "japan": ("state", "Japan", "日本", "Q17", ""),
    "ukraine": ("state", "Ukraine", "Україна", "Q212", ""),
    "the-new-york-times": ("outlet", "The New York Times", "", "Q9684", "American daily newspaper"),
    "reuters": ("outlet", "Reuters", "", "Q130879", "international news agency"),
}  # fmt: skip

# Everyone and everything the report names.
ACTOR_SLUGS = {
    *(slug for slug, values in ACTORS.items()),
    "kremlin-aide",
    "communist-party-of-china",
    "institute-for-far-eastern-studies",
    "kyungnam-university",
    "university-of-north-korean-studies",
    "the-kremlin",
    "un-security-council",
    "south-korean-intelligence",
    "xinhua",
    "kcna",
    "nbc-news",
    "truth-social",
}

OUTLET_TYPES = {
    "xinhua": "news_agency",
    "kcna": "news_agency",
    "reuters": "news_agency",
    "the-new-york-times": "newspaper",
    "nbc-news": "broadcaster",
    "truth-social": "social_platform",
}

AFFILIATIONS = {
    ("kim-jong-un", "north-korea", "leader"),
    ("xi-jinping", "china", "President"),
    ("vladimir-putin", "russia", "President"),
    ("donald-trump", "united-states", "President"),
    ("sergei-lavrov", "russia", "Foreign Minister"),
    ("wang-yi", "china", "Foreign Minister"),
    ("wang-yi", "communist-party-of-china", "top party official"),
    ("cai-qi", "communist-party-of-china", "top party official"),
    ("lee-byong-chul", "institute-for-far-eastern-studies", "analyst"),
    ("lim-eul-chul", "institute-for-far-eastern-studies", "professor"),
    ("institute-for-far-eastern-studies", "kyungnam-university", "research institute"),
    ("yang-moo-jin", "university-of-north-korean-studies", "distinguished chair professor"),
    ("kremlin-aide", "the-kremlin", "aide"),
}


def quote_id(quote):
    return f"{quote[1]}:{quote[0][:40]}"


def seeded_quote(text, kind):
    return (
        Quote.objects.select_related("speaker", "event", "article")
        .prefetch_related("outlets")
        .get(article__slug=SLUG, text=text, kind=kind)
    )


def table_counts():
    """Rows in every table the seed writes to, through tables and history included."""
    models = [
        Actor,
        Affiliation,
        Event,
        EventParticipant,
        Article,
        Article.history.model,
        Article.about.through,
        Article.mentions.through,
        Article.events.through,
        Quote,
        Quote.history.model,
        Quote.outlets.through,
    ]
    return {model._meta.db_table: model.objects.count() for model in models}


def seed_data():
    data, body = read_summit()
    return copy.deepcopy(data), body


# The story itself


def test_seeded_body_equals_the_report_byte_for_byte(seeded):
    """The body is the report exactly: same bytes, no trailing newline added or lost."""
    body = Article.objects.get(slug=SLUG).body
    assert body.encode("utf-8") == REPORT.encode("utf-8")


def test_shipped_report_file_equals_the_report():
    """The copy the command loads is the report, byte for byte."""
    shipped = Path(__file__).parent.parent / "articles" / "seed" / "summit-report.txt"
    assert shipped.read_bytes() == REPORT.encode("utf-8")


def test_seeded_story_is_published_at_a_fixed_time(seeded):
    """The story is published, dated 5 September 2025 06:00 UTC, and public."""
    article = Article.objects.get(slug=SLUG)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime.datetime(2025, 9, 5, 6, 0, tzinfo=datetime.UTC)
    assert list(Article.objects.published()) == [article]


def test_seeded_story_ships_unchanged_since_publication(seeded):
    """A fresh seed does not claim the story was updated today."""
    article = Article.objects.get(slug=SLUG)
    assert article.created_at == article.updated_at == article.published_at


def test_seeded_story_reads_on_its_public_page(seeded, client):
    """An anonymous reader gets the seeded story at its address."""
    article = Article.objects.get(slug=SLUG)
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Kim and Xi reaffirm their alliance in Beijing" in response.content.decode()


def test_seeded_story_links_the_events_it_covers(seeded):
    """The article covers every seeded event."""
    article = Article.objects.get(slug=SLUG)
    assert set(article.events.values_list("slug", flat=True)) == set(EVENTS)


def test_seeded_story_is_about_kim_xi_and_their_states(seeded):
    """The story is about Kim, Xi, North Korea and China, and mentions everyone else it names."""
    article = Article.objects.get(slug=SLUG)
    about = set(article.about.values_list("slug", flat=True))
    mentions = set(article.mentions.values_list("slug", flat=True))
    assert about == {"kim-jong-un", "xi-jinping", "north-korea", "china"}
    assert about | mentions == set(Actor.objects.values_list("slug", flat=True))


# Quotes


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "outlets", "said_on", "event"), QUOTES, ids=map(quote_id, QUOTES)
)
def test_quote_is_seeded_as_the_report_gives_it(
    seeded, text, kind, speaker, outlets, said_on, event
):
    """Each quotation has exactly its speaker, outlets, date and event from the report."""
    quote = seeded_quote(text, kind)
    assert (quote.speaker.slug if quote.speaker else None) == speaker
    assert {outlet.slug for outlet in quote.outlets.all()} == outlets
    assert quote.said_on_iso == said_on
    assert (quote.event.slug if quote.event else None) == event


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "outlets", "said_on", "event"),
    VERBATIM,
    ids=map(quote_id, VERBATIM),
)
def test_verbatim_quote_occurs_in_the_report_and_is_located(
    seeded, text, kind, speaker, outlets, said_on, event
):
    """Each direct or partial quote is in the report word for word, at its offsets."""
    assert text in REPORT
    quote = seeded_quote(text, kind)
    assert quote.is_verified
    assert REPORT[quote.start : quote.end] == text


def test_every_quotation_mark_in_the_report_is_a_seeded_quote(seeded):
    """Every passage in curly quotation marks is seeded, without a trailing comma or full stop
    unless it ends a quoted sentence."""
    seeded_texts = set(Quote.objects.verbatim().values_list("text", flat=True))
    passages = re.findall(r"“(.+?)”", REPORT)
    assert len(passages) == len(VERBATIM)
    for passage in passages:
        assert passage in seeded_texts or passage.rstrip(",.") in seeded_texts, passage


def test_no_quote_is_seeded_beyond_those_the_report_gives(seeded):
    """The seeded quotes are exactly the report's: nothing invented, nothing duplicated."""
    seeded_quotes = sorted(Quote.objects.values_list("text", "kind"))
    assert seeded_quotes == sorted((text, kind) for text, kind, *_ in QUOTES)


def test_unattributed_phrase_has_no_speaker(seeded):
    """“core interests” is attributed to no one: the story does not say who used the phrase."""
    quote = seeded_quote("core interests", P)
    assert quote.speaker is None
    assert quote.speaker_label == ""


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("denuclearizing", "Russian Foreign Minister Sergei Lavrov"),
        ("no one even had this in their thoughts", "an aide"),
        (
            "I am confident that we will continue to work together to consolidate the "
            "comprehensive strategic partnership between our two countries.",
            "Putin’s message",
        ),
        (
            "Please give my warmest regards to Vladimir Putin, and Kim Jong Un, as you conspire "
            "against The United States of America.",
            "Former U.S. President Donald Trump",
        ),
    ],
)
def test_speaker_label_is_how_the_story_names_the_speaker(seeded, text, label):
    """The speaker label keeps the story's own words for the speaker."""
    assert Quote.objects.get(text=text).speaker_label == label


def test_lavrov_statement_is_dated_only_to_the_year(seeded):
    """“In 2024” gives the year alone; the quote says 2024, not a day in it."""
    quote = seeded_quote("closed matter", P)
    assert quote.said_on_precision == "year"
    assert quote.said_on_display == "2024"


# Events


@pytest.mark.parametrize(
    ("slug", "date", "precision", "place", "country", "parent", "participants"),
    [(slug, *values) for slug, values in EVENTS.items()],
    ids=list(EVENTS),
)
def test_event_is_seeded_as_the_report_gives_it(
    seeded, slug, date, precision, place, country, parent, participants
):
    """Each event has its date to the report's precision, its place, its parent and its
    participants in their roles."""
    event = Event.objects.select_related("location_country", "parent").get(slug=slug)
    assert event.date_iso == date
    assert event.date_precision == precision
    assert event.location_name == place
    assert (event.location_country.slug if event.location_country else None) == country
    assert (event.parent.slug if event.parent else None) == parent
    roles = dict(event.participations.values_list("actor__slug", "role"))
    assert roles == participants


def test_parade_date_is_known_only_to_the_month(seeded):
    """The report gives no day for the parade: it shows as September 2025."""
    assert Event.objects.get(slug="beijing-military-parade-2025").date_display == "September 2025"


def test_kim_leaves_beijing_on_the_night_the_visit_ends(seeded):
    """The visit ends on 4 September 2025, the night Kim's train departs."""
    visit = Event.objects.get(slug="kim-jong-un-visit-to-beijing-2025")
    departure = Event.objects.get(slug="kim-jong-un-departs-beijing-2025")
    assert visit.end_date == departure.date == datetime.date(2025, 9, 4)


# Actors


@pytest.mark.parametrize(
    ("slug", "kind", "name", "native_name", "wikidata_id", "description"),
    [(slug, *values) for slug, values in ACTORS.items()],
    ids=list(ACTORS),
)
def test_actor_is_seeded_with_names_and_wikidata_id(
    seeded, slug, kind, name, native_name, wikidata_id, description
):
    """Each actor has its kind, English and native names, Wikidata id and description."""
    actor = Actor.objects.get(slug=slug)
    assert (actor.kind, actor.name, actor.native_name) == (kind, name, native_name)
    assert (actor.wikidata_id, actor.description) == (wikidata_id, description)


@pytest.mark.parametrize(("slug", "outlet_type"), OUTLET_TYPES.items())
def test_outlet_has_its_type(seeded, slug, outlet_type):
    """Every outlet the report names is an outlet of the right type; Truth Social is a platform."""
    actor = Actor.objects.get(slug=slug)
    assert (actor.kind, actor.outlet_type) == ("outlet", outlet_type)


def test_every_actor_the_report_names_is_seeded(seeded):
    """People, states, organisations, outlets and the unnamed aide: all of them, no others."""
    assert set(Actor.objects.values_list("slug", flat=True)) == ACTOR_SLUGS


def test_no_wikidata_id_is_guessed(seeded):
    """Only the Wikidata ids we are sure of are set; the rest stay blank."""
    with_ids = set(Actor.objects.exclude(wikidata_id="").values_list("slug", flat=True))
    assert with_ids == {slug for slug, values in ACTORS.items() if values[3]}


def test_kremlin_aide_is_an_unnamed_source_without_a_page(seeded):
    """The aide is anonymous, named by description, and has no page of its own."""
    aide = Actor.objects.get(slug="kremlin-aide")
    assert aide.anonymous
    assert aide.display_name == "a Kremlin aide"
    assert aide.get_absolute_url() is None


def test_affiliations_carry_the_report_role_titles(seeded):
    """Each affiliation links actor and organisation with the role the report gives."""
    affiliations = set(
        Affiliation.objects.values_list("actor__slug", "organization__slug", "role_title")
    )
    assert affiliations == AFFILIATIONS


# Loading twice, loading bad data


def test_second_run_changes_no_counts(seeded):
    """Seeding again adds no row anywhere, history and through tables included."""
    before = table_counts()
    call_command("seed_summit", verbosity=0)
    assert table_counts() == before


def test_second_run_keeps_the_article_version(seeded):
    """Seeding again does not save the unchanged story, so its version stays 1."""
    call_command("seed_summit", verbosity=0)
    assert Article.objects.get(slug=SLUG).version == 1


def test_quote_text_with_stray_spaces_is_found_again(db):
    """Spaces around a quote's words in the data do not make a re-seed add a second copy."""
    data, body = seed_data()
    data["quotes"][4]["text"] = "  " + data["quotes"][4]["text"] + " "
    seed_load(data=data, body=body)
    seed_load(data=data, body=body)
    assert Quote.objects.count() == len(QUOTES)


def test_reseed_leaves_the_newsrooms_changes_alone(seeded):
    """Once loaded, the story is the newsroom's: a re-seed undoes no withdrawal, no edit,
    and adds no second copy of a quote an editor reworded."""
    article = Article.objects.get(slug=SLUG)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    Quote.objects.get(text="share one destiny").outlets.clear()
    reworded = Quote.objects.get(text="closed matter")
    reworded.kind = X
    reworded.text = "Lavrov called denuclearization a closed matter."
    reworded.save()
    quotes = Quote.objects.count()

    call_command("seed_summit", verbosity=0)

    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert not Quote.objects.get(text="share one destiny").outlets.exists()
    assert not Quote.objects.filter(text="closed matter").exists()
    assert Quote.objects.count() == quotes


def test_reseed_keeps_quotes_editors_added(seeded):
    """Seeding again never deletes: a quote an editor added to the story survives."""
    article = Article.objects.get(slug=SLUG)
    Quote.objects.create(article=article, text="a pivotal moment", kind=P)
    call_command("seed_summit", verbosity=0)
    assert Quote.objects.filter(text="a pivotal moment").exists()


def test_command_prints_a_summary(db, capsys):
    """The command says what it seeded, and on a second run that nothing changed."""
    call_command("seed_summit")
    first = capsys.readouterr().out
    call_command("seed_summit")
    second = capsys.readouterr().out
    counts = f"Seeded: 1 article, {len(ACTOR_SLUGS)} actors, {len(EVENTS)} events, "
    assert first.startswith(counts + f"{len(QUOTES)} quotes (")
    assert second.strip() == counts + f"{len(QUOTES)} quotes (0 created, 0 updated)."


def break_quote(data):
    data["quotes"][4]["text"] = "No matter how the world changes"


def unknown_speaker(data):
    data["quotes"][4]["speaker"] = "kim-jong-unn"


def bad_qid(data):
    next(a for a in data["actors"] if a["slug"] == "xi-jinping")["wikidata_id"] = "q15031"


def unknown_field(data):
    data["events"][0]["dat"] = "2025-09"


def impossible_date(data):
    data["quotes"][4]["said_on"] = "2025-09-31"


def speaker_as_outlet(data):
    data["quotes"][4]["outlets"] = ["kcna", "kim-jong-un"]


def event_as_a_list(data):
    data["quotes"][4]["event"] = ["xi-kim-summit-2025"]


def duplicate_affiliation(data):
    data["affiliations"].append(dict(data["affiliations"][0], role_title="chairman"))


def nul_byte(data):
    data["actors"][0]["name"] = "North\x00Korea"


def unknown_parent(data):
    data["events"][2]["parent"] = "kim-visit"


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (break_quote, "quote 5 (“No matter how the world changes”): text: This direct quote"),
        (
            unknown_speaker,
            "quote 5 (“No matter how the international situation changes…”): "
            "speaker: unknown actor “kim-jong-unn”",
        ),
        (bad_qid, "actor “xi-jinping”: wikidata_id: A Wikidata id is Q followed by digits"),
        (unknown_field, "event “kim-jong-un-visit-to-beijing-2025”: unknown field dat"),
        (impossible_date, "said_on: 2025-09-31 is not a real date"),
        (speaker_as_outlet, "outlets: “kim-jong-un” is a person, not an outlet"),
        (nul_byte, "contains a NUL character"),
        (event_as_a_list, "event: unknown event “['xi-kim-summit-2025']”"),
        (duplicate_affiliation, "affiliation of “kim-jong-un” with “north-korea”: this"),
        (unknown_parent, "parent: unknown event “kim-visit”; an event must be listed"),
    ],
    ids=lambda value: value.__name__ if callable(value) else "",
)
def test_bad_data_is_refused_naming_the_record_and_writes_nothing(db, breakage, message):
    """A bad record stops the load with a message naming it, and nothing is written."""
    data, body = seed_data()
    breakage(data)
    with pytest.raises(SeedError) as excinfo:
        seed_load(data=data, body=body)
    assert message in str(excinfo.value)
    assert set(table_counts().values()) == {0}


def test_quote_missing_from_a_changed_body_is_refused(db):
    """If the body no longer holds a quote's words, the load stops at that quote."""
    data, body = seed_data()
    body = body.replace("share one destiny", "share a destiny")
    with pytest.raises(SeedError, match="“share one destiny”"):
        seed_load(data=data, body=body)
    assert Article.objects.count() == 0


def test_command_reports_bad_data_as_a_command_error(db, tmp_path):
    """The command turns a bad record into a CommandError naming it, and seeds nothing."""
    data, _ = seed_data()
    unknown_speaker(data)
    path = tmp_path / "summit.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was seeded. quote 5 .*kim-jong-unn"):
        call_command("seed_summit", data=str(path), verbosity=0)
    assert Actor.objects.count() == 0


def test_command_reports_invalid_json_with_its_position(db, tmp_path):
    """A seed file that is not JSON is refused with the line and column of the mistake."""
    path = tmp_path / "summit.json"
    path.write_text('{"article": {,}}', encoding="utf-8")
    with pytest.raises(CommandError, match="line 1, column 14"):
        call_command("seed_summit", data=str(path), verbosity=0)


def test_seed_runs_in_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    """A second seed only reads: one query per record, roughly, and no writes."""
    call_command("seed_summit", verbosity=0)
    with django_assert_max_num_queries(200) as captured:
        call_command("seed_summit", verbosity=0)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].lstrip(" (").startswith("SELECT")  # a UNION's parts are in brackets
    ]
    assert [sql for sql in writes if "SAVEPOINT" not in sql] == []
