"""The reader's search: stories, quotes and actors matching every word of a query,
ranked, with the matching words marked in a snippet.

One module, two engines, chosen by the database: PostgreSQL's full-text search over
the stored search vectors (``SearchRank``, ``SearchHeadline``), or SQLite's FTS5
(``bm25``, ``snippet()``). Both read the index in ``articles.search_index`` and find
the same things:

- English words by their stem: "denuclearization" finds "denuclearizing";
- a quote by its words, its speaker's names (name, native name, other names) and its
  outlets' names: "kcna" finds what KCNA reported;
- names however they are hyphenated or accented: "Kim Jong-un" finds Kim Jong Un;
- Chinese, Japanese and Korean by their characters, two at a time: "김정은" finds the
  stories that quote him.

Only what readers may see is found: published stories, public quotes and public actors.
The same query also filters the API's lists (``?q=``, ``SearchFilter``).
"""

import re
import unicodedata
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, F, Q, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from actors.models import Actor
from articles.models import Quote
from articles.search_index import (
    CJK_RUN,
    FTS_TABLE,
    FTS_WORD_COLUMNS,
    MARK_END,
    MARK_START,
    PG_CONFIG,
    SearchEntry,
)
from articles.views import published_stories, quotes_with_provenance

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_WORDS = 30

Kind = SearchEntry.Kind


def parse_query(raw):
    """The search terms in ``raw``; raises ``ValidationError`` naming what is wrong."""
    if "\x00" in raw:
        raise ValidationError("The search contains a NUL character; remove it and try again.")
    if len(raw) > MAX_QUERY_LENGTH:
        raise ValidationError(
            f"The search is too long: {len(raw)} characters, at most {MAX_QUERY_LENGTH}."
        )
    terms = raw.split()
    if len(terms) > MAX_TERMS:
        raise ValidationError(f"Search for at most {MAX_TERMS} words at a time.")
    return terms


@dataclass(frozen=True)
class Term:
    """One word of the query as the engines take it: the words it splits into (a
    phrase: "Jong-un" is "jong un"), or the character pairs of a CJK run."""

    words: tuple = ()
    grams: tuple = ()


_WORD = re.compile(r"[^\W_]+")


def query_terms(terms):
    """The terms as the index splits them: words without hyphens or punctuation, and
    CJK runs as their characters, two at a time. Terms with nothing searchable left
    ("—") are dropped."""
    parsed = []
    for term in terms:
        term = unicodedata.normalize("NFC", term).replace(MARK_START, "").replace(MARK_END, "")
        for run in CJK_RUN.findall(term):
            grams = tuple(run[i : i + 2] for i in range(len(run) - 1)) or (run,)
            parsed.append(Term(grams=grams))
        words = tuple(_WORD.findall(CJK_RUN.sub(" ", term)))
        if words:
            parsed.append(Term(words=words))
    return parsed


# ---------------------------------------------------------------------------
# The engines


@dataclass
class Hit:
    pk: int
    rank: float
    snippet: str  # safe HTML


def mark_up(snippet, escaped=False):
    """A snippet from the engine, escaped (unless it was already), with its matches in
    ``<mark>``."""
    html = (snippet or "") if escaped else escape(snippet or "")
    html = html.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 (escaped; only our own tags are added)


def html_escaped(column):
    """The column escaped for HTML, in SQL: ``ts_headline`` drops anything that looks
    like a tag, so it is given text in which nothing does."""
    return Replace(
        Replace(Replace(F(column), Value("&"), Value("&amp;")), Value("<"), Value("&lt;")),
        Value(">"),
        Value("&gt;"),
    )


# Which column a kind's snippet comes from: a story's text, a quote's words.
SNIPPET_COLUMN = {Kind.STORY: "body", Kind.QUOTE: "title", Kind.ACTOR: "body"}


# Each kind's search ranks the latest ``WINDOW`` matching rows readers may find (the
# index's newest rows first) and counts no further: a word found in thousands of
# stories costs what a word found in 500 does, and the page says "more than
# 500". A reader narrows the search (another word, a name) to reach older matches.
WINDOW = 500


def now_visible(kind, now):
    """The stored visibility of a row of ``kind``, as a filter on ``SearchEntry``."""
    if kind == Kind.ACTOR:
        # An actor's visibility is its own record's (read for the window's rows only).
        return Q(actor__in=Actor.objects.named().public(now))
    visible = Q(visible_from__lte=now)
    return visible & Q(verified=True) if kind == Kind.QUOTE else visible


class PostgresSearch:
    """Full-text search over the GIN-indexed ``tsvector`` of each row."""

    def query(self, terms):
        combined = None
        for term in terms:
            if term.grams:
                part = SearchQuery(" ".join(term.grams), config="simple", search_type="plain")
            else:
                part = SearchQuery(" ".join(term.words), config=PG_CONFIG, search_type="phrase")
            combined = part if combined is None else combined & part
        return combined

    def matching(self, kind, terms):
        return SearchEntry.objects.filter(kind=kind, vector=self.query(terms))

    def page(self, kind, terms, now, offset, limit):
        """``(hits, total)``: one page of the window's rows by rank, and the window's size
        (``WINDOW + 1`` when there are more)."""
        query = self.query(terms)
        column = SNIPPET_COLUMN[kind]
        window = (
            self.matching(kind, terms)
            .filter(now_visible(kind, now))
            .order_by("-id")
            .values("id")[: WINDOW + 1]
        )
        rows = (
            SearchEntry.objects.filter(id__in=window)
            .annotate(
                rank=SearchRank(F("vector"), query),
                total=Window(Count("id")),
                snippet=SearchHeadline(
                    html_escaped(column),
                    query,
                    config=PG_CONFIG,
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    highlight_all=kind == Kind.QUOTE,
                ),
            )
            .order_by("-rank", "-object_id")
            .values_list("object_id", "rank", "snippet", "total")[offset : offset + limit]
        )
        rows = list(rows)
        hits = [Hit(pk, rank, mark_up(snippet, escaped=True)) for pk, rank, snippet, _ in rows]
        return hits, (rows[0][3] if rows else None)


class SqliteSearch:
    """FTS5 over the rows, mirrored into ``articles_search_fts`` by triggers."""

    # bm25 weights of the columns title, names, body, grams, kind.
    WEIGHTS = "10.0, 5.0, 1.0, 1.0, 0.0"
    COLUMN_INDEX = {"title": 0, "names": 1, "body": 2}
    WORDS = "{" + " ".join(FTS_WORD_COLUMNS) + "}"

    def query(self, terms, kind=None):
        # Every word is a letter-or-digit run (``_WORD``) or CJK characters, quoted as
        # FTS5 strings, and the kind one of ours: the query syntax cannot be injected.
        parts = [f"kind : {Kind(kind).value}"] if kind is not None else []
        for term in terms:
            if term.grams:
                grams = " AND ".join(f'"{gram}"' for gram in term.grams)
                parts.append(f"grams : ({grams})")
            else:
                parts.append(f'{self.WORDS} : "' + " ".join(term.words) + '"')
        return " AND ".join(parts)

    def matching(self, kind, terms):
        return SearchEntry.objects.filter(
            kind=kind,
            id__in=RawSQL(  # noqa: S611 (a constant table name; the query is a parameter)
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [self.query(terms, kind)],
            ),
        )

    def _visible(self, kind, now, ops):
        moment = ops.adapt_datetimefield_value(now)
        if kind == Kind.ACTOR:
            actors = Actor._meta.db_table
            return (
                f"EXISTS (SELECT 1 FROM {actors} actor WHERE actor.id = entry.actor_id "  # noqa: S608
                "AND NOT actor.anonymous "
                "AND (actor.public_by_hand OR actor.public_since <= %s))",
                [moment],
            )
        if kind == Kind.QUOTE:
            return "entry.visible_from <= %s AND entry.verified", [moment]
        return "entry.visible_from <= %s", [moment]

    def page(self, kind, terms, now, offset, limit):
        """``(hits, total)``, in one statement: the window (the kind's latest matching
        rows readers may find, read newest first from the full-text index and stopping
        at ``WINDOW + 1``), ranked, one page of it, and snippets for that page only."""
        table = SearchEntry._meta.db_table
        match = self.query(terms, kind)
        # The database the router reads from (a replica, for a reader's request).
        database = connections[SearchEntry.objects.all().db]
        visible, visible_params = self._visible(kind, now, database.ops)
        column = self.COLUMN_INDEX[SNIPPET_COLUMN[kind]]
        if kind == Kind.QUOTE:
            snippet = f"highlight({FTS_TABLE}, {column}, %s, %s)"
        else:
            snippet = f"snippet({FTS_TABLE}, {column}, %s, %s, '…', {SNIPPET_WORDS})"
        # Every name below is a constant of this module; values are parameters.
        sql = (
            f"WITH found AS ("  # noqa: S608
            f"SELECT entry.id, entry.object_id, bm25({FTS_TABLE}, {self.WEIGHTS}) AS rank "
            f"FROM {FTS_TABLE} JOIN {table} entry ON entry.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {visible} "
            f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s), "
            "ranked AS (SELECT id, object_id, rank, count(*) OVER () AS total FROM found "
            "ORDER BY rank, object_id DESC LIMIT %s OFFSET %s) "
            f"SELECT ranked.object_id, ranked.rank, {snippet}, ranked.total FROM ranked "
            f"JOIN {FTS_TABLE} ON {FTS_TABLE}.rowid = ranked.id WHERE {FTS_TABLE} MATCH %s "
            "ORDER BY ranked.rank, ranked.object_id DESC"
        )
        params = [
            match,
            *visible_params,
            WINDOW + 1,
            limit,
            offset,
            MARK_START,
            MARK_END,
            match,
        ]
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        # bm25 is lower for better matches; readers see "higher is better".
        hits = [Hit(pk, -rank, mark_up(text)) for pk, rank, text, _ in rows]
        return hits, (rows[0][3] if rows else None)


def engine(using="default"):
    vendor = connections[using].vendor
    if vendor == "postgresql":
        return PostgresSearch()
    if vendor == "sqlite":
        return SqliteSearch()
    raise NotImplementedError(f"Search needs PostgreSQL or SQLite, not {vendor}.")


# ---------------------------------------------------------------------------
# What readers find


@dataclass
class Results:
    """One page of one kind of result: ``records`` in rank order, each with a
    ``snippet``; ``total`` matches in all, at most ``WINDOW`` (``more``: there are more
    than that, and the window's are ranked)."""

    kind: str
    records: list
    total: int
    page: int
    per_page: int
    more: bool = False

    @property
    def total_text(self):
        return f"{self.total:,}"

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def has_previous(self):
        return self.page > 1


def _records(kind, pks):
    if kind == Kind.STORY:
        return published_stories().in_bulk(pks)
    if kind == Kind.QUOTE:
        return quotes_with_provenance(Quote.objects.filter(pk__in=pks)).in_bulk()
    return Actor.objects.only("name", "slug", "description", "anonymous", "kind").in_bulk(pks)


def find(kind, terms, *, page=1, per_page=10, now=None):
    """One page of ranked results of ``kind`` for the parsed ``terms`` (``query_terms``):
    two queries, however many rows match (the page with its count, and its records)."""
    if not terms:
        return Results(kind, [], 0, page, per_page)
    offset = (page - 1) * per_page
    if offset >= WINDOW:
        return Results(kind, [], WINDOW, page, per_page, more=True)
    limit = min(per_page, WINDOW - offset)
    hits, found = engine().page(kind, terms, now or timezone.now(), offset, limit)
    total = min(found or 0, WINDOW)
    records_found = _records(kind, [hit.pk for hit in hits]) if hits else {}
    records = []
    for hit in hits:
        record = records_found.get(hit.pk)
        if record is not None:
            record.snippet = hit.snippet
            record.rank = hit.rank
            records.append(record)
    return Results(kind, records, total, page, per_page, more=(found or 0) > WINDOW)


def matching_ids(kind, raw):
    """The ids of every ``kind`` row whose index entry matches ``raw`` (unranked, not
    filtered by visibility): a subquery for the API's ``?q=``."""
    terms = query_terms(parse_query(raw))
    if not terms:
        return None
    return engine().matching(kind, terms).values("object_id")


class SearchField(forms.CharField):
    """The ``?q=`` words, refused with the search page's messages when malformed."""

    def validate(self, value):
        super().validate(value)
        if value:
            parse_query(value)


class SearchFilter(django_filters.CharFilter):
    """``?q=``: the records matching every word, found in the search index.

    What the index holds is what readers may find; drafts and other unlisted rows are
    not in it, so a client that may see them finds them by their other filters.
    """

    field_class = SearchField

    def __init__(self, *args, kind, **kwargs):
        self.kind = kind
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        ids = matching_ids(self.kind, value)
        if ids is None:
            return qs.none()
        return qs.filter(pk__in=ids)
