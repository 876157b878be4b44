from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actors.models import Actor, Event
from core import dates
from core.dates import DatePrecision
from core.urls import cached_reverse


def normalise_newlines(text):
    """One line break character: "\n" (browsers submit "\r\n")."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def can_preview(user):
    """Signed-in staff may see unpublished stories (previews); nobody else may."""
    return user is not None and user.is_authenticated and user.is_staff


def is_partner(user):
    """A partner's account (``settings.PARTNER_GROUP``): it reads embargoed stories early.

    Asked once per request: the answer is kept on the user object.
    """
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_is_partner"):
        user._is_partner = user.groups.filter(name=settings.PARTNER_GROUP).exists()
    return user._is_partner


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """Stories a reader may see: published, or scheduled and past their time."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=now,
        )

    def unpublished(self, now=None):
        now = now or timezone.now()
        return self.exclude(pk__in=self.published(now).values("pk"))

    def visible_to(self, user):
        """Everything for signed-in staff (previews); for partners, published stories and
        those under embargo; published stories for everyone else.

        Only the API asks with a partner: reader pages show partners what readers see.
        """
        if can_preview(user):
            return self
        if is_partner(user):
            now = timezone.now()
            return self.filter(
                models.Q(
                    status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
                    published_at__lte=now,
                )
                | models.Q(_under_embargo(now))
            )
        return self.published()

    def under_embargo(self, now=None):
        """Embargoed stories before their lift time: partners read them, nobody else does."""
        return self.filter(_under_embargo(now or timezone.now()))

    def live_or_scheduled(self):
        """Stories readers see now or will see at their time without anyone's action."""
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__isnull=False,
        )

    def involving(self, actor):
        """Stories about or mentioning ``actor``, quoting them, or citing them as an outlet.

        The one meaning of "an actor's stories": the actor page, its feeds and the API's
        ``?actor=`` filter all use it.
        """
        # A quote to check shows nobody: its speaker and outlets are not yet in the story.
        quotes = Quote.objects.verified().filter(
            models.Q(speaker=actor)
            | models.Q(pk__in=Quote.outlets.through.objects.filter(actor=actor).values("quote_id"))
        )
        return self.filter(
            models.Q(pk__in=Article.about.through.objects.filter(actor=actor).values("article_id"))
            | models.Q(
                pk__in=Article.mentions.through.objects.filter(actor=actor).values("article_id")
            )
            | models.Q(pk__in=quotes.values("article_id"))
        )

    # Past this many links, an actor's or event's latest stories are found by reading
    # the latest stories and checking each (``_latest``).
    LINKED_LIMIT = 500

    def _latest(self, links, row_check):
        """``self`` narrowed to the stories in ``links`` (their link rows' story ids), to
        read the latest few (a page, a feed) at a cost that does not grow with the
        archive. Up to ``LINKED_LIMIT`` link rows are read (a union of all of them that
        stops there), and the page is found among their stories. A record with more
        links (the busiest actor) has its latest found by reading the latest stories,
        each checked by ``row_check`` (probes of indexed link rows), which stops at the
        page's end."""
        ids = list(links[: self.LINKED_LIMIT + 1])
        if len(ids) <= self.LINKED_LIMIT:
            return self.filter(pk__in=set(ids))
        return self.filter(row_check)

    def involving_latest(self, actor):
        """The stories of ``involving(actor)``, to read the latest few (see ``_latest``)."""
        story = models.OuterRef("pk")
        verified = Quote.objects.verified()
        # Verified quotes citing the actor as their outlet, checked through the join.
        cited = Quote.outlets.through.objects.filter(actor=actor).exclude(
            quote__kind__in=Quote.VERBATIM_KINDS, quote__start__isnull=True
        )
        links = (
            Article.about.through.objects.filter(actor=actor)
            .order_by()
            .values_list("article_id", flat=True)
            .union(
                Article.mentions.through.objects.filter(actor=actor)
                .order_by()
                .values_list("article_id", flat=True),
                verified.filter(speaker=actor).order_by().values_list("article_id", flat=True),
                cited.order_by().values_list("quote__article_id", flat=True),
                all=True,
            )
        )
        quotes = verified.filter(article=story)
        return self._latest(
            links,
            models.Exists(Article.about.through.objects.filter(article=story, actor=actor))
            | models.Exists(Article.mentions.through.objects.filter(article=story, actor=actor))
            | models.Exists(quotes.filter(speaker=actor))
            | models.Exists(cited.filter(quote__article=story)),
        )

    def covering_latest(self, event):
        """The stories of ``covering(event)``, to read the latest few (see ``_latest``)."""
        story = models.OuterRef("pk")
        verified = Quote.objects.verified()
        links = (
            Article.events.through.objects.filter(event=event)
            .order_by()
            .values_list("article_id", flat=True)
            .union(
                verified.filter(event=event).order_by().values_list("article_id", flat=True),
                all=True,
            )
        )
        return self._latest(
            links,
            models.Exists(Article.events.through.objects.filter(article=story, event=event))
            | models.Exists(verified.filter(article=story, event=event)),
        )

    def covering(self, event):
        """Stories that cover ``event`` or quote someone at it."""
        return self.filter(
            models.Q(pk__in=Article.events.through.objects.filter(event=event).values("article_id"))
            | models.Q(pk__in=Quote.objects.verified().filter(event=event).values("article_id"))
        )


def _under_embargo(now):
    return models.Q(embargoed=True, status=Article.Status.SCHEDULED, published_at__gt=now)


class TaxonomyQuerySet(models.QuerySet):
    """Sections, topics and authors readers may see: those with a published story.

    A topic or a profile made for a story not out yet would announce it; until
    then only signed-in staff see its page (a preview, marked noindex).
    """

    # How a story names this record: ``Article.objects.filter(<lookup>=record)``.
    story_lookup = None

    def _has_published_story(self):
        stories = Article.objects.published().filter(**{self.story_lookup: models.OuterRef("pk")})
        return models.Exists(stories)

    def public(self):
        return self.filter(self._has_published_story())

    def visible_to(self, user):
        """Each with ``is_public``: everything for signed-in staff, the public ones for others."""
        if can_preview(user):
            return self.annotate(is_public=self._has_published_story())
        return self.public().annotate(is_public=models.Value(True))


class SectionQuerySet(TaxonomyQuerySet):
    story_lookup = "section"


class TopicQuerySet(TaxonomyQuerySet):
    story_lookup = "topics"


class AuthorQuerySet(TaxonomyQuerySet):
    story_lookup = "authors"


class Section(models.Model):
    """A story's primary desk, e.g. "Asia" or "Diplomacy": one per story."""

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True, allow_unicode=True)
    description = models.TextField("description", max_length=1000, blank=True)
    position = models.PositiveSmallIntegerField("position", default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "section"
        verbose_name_plural = "sections"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:section-detail", slug=self.slug)


class Topic(models.Model):
    """What a story is about across desks, e.g. "Korean Peninsula" or "China–Russia"."""

    name = models.CharField("name", max_length=100, unique=True)
    slug = models.SlugField("slug", max_length=100, unique=True, allow_unicode=True)
    description = models.TextField("description", max_length=1000, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "topic"
        verbose_name_plural = "topics"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:topic-detail", slug=self.slug)


class Author(models.Model):
    """A byline: a reporter's or editor's public profile, with a page and a feed."""

    name = models.CharField("name", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(
        "role", max_length=200, blank=True, help_text='e.g. "Beijing correspondent".'
    )
    bio = models.TextField("short bio", max_length=1500, blank=True)
    portrait = models.ForeignKey(
        "images.Image",
        verbose_name="portrait",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrait_of_author",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="desk account",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The account this author signs in with, if any.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "author"
        verbose_name_plural = "authors"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return cached_reverse("articles:author-detail", slug=self.slug)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField("headline", max_length=300)
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="The story's address. Never change it once the story is published.",
    )
    standfirst = models.TextField(
        "standfirst", max_length=600, blank=True, help_text="The one- or two-sentence summary."
    )
    body = models.TextField(
        "body text",
        help_text="The body's text, one paragraph per line: what quotes are checked against. "
        "Kept in step with the structured body.",
    )
    body_html = models.TextField(
        "body",
        blank=True,
        help_text="The structured body: paragraphs, subheadings, links, emphasis, lists, "
        "block quotes. Sanitised HTML. Quotes are marked up automatically.",
    )
    rendered_body = models.TextField(
        "rendered body",
        blank=True,
        editable=False,
        help_text="The body with its quotes marked up, computed when the story is rendered.",
    )
    lead_image = models.ForeignKey(
        "images.Image",
        verbose_name="lead photo",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_of",
        help_text="Shown above the story with its caption and credit, and on share cards.",
    )
    section = models.ForeignKey(
        Section,
        verbose_name="section",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="The story's primary section.",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name="topics", related_name="articles", blank=True
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name="authors",
        related_name="articles",
        blank=True,
        through="Authorship",
    )
    embargoed = models.BooleanField(
        "embargoed for partners",
        default=False,
        help_text="A scheduled story that partners' API tokens may read before its time, "
        "marked as embargoed until then. Nobody else sees it before its time.",
    )
    aside_html = models.TextField(
        "rendered sidebar",
        blank=True,
        editable=False,
        help_text="Who's who, timeline and sources, computed on save.",
    )
    page_data = models.JSONField(
        "page data",
        default=dict,
        blank=True,
        editable=False,
        help_text=(
            "What the story page shows of other records, computed on save: the schema.org "
            "things it is about and mentions, and its corrections."
        ),
    )
    byline = models.CharField(
        "free-text byline",
        max_length=200,
        blank=True,
        help_text='For wire copy or a byline without profiles, e.g. "Reuters staff". '
        "Otherwise the byline is made from the authors.",
    )
    dateline = models.CharField(
        "dateline", max_length=200, blank=True, help_text='Where the story was filed, e.g. "Seoul".'
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "published at",
        null=True,
        blank=True,
        db_index=True,
        help_text="Set when the story is published, or the time a scheduled story goes live.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    about = models.ManyToManyField(
        Actor,
        verbose_name="about",
        related_name="articles_about",
        blank=True,
        help_text="The actors this story is about.",
    )
    mentions = models.ManyToManyField(
        Actor,
        verbose_name="mentions",
        related_name="articles_mentioning",
        blank=True,
        help_text="Other actors the story mentions.",
    )
    events = models.ManyToManyField(
        Event,
        verbose_name="events covered",
        related_name="articles",
        blank=True,
    )
    version = models.PositiveIntegerField(
        "version",
        default=1,
        editable=False,
        help_text="Incremented on every save; guards against two editors overwriting each other.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["rendered_body", "aside_html", "page_data"])

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-created_at"]
        verbose_name = "article"
        verbose_name_plural = "articles"
        # The latest published stories, in the order lists show them, read from the
        # index alone (a story's row is long). Declared here so that a migration
        # rebuilding the table on SQLite keeps it (migration 0010).
        indexes = [
            models.Index(
                fields=["published_at", "created_at", "status"], name="article_published_created"
            )
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and withdraw articles"),
            ("correct_article", "Can append corrections to published articles"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        # Browsers send textarea line breaks as CRLF; the body's offsets count "\n" only.
        self.body = normalise_newlines(self.body)
        if self.pk:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:article-detail", slug=self.slug)

    def clean(self):
        errors = {}
        if (
            self.status == self.Status.PUBLISHED
            and self.published_at
            and self.published_at > timezone.now()
        ):
            errors["published_at"] = (
                "A published story cannot carry a future date. Schedule it instead."
            )
        if self.status == self.Status.SCHEDULED and not self.published_at:
            errors["published_at"] = "A scheduled story needs the time it goes live."
        if errors:
            raise ValidationError(errors)

    @property
    def is_public(self):
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_under_embargo(self):
        """Embargoed and before its lift time: partners may read it, nobody else may."""
        return (
            self.embargoed
            and self.status == self.Status.SCHEDULED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def embargoed_until(self):
        """The lift time while the story is under embargo, else None."""
        return self.published_at if self.is_under_embargo else None


class Authorship(models.Model):
    """One author on one story, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="authorships")
    position = models.PositiveSmallIntegerField("position", default=0)

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_authorship_per_author")
        ]
        verbose_name = "author of the story"
        verbose_name_plural = "authors of the story"

    def __str__(self):
        return f"{self.author} on “{self.article}”"


class QuoteQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(article__in=Article.objects.published(now))

    def public(self, now=None):
        """What readers may see: quotes of published stories whose words are checked.

        A direct or partial quote whose words left the body waits for an editor.
        """
        return self.published(now).verified()

    def verbatim(self):
        """Direct and partial quotes: the ones checked word for word against the body."""
        return self.filter(kind__in=Quote.VERBATIM_KINDS)

    def unverified(self):
        """Verbatim quotes whose words are no longer found in their article's body."""
        return self.verbatim().filter(start__isnull=True)

    def verified(self):
        """Paraphrases, and verbatim quotes whose words are in the body."""
        return self.exclude(kind__in=Quote.VERBATIM_KINDS, start__isnull=True)


class Quote(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        PARTIAL = "partial", "Partial quote"
        PARAPHRASE = "paraphrase", "Paraphrase"

    VERBATIM_KINDS = (Kind.DIRECT, Kind.PARTIAL)

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="quotes"
    )
    text = models.TextField(
        "text",
        help_text="Exact words, without quotation marks. For a paraphrase, a faithful summary.",
    )
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.DIRECT)
    speaker = models.ForeignKey(
        Actor,
        verbose_name="speaker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Leave empty for an unattributed phrase.",
    )
    speaker_label = models.CharField(
        "speaker as named in the story",
        max_length=300,
        blank=True,
        help_text='How the story names the speaker, e.g. "an aide" or "Putin\'s message".',
    )
    outlets = models.ManyToManyField(
        Actor,
        verbose_name="reported by",
        related_name="quotes_reported",
        blank=True,
        limit_choices_to={"kind": "outlet"},
        help_text='The outlets it reached us through: "according to KCNA", "told NBC News".',
    )
    said_on = models.DateField(
        "said on",
        null=True,
        blank=True,
        help_text="Leave empty if the story does not say. Any day within a known month or year.",
    )
    said_on_precision = models.CharField(
        "said on, known to",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    event = models.ForeignKey(
        Event,
        verbose_name="event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
    )
    start = models.PositiveIntegerField(
        "starts at",
        null=True,
        blank=True,
        editable=False,
        help_text="Character offset in the body.",
    )
    end = models.PositiveIntegerField(
        "ends at", null=True, blank=True, editable=False, help_text="Character offset in the body."
    )
    version = models.PositiveIntegerField(
        "version",
        default=1,
        editable=False,
        help_text="Incremented on every save; guards against two people overwriting each other.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = QuoteQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[outlets])

    class Meta:
        ordering = ["article", models.F("start").asc(nulls_last=True), "pk"]
        verbose_name = "quote"
        verbose_name_plural = "quotes"
        # A speaker's quotes in one story (the who's who); a speaker's latest by date (their
        # page) and by id (the API's ``?speaker=``), each read from an index without a sort.
        indexes = [
            models.Index(fields=["article", "speaker"], name="articles_quote_article_speaker"),
            models.Index(
                fields=["speaker", "said_on", "id"], name="articles_quote_speaker_said_on"
            ),
            models.Index(fields=["speaker", "id"], name="quote_speaker_id"),
        ]

    def __str__(self):
        text = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        who = self.speaker.display_name if self.speaker else "Unattributed"
        return f"{who}: “{text}”"

    def save(self, *args, **kwargs):
        self.text = self.text.strip()
        self.said_on = dates.normalise(self.said_on, self.said_on_precision)
        self.start, self.end = self.locate(self.article.body)
        if self.pk:
            self.version = (self.version or 0) + 1
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("articles:quote-detail", pk=self.pk)

    def clean(self):
        errors = {}
        text = (self.text or "").strip()
        if not text:
            errors["text"] = "A quote needs its words."
        elif text[0] in "\"“”‘’'«»" or text[-1] in "\"“”‘’'«»":
            errors["text"] = "Give the words without quotation marks."
        elif (
            self.kind in self.VERBATIM_KINDS
            and self._article_body() is not None
            and text not in self._article_body()
        ):
            errors["text"] = ValidationError(
                f"This {self.get_kind_display().lower()} does not occur word for word in the "
                f"article's body: “{text[:80]}”. Copy the exact words, or make it a paraphrase.",
                code="not_in_body",
            )
        if self.speaker_id and self.speaker.kind == Actor.Kind.OUTLET and not self.speaker_label:
            pass  # an outlet can speak for itself (an editorial), no rule here
        if errors:
            raise ValidationError(errors)

    def _article_body(self):
        """The body to check against, also for a story not saved yet (an admin inline)."""
        try:
            return self.article.body or ""
        except Article.DoesNotExist:
            return None

    def locate(self, body):
        """Character offsets of this quote's words in ``body``, or ``(None, None)``."""
        if self.kind not in self.VERBATIM_KINDS or not self.text:
            return None, None
        index = (body or "").find(self.text.strip())
        if index < 0:
            return None, None
        return index, index + len(self.text.strip())

    @property
    def is_verbatim(self):
        return self.kind in self.VERBATIM_KINDS

    @property
    def is_verified(self):
        """For a verbatim quote: are its words still in the body?"""
        return not self.is_verbatim or self.start is not None

    @property
    def said_on_iso(self):
        return dates.to_iso(self.said_on, self.said_on_precision)

    @property
    def said_on_display(self):
        return dates.to_display(self.said_on, self.said_on_precision)


class Correction(models.Model):
    """A dated note appended to a published story. Never edited away: history keeps each version."""

    article = models.ForeignKey(
        Article, verbose_name="article", on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField("correction", help_text="What was wrong and what is right now.")
    published_on = models.DateTimeField("published at", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="by",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "published_on", "pk"]
        verbose_name = "correction"
        verbose_name_plural = "corrections"

    def __str__(self):
        return f"Correction to “{self.article}” ({self.published_on:%d %B %Y})"
