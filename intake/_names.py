"""Names in running text: spotting them, guessing what they name, and keeping track of people.

A name is a run of capitalised words ("Former U.S. President Donald Trump", "Institute for
Far Eastern Studies"). Titles and nationalities at its front are peeled off a person's name and
kept as roles, so "the minister" and "the professor" can later find who they refer to.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from intake import _lexicon as lx

PERSON = "person"
STATE = "state"
ORGANIZATION = "organization"
OUTLET = "outlet"
ANONYMOUS = "anonymous"
OTHER = "other"  # places, events, titles on their own: never a speaker

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁ"
_TOKEN = (
    r"(?:(?:[A-Z]\.){2,}"
    r"|(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Lt|Col|Gov|Prof|Adm|Maj|Sgt|Capt|St|Jr)\."
    r"|(?:al|el|ad|as|ash|bin|ibn|abu|de|van|von)-[" + _UPPER + r"][\w\-]*"
    r"|[" + _UPPER + r"0-9][\w\-]*(?:[’'](?![sS]\b)[A-Za-z]+)*)"
)
_CONNECT = r"(?:\s+(?:of the|of|for|de|del|da|di|du|van|von|der|den|bin|ibn|al|la|le|y))*\s+"
NAME_SEQ = re.compile(r"(?<![\w’'])" + _TOKEN + r"(?:" + _CONNECT + _TOKEN + r")*")
_PARTICLES = frozenset("de del da di du van von der den bin ibn al la le y".split())
_POSSESSIVE = re.compile(r"^(?:[’']s|s?[’'](?=\s))")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_DAYS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-blind form of a name, for comparisons."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[-–—]", " ", text).replace(".", "")
    text = re.sub(r"[^\w' ]", "", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


def known_kinds(known_names) -> dict[str, str]:
    """Accept a mapping name -> kind, pairs (name, kind), or bare names (taken as people)."""
    if not known_names:
        return {}
    items: Iterable
    if isinstance(known_names, Mapping):
        items = known_names.items()
    else:
        items = known_names
    kinds: dict[str, str] = {}
    for item in items:
        if isinstance(item, str):
            name, kind = item, PERSON
        else:
            name, kind = item[0], item[1]
        kind = (kind or PERSON).lower()
        if kind == "organisation":
            kind = ORGANIZATION
        if name:
            kinds[normalise(name)] = kind
    return kinds


@dataclass(frozen=True, slots=True)
class Named:
    """A classified run of capitalised words: ``name`` is what remains once titles are peeled."""

    kind: str
    name: str
    start: int
    end: int
    roles: frozenset[str] = frozenset()
    possessive: bool = False


def _tokens(seq: str) -> list[tuple[str, int]]:
    return [(m.group(), m.start()) for m in re.finditer(r"\S+", seq)]


class Classifier:
    def __init__(self, known: dict[str, str]):
        self.known = known

    def kind_of_whole(self, text: str) -> str | None:
        norm = normalise(text)
        if norm in self.known:
            return self.known[norm]
        low = text.lower().removeprefix("the ")
        if low in lx.OUTLETS or text.lower() in lx.OUTLETS:
            return OUTLET
        if low in lx.STATES:
            return STATE
        return None

    def classify(self, seq: str, start: int, after: str = "") -> Named | None:
        """Classify the run ``seq`` found at ``start``; ``after`` is the text that follows it."""
        possessive = bool(_POSSESSIVE.match(after))
        toks = _tokens(seq)
        while toks and (toks[0][0] in lx.FUNCTION_CAPS and toks[0][0] != "The"):
            toks = toks[1:]
        if not toks:
            return None
        the = toks[0][0] == "The"
        body = toks[1:] if the else toks
        if not body:
            return None
        first_at = (toks[0] if the else body[0])[1]
        whole = seq[first_at:]
        body_text = seq[body[0][1] :]
        for candidate in (whole, body_text):
            kind = self.kind_of_whole(candidate)
            if kind:
                at = first_at if candidate is whole and kind != STATE else body[0][1]
                name = seq[at:]
                return Named(kind, name, start + at, start + len(seq), possessive=possessive)
        words = [t for t, _ in body]
        if len(words) == 1 and self._common(words[0]):
            return None  # "Analysts said", "Speaking at a forum": a sentence's first word
        # the longest tail of plain words is a person's name; what precedes it, titles
        tail = len(words)
        while tail > 0 and (
            self._plain(words[tail - 1])
            # a particle inside a name: "Nicolas de Rivière", "Ursula von der Leyen"
            or (
                words[tail - 1] in _PARTICLES
                and tail < len(words)
                and tail > 1
                and self._plain(words[tail - 2])
            )
        ):
            tail -= 1
        # "Ministry of Foreign Affairs", "Bank of England": a body, not a person named Affairs
        body_of = any(
            w in lx.ORG_WORDS and words[i + 1] in ("of", "for")
            for i, w in enumerate(words[: tail - 1])
        )
        if tail < len(words) and not body_of:
            prefix = words[:tail]
            if not prefix or self._title(prefix[-1]) or prefix[-1] in ("of",):
                at = body[tail][1]
                for known in (seq[at:],):
                    kind = self.known.get(normalise(known))
                    if kind and kind != PERSON:
                        return Named(kind, known, start + at, start + len(seq))
                roles = frozenset(w.lower().rstrip(".") for w in prefix)
                return Named(
                    PERSON, seq[at:], start + at, start + len(seq), roles, possessive=possessive
                )
        if any(w in lx.ORG_WORDS for w in words):
            at = first_at
            return Named(
                ORGANIZATION, seq[at:], start + at, start + len(seq), possessive=possessive
            )
        if any(w in lx.OUTLET_WORDS for w in words):
            return Named(OUTLET, whole, start + first_at, start + len(seq), possessive=possessive)
        if len(words) == 1 and _ACRONYM.match(words[0]):
            return Named(OUTLET, words[0], start + body[0][1], start + len(seq))
        return Named(OTHER, whole, start + first_at, start + len(seq), possessive=possessive)

    @staticmethod
    def _common(word: str) -> bool:
        low = word.lower()
        return (
            low in lx.ANON_HEADS
            or low in lx.ROLE_NOUNS
            or low in lx.ORG_HEADS
            or low in lx.FRONT_WORDS
            or low in lx.DETERMINERS
            or (low.endswith("ing") and len(low) > 5)
            or (low.endswith("ly") and len(low) > 4)
        )

    @staticmethod
    def _title(word: str) -> bool:
        return word.lower() in lx.TITLE_WORDS or word in lx.NATIONALITIES

    def _plain(self, word: str) -> bool:
        return not (
            self._title(word)
            or word in lx.ORG_WORDS
            or word in lx.OUTLET_WORDS
            or word in lx.PLACE_WORDS
            or word in lx.FUNCTION_CAPS
            or word in _DAYS
            or word.lower() in lx.STATES
            or word.lower() in ("of", "for", "the", "de", "van", "von", "al", "la", "le", "y")
            or word[0].isdigit()
        )


@dataclass(slots=True)
class Mention:
    name: str
    start: int
    end: int
    sentence: int
    roles: set[str] = field(default_factory=set)


_ROLE_BEFORE = re.compile(r"((?:[A-Za-z][\w\-.]*\s+){0,3})$")
_ROLE_COMMA = re.compile(r"\b(" + "|".join(sorted(lx.ROLE_NOUNS)) + r"),\s+$")
_APPOSITIVE = re.compile(
    r"^\s*,\s+(?:an?|the|his|her|its|their|[A-Z][\w\-]*’s)\s+([^,;:“”~]{0,120})"
)


class People:
    """Every person the text names, in order, to resolve surnames, pronouns and roles."""

    def __init__(self, masked: str, sentence_of, classifier: Classifier):
        self.mentions: list[Mention] = []
        self.classifier = classifier
        for m in NAME_SEQ.finditer(masked):
            named = classifier.classify(m.group(), m.start(), masked[m.end() : m.end() + 3])
            if not named or named.kind != PERSON:
                continue
            roles = set(named.roles)
            window = masked[max(0, m.start() - 60) : m.start()]
            # "Turkey’s foreign minister, Hakan Fidan": the role stands in apposition
            window = _ROLE_COMMA.sub(r"\1 ", window)
            before = _ROLE_BEFORE.search(window)
            if before:
                for word in before.group(1).split()[-3:]:
                    if word.lower() in lx.ROLE_NOUNS or word in lx.NATIONALITIES:
                        roles.add(word.lower())
            appositive = _APPOSITIVE.match(masked[m.end() : m.end() + 160])
            if appositive:
                words = re.split(r"\s+(?:at|of|in|for|with|from|to|who|on)\s+", appositive.group(1))
                roles.update(w.lower() for w in words[0].split())
            self.mentions.append(
                Mention(named.name, named.start, named.end, sentence_of(named.start), roles)
            )

    def full_name(self, name: str, before: int) -> Mention | None:
        """The fullest earlier mention whose words include every word of ``name``."""
        words = set(normalise(name).split())
        if not words:
            return None
        best = None
        for mention in self.mentions:
            mention_words = set(normalise(mention.name).split())
            if not words <= mention_words:
                continue
            if mention.start >= before and best is not None:
                break
            if best is None or len(mention_words) > len(set(normalise(best.name).split())):
                best = mention
            elif len(mention_words) == len(set(normalise(best.name).split())):
                if mention.start < before:
                    best = mention
        if best is not None and len(normalise(best.name).split()) > len(words):
            best = self._first_bearer(words, best, before)
        return best

    def _first_bearer(self, words: set[str], best: Mention, before: int) -> Mention:
        """A surname two people share ("Kim" after "Kim Jong Un" and "Kim Yo Jong") goes on
        naming whoever it named the first time the story used it on its own."""
        size = len(normalise(best.name).split())
        rivals = [
            m
            for m in self.mentions
            if m.start < before
            and len(normalise(m.name).split()) == size
            and words <= set(normalise(m.name).split())
        ]
        if len({normalise(m.name) for m in rivals}) < 2:
            return best
        bare = next(
            (
                m
                for m in self.mentions
                if m.start < before and set(normalise(m.name).split()) == words
            ),
            None,
        )
        earlier = [m for m in rivals if bare is not None and m.start < bare.start]
        return earlier[-1] if earlier else best

    def with_role(self, role_words: list[str], before: int) -> Mention | None:
        wanted = {w for w in role_words if w in lx.ROLE_NOUNS}
        if not wanted:
            return None
        # the nearest sentence naming someone in the role; in it, the first such person,
        # usually its subject ("Fidan ... has met Lavrov": "the minister" is Fidan)
        chosen = None
        for mention in reversed(self.mentions):
            if mention.start >= before or not wanted <= self._roles_of(mention):
                continue
            if chosen is not None and mention.sentence != chosen.sentence:
                break
            chosen = mention
        if chosen is None:
            return None
        return self.full_name(chosen.name, before) or chosen

    def first_after(self, position: int, last_sentence: int) -> Mention | None:
        """The first person named after ``position``, up to sentence ``last_sentence``."""
        for mention in self.mentions:
            if mention.start > position:
                return mention if mention.sentence <= last_sentence else None
        return None

    def roles_of_name(self, name: str) -> set[str]:
        """Every role the story gives the person called ``name`` (or a part of it)."""
        words = set(normalise(name).split())
        for mention in self.mentions:
            if set(normalise(mention.name).split()) == words:
                return self._roles_of(mention)
        return set()

    def _roles_of(self, mention: Mention) -> set[str]:
        words = set(normalise(mention.name).split())
        roles = set()
        for other in self.mentions:
            other_words = set(normalise(other.name).split())
            if words <= other_words or other_words <= words:
                roles |= other.roles
        return roles

    def in_sentence(self, sentence: int, before: int | None = None) -> list[Mention]:
        return [
            m
            for m in self.mentions
            if m.sentence == sentence and (before is None or m.start < before)
        ]
