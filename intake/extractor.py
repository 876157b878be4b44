"""Propose the quotations in a news report: who said what, through which outlet, and when.

``extract(text)`` returns :class:`Proposal` records, plain data an editor (or the Django side)
confirms before anything is saved. It works by rules, with no model and no database:

1. Quotation marks are paired paragraph by paragraph (``intake._quotes``).
2. The words inside quotations are masked, so sentence splitting and the search for
   attributions ("said", "told NBC News", "according to KCNA") only ever see the reporter's
   own words.
3. Each sentence's attributions are parsed: the cue verb, its subject (a name, a pronoun,
   a role such as "the minister", an unnamed source such as "an aide"), outlets and a date.
4. Every quotation takes the attribution next to it, or the nearest one in its sentence;
   a quotation with none in its sentence may carry on the previous speaker's words.
5. Reported speech ("X argued that ...", "X expressed gratitude ...", "..., officials said")
   becomes a paraphrase whose text is the reported clause.

Offsets always index the text given: ``proposal.text == text[proposal.start:proposal.end]``,
so a direct or partial quote's text is found verbatim in the body, as ``Quote.clean`` requires.

A quotation broken by its attribution ("Part one," Kim said, "part two.") or reopened at the
start of each new paragraph gives one proposal per stretch of words; every stretch after the
first names the start offset of the stretch before it in ``continues_from``. The same link is
set when the next sentence goes on quoting with no new attribution.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from intake import _lexicon as lx
from intake._dates import DateMention, find_dates
from intake._names import (
    ANONYMOUS,
    NAME_SEQ,
    ORGANIZATION,
    OTHER,
    OUTLET,
    PERSON,
    STATE,
    Classifier,
    Named,
    People,
    known_kinds,
)
from intake._quotes import Mark, find_quotations

__all__ = ["DIRECT", "PARAPHRASE", "PARTIAL", "Proposal", "Span", "extract"]

# The values of articles.models.Quote.Kind.
DIRECT = "direct"
PARTIAL = "partial"
PARAPHRASE = "paraphrase"

KnownNames = Mapping[str, str] | Iterable[tuple[str, str] | str]


@dataclass(frozen=True, slots=True)
class Span:
    """A name as it appears in the text: ``text[start:end] == name``."""

    name: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"name": self.name, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed quote.

    ``speaker`` is the fullest mention of who spoke (for "he" or "Putin", the earlier
    "Vladimir Putin"); ``speaker_label`` is how the attribution itself names them ("He",
    "Putin’s message", "an aide"). ``speaker_kind`` is one of the Actor kinds ("person",
    "state", "organization", "outlet") or "anonymous" for an unnamed source.
    """

    kind: str
    text: str
    start: int
    end: int
    speaker: Span | None = None
    speaker_kind: str | None = None
    speaker_label: str = ""
    outlets: tuple[Span, ...] = ()
    said_on: str | None = None
    said_on_precision: str | None = None
    event_hint: str = ""
    confidence: float = 0.5
    cue: str = ""
    continues_from: int | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_kind": self.speaker_kind,
            "speaker_label": self.speaker_label,
            "outlets": [outlet.to_dict() for outlet in self.outlets],
            "said_on": self.said_on,
            "said_on_precision": self.said_on_precision,
            "event_hint": self.event_hint,
            "confidence": self.confidence,
            "cue": self.cue,
            "continues_from": self.continues_from,
        }


# ---------------------------------------------------------------------------------------------
# Patterns, compiled once.

_MASK = "~"
_OPEN = "“"
_CLOSE = "”"
_CUE = lx.word_pattern(
    lx.SPEECH_FORMS
    | lx.CONTENT_FORMS
    | lx.PASSIVE_OPINION
    | {"according to", "According to", "pointed out"}
)
_BOUNDARY = re.compile(r"[.!?…]+[”\"»」’')\]]*(?=\s+[“\"«「‘(\[" + "A-ZÀ-ÖØ-Þ0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)*[A-Z]$")
_BE = frozenset("is was were are be been being".split())
_NOUN_BEFORE = frozenset(lx.DETERMINERS | {"of", "to", "and", "whose", "in", "on", "with", "by"})
_CHUNK_SPLIT = re.compile(r",\s+(?!\d)")
_LAST_CHUNK = re.compile(r",\s+(?!\d)([^,]+)$")
_ANONYMITY = re.compile(
    r"^\s+(?:not to be (?:named|identified)|for anonymity|that (?:his|her|their) name)"
)
_CONJ = frozenset("and but while as with whereas because since although though so yet".split())
_RELATIVE = frozenset("who which whom whose".split())
_ADVERB = re.compile(r"^[a-z]+ly$")
# A character of a noun phrase: anything but clause punctuation and masked words, except the
# full stop of an initial or a short title ("two U.S. officials", "Sen. Mark Dolan").
_NP = r"(?:(?<![\w’'])(?:[A-Z]|Mr|Mrs|Ms|Dr|Sen|Gen|Rep|Gov|Lt|Col|Prof|St)\.|[^,.;:“”~])"
_PASSIVE_BY = re.compile(r"^\s+by\s+(?P<np>" + _NP + r"+?)(?:\s+as\b|(?=[,.;:“]|$))")
_INVERTED_NP = re.compile(
    r"^\s+(?P<np>" + _NP + r"+?)(?=\s*(?:[,.;:“]|$)|\s+(?:who|in|on|at|during|after|told|adding)\b)"
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_ACCORDING = re.compile(r"\baccording to\s+(?P<list>" + _NP + r"+)", re.I)
_TOLD = re.compile(
    r"\b(?:told|tells|telling)\s+(?P<list>" + _NP + r"+?)(?=\s+(?:that|on|in|at|during|after|"
    r"before|last|this|when|while|about|of)\b|\s*[,.;:“”]|$)"
)
_TOLD_OBJECT = re.compile(
    r"(?:told|tells|telling)\s+(?:(?:the|a|an|state|news|agency|public|broadcaster)\s+)*"
    r"(?:[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*)*|(?:\w+\s+){0,2}(?:reporters|journalists|"
    r"lawmakers|parliament|legislators|delegates|students|supporters|him|her|them|us|me|"
    r"audience|crowd|diplomats|officials|colleagues|conference|briefing|forum|summit|meeting|"
    r"newspaper|broadcaster|agency|channel|station|radio|television))\b"
)
_AS_REPORTED = re.compile(
    r"\b[Aa]s\s+(?P<list>" + _NP + r"+?)\s+(?:reported|noted|said|wrote|reports|notes|says|"
    r"writes|observed|pointed out|first reported|has reported|previously reported)\b"
)
_SUBJECT_REPORTED = re.compile(
    r"(?:^|,\s+|\band\s+)(?P<list>(?:[A-Z][\w’'.\-]*\s+){0,5}[A-Z][\w’'.\-]*|"
    r"(?:[Ss]tate|[Oo]fficial) (?:media|television|TV|news agency|broadcaster))\s+"
    r"(?:reported|reports|has reported|first reported|said in a report)\b"
)
_BY_OUTLET = re.compile(
    r"\b(?:reported|quoted|cited|carried|published|broadcast|aired|run)\s+by\s+(?P<list>"
    + _NP
    + r"+)"
)
_WITH_OUTLET = re.compile(
    r"\b(?:(?i:in|during)\s+(?:an?|the)\s+(?:\w+\s+)?(?:interview|conversation|statement|post|"
    r"broadcast|message|comments|remarks|op-ed|article|column|letter)\s+(?:with|to|on|carried by|"
    r"published by|aired by|in)|[Ss]peaking (?:to|with)|[Ii]n (?:remarks|comments) to|"
    r"[Ii]n an interview with|wrote in)\s+(?P<list>"
    + _NP
    + r"+?)(?=\s+(?:that|on|in|at|last|this)\b|"
    r"\s*[,.;:“”]|$)"
)
_OUTLET_BEFORE = re.compile(
    r"\b(?:broadcaster|news agency|agency|newspaper|daily|weekly|television|channel|radio|"
    r"station|network|outlet|magazine|website)\s+$"
)
_OUTLET_AFTER = re.compile(r"^\s+(?:news agency|radio|television|TV|newspaper|daily)\b")
_SUBORDINATOR = re.compile(
    r"\b(?:after|before|when|because|since|until|unless|although|though|once|whereas|if)\s+"
)
_AGE = re.compile(r",\s+\d{1,3}(?=,|$)")
_CLAUSE_SUBJECTS = frozenset("he she it they we i".split())
_AGREED_TO = re.compile(r"\s+(?:to|on|upon)\b")
_INVERTING_CUES = frozenset("said says added noted stressed insisted wrote".split())
_INVERTED_SUBJECT = re.compile(r"\s*(?:[A-Z]|(?:a|an|the|one|two|three|several)\s)")
_LABEL = re.compile(r"^(?P<name>[A-Z][\w’'.\-]+(?:\s+[A-Z][\w’'.\-]+){0,3})\s*:\s*$")
_PLATFORM = re.compile(
    r"\b(?:posted|wrote|said|tweeted|published|shared|announced|declared|posting|writing|"
    r"saying|post|message|statement|video)\s+(?:\w+\s+)?on\s+(?:his|her|its|their|the|an?)?\s*"
    r"(?:own\s+|official\s+|personal\s+|verified\s+)?(?P<name>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)"
    r"(?P<noun>\s+(?:social media\s+|social\s+)?(?:platform|account|page|channel|feed|site))?"
)
_WHEN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_EVENT = re.compile(
    r"\b(?i:at|during|after|on the sidelines of|in)\s+(?:a|an|the|his|her|their|its)\s+"
    r"(?P<hint>(?:[\w’'\-]+\s+){0,6}?(?:summit|meeting|talks|news conference|press conference|"
    r"briefing|interview|speech|address|statement|forum|rally|ceremony|parade|session|hearing|"
    r"debate|conference|visit|post|message|letter)(?:\s+(?:with|in|on|at|of)\s+(?!" + _WHEN + r")"
    r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)*)"
)
_DATELINE = re.compile(r"[A-Z][A-Z .,'’\-]{2,40}(?:\s*\([^)]{1,30}\))?\s*[—–-]{1,2}\s*")
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|whereas)\s+|;|\s[—–]\s")
_MEETING = re.compile(
    r"\b(?:met|meets|meeting with|held talks|holds talks|hosted|hosts|visited|sat down with)\b"
)
_THAT = re.compile(r"^\s*(?:,\s*)?that\s+")
_ADJUNCT = re.compile(
    r"^\s*(?:(?:on|in|at|during|to|late|early|last|this|earlier|later|again|also|publicly|"
    r"privately|separately|repeatedly|flatly|firmly)\b[^,;:“”~]*?)?(?=\s*(?:,\s*)?that\b)"
)
_TRAILING_ATTRIB = re.compile(
    r",\s+(?:according to\b|as\s+[^,;“”~]*?\b(?:reported|noted|said|wrote)\b|"
    r"(?:[\w’'.\-]+\s+){1,8}?(?:said|says|added|told|reported|noted|wrote|warned)\b|"
    r"(?:adding|warning|saying|noting|stressing|arguing|insisting|stating|explaining|claiming)"
    r"\s+that\b)"
)
_PREDICATE_END = re.compile(
    r",\s+(?:[a-z]+ing\b|with\b|according to\b|as\b|who\b|which\b|while\b)|\s+and\s+(?:then\s+)?"
    r"(?:[a-z]+ed|sent|gave|met|made|took|said|told|wrote|left|went|held|saw|spoke)\b|;|:|"
    r",\s+(?:[\w’'.\-]+\s+){1,6}?(?:said|says|added)\b"
)
_PUNCT_STRIP = " \t\n,;:"
_NOT_A_CLAUSE = frozenset(
    "in on at to during after before for with against about over of by from as into through "
    "so yes no nothing little much more outside inside near ahead late early earlier later "
    "last this when while again also only briefly".split()
)
_POSTMODIFIER = re.compile(
    r"(?<=[a-z])\s+(?:familiar with|close to|briefed on|with knowledge of|involved in|"
    r"seen by|of|at|to|from|in|with|for|on)\s+"
)
_DOUBLE_MARKS = '“”"«»「」『』„'
_QUOTE_CHARS = "\"“”‘’'«»「」『』„"
_WORD = re.compile(r"[\w’'\-]+")


# ---------------------------------------------------------------------------------------------
# Internal records.


@dataclass(slots=True)
class _Who:
    name: str
    start: int
    end: int
    kind: str
    label: str


@dataclass(slots=True)
class _Attribution:
    who: _Who | None
    cue: str
    cue_start: int  # absolute offsets
    cue_end: int
    subject_start: int
    mode: str  # speech | content | according | passive | as | report
    intro_end: int  # where the words a quotation may follow end (after object and adjuncts)
    clause: tuple[int, int] | None = None
    inverted: bool = False


@dataclass(slots=True)
class _Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    marks: list[Mark] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------


class _Extractor:
    def __init__(self, text: str, known_names):
        self.text = text
        self.classifier = Classifier(known_kinds(known_names))
        self.marks = find_quotations(text)
        self.masked = self._mask()
        self.sentences = self._split()
        self._sentence_starts = [s.start for s in self.sentences]
        self.people = People(self.masked, self._sentence_of, self.classifier)
        self.proposals: list[Proposal] = []
        self.attributions: dict[int, list[_Attribution]] = {}
        self.outlets: dict[int, list[Span]] = {}
        self._current: list[_Attribution] = []
        self._genders: dict[str, str] = {}

    # -- preparing the text --------------------------------------------------------------------

    def _mask(self) -> str:
        chars = list(self.text)
        for mark in self.marks:
            end = mark.close_at if mark.close_at is not None else mark.end
            for i in range(mark.open_at + 1, end):
                if chars[i] != "\n":
                    chars[i] = _MASK
            chars[mark.open_at] = _OPEN
            if mark.close_at is not None:
                chars[mark.close_at] = _CLOSE
        paired = {m.open_at for m in self.marks} | {m.close_at for m in self.marks}
        for i, ch in enumerate(chars):
            if ch in _DOUBLE_MARKS and i not in paired:
                chars[i] = " "  # a stray mark: ignored when reading attributions
        return "".join(chars)

    def _split(self) -> list[_Sentence]:
        text, masked = self.text, self.masked
        cuts = []
        for m in _BOUNDARY.finditer(text):
            if masked[m.start()] == _MASK and masked[m.end() - 1] != _CLOSE:
                continue
            if text[m.start()] == ".":
                word = _LAST_WORD.search(text[max(0, m.start() - 15) : m.start()])
                if word:
                    w = word.group(1).lstrip('(“"‘')
                    if w.lower().rstrip(".") in lx.ABBREVIATIONS or _INITIALS.match(w):
                        continue
            cuts.append(m.end())
        sentences: list[_Sentence] = []
        paragraph = 0
        start = 0
        points = sorted(set(cuts) | {i for i, ch in enumerate(text) if ch == "\n"} | {len(text)})
        for point in points:
            s, e = start, point
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                sentences.append(_Sentence(len(sentences), s, e, paragraph))
            if point < len(text) and text[point] == "\n":
                if text[start:point].strip():
                    paragraph += 1
                start = point + 1
            else:
                start = point
        for mark in self.marks:
            sentence = self._sentence_at(mark.open_at, sentences)
            if sentence is not None:
                sentence.marks.append(mark)
        return sentences

    @staticmethod
    def _sentence_at(position: int, sentences) -> "_Sentence | None":
        for sentence in sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None

    def _sentence_of(self, position: int) -> int:
        lo, hi = 0, len(self._sentence_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._sentence_starts[mid] <= position:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    # -- naming who speaks ---------------------------------------------------------------------

    def _named_in(self, phrase: str, offset: int) -> list[Named]:
        found = []
        for m in NAME_SEQ.finditer(phrase):
            after = phrase[m.end() : m.end() + 3]
            named = self.classifier.classify(m.group(), offset + m.start(), after)
            if named:
                found.append(named)
        return found

    def _person(self, name: str, start: int, end: int, label: str) -> _Who:
        full = self.people.full_name(name, start + 1)
        if full is not None and full.start <= start:
            return _Who(full.name, full.start, full.end, PERSON, label)
        if full is not None and full.name != name:
            return _Who(full.name, full.start, full.end, PERSON, label)
        return _Who(name, start, end, PERSON, label)

    def _resolve_pronoun(self, word: str, position: int, sentence: _Sentence) -> _Who | None:
        low = word.lower()
        if low in lx.PRONOUNS_PERSON:
            first = None
            for who in self._pronoun_candidates(word, sentence):
                first = first or who
                gender = self._gender(who.name)
                if gender is None or gender == low:
                    self._genders.setdefault(who.name, low)
                    return who
            return first  # nobody fits the pronoun: the nearest person after all
        wanted = (
            (ORGANIZATION, STATE, OUTLET) if low in lx.PRONOUNS_THING else (ANONYMOUS, ORGANIZATION)
        )
        for index in range(sentence.index, max(-1, sentence.index - 4), -1):
            earlier = self._current if index == sentence.index else self.attributions.get(index, [])
            for attribution in reversed(earlier):
                if attribution.who and attribution.who.kind in wanted:
                    who = attribution.who
                    return _Who(who.name, who.start, who.end, who.kind, word)
        return None

    def _pronoun_candidates(self, word: str, sentence: _Sentence):
        """People "he" or "she" may stand for, nearest first: this sentence's speakers, then
        each earlier sentence's speakers, or failing those its first person named."""
        for attribution in reversed(self._current):
            if attribution.who and attribution.who.kind == PERSON:
                who = attribution.who
                yield _Who(who.name, who.start, who.end, PERSON, word)
        for index in range(sentence.index - 1, max(-1, sentence.index - 6), -1):
            spoke = False
            for attribution in self.attributions.get(index, []):
                if attribution.who and attribution.who.kind == PERSON:
                    spoke = True
                    who = attribution.who
                    yield _Who(who.name, who.start, who.end, PERSON, word)
            if not spoke:
                for m in self.people.in_sentence(index)[:1]:
                    yield self._person(m.name, m.start, m.end, word)

    def _gender(self, name: str) -> str | None:
        """ "he" or "she" when the story makes it plain: an earlier pronoun, a gendered role
        ("spokeswoman"), an honorific or a common first name; None when it does not."""
        if name in self._genders:
            return self._genders[name]
        words = name.split()
        first = words[0].rstrip(".") if words else ""
        if first in lx.FEMALE_FIRST_NAMES or first in ("Mrs", "Ms", "Madam"):
            return "she"
        if first in lx.MALE_FIRST_NAMES or first == "Mr":
            return "he"
        roles = self.people.roles_of_name(name)
        if roles & lx.FEMALE_ROLES:
            return "she"
        if roles & lx.MALE_ROLES:
            return "he"
        return None

    def _who(self, phrase: str, offset: int, sentence: _Sentence, label_end: int) -> _Who | None:
        """Who a subject phrase names. ``offset`` is the phrase's position in the text."""
        lead = len(phrase) - len(phrase.lstrip(_PUNCT_STRIP))
        phrase = phrase.strip(_PUNCT_STRIP)
        offset += lead
        if not phrase:
            return None
        # an age in apposition ("Sybiha, 50, said") is blanked, keeping the offsets
        phrase = _AGE.sub(lambda m: " " * len(m.group()), phrase)
        core = _CHUNK_SPLIT.split(phrase, maxsplit=1)[0]
        rest = phrase[len(core) :]
        label = self._label(phrase, offset, len(core))
        modifier = _POSTMODIFIER.search(core)
        if modifier:
            # "two people familiar with the talks", "an aide to Putin": the head comes first
            head_part = core[: modifier.start()]
            head_words = head_part.split()
            if head_words and head_words[-1].lower().strip("’'") in (
                lx.ANON_HEADS | lx.ROLE_NOUNS | {"head", "chief", "member", "members"}
            ):
                if head_words[-1].lower() in lx.ANON_HEADS:
                    return _Who(core.rstrip(), offset, offset + len(core.rstrip()), ANONYMOUS, core)
                core = head_part.rstrip()
            elif head_words and not head_words[-1][:1].isupper():
                core = head_part.rstrip()
        words = core.split()
        # drop adverbs and auxiliaries between the subject and its verb
        while words and (words[-1].lower() in lx.SKIP_BEFORE_VERB or _ADVERB.match(words[-1])):
            words.pop()
        if not words or len(words) > 10:
            return None
        core = core[: core.find(words[-1]) + len(words[-1])] if len(words) > 0 else core
        if len(words) == 1 and words[0].lower() in (
            lx.PRONOUNS_PERSON | lx.PRONOUNS_GROUP | lx.PRONOUNS_THING
        ):
            return self._resolve_pronoun(words[0], offset, sentence)
        head = words[-1].lower().strip("’'")
        lowered = [w.lower() for w in words]
        named = self._named_in(core, offset)
        core_end = offset + len(core)
        last = named[-1] if named else None
        # "Putin's message read": the possessor speaks through the document
        if head in lx.DOC_NOUNS and last and last.possessive and last.kind != OTHER:
            return self._as_who(last, label or core)
        if last and last.end >= core_end - 1 and last.kind not in (OTHER,):
            return self._as_who(last, label or core)
        # an appositive that names the speaker: "a Kremlin spokesman, Dmitry Peskov,"
        rest_at = offset + len(phrase) - len(rest)
        apposed = [n for n in self._named_in(rest, rest_at) if n.kind == PERSON]
        apposed = [n for n in apposed if n.start - rest_at <= 4]
        determiner = lowered[0] if lowered[0] in lx.DETERMINERS else ""
        if head in lx.ROLE_NOUNS and determiner in ("the", "", "its", "their"):
            if apposed:
                return self._as_who(apposed[0], label)
            found = self.people.with_role(lowered, offset)
            if head not in ("official", "officials", "diplomat"):
                if found is None:
                    # a lede naming the role only: "Ukraine’s foreign minister said ...", with
                    # "..., Andrii Sybiha told the Financial Times" in the sentence after
                    found = self.people.first_after(offset, sentence.index + 2)
                if found is not None:
                    return self._person(found.name, found.start, found.end, label or core)
        if head in lx.ANON_HEADS or head.rstrip("s") in lx.ANON_HEADS:
            if apposed:
                return self._as_who(apposed[0], label)
            return _Who(core, offset, offset + len(core), ANONYMOUS, core)
        if head in lx.OUTLET_HEADS and ("state" in lowered or "news" in lowered):
            if last and last.kind in (OTHER, OUTLET, PERSON) and last.name.isupper():
                return _Who(last.name, last.start, last.end, OUTLET, core)
            return _Who(core, offset, core_end, OUTLET, core)
        if head in lx.ORG_HEADS:
            if lowered[0] == "the" and len(words) <= 4:
                earlier = self._earlier_body(words[1:], sentence)
                if earlier is not None:
                    return _Who(earlier.name, earlier.start, earlier.end, ORGANIZATION, core)
            start = offset + (4 if lowered[0] == "the" else 0)
            return _Who(self.text[start:core_end], start, core_end, ORGANIZATION, core)
        if apposed:
            return self._as_who(apposed[0], label)
        return None

    def _earlier_body(self, words: list[str], sentence: _Sentence) -> _Who | None:
        """ "The ministry", "the Russian ministry": the body of that kind that spoke last.
        Each word must fit its name ("Russian" fits "Russia’s foreign ministry")."""
        head = words[-1].lower()
        for index in range(sentence.index, max(-1, sentence.index - 12), -1):
            earlier = self._current if index == sentence.index else self.attributions.get(index, [])
            for attribution in reversed(earlier):
                who = attribution.who
                if who is None or who.kind != ORGANIZATION:
                    continue
                name_words = [w.lower() for w in _WORD.findall(who.name)]
                if not name_words or name_words[-1] != head:
                    continue
                if all(any(n[:4] == w.lower()[:4] for n in name_words) for w in words[:-1]):
                    return who
        return None

    def _label(self, phrase: str, offset: int, core_length: int) -> str:
        """The subject as the story names it: the core and any appositive ("an analyst at …"),
        without parentheticals ("for his part") or adverbs ("swiftly")."""
        core = phrase[:core_length]
        words = core.split()
        while words and (words[-1].lower() in lx.SKIP_BEFORE_VERB or _ADVERB.match(words[-1])):
            words.pop()
        end = core.find(words[-1]) + len(words[-1]) if words else core_length
        rest = phrase[core_length:]
        for m in re.finditer(r",\s+([^,]+)", rest):
            first = m.group(1).split()[0] if m.group(1).split() else ""
            if first.lower() in ("a", "an", "the") or first.endswith(("’s", "'s")):
                end = core_length + m.end(1)
            else:
                break
        return self.text[offset : offset + end].strip(_PUNCT_STRIP)

    def _as_who(self, named: Named, label: str) -> _Who:
        if named.kind == PERSON:
            return self._person(named.name, named.start, named.end, label)
        return _Who(named.name, named.start, named.end, named.kind, label)

    # -- outlets -------------------------------------------------------------------------------

    def _outlet_items(self, listing: str, offset: int, force: bool = False) -> list[Span]:
        spans = []
        for named in self._named_in(listing, offset):
            acronym = named.kind == PERSON and re.fullmatch(r"[A-Z]{2,6}", named.name)
            # "public broadcaster Yle", "France Inter radio": the noun says what the name is
            called = (
                named.kind in (OTHER, PERSON)
                and named.name not in lx.NATIONALITIES
                and (
                    _OUTLET_BEFORE.search(listing[: named.start - offset])
                    or _OUTLET_AFTER.match(listing[named.end - offset :])
                )
            )
            if (
                named.kind == OUTLET
                or acronym
                or called
                or (force and named.kind in (OTHER, PERSON))
            ):
                spans.append(Span(named.name, named.start, named.end))
        low = listing.lower()
        if not spans and re.search(r"\bstate (?:media|television|tv|news agency|broadcaster)", low):
            m = re.search(r"state (?:media|television|tv|news agency|broadcaster)", listing)
            spans.append(Span(m.group(), offset + m.start(), offset + m.end()))
        return spans

    def _sentence_outlets(self, sentence: _Sentence) -> list[Span]:
        base = sentence.start
        s = self.masked[sentence.start : sentence.end]
        spans: list[Span] = []
        for pattern in (_ACCORDING, _TOLD, _AS_REPORTED, _BY_OUTLET, _WITH_OUTLET):
            for m in pattern.finditer(s):
                spans += self._outlet_items(m.group("list"), base + m.start("list"))
        for m in _SUBJECT_REPORTED.finditer(s):
            spans += self._outlet_items(m.group("list"), base + m.start("list"))
        for m in _PLATFORM.finditer(s):
            name = m.group("name")
            if self.classifier.kind_of_whole(name) == OUTLET or m.group("noun"):
                spans.append(Span(name, base + m.start("name"), base + m.end("name")))
        unique: dict[str, Span] = {}
        for span in sorted(spans, key=lambda sp: sp.start):
            unique.setdefault(span.name.lower().removeprefix("the "), span)
        return list(unique.values())

    # -- attributions --------------------------------------------------------------------------

    def _subject(self, s: str, cs: int, floor: int) -> tuple[str, int, str]:
        """The subject phrase of the cue at ``cs`` in sentence ``s``: (phrase, offset, how).

        ``how`` is "" for an ordinary subject, "inherit" when the verb shares the main
        clause's subject (", stating" or "and pledged"), "as" for "as The New York Times
        noted", "with" for "with an aide stating".
        """
        left = floor
        for ch in (_OPEN, _CLOSE, ";", ":", "—", "–", "(", ")"):
            left = max(left, s.rfind(ch, 0, cs) + 1)
        segment = s[left:cs]
        if not segment.strip(_PUNCT_STRIP):
            return "", left, "inherit"
        chunks = []
        position = left
        for piece in _CHUNK_SPLIT.split(segment):
            at = s.find(piece, position) if piece else position
            chunks.append((piece, at))
            position = at + len(piece)
        how = ""
        chosen = None
        for index, (piece, at) in enumerate(chunks):
            words = piece.split()
            if not words:
                continue
            first = words[0].lower()
            if first in _CONJ:
                skip = piece.find(words[0]) + len(words[0])
                chosen = (piece[skip:], at + skip, "as" if first == "as" else first)
                if first == "with":
                    how = "with"
            elif chosen is None and index < len(chunks) - 1 and first in lx.FRONT_WORDS:
                continue  # a fronted adverbial: "According to KCNA," "In 2024,"
            elif chosen is None:
                chosen = (piece, at, "")
        if chosen is None:
            return "", left, "inherit"
        phrase, at, how = chosen
        phrase = s[at:cs]
        if how in ("and", "but", "so", "yet", "while", "whereas") and not phrase.strip():
            return "", at, "inherit"
        if how in ("and", "but", "so", "yet"):
            how = ""
        words = phrase.split()
        if words and words[-1].lower() in ("and", "but", "then"):
            return "", at, "inherit"  # "described the mood as tense and said ..."
        if words and words[-1].lower() in _RELATIVE:
            return "", at, "relative"
        if words and words[0].lower() in _RELATIVE:
            return "", at, "inherit"
        # "The remarks came a day after Sergei Lavrov said": the subject is the subordinate one
        inner = max(_SUBORDINATOR.finditer(phrase), key=lambda m: m.start(), default=None)
        rest = phrase[inner.end() :] if inner is not None else ""
        if rest.strip() and "," not in rest.rstrip(_PUNCT_STRIP) and len(rest.split()) <= 8:
            return rest, at + inner.end(), how
        return phrase, at, how

    def _attributions(self, sentence: _Sentence) -> list[_Attribution]:
        base = sentence.start
        s = self.masked[sentence.start : sentence.end]
        found: list[_Attribution] = []
        self._current = found
        floor = 0
        for m in _CUE.finditer(s):
            cue = m.group()
            cs, ce = m.start(), m.end()
            before_words = s[:cs].split()
            previous = before_words[-1].lower() if before_words else ""
            if cue.lower() == "according to":
                found.append(self._according(s, m, base, found))
                continue
            if cue.startswith("agree") and _AGREED_TO.match(s, ce):
                continue  # "agreed to resume talks" is a decision, not speech
            if previous in _BE:
                passive = _PASSIVE_BY.match(s[ce:]) if cue in lx.PASSIVE_OPINION else None
                if passive:
                    np_at = base + ce + passive.start("np")
                    who = self._who(
                        passive.group("np"), np_at, sentence, np_at + len(passive.group("np"))
                    )
                    if who:
                        clause = self._trim(base, base + len(s))
                        found.append(
                            _Attribution(
                                who, cue, base + cs, base + ce, np_at, "passive", base + ce, clause
                            )
                        )
                continue
            if cue == "asked" and _ANONYMITY.match(s[ce:]):
                continue
            if cue not in lx.SPEECH_FORMS and cue not in lx.CONTENT_FORMS:
                continue  # "seen", "considered" only report an opinion in the passive
            if cue in lx.BASE_FORMS and previous in ("to", "not", "did", "does", "do"):
                continue
            if (
                cue.endswith("s") or cue in ("read", "thought", "calling", "saying", "warning")
            ) and (previous in _NOUN_BEFORE or previous.endswith(("’s", "'s"))):
                continue  # a noun: "Trump's remarks", "the reports"
            if previous in ("to", "will", "would") and not cue.endswith("ed"):
                pass
            inverted = re.search(r"[”,]\s*$", s[:cs]) is not None and re.search(
                r"”\s*,?\s*$", s[:cs]
            )
            # "Ukraine’s position was unchanged, said Foreign Minister Andrii Sybiha."
            reported = (
                not inverted
                and cue in _INVERTING_CUES
                and s[:cs].rstrip().endswith(",")
                and _OPEN not in s[:cs]
            )
            if (inverted and cue in lx.SPEECH_FORMS) or reported:
                np = _INVERTED_NP.match(s[ce:])
                if np and reported and not _INVERTED_SUBJECT.match(np.group("np")):
                    np = None  # "..., argued that North Korea ...": not a subject
                if np and reported and s[ce + np.end("np") :].strip(" .")[:1] not in ("", ","):
                    np = None
                if np:
                    np_at = base + ce + np.start("np")
                    who = self._who(np.group("np"), np_at, sentence, np_at + len(np.group("np")))
                    if who:
                        clause = None
                        if reported:
                            clause = self._trim(base, base + len(s[:cs].rstrip()) - 1)
                        found.append(
                            _Attribution(
                                who,
                                cue,
                                base + cs,
                                base + ce,
                                base + cs,
                                "speech",
                                base + ce + np.end("np"),
                                clause,
                                inverted=True,
                            )
                        )
                        floor = ce + np.end("np")
                        continue
            if cue in lx.PARTICIPLES and re.search(r",\s*$", s[:cs]):
                phrase, at, how = "", cs, "inherit"
            else:
                phrase, at, how = self._subject(s, cs, floor)
            who = None
            if how == "inherit" or how == "relative":
                previous_attr = next((a for a in reversed(found) if a.who), None)
                if previous_attr:
                    who = previous_attr.who
                elif how == "relative":
                    who = self._relative_antecedent(s, cs, base, sentence)
                subject_start = base + cs
            else:
                who = self._who(phrase, base + at, sentence, base + cs)
                subject_start = base + at + (len(phrase) - len(phrase.lstrip(_PUNCT_STRIP)))
                last = _LAST_CHUNK.search(phrase)
                if who is None and last and last.start(1) > 0:
                    # "The talks will resume, officials said."
                    at2 = at + last.start(1)
                    who = self._who(last.group(1), base + at2, sentence, base + cs)
                    subject_start = base + at2
            if cue == "read" and not (
                who and re.search(r"\b(?:message|statement|letter|note|post)\b", phrase)
            ):
                continue
            if who is None:
                continue
            mode = "content" if cue in lx.CONTENT_FORMS else "speech"
            if how == "as":
                mode = "as"
            elif who.kind == OUTLET and cue in ("reported", "reports"):
                mode = "report"
            intro_end = self._intro_end(s, ce)
            attribution = _Attribution(
                who, cue, base + cs, base + ce, subject_start, mode, base + intro_end
            )
            attribution.clause = self._clause(s, base, attribution, at if how != "inherit" else cs)
            found.append(attribution)
            if how != "relative" and not self._in_relative(s, cs):
                floor = ce
        return found

    @staticmethod
    def _in_relative(s: str, cs: int) -> bool:
        """Is the cue inside a relative clause ("who told NBC News")?"""
        return re.search(r"\b(?:who|which)\s+(?:\w+\s+){0,3}$", s[:cs]) is not None

    def _relative_antecedent(self, s, cs, base, sentence) -> _Who | None:
        """ "Lim, who told NBC News ..." — the name before "who"."""
        head = s[:cs]
        m = re.search(r"(?P<np>[^,;:“”~]+?),?\s+(?:who|which)\s+[^,;:“”~]*$", head)
        if not m:
            return None
        return self._who(m.group("np"), base + m.start("np"), sentence, base + m.end("np"))

    def _according(self, s, m, base, found) -> _Attribution:
        rest = s[m.end() :]
        listing = re.match(r"\s+(" + _NP + r"+)", rest)
        who = None
        if listing:
            phrase = listing.group(1)
            at = base + m.end() + listing.start(1)
            items = [p for p in _LIST_SPLIT.split(phrase) if p.strip()]
            if items and not self._outlet_items(items[0], at):
                sentence = self.sentences[self._sentence_of(base)]
                who = self._who(items[0], at, sentence, at + len(items[0]))
                if who and who.kind in (OTHER,):
                    who = None
        clause = None
        if m.start() < 3 or s[: m.start()].strip(_PUNCT_STRIP).lower() in ("", "yet", "but"):
            comma = s.find(",", m.end())
            # "According to The Wall Street Journal, which first reported the talks, ..."
            if comma > 0 and re.match(r",\s+(?:which|who)\b", s[comma:]):
                comma = s.find(",", comma + 1)
            if comma > 0:
                clause = self._trim(base + comma + 1, base + len(s))
        elif s[: m.start()].rstrip().endswith(","):
            cut = s.rfind(",", 0, m.start())
            clause = self._trim(base, base + cut)
        return _Attribution(
            who,
            "according to",
            base + m.start(),
            base + m.end(),
            base + m.start(),
            "according",
            base + m.end(),
            clause,
        )

    def _intro_end(self, s: str, ce: int) -> int:
        """End of the words after a cue that a quotation may directly follow."""
        opener = s.find(_OPEN, ce)
        if opener < 0:
            return ce
        between = s[ce:opener]
        if len(between.split()) <= 12 and not _CUE.search(between) and not _THAT.match(between):
            return opener
        return ce

    def _clause(self, s: str, base: int, attribution: _Attribution, subject_at: int):
        """The reported words of a paraphrase, as absolute offsets, or None."""
        ce = attribution.cue_end - base
        if attribution.mode == "content":
            end = _PREDICATE_END.search(s, ce)
            stop = end.start() if end else len(s)
            start = attribution.subject_start - base
            if attribution.who and attribution.who.label.lower() in ("he", "she", "it", "they"):
                start = min(start, ce)
            if start >= ce:
                start = ce - len(attribution.cue)
            return self._trim(base + start, base + stop)
        if attribution.mode in ("as", "report") and s[ce:].lstrip().startswith(","):
            comma = s.find(",", ce)
            return self._trim(base + comma + 1, base + len(s))
        after = s[ce:]
        if attribution.cue in ("told", "tells", "telling"):
            skip = _TOLD_OBJECT.match(s, attribution.cue_start - base)
            if skip:
                after = s[skip.end() :]
                ce = skip.end()
        adjunct = _ADJUNCT.match(after)
        if adjunct:
            after = after[adjunct.end() :]
            ce += adjunct.end()
        that = _THAT.match(after)
        if that:
            return self._trim(base + ce + that.end(), base + len(s))
        # ", officials said." closing a sentence of reported speech
        tail = s[ce:].strip(" .")
        lead = s[: attribution.subject_start - base].rstrip()
        if (
            (not tail or len(tail.split()) <= 4)
            and _OPEN not in tail
            and lead.endswith(",")
            and attribution.cue in (lx.SPEECH_FORMS)
        ):
            if _OPEN not in s[: attribution.subject_start - base]:
                return self._trim(base, base + len(lead) - 1)
        # "Officials said the talks would resume" (a reported clause with no "that")
        words = after.split()
        if (
            attribution.cue in ("said", "says", "told", "added", "warned", "argued", "believes")
            and (len(words) >= 4 or (len(words) == 3 and words[0].lower() in _CLAUSE_SUBJECTS))
            and words[0][0].isalpha()
            and words[0].lower() not in _NOT_A_CLAUSE
            and not after.lstrip().startswith((",", ":"))
        ):
            return self._trim(base + ce, base + len(s))
        return None

    def _trim(self, start: int, end: int) -> tuple[int, int] | None:
        """Cut a reported clause at trailing attributions, then trim punctuation."""
        s = self.masked[start:end]
        cut = _TRAILING_ATTRIB.search(s)
        if cut:
            end = start + cut.start()
        while start < end and self.text[start] in _PUNCT_STRIP + "." + _QUOTE_CHARS:
            start += 1
        while end > start and self.text[end - 1] in _PUNCT_STRIP + "." + _QUOTE_CHARS:
            end -= 1
        dateline = _DATELINE.match(self.text, start, end)
        if dateline:
            start = dateline.end()
        if end - start < 8:
            return None
        return start, end

    # -- quotations ----------------------------------------------------------------------------

    def _quote_proposals(self, sentence: _Sentence, attributions, outlets, dates):
        base = sentence.start
        s = self.masked[sentence.start : sentence.end]
        made: list[tuple[Mark, Proposal, _Attribution | None]] = []
        for mark in sentence.marks:
            o = mark.open_at - base
            c = (mark.close_at if mark.close_at is not None else mark.end) - base
            before = s[:o]
            words = _WORD.findall(self.text[mark.start : mark.end])
            chosen, how = self._attribution_for(s, base, o, c, attributions)
            initial = not before.strip(_PUNCT_STRIP + "—–-(")
            if chosen is None:
                label = self._speaker_label(sentence, before)
                if label is not None:
                    chosen, how, initial = label, "after", True
            between = ""
            if how == "before":
                between = self.text[chosen.cue_end : mark.open_at]
            direct = (
                (initial and (len(words) > 3 or self._ends_clause(mark)))
                or (how == "before" and between.rstrip().endswith((",", ":")))
                or (how == "before" and not between.strip() and self.text[mark.start].isupper())
                or (how == "after" and initial)
            )
            kind = DIRECT if direct else PARTIAL
            continues = None
            confidence = 0.9 if how in ("after", "before") else 0.7
            if mark.reopened and self.proposals:
                prior = self._last_quote()
                if prior is not None:
                    continues = prior.start
                    if chosen is None:
                        made.append((mark, self._carry(mark, prior, DIRECT, 0.75, continues), None))
                        continue
            if made and chosen is not None and how == "before":
                prev_mark, prev, prev_attr = made[-1]
                if prev_attr is chosen and self._ends_open(prev_mark):
                    continues = prev.start
                    kind = prev.kind
            if chosen is None:
                carried = self._unattributed(sentence, mark, kind, initial, words)
                if carried is not None:
                    made.append((mark, carried, None))
                continue
            proposal = self._proposal(
                mark, kind, chosen, outlets, dates, sentence, confidence, continues
            )
            made.append((mark, proposal, chosen))
        return [proposal for _, proposal, _ in made]

    def _speaker_label(self, sentence: _Sentence, before: str) -> _Attribution | None:
        """A transcript's answer: a paragraph opening "Wang:" and then the quotation."""
        m = _LABEL.match(before)
        if m is None or sentence.start != self._paragraph_start(sentence):
            return None
        named = self._named_in(m.group("name"), sentence.start)
        if len(named) != 1 or named[0].kind != PERSON:
            return None
        who = self._as_who(named[0], m.group("name"))
        colon = sentence.start + m.end("name")
        return _Attribution(who, ":", colon, colon + 1, sentence.start, "speech", colon + 1)

    def _ends_clause(self, mark: Mark) -> bool:
        return self.text[mark.end - 1] in ".!?…,"

    def _ends_open(self, mark: Mark) -> bool:
        return self.text[mark.end - 1] not in ".!?…"

    def _attribution_for(self, s, base, o, c, attributions):
        speakers = [a for a in attributions if a.who is not None and a.mode != "according"]
        speakers = speakers or [a for a in attributions if a.who is not None]
        if not speakers:
            return None, ""
        gap_after = s[c + 1 :] if c < len(s) else ""
        skipped = len(gap_after) - len(gap_after.lstrip(" ,\u00a0"))
        for a in speakers:
            at = (a.cue_start if a.inverted else a.subject_start) - base
            if c + 1 <= at <= c + 1 + skipped and c < len(s) and s[c] == _CLOSE:
                return a, "after"
        for a in reversed(speakers):
            if a.intro_end - base == o:
                return a, "before"
        earlier = [a for a in speakers if a.cue_end - base <= o]
        if earlier:
            return earlier[-1], "near"
        later = [a for a in speakers if a.cue_start - base > c]
        if later:
            return later[0], "near"
        return None, ""

    def _proposal(self, mark, kind, attribution, outlets, dates, sentence, confidence, continues):
        start, end = self._quote_bounds(mark, kind)
        who = attribution.who
        date = self._date_for(dates, attribution.cue_start, mark) if dates else None
        if date is None and not dates:
            date = self._meeting_date(sentence, who)
        chosen_outlets = list(outlets)
        if who and who.kind == OUTLET and not any(o.name == who.name for o in chosen_outlets):
            chosen_outlets.insert(0, Span(who.name, who.start, who.end))
        if not chosen_outlets and who and who.label.lower() in ("he", "she", "it", "they"):
            chosen_outlets = self._inherited_outlets(sentence, who)
        if date is None and not dates and who and who.label.lower() in ("he", "she", "it", "they"):
            date = self._inherited_date(sentence, who)
        if who and who.kind == ANONYMOUS:
            confidence -= 0.05
        if who and who.label.lower() in ("he", "she", "it", "they"):
            confidence -= 0.1
        return Proposal(
            kind=kind,
            text=self.text[start:end],
            start=start,
            end=end,
            speaker=Span(who.name, who.start, who.end) if who else None,
            speaker_kind=who.kind if who else None,
            speaker_label=who.label if who else "",
            outlets=tuple(chosen_outlets),
            said_on=date.iso if date else None,
            said_on_precision=date.precision if date else None,
            event_hint=self._event_hint(sentence, who),
            confidence=round(max(0.05, min(confidence, 0.99)), 2),
            cue=attribution.cue,
            continues_from=continues,
        )

    def _inherited_outlets(self, sentence: _Sentence, who: _Who) -> list[Span]:
        """ "He added ..." goes on reporting through the outlet the previous sentence named."""
        for index in range(sentence.index - 1, max(-1, sentence.index - 3), -1):
            earlier = self.sentences[index]
            if earlier.paragraph != sentence.paragraph:
                break
            if any(a.who and a.who.name == who.name for a in self.attributions.get(index, [])):
                return list(self.outlets.get(index, []))
        return []

    def _inherited_date(self, sentence: _Sentence, who: _Who) -> DateMention | None:
        """ "..., she said." right after "X told Reuters in an interview on Dec. 2, 2024"
        carries on the same occasion, so the same date."""
        if sentence.index == 0:
            return None
        earlier = self.sentences[sentence.index - 1]
        if earlier.paragraph != sentence.paragraph:
            return None
        for proposal in reversed(self.proposals):
            if proposal.start < earlier.start:
                break
            if proposal.speaker and proposal.speaker.name == who.name and proposal.said_on:
                return DateMention(proposal.said_on, proposal.said_on_precision, 0, 0)
        return None

    def _quote_bounds(self, mark: Mark, kind: str) -> tuple[int, int]:
        start, end = mark.start, mark.end
        strip = _PUNCT_STRIP + _QUOTE_CHARS + (".…" if kind == PARTIAL else "")
        while end > start and self.text[end - 1] in strip:
            end -= 1
        while start < end and self.text[start] in _PUNCT_STRIP + _QUOTE_CHARS:
            start += 1
        return start, end

    def _last_quote(self) -> Proposal | None:
        for proposal in reversed(self.proposals):
            if proposal.kind != PARAPHRASE:
                return proposal
        return None

    def _carry(self, mark, prior: Proposal, kind, confidence, continues) -> Proposal:
        start, end = self._quote_bounds(mark, kind)
        return Proposal(
            kind=kind,
            text=self.text[start:end],
            start=start,
            end=end,
            speaker=prior.speaker,
            speaker_kind=prior.speaker_kind,
            speaker_label=prior.speaker_label,
            outlets=prior.outlets,
            said_on=prior.said_on if mark.reopened else None,
            said_on_precision=prior.said_on_precision if mark.reopened else None,
            event_hint=prior.event_hint,
            confidence=confidence,
            cue=prior.cue,
            continues_from=continues,
        )

    def _unattributed(self, sentence, mark, kind, initial, words) -> Proposal | None:
        """A quotation whose own sentence names no speaker."""
        text = self.text
        if initial and kind == DIRECT:
            # "Kim said:" ending the sentence before
            if sentence.index > 0:
                prior_sentence = self.sentences[sentence.index - 1]
                if text[prior_sentence.start : prior_sentence.end].rstrip().endswith(":"):
                    for a in self.attributions.get(prior_sentence.index, []):
                        if a.who:
                            outlets = self.outlets.get(prior_sentence.index, [])
                            return self._proposal(mark, DIRECT, a, outlets, [], sentence, 0.8, None)
            # "… Kim said." as the next sentence on its own
            if sentence.index + 1 < len(self.sentences):
                following = self.sentences[sentence.index + 1]
                bare = text[following.start : following.end]
                if following.paragraph == sentence.paragraph and len(bare.split()) <= 8:
                    attributions = self._attributions(following)
                    if attributions and not following.marks and attributions[0].who:
                        a = attributions[0]
                        outlets = self._sentence_outlets(following)
                        return self._proposal(mark, DIRECT, a, outlets, [], sentence, 0.75, None)
            # the previous speaker goes on
            prior = self._last_quote()
            if prior is not None and prior.speaker is not None:
                prior_sentence = self.sentences[self._sentence_of(prior.start)]
                same_paragraph = prior_sentence.paragraph == sentence.paragraph
                next_paragraph = (
                    prior_sentence.paragraph == sentence.paragraph - 1
                    and not text[self._paragraph_start(sentence) : mark.open_at].strip()
                )
                if (
                    same_paragraph or next_paragraph
                ) and sentence.index - prior_sentence.index <= 2:
                    return self._carry(mark, prior, DIRECT, 0.7, prior.start)
            if len(words) >= 5:
                return self._bare(mark, DIRECT, 0.3)
            return None
        # a short unattributed term is a scare quote, unless it is somebody's wording
        before = self.masked[max(sentence.start, mark.open_at - 24) : mark.open_at]
        owned = re.search(r"(?:[’']s|s[’']|\b(?:its|their|his|her|so-called))\s*$", before)
        if len(words) >= 5 or (len(words) >= 2 and owned and not before.endswith("so-called ")):
            return self._bare(mark, PARTIAL, 0.35 if len(words) < 5 else 0.4)
        return None

    def _paragraph_start(self, sentence: _Sentence) -> int:
        for other in self.sentences:
            if other.paragraph == sentence.paragraph:
                return other.start
        return sentence.start

    def _bare(self, mark, kind, confidence) -> Proposal:
        start, end = self._quote_bounds(mark, kind)
        return Proposal(
            kind=kind, text=self.text[start:end], start=start, end=end, confidence=confidence
        )

    # -- paraphrases ---------------------------------------------------------------------------

    def _paraphrases(self, sentence: _Sentence, attributions, outlets, dates) -> list[Proposal]:
        speaking = [a for a in attributions if a.who is not None and a.mode != "report"]
        found = []
        seen: set[tuple[int, int]] = set()
        for a in attributions:
            if a.clause is None:
                continue
            if a.mode == "according" and any(
                b.mode != "according" and a.clause[0] <= b.cue_start < a.clause[1] for b in speaking
            ):
                continue  # "according to X, Kim said ...": Kim's words, through X
            if a.mode == "report" and speaking:
                continue
            who = a.who
            if who is None and a.mode == "according":
                reporting = outlets[:1]
                if not reporting:
                    continue
                who = _Who(reporting[0].name, reporting[0].start, reporting[0].end, OUTLET, "")
            if who is None:
                continue
            start, end = a.clause
            clause = self.masked[start:end]
            if _MASK in clause or _OPEN in clause or len(_WORD.findall(clause)) < 3:
                continue
            if (start, end) in seen or any(s <= start and end <= e for s, e in seen):
                continue
            seen.add((start, end))
            date = self._date_for(dates, a.cue_start, None, (start, end))
            if date is None and not dates:
                date = self._meeting_date(sentence, who)
            chosen_outlets = list(outlets)
            if who.kind == OUTLET and not any(o.name == who.name for o in chosen_outlets):
                chosen_outlets.insert(0, Span(who.name, who.start, who.end))
            if not chosen_outlets and who.label.lower() in ("he", "she", "it", "they"):
                chosen_outlets = self._inherited_outlets(sentence, who)
            confidence = {"speech": 0.7, "content": 0.6, "as": 0.65, "passive": 0.5}.get(
                a.mode, 0.55
            )
            found.append(
                Proposal(
                    kind=PARAPHRASE,
                    text=self.text[start:end],
                    start=start,
                    end=end,
                    speaker=Span(who.name, who.start, who.end),
                    speaker_kind=who.kind,
                    speaker_label=who.label,
                    outlets=tuple(chosen_outlets),
                    said_on=date.iso if date else None,
                    said_on_precision=date.precision if date else None,
                    event_hint=self._event_hint(sentence, who),
                    confidence=confidence,
                    cue=a.cue,
                )
            )
        return found

    # -- dates and events ----------------------------------------------------------------------

    def _date_for(self, dates: list[DateMention], cue_at: int, mark, clause=None):
        candidates = []
        for date in dates:
            if clause and clause[0] <= date.start < clause[1]:
                continue
            low, high = sorted((date.end, cue_at))
            if _CLAUSE_BREAK.search(self.masked[low:high]):
                continue  # "signed on March 12, 2025, and the Kremlin said"
            candidates.append(date)
        if not candidates:
            return None
        return min(candidates, key=lambda d: abs(d.start - cue_at))

    def _meeting_date(self, sentence: _Sentence, who: _Who | None) -> DateMention | None:
        """A remark reported after "On September 4, 2025, Kim met with Xi" dates to that
        meeting, when no other dated sentence about the speaker comes in between."""
        if who is None or who.kind != PERSON:
            return None
        names = [w for w in re.findall(r"[\w\-]+", who.name) if len(w) > 1]
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
        for index in range(sentence.index - 1, -1, -1):
            earlier = self.sentences[index]
            if sentence.paragraph - earlier.paragraph > 3:
                break
            s = self.masked[earlier.start : earlier.end]
            if not pattern.search(s):
                continue
            dates = find_dates(s, earlier.start)
            if not dates:
                continue
            if _MEETING.search(s) and dates[0].precision == "day":
                return dates[0]
            return None
        return None

    def _event_hint(self, sentence: _Sentence, who: _Who | None) -> str:
        s = self.masked[sentence.start : sentence.end]
        m = _EVENT.search(s)
        if m:
            return self.text[sentence.start + m.start("hint") : sentence.start + m.end("hint")]
        if who and who.label and re.search(r"[’']s\s+(?:message|statement|letter|post)", who.label):
            return who.label
        return ""

    # -- driving it ----------------------------------------------------------------------------

    def run(self) -> list[Proposal]:
        for sentence in self.sentences:
            attributions = self._attributions(sentence)
            self.attributions[sentence.index] = attributions
            outlets = self._sentence_outlets(sentence)
            self.outlets[sentence.index] = outlets
            s = self.masked[sentence.start : sentence.end]
            dates = find_dates(s, sentence.start)
            quotes = self._quote_proposals(sentence, attributions, outlets, dates)
            self.proposals.extend(quotes)
            self.proposals.extend(self._paraphrases(sentence, attributions, outlets, dates))
        return sorted(self.proposals, key=lambda p: (p.start, p.end))


def extract(text: str, *, known_names: KnownNames | None = None) -> list[Proposal]:
    """Propose the quotes in ``text``, in order of where they start.

    ``known_names`` helps recognise speakers and outlets the built-in lists don't know:
    a mapping ``{name: kind}`` or pairs ``(name, kind)``, with kind one of "person",
    "state", "organization" (or "organisation") and "outlet"; a bare string is a person.
    """
    if not text or not text.strip():
        return []
    return _Extractor(text, known_names).run()
