"""A synthetic archive to measure the site against: ``manage.py generate_corpus``.

Years of coverage, made up but shaped like the real thing: stories of about 800
words that contain their direct and partial quotes word for word; speakers drawn
with a Zipf skew, so that one actor says about a tenth of everything; each quote
reported through one or two outlets; events with participants, covered by the
stories around their date; corrections on some stories; a few drafts, one with
quotes to check, and withdrawn stories.

Two halves:
- ``plan_world`` and ``plan_stories`` are plain Python: a seeded ``random.Random``
  in, plain dicts out, the same archive for the same seed.
- ``corpus_world`` and ``corpus_load`` are the services that write them. They are
  written for bulk loading: rows are validated (``clean_fields`` and ``clean``) and
  created in batches, histories included, and each story is rendered once, by
  ``render_stories`` (``render_story`` for many stories, reading what they show
  together), at the end of the chunk's write. ``generate`` calls ``corpus_load``
  once per chunk of stories.
"""

import bisect
import datetime
import math
import random
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from actors.models import Actor, Affiliation, Event, EventParticipant
from articles.models import Article, Correction, Quote
from articles.rendering import render_stories, stories_to_render
from core import dates
from core.dates import DatePrecision
from core.writes import service

Status = Article.Status
Kind = Quote.Kind

# What the busiest speaker says, as a share of all quotes (the archive: 10,000
# of 100,000).
TOP_SPEAKER_SHARE = 0.1
WORDS_PER_STORY = 800
YEARS = 8
CHUNK = 250

STATES = [
    ("North Korea", "조선민주주의인민공화국", "Pyongyang"),
    ("South Korea", "대한민국", "Seoul"),
    ("China", "中国", "Beijing"),
    ("Russia", "Россия", "Moscow"),
    ("United States", "", "Washington"),
    ("Japan", "日本", "Tokyo"),
    ("Ukraine", "Україна", "Kyiv"),
    ("India", "भारत", "New Delhi"),
    ("France", "", "Paris"),
    ("Germany", "Deutschland", "Berlin"),
    ("United Kingdom", "", "London"),
    ("Iran", "ایران", "Tehran"),
    ("Turkey", "Türkiye", "Ankara"),
    ("Brazil", "Brasil", "Brasília"),
    ("South Africa", "", "Pretoria"),
    ("Indonesia", "", "Jakarta"),
    ("Vietnam", "Việt Nam", "Hanoi"),
    ("Mongolia", "Монгол Улс", "Ulaanbaatar"),
    ("Poland", "Polska", "Warsaw"),
    ("Egypt", "مصر", "Cairo"),
    ("Saudi Arabia", "السعودية", "Riyadh"),
    ("Qatar", "قطر", "Doha"),
    ("Israel", "ישראל", "Jerusalem"),
    ("Pakistan", "پاکستان", "Islamabad"),
    ("Kazakhstan", "Қазақстан", "Astana"),
    ("Belarus", "Беларусь", "Minsk"),
    ("Singapore", "", "Singapore"),
    ("Philippines", "Pilipinas", "Manila"),
    ("Australia", "", "Canberra"),
    ("Canada", "", "Ottawa"),
]
OUTLETS = [
    ("KCNA", "news_agency"),
    ("Xinhua", "news_agency"),
    ("Yonhap", "news_agency"),
    ("TASS", "news_agency"),
    ("Reuters", "news_agency"),
    ("Associated Press", "news_agency"),
    ("AFP", "news_agency"),
    ("Kyodo News", "news_agency"),
    ("Rodong Sinmun", "newspaper"),
    ("People's Daily", "newspaper"),
    ("The New York Times", "newspaper"),
    ("The Korea Herald", "newspaper"),
    ("Asahi Shimbun", "newspaper"),
    ("Le Monde", "newspaper"),
    ("NHK", "broadcaster"),
    ("BBC News", "broadcaster"),
    ("CCTV", "broadcaster"),
    ("KBS", "broadcaster"),
    ("NBC News", "broadcaster"),
    ("Al Jazeera", "broadcaster"),
    ("Truth Social", "social_platform"),
    ("X", "social_platform"),
    ("Telegram", "social_platform"),
    ("Weibo", "social_platform"),
]
ORGANIZATIONS = [
    "United Nations",
    "UN Security Council",
    "International Atomic Energy Agency",
    "Association of Southeast Asian Nations",
    "Shanghai Cooperation Organisation",
    "NATO",
    "European Union",
    "Workers' Party of Korea",
    "Institute for Far Eastern Studies",
    "Korea Institute for National Unification",
    "Carnegie Endowment",
    "World Food Programme",
]
FIRST_NAMES = """Kim Lee Park Choi Wang Li Zhang Liu Chen Yang Sergei Dmitri Anna Olga Maria
John Sarah Michael Emily David Laura Hiroshi Yuki Kenji Akiko Arjun Priya Fatima Omar Ahmed Leila
Jean Claire Hans Greta Tomasz Ewa Carlos Ana Nguyen Minh Bat Saule Aliya Erdem Ayse Daniel Rachel
Thabo Naledi Siti Budi Jose Lucia Pierre Ingrid Mikhail Tatiana Hyun Soo Jae Min""".split()
LAST_NAMES = """Jong Sun Ho Hyun Jin Wei Ming Hua Lavrov Petrov Ivanova Smirnov Volkov Kuznetsova
Smith Johnson Brown Miller Davis Wilson Tanaka Suzuki Sato Watanabe Sharma Patel Khan Hassan
Rahman Dubois Moreau Schmidt Weber Nowak Kowalski Garcia Silva Tran Pham Batbayar Nurlanov Yilmaz
Demir Cohen Levi Mokoena Dlamini Santoso Wijaya Rossi Bianchi Lindqvist Berg Orlov Sokolova Moon
Yoon Han Seo""".split()
ROLES = [
    "Foreign Minister",
    "Defence Minister",
    "ambassador",
    "spokesperson",
    "special envoy",
    "deputy foreign minister",
    "analyst",
    "senior fellow",
    "chairman",
    "president",
    "prime minister",
    "national security adviser",
]
EVENT_KINDS = [
    ("summit", "summit"),
    ("visit", "state visit"),
    ("statement", "statement"),
    ("ceremony", "military parade"),
    ("vote", "Security Council vote"),
    ("deployment", "troop deployment"),
    ("other", "talks"),
]
EVENT_ROLES = ["host", "guest", "attendee", "speaker", "participant"]

# The vocabulary of the desk: sentences are drawn from these, so that search has
# real words to stem ("denuclearization", "denuclearizing") and to rank.
SUBJECTS = """the delegation | the two leaders | the foreign ministry | negotiators | the envoy |
officials in the capital | the summit's hosts | diplomats | the defence ministry | observers |
the security council | the visiting minister | analysts in the region | the government""".split("|")
VERBS = """discussed | pledged | rejected | welcomed | condemned | called for | reaffirmed |
questioned | agreed on | warned against | signed | postponed | reviewed | outlined""".split("|")
OBJECTS = """denuclearization of the peninsula | closer economic ties | sanctions relief |
a new round of talks | the joint declaration | military cooperation | the missile launches |
humanitarian aid | the border crossings | a ceasefire | trade in rare earths | energy supplies |
the grain corridor | a prisoner exchange | the nuclear programme | joint military exercises |
the visa regime | food security | cyber attacks | maritime claims""".split("|")
CLAUSES = """after months of tension | despite objections from its neighbours | in a statement late
on Tuesday | according to people familiar with the talks | as the meeting drew to a close |
ahead of the anniversary | in an unusually blunt exchange | before a closed session |
while denuclearizing remained off the agenda | in a rare public appearance |
with little sign of compromise | amid protests outside the venue""".split("|")
QUOTE_OPENERS = """we will never accept | our position on | there can be no progress on |
the world should understand | we are ready to discuss | history will judge | we stand together on |
nobody should doubt our commitment to | it is time to settle | we have been patient about |
our people expect results on | we will respond firmly to""".split("|")
QUOTE_CLOSERS = """without guarantees | on equal terms | under any pressure |
for the sake of peace | before the end of the year | in good faith | step by step |
with full transparency | as long as it takes | on our own terms""".split("|")
CUES = ["said", "told reporters", "declared", "insisted", "added", "wrote", "warned"]
CORRECTIONS = [
    "An earlier version of this story misspelt the envoy's name.",
    "An earlier version gave the wrong date for the meeting.",
    "An earlier version misattributed a quote to the foreign ministry.",
    "This story has been updated to correct the location of the talks.",
]


def _clean(phrases):
    return [" ".join(p.split()) for p in phrases]


SUBJECTS, VERBS, OBJECTS, CLAUSES = map(_clean, (SUBJECTS, VERBS, OBJECTS, CLAUSES))
QUOTE_OPENERS, QUOTE_CLOSERS = map(_clean, (QUOTE_OPENERS, QUOTE_CLOSERS))


# ---------------------------------------------------------------------------
# Plain planning: random numbers in, dicts out


def zipf_exponent(count, top_share=TOP_SPEAKER_SHARE):
    """The exponent s for which the first of ``count`` Zipf-ranked actors gets ``top_share``
    of all draws (1 / sum(1/k^s) = top_share), or 0 (uniform) when even that is too much."""
    if count * top_share <= 1:
        return 0.0

    def share(s):
        return 1 / sum(k**-s for k in range(1, count + 1))

    low, high = 0.0, 4.0
    for _ in range(50):
        middle = (low + high) / 2
        if share(middle) < top_share:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def zipf_weights(count, exponent):
    """Cumulative weights for ``random.choices(cum_weights=...)``: rank 1 the heaviest."""
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += rank**-exponent
        cumulative.append(total)
    return cumulative


def _unique_slug(text, taken):
    base = slugify(text)[:180] or "item"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def plan_world(rng, *, actors, articles, start, end, taken_slugs=()):
    """States, outlets, organisations, people and events for an archive.

    ``actors`` is how many actors in all; states and outlets come from fixed lists
    (as many as fit), organisations and people make up the rest. One event per 20
    stories, each with two to five participants, dated between ``start`` and ``end``.
    """
    taken = set(taken_slugs)
    n_states = min(len(STATES), max(2, actors // 10))
    n_outlets = min(len(OUTLETS), max(2, actors // 10))
    n_orgs = min(len(ORGANIZATIONS), max(1, actors // 20))
    n_people = max(1, actors - n_states - n_outlets - n_orgs)
    states = [
        {"slug": slugify(name), "name": name, "native_name": native, "capital": capital}
        for name, native, capital in STATES[:n_states]
    ]
    outlets = [
        {"slug": slugify(name), "name": name, "outlet_type": kind}
        for name, kind in OUTLETS[:n_outlets]
    ]
    speakers = []
    for name in ORGANIZATIONS[:n_orgs]:
        speakers.append(
            {
                "slug": _unique_slug(name, taken),
                "name": name,
                "kind": "organization",
                "country": None,
                "description": "",
            }
        )
    names = set()
    for _ in range(n_people):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        while name in names:
            name = (
                f"{rng.choice(FIRST_NAMES)} {chr(rng.randrange(65, 91))}. {rng.choice(LAST_NAMES)}"
            )
        names.add(name)
        country = rng.choice(states)
        speakers.append(
            {
                "slug": _unique_slug(name, taken),
                "name": name,
                "kind": "person",
                "country": country["slug"],
                "description": f"{rng.choice(ROLES)}, {country['name']}",
                "aliases": [name.split()[-1]] if rng.random() < 0.3 else [],
            }
        )
    rng.shuffle(speakers)  # the busiest speaker is whoever lands first
    affiliations = [
        {
            "actor": person["slug"],
            "organization": rng.choice(speakers[-n_orgs:] or speakers)["slug"],
            "role_title": rng.choice(ROLES),
        }
        for person in speakers
        if person["kind"] == "person" and rng.random() < 0.2
    ]
    affiliations = [a for a in affiliations if a["actor"] != a["organization"]]

    exponent = zipf_exponent(len(speakers))
    weights = zipf_weights(len(speakers), exponent)
    span = (end - start).days
    events = []
    for _ in range(max(3, articles // 20)):
        kind, noun = rng.choice(EVENT_KINDS)
        host, guest = rng.sample(states, 2)
        day = start + datetime.timedelta(days=rng.randrange(span))
        title = f"{host['name']}–{guest['name']} {noun}, {day:%B %Y}"
        participants = {
            speakers[i]["slug"]
            for i in rng.choices(range(len(speakers)), cum_weights=weights, k=rng.randint(2, 5))
        }
        events.append(
            {
                "slug": _unique_slug(title, taken),
                "title": title,
                "kind": kind,
                "date": day,
                "date_precision": DatePrecision.DAY if rng.random() < 0.9 else DatePrecision.MONTH,
                "location_name": host["capital"],
                "location_country": host["slug"],
                "participants": [
                    {"actor": slug, "role": rng.choice(EVENT_ROLES)}
                    for slug in sorted(participants)
                ],
            }
        )
    events.sort(key=lambda e: e["date"])
    for index, event in enumerate(events):  # some events are part of an earlier, larger one
        if index and rng.random() < 0.1:
            event["parent"] = events[rng.randrange(max(0, index - 5), index)]["slug"]
    return {
        "states": states,
        "outlets": outlets,
        "speakers": speakers,
        "affiliations": affiliations,
        "events": events,
        "speaker_weights": weights,
        "outlet_weights": zipf_weights(len(outlets), 1.0),
        "exponent": exponent,
    }


def _sentence(rng):
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        text += f" {rng.choice(CLAUSES)}"
    return text[0].upper() + text[1:] + "."


def _quote_words(rng, number):
    """Words nobody else in the story says: a stock phrase plus a numbered detail."""
    return (
        f"{rng.choice(QUOTE_OPENERS)} {rng.choice(OBJECTS)} {rng.choice(QUOTE_CLOSERS)}, "
        f"and point {number} of the agreement stands"
    )


def _with_outlets(outlets):
    names = [o["name"] for o in outlets]
    if len(names) == 1:
        return f"according to {names[0]}"
    return f"according to {names[0]} and {names[1]}"


def plan_stories(rng, world, *, first, count, quotes_per_article, start, end, total):
    """``count`` stories, numbered from ``first`` of ``total``, dated evenly from ``start``
    to ``end`` (the newest last), each with ``quotes_per_article`` quotes in its body."""
    speakers, outlets, events = world["speakers"], world["outlets"], world["events"]
    event_dates = [e["date"] for e in events]
    span = (end - start).total_seconds()
    stories = []
    for number in range(first, first + count):
        published_at = start + datetime.timedelta(
            seconds=span * (number + rng.random()) / max(total, 1)
        )
        published_at = published_at.replace(microsecond=0)
        roll = rng.random()
        status = (
            Status.DRAFT
            if roll < 0.02
            else Status.IN_REVIEW
            if roll < 0.03
            else Status.WITHDRAWN
            if roll < 0.04
            else Status.PUBLISHED
        )
        day = published_at.date()
        at = bisect.bisect_left(event_dates, day)
        nearby = events[max(0, at - 3) : at + 1]
        covered = rng.sample(nearby, min(len(nearby), rng.randint(0, 2)))
        picks = rng.choices(
            range(len(speakers)), cum_weights=world["speaker_weights"], k=quotes_per_article
        )
        quotes, paragraphs = [], []
        for index, pick in enumerate(picks):
            speaker = speakers[pick] if rng.random() > 0.02 else None
            via = [
                outlets[i]
                for i in sorted(
                    set(
                        rng.choices(
                            range(len(outlets)),
                            cum_weights=world["outlet_weights"],
                            k=1 if rng.random() < 0.7 else 2,
                        )
                    )
                )
            ]
            who = speaker["name"] if speaker else "An official who asked not to be named"
            words = _quote_words(rng, number * 1000 + index)
            roll = rng.random()
            if roll < 0.75:
                kind, text = Kind.DIRECT, words[0].upper() + words[1:]
                paragraph = f"“{text},” {who} {rng.choice(CUES)}, {_with_outlets(via)}."
            elif roll < 0.87:
                kind = Kind.PARTIAL
                text = words.split(",")[0]
                paragraph = (
                    f"{who} {rng.choice(CUES)} that the country was “{text}”, "
                    f"{_with_outlets(via)}. {_sentence(rng)}"
                )
            else:
                kind = Kind.PARAPHRASE
                text = f"{who} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
                paragraph = f"{text[0].upper()}{text[1:]}, {_with_outlets(via)}."
            paragraphs.append(paragraph)
            quotes.append(
                {
                    "text": text,
                    "kind": kind,
                    "speaker": speaker["slug"] if speaker else None,
                    "speaker_label": "" if speaker else "an official",
                    "outlets": [o["slug"] for o in via],
                    "said_on": day - datetime.timedelta(days=rng.randint(0, 2)),
                    "said_on_precision": DatePrecision.DAY
                    if rng.random() < 0.95
                    else DatePrecision.MONTH,
                    "event": covered[0]["slug"] if covered and rng.random() < 0.5 else None,
                }
            )
        # Fill to about 800 words with the desk's sentences, quotes spread among them.
        words_so_far = sum(len(p.split()) for p in paragraphs)
        fillers = []
        while words_so_far < WORDS_PER_STORY:
            paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))
            fillers.append(paragraph)
            words_so_far += len(paragraph.split())
        body = []
        while paragraphs or fillers:
            take_quote = paragraphs and (not fillers or rng.random() < 0.5)
            body.append(paragraphs.pop(0) if take_quote else fillers.pop(0))
        if status == Status.DRAFT and rng.random() < 0.5:
            # An editor cut a quoted paragraph after it was recorded: a quote to check.
            quoted = [i for i, q in enumerate(quotes) if q["kind"] != Kind.PARAPHRASE]
            if quoted:
                quotes[quoted[0]]["text"] += " in full"
        main = speakers[picks[0]]
        headline = f"{main['name']}: {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        story_states = rng.sample(world["states"], 2)
        stories.append(
            {
                "number": number,
                "headline": headline[:300],
                "standfirst": _sentence(rng) + " " + _sentence(rng),
                "body": "\n".join(body),
                "byline": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "dateline": story_states[0]["capital"],
                "status": status,
                "published_at": None
                if status in (Status.DRAFT, Status.IN_REVIEW)
                else published_at,
                "about": sorted({main["slug"]}),
                "mentions": sorted({s["slug"] for s in story_states}),
                "events": [e["slug"] for e in covered],
                "quotes": quotes,
                "corrections": [
                    {
                        "text": rng.choice(CORRECTIONS),
                        "published_on": published_at + datetime.timedelta(hours=rng.randint(2, 72)),
                    }
                    for _ in range(rng.randint(1, 2))
                ]
                if status == Status.PUBLISHED and rng.random() < 0.03
                else [],
            }
        )
    return stories


# ---------------------------------------------------------------------------
# Writing: services for bulk loading


class CorpusError(Exception):
    """The archive cannot be written; the message says why."""


def _validated(obj, exclude=()):
    """The model's own field and object rules; foreign keys are ours, known to exist."""
    try:
        obj.clean_fields(exclude=list(exclude))
        obj.clean()
    except ValidationError as error:
        raise CorpusError(f"{type(obj).__name__} “{obj}”: {'; '.join(error.messages)}") from error
    return obj


def _bulk_with_history(model, objs, dates_of=None):
    """Create ``objs`` in batches, and their first revision in history."""
    created = model.objects.bulk_create(objs, batch_size=500)
    history = getattr(model, "history", None)
    if history is not None:
        if dates_of is not None:
            for obj in created:
                obj._history_date = dates_of(obj)
        model.history.bulk_history_create(created, batch_size=500, default_change_reason="Corpus")
    return created


@dataclass
class World:
    """The written world, by slug: what stories refer to."""

    actors: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)
    busiest: str = ""


@service
def corpus_world(*, plan):
    """Write the planned states, outlets, speakers, affiliations and events.

    States and outlets already on record (the seeded report's KCNA, say) are reused
    by slug rather than duplicated. Nothing is public yet: each record becomes
    visible when a published story shows it.
    """
    world = World()
    existing = {
        a.slug: a
        for a in Actor.objects.filter(
            slug__in=[r["slug"] for r in plan["states"] + plan["outlets"]]
        )
    }
    new = []
    for record in plan["states"]:
        actor = existing.get(record["slug"]) or Actor(
            kind=Actor.Kind.STATE,
            name=record["name"],
            slug=record["slug"],
            native_name=record["native_name"],
        )
        world.actors[record["slug"]] = actor
        if actor.pk is None:
            new.append(_validated(actor, exclude=["country"]))
    for record in plan["outlets"]:
        actor = existing.get(record["slug"]) or Actor(
            kind=Actor.Kind.OUTLET,
            outlet_type=record["outlet_type"],
            name=record["name"],
            slug=record["slug"],
        )
        world.actors[record["slug"]] = actor
        if actor.pk is None:
            new.append(_validated(actor, exclude=["country"]))
    Actor.objects.bulk_create(new, batch_size=500)
    speakers = []
    for record in plan["speakers"]:
        country = world.actors.get(record["country"]) if record["country"] else None
        actor = Actor(
            kind=record["kind"],
            name=record["name"],
            slug=record["slug"],
            description=record["description"],
            aliases=record.get("aliases", []),
            country=country,
        )
        speakers.append(_validated(actor, exclude=["country"]))
        world.actors[record["slug"]] = actor
    Actor.objects.bulk_create(speakers, batch_size=500)
    world.busiest = plan["speakers"][0]["slug"]
    Affiliation.objects.bulk_create(
        [
            _validated(
                Affiliation(
                    actor=world.actors[a["actor"]],
                    organization=world.actors[a["organization"]],
                    role_title=a["role_title"],
                ),
                exclude=["actor", "organization"],
            )
            for a in plan["affiliations"]
        ],
        batch_size=500,
    )
    events = []
    for record in plan["events"]:
        event = Event(
            title=record["title"],
            slug=record["slug"],
            kind=record["kind"],
            date=dates.normalise(record["date"], record["date_precision"]),
            date_precision=record["date_precision"],
            location_name=record["location_name"],
            location_country=world.actors[record["location_country"]],
        )
        events.append(_validated(event, exclude=["location_country", "parent"]))
        world.events[record["slug"]] = event
    Event.objects.bulk_create(events, batch_size=500)
    children = []
    for record in plan["events"]:
        if record.get("parent"):
            event = world.events[record["slug"]]
            event.parent = world.events[record["parent"]]
            children.append(event)
    Event.objects.bulk_update(children, ["parent"], batch_size=500)
    EventParticipant.objects.bulk_create(
        [
            EventParticipant(
                event=world.events[record["slug"]],
                actor=world.actors[p["actor"]],
                role=p["role"],
            )
            for record in plan["events"]
            for p in record["participants"]
        ],
        batch_size=500,
    )
    return world


@service
def corpus_load(*, stories, world):
    """Write planned stories with their links, quotes, outlets and corrections; each
    story is rendered once, with the others (``render_stories``), at the end."""
    articles = []
    for story in stories:
        article = Article(
            headline=story["headline"],
            slug=story["slug"],
            standfirst=story["standfirst"],
            body=story["body"],
            byline=story["byline"],
            dateline=story["dateline"],
            status=story["status"],
            published_at=story["published_at"],
        )
        articles.append(_validated(article, exclude=["author"]))
    created_at = {a.slug: a.published_at for a in articles}
    now = timezone.now()
    _bulk_with_history(Article, articles, lambda a: created_at[a.slug] or now)
    # Stories ship as they were on publication: not updated since.
    Article.objects.filter(pk__in=[a.pk for a in articles], published_at__isnull=False).update(
        created_at=F("published_at"), updated_at=F("published_at")
    )

    links = {"about": [], "mentions": [], "events": []}
    quotes, outlets_of, corrections = [], [], []
    for article, story in zip(articles, stories, strict=True):
        for name in ("about", "mentions"):
            through = getattr(Article, name).through
            links[name].extend(
                through(article_id=article.pk, actor_id=world.actors[slug].pk)
                for slug in story[name]
            )
        links["events"].extend(
            Article.events.through(article_id=article.pk, event_id=world.events[slug].pk)
            for slug in story["events"]
        )
        for record in story["quotes"]:
            quote = Quote(
                article=article,
                text=record["text"].strip(),
                kind=record["kind"],
                speaker=world.actors[record["speaker"]] if record["speaker"] else None,
                speaker_label=record["speaker_label"],
                said_on=dates.normalise(record["said_on"], record["said_on_precision"]),
                said_on_precision=record["said_on_precision"],
                event=world.events[record["event"]] if record["event"] else None,
            )
            # What Quote.save() does: find the words in the body.
            quote.start, quote.end = quote.locate(article.body)
            if quote.start is None and quote.is_verbatim and article.status != Status.DRAFT:
                raise CorpusError(f"Quote “{quote.text[:40]}” is not in “{article}”.")
            quote.clean_fields(exclude=["article", "speaker", "event"])
            quotes.append(quote)
            outlets_of.append(record["outlets"])
        corrections.extend(
            _validated(
                Correction(article=article, text=c["text"], published_on=c["published_on"]),
                exclude=["article", "created_by"],
            )
            for c in story["corrections"]
        )
    for name, rows in links.items():
        getattr(Article, name).through.objects.bulk_create(rows, batch_size=1000)
    _bulk_with_history(Quote, quotes, lambda q: q.article.published_at or now)
    Quote.outlets.through.objects.bulk_create(
        [
            Quote.outlets.through(quote_id=quote.pk, actor_id=world.actors[slug].pk)
            for quote, slugs in zip(quotes, outlets_of, strict=True)
            for slug in slugs
        ],
        batch_size=1000,
    )
    _bulk_with_history(Correction, corrections, lambda c: c.published_on)
    # Each story rendered once, the chunk together (one read of what they show).
    render_stories(list(stories_to_render([article.pk for article in articles])))
    return len(articles), len(quotes)


# ---------------------------------------------------------------------------
# The whole archive


@dataclass
class Summary:
    stories: int = 0
    quotes: int = 0
    actors: int = 0
    events: int = 0
    busiest: str = ""
    seconds: float = 0.0

    def __str__(self):
        return (
            f"Generated {self.stories:,} stories, {self.quotes:,} quotes, {self.actors:,} actors "
            f"and {self.events:,} events in {self.seconds:.0f} s. "
            f"Busiest speaker: {self.busiest}."
        )


def generate(*, articles, quotes_per_article, actors, seed, chunk=CHUNK, now=None, progress=None):
    """Plan and write a whole archive, ``chunk`` stories per write; ``progress(text)``
    is told after each chunk."""
    if articles < 1 or quotes_per_article < 0 or actors < 5 or chunk < 1:
        raise CorpusError(
            "Give at least 1 article, 0 or more quotes per article, 5 actors and a chunk of 1."
        )
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 (a reproducible archive, not a secret)
    end = (now or timezone.now()).replace(microsecond=0) - datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=365 * YEARS)
    taken = set(Actor.objects.values_list("slug", flat=True))
    taken |= set(Event.objects.values_list("slug", flat=True))
    plan = plan_world(
        rng, actors=actors, articles=articles, start=start.date(), end=end.date(), taken_slugs=taken
    )
    world = corpus_world(plan=plan)
    summary = Summary(actors=len(world.actors), events=len(world.events), busiest=world.busiest)
    story_slugs = set(Article.objects.values_list("slug", flat=True))
    for first in range(0, articles, chunk):
        count = min(chunk, articles - first)
        stories = plan_stories(
            rng,
            plan,
            first=first,
            count=count,
            quotes_per_article=quotes_per_article,
            start=start,
            end=end,
            total=articles,
        )
        for story in stories:
            story["slug"] = _unique_slug(story["headline"][:80], story_slugs)
        written, quoted = corpus_load(stories=stories, world=world)
        if first // chunk in (0, 3) or (first // chunk) % 10 == 9:
            analyze()  # the planner's statistics, while the tables grow
        summary.stories += written
        summary.quotes += quoted
        if progress is not None:
            elapsed = time.monotonic() - started
            left = elapsed / summary.stories * (articles - summary.stories)
            progress(
                f"{summary.stories:,}/{articles:,} stories, {summary.quotes:,} quotes, "
                f"{elapsed:.0f} s so far, about {math.ceil(left)} s to go"
            )
    analyze()
    summary.seconds = time.monotonic() - started
    return summary


def analyze():
    """Refresh the query planner's statistics after a bulk load (SQLite and PostgreSQL):
    without them SQLite prefers one-column indexes that read thousands of rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
