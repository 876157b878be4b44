from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from core import dates
from core.dates import DatePrecision
from core.urls import cached_reverse

wikidata_id_validator = RegexValidator(
    regex=r"^Q[1-9]\d*$",
    message="A Wikidata id is Q followed by digits, for example Q56226 (Kim Jong Un).",
    code="invalid_wikidata_id",
)


MAX_ALIAS_LENGTH = 200


def clean_aliases(aliases, name=""):
    """A list of distinct names, trimmed, without the actor's own name; or a ValidationError."""
    if aliases in (None, ""):
        return []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValidationError("Give the other names as a list of strings.")
    cleaned, seen = [], {name.strip().casefold()}
    for alias in aliases:
        alias = " ".join(alias.split())
        if "\x00" in alias:
            raise ValidationError("An alias contains a NUL character.")
        if len(alias) > MAX_ALIAS_LENGTH:
            raise ValidationError(
                f"An alias is at most {MAX_ALIAS_LENGTH} characters: “{alias[:40]}…”."
            )
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            cleaned.append(alias)
    return cleaned


class PublicQuerySet(models.QuerySet):
    """Actors and events readers may see: shown by a published story, or made public by
    an editor. One made for a draft stays off every public surface until then."""

    def public(self, now=None):
        now = now or timezone.now()
        return self.filter(models.Q(public_by_hand=True) | models.Q(public_since__lte=now))

    def visible_to(self, user):
        """Everything for signed-in staff, public records for everyone else."""
        if user is not None and user.is_authenticated and user.is_staff:
            return self
        return self.public()


class PublicRecord(models.Model):
    """When readers may see an actor or event (see ``PublicQuerySet``)."""

    public_by_hand = models.BooleanField(
        "public without a story",
        default=False,
        help_text="Editors: show this record to readers even though no published story shows it.",
    )
    public_since = models.DateTimeField(
        "shown to readers since",
        null=True,
        blank=True,
        editable=False,
        help_text="When the first published (or scheduled) story showing it went live; "
        "kept up to date by the desk.",
    )

    class Meta:
        abstract = True

    @property
    def is_public(self):
        return self.public_by_hand or (
            self.public_since is not None and self.public_since <= timezone.now()
        )

    @property
    def is_shown(self):
        """Readers see it now, or will once a scheduled story goes live: an editor's record."""
        return self.public_by_hand or self.public_since is not None


class ActorQuerySet(PublicQuerySet):
    def named(self):
        return self.filter(anonymous=False)

    def by_alias_slug(self, slug):
        """The one actor one of whose other names has this slug ("putin"), or None."""
        first = (slug or "").split("-")[0]
        if not first:
            return None
        found = [
            actor
            for actor in self.filter(aliases__icontains=first)
            if any(slugify(alias) == slug for alias in actor.aliases)
        ]
        return found[0] if len(found) == 1 else None

    def states(self):
        return self.filter(kind=Actor.Kind.STATE)

    def outlets(self):
        return self.filter(kind=Actor.Kind.OUTLET)


class Actor(PublicRecord):
    """Anyone or anything that can say, report or take part in something."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        ORGANIZATION = "organization", "Organisation"
        OUTLET = "outlet", "Outlet"

    class OutletType(models.TextChoices):
        NEWS_AGENCY = "news_agency", "News agency"
        NEWSPAPER = "newspaper", "Newspaper"
        BROADCASTER = "broadcaster", "Broadcaster"
        SOCIAL_PLATFORM = "social_platform", "Social platform"

    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.PERSON)
    outlet_type = models.CharField(
        "outlet type",
        max_length=20,
        choices=OutletType.choices,
        blank=True,
        help_text="For outlets only: news agency, newspaper, broadcaster or social platform.",
    )
    name = models.CharField(
        "name",
        max_length=200,
        help_text='As readers know it, in English. For an unnamed source, e.g. "Kremlin aide".',
    )
    slug = models.SlugField(
        "slug", max_length=200, unique=True, help_text="Used in the actor's page address."
    )
    native_name = models.CharField(
        "native name",
        max_length=200,
        blank=True,
        help_text="In the original script, e.g. 김정은 or 习近平.",
    )
    description = models.CharField(
        "short description",
        max_length=300,
        blank=True,
        help_text='One line, e.g. "analyst at the Institute for Far Eastern Studies in Seoul".',
    )
    country = models.ForeignKey(
        "self",
        verbose_name="country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nationals",
        limit_choices_to={"kind": "state"},
        help_text="The state this actor belongs to.",
    )
    aliases = models.JSONField(
        "other names",
        default=list,
        blank=True,
        help_text="Spellings, transliterations and short forms the copy may use, "
        "e.g. Kim Jong-un, Kim. One per line.",
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
        help_text="Q followed by digits, e.g. Q56226.",
    )
    anonymous = models.BooleanField(
        "unnamed source",
        default=False,
        help_text="An unnamed source is shown by its description and has no page of its own.",
    )
    portrait = models.ForeignKey(
        "images.Image",
        verbose_name="portrait",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portrait_of",
        help_text="Shown on the actor's page and in Who's who.",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "actor"
        verbose_name_plural = "actors"
        permissions = [
            ("change_public_record", "Can change actors and events that readers can see"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~models.Q(wikidata_id=""),
                name="actor_unique_wikidata_id",
                violation_error_message="Another actor already has this Wikidata id.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.anonymous:
            return None
        return cached_reverse("actors:actor-detail", slug=self.slug)

    def clean(self):
        errors = {}
        if self.outlet_type and self.kind != self.Kind.OUTLET:
            errors["outlet_type"] = "Only outlets have an outlet type."
        if self.country_id and self.country_id == self.pk:
            errors["country"] = "An actor cannot be its own country."
        if self.country_id and self.country.kind != self.Kind.STATE:
            errors["country"] = "The country must be an actor of kind state."
        if self.anonymous and self.wikidata_id:
            errors["wikidata_id"] = "An unnamed source cannot have a Wikidata id."
        try:
            self.aliases = clean_aliases(self.aliases, self.name)
        except ValidationError as error:
            errors["aliases"] = error.messages
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        """How the actor is named on the page: unnamed sources by their description."""
        if self.anonymous:
            return self.description or self.name
        return self.name

    @property
    def wikidata_url(self):
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class Affiliation(models.Model):
    """An actor's role at an organisation (or state), optionally bounded in time."""

    actor = models.ForeignKey(
        Actor, verbose_name="actor", on_delete=models.CASCADE, related_name="affiliations"
    )
    organization = models.ForeignKey(
        Actor,
        verbose_name="organisation",
        on_delete=models.PROTECT,
        related_name="members",
        limit_choices_to={"kind__in": ["organization", "state", "outlet"]},
    )
    role_title = models.CharField(
        "role", max_length=200, blank=True, help_text='e.g. "Foreign Minister" or "professor".'
    )
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("until", null=True, blank=True)

    class Meta:
        ordering = ["actor", "-start_date", "organization"]
        verbose_name = "affiliation"
        verbose_name_plural = "affiliations"

    def __str__(self):
        role = f"{self.role_title}, " if self.role_title else ""
        return f"{self.actor}: {role}{self.organization}"

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        if self.actor_id and self.actor_id == self.organization_id:
            errors["organization"] = "An actor cannot be affiliated with itself."
        if errors:
            raise ValidationError(errors)


class EventQuerySet(PublicQuerySet):
    def chronological(self):
        return self.order_by(models.F("date").asc(nulls_last=True), "title")


class Event(PublicRecord):
    """Something that happened: a summit, a parade, a statement, a deployment."""

    class Kind(models.TextChoices):
        SUMMIT = "summit", "Summit or bilateral meeting"
        CEREMONY = "ceremony", "Ceremony or parade"
        STATEMENT = "statement", "Statement or post"
        DEPLOYMENT = "deployment", "Troop deployment"
        VOTE = "vote", "Vote or veto"
        VISIT = "visit", "Visit or departure"
        OTHER = "other", "Other"

    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True)
    kind = models.CharField("kind", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(
        "date",
        null=True,
        blank=True,
        help_text=(
            "Leave empty when the date is not known. Pick any day within a known month or year."
        ),
    )
    date_precision = models.CharField(
        "date known to",
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How precisely the date is known: the day, the month or only the year.",
    )
    end_date = models.DateField("end date", null=True, blank=True)
    location_name = models.CharField(
        "place", max_length=200, blank=True, help_text='e.g. "Beijing" or "Tiananmen Square".'
    )
    location_country = models.ForeignKey(
        Actor,
        verbose_name="country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_located",
        limit_choices_to={"kind": "state"},
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="part of",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="A larger event this one belongs to, e.g. a state visit.",
    )
    description = models.TextField("description", blank=True)
    participants = models.ManyToManyField(
        Actor, through="EventParticipant", related_name="events", blank=True
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").asc(nulls_last=True), "title"]
        verbose_name = "event"
        verbose_name_plural = "events"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.date = dates.normalise(self.date, self.date_precision)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return cached_reverse("actors:event-detail", slug=self.slug)

    def clean(self):
        errors = {}
        if self.end_date and not self.date:
            errors["end_date"] = "An event with an end date needs a start date."
        elif self.end_date and self.date and self.end_date < self.date:
            errors["end_date"] = "The end date is before the start date."
        if self.parent_id and self.pk and self.parent_id == self.pk:
            errors["parent"] = "An event cannot be part of itself."
        elif self.parent_id and self.pk:
            cycle = self._parent_cycle()
            if cycle:
                errors["parent"] = (
                    f"“{self.parent}” is already part of “{self}”, so “{self}” cannot be part "
                    f"of it: that would make a loop ({' → '.join(cycle)})."
                )
        if errors:
            raise ValidationError(errors)

    def _parent_cycle(self, limit=100):
        """The titles around the loop if the chosen parent leads back here, else None.

        The walk is bounded, so a loop already in the data (between other events)
        cannot keep it going for ever.
        """
        titles = [self.title]
        seen = {self.pk}
        event_id = self.parent_id
        for _ in range(limit):
            if event_id is None:
                return None
            if event_id == self.pk:
                return [*titles, self.title]
            if event_id in seen:
                return None  # a loop further up that does not pass through this event
            seen.add(event_id)
            title, event_id = Event.objects.filter(pk=event_id).values_list(
                "title", "parent_id"
            ).first() or ("", None)
            titles.append(title)
        return None

    @property
    def date_iso(self):
        return dates.to_iso(self.date, self.date_precision)

    @property
    def date_display(self):
        return dates.to_display(self.date, self.date_precision) or "Date unknown"

    @property
    def location(self):
        parts = [self.location_name, self.location_country.name if self.location_country else ""]
        return ", ".join(p for p in parts if p)


class EventParticipant(models.Model):
    class Role(models.TextChoices):
        HOST = "host", "Host"
        GUEST = "guest", "Guest"
        ATTENDEE = "attendee", "Attendee"
        SPEAKER = "speaker", "Speaker"
        AUTHOR = "author", "Author"
        PARTICIPANT = "participant", "Participant"

    event = models.ForeignKey(
        Event, verbose_name="event", on_delete=models.CASCADE, related_name="participations"
    )
    actor = models.ForeignKey(
        Actor, verbose_name="actor", on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField("role", max_length=20, choices=Role.choices, default=Role.PARTICIPANT)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = "participant"
        verbose_name_plural = "participants"
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor"],
                name="event_participant_unique",
                violation_error_message="This actor already takes part in this event.",
            )
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()}) at {self.event}"
