"""Admin forms for the editors' desk: the article form with its concurrency guard,
the workflow buttons' checks, and the quote forms that check words against the body."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from articles import services
from articles.history import readable_changes
from articles.models import Article, Quote, normalise_newlines

NOT_IN_BODY = "not_in_body"
QUOTE_FIELDS = [
    "article",
    "text",
    "kind",
    "speaker",
    "speaker_label",
    "outlets",
    "said_on",
    "said_on_precision",
    "event",
]
STANDFIRST_LIMIT = Article._meta.get_field("standfirst").max_length


class ArticleAdminForm(forms.ModelForm):
    """The story form. ``request`` is set by ``ArticleAdmin.get_form``.

    It carries the version the editor loaded (``loaded_version``). On save the
    stored version is read under a row lock; if someone saved in between, the
    save is refused, the other editor's changes are listed, and everything
    this editor typed stays in the form so they can merge it and save again.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    request = None
    conflict = None  # set when the save was refused because of another editor's save

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "byline",
            "dateline",
            "status",
            "published_at",
            "author",
            "about",
            "mentions",
        ]
        error_messages = {
            "slug": {
                "unique": "Another story already uses this slug (its address). Choose another one.",
            },
        }
        widgets = {
            "standfirst": forms.Textarea(
                attrs={
                    "rows": 3,
                    "maxlength": STANDFIRST_LIMIT,
                    "data-character-count": STANDFIRST_LIMIT,
                }
            ),
            "body": forms.Textarea(attrs={"rows": 18, "class": "desk-body"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["loaded_version"] = self.instance.version

    @property
    def transition(self):
        """The workflow button pressed with this save, if any ("submit", "publish", ...)."""
        if self.request is None:
            return None
        return self.request.POST.get("_transition") or None

    def clean_body(self):
        return normalise_newlines(self.cleaned_data["body"])

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        original = self.instance
        if original.pk and original.published_at is not None and slug != original.slug:
            stored = Article.objects.filter(pk=original.pk).values_list("slug", flat=True).first()
            if stored is not None and slug != stored:
                raise ValidationError(
                    "This story has been published, so its address must not change "
                    f"(keep “{stored}”).",
                    code="published_slug",
                )
        return slug

    def clean(self):
        cleaned = super().clean()
        self._refuse_status_edits()
        if self.instance.pk:
            self._check_version()
        if self.transition:
            self._check_transition(cleaned)
        return cleaned

    def _refuse_status_edits(self):
        """The status changes only through the workflow buttons, never as a form field."""
        posted = self.data.get(self.add_prefix("status"))
        if posted is not None and "status" not in self.fields and posted != self.instance.status:
            raise ValidationError(
                "The status cannot be edited directly: use the workflow buttons "
                "(submit for review, publish, schedule, withdraw).",
                code="status_not_editable",
            )

    def _check_version(self):
        loaded = self.cleaned_data.get("loaded_version")
        # Read under a row lock: a concurrent save waits here, then sees the new version.
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is None or loaded == current:
            self.instance.version = current or self.instance.version
            return
        self.conflict = self._describe_conflict(loaded, current)
        # Keep this editor's text, but accept the next save: they have now seen the other
        # editor's changes and can merge them.
        data = self.data.copy()
        data[self.add_prefix("loaded_version")] = current
        self.data = data
        raise ValidationError(
            "Another editor saved this story while you were editing it. Nothing of yours was "
            "saved and nothing of theirs was overwritten. Their changes are listed below and "
            "your text is still in the form: merge what you need, then save again.",
            code="edit_conflict",
        )

    def _describe_conflict(self, loaded, current):
        history = self.instance.history.select_related("history_user")
        latest = history.order_by("-history_date", "-history_id").first()
        base = None
        if loaded is not None:
            base = history.filter(version=loaded).order_by("-history_date", "-history_id").first()
        newer = history.filter(version__gt=loaded or 0).order_by("history_date", "history_id")
        editors = []
        for record in newer:
            name = str(record.history_user) if record.history_user else "someone"
            if name not in editors:
                editors.append(name)
        changes = readable_changes(latest, base) if latest and base else []
        return {
            "loaded_version": loaded,
            "current_version": current,
            "editors": editors,
            "saved_at": latest.history_date if latest else None,
            "changes": changes,
        }

    def _check_transition(self, cleaned):
        transition = self.transition
        if transition not in services.TRANSITIONS:
            raise ValidationError(f"Unknown workflow step “{transition}”.", code="bad_transition")
        try:
            services.check_transition(self.request.user, self.instance, transition)
        except PermissionDenied as error:
            raise ValidationError(str(error), code="permission_denied") from error
        if transition == "schedule":
            at = cleaned.get("published_at", self.instance.published_at)
            if at is None or at <= timezone.now():
                self.add_error(
                    "published_at" if "published_at" in self.fields else None,
                    ValidationError(
                        "To schedule the story, set “published at” to the time it should go "
                        "live (in the future).",
                        code="schedule_in_past",
                    ),
                )


class QuoteCheckMixin:
    """A quote must be found word for word in the body when it is written or edited.

    An existing quote whose words left the body after a body edit is not an
    error here: the body edit is saved and the quote is flagged for checking.
    """

    def _post_clean(self):
        super()._post_clean()
        unchanged = self.instance.pk and not {"text", "kind"} & set(self.changed_data)
        errors = self._errors.get("text") if self._errors else None
        if unchanged and errors:
            kept = [e for e in errors.as_data() if e.code != NOT_IN_BODY]
            if kept:
                self._errors["text"] = self.error_class(kept, renderer=self.renderer)
            else:
                del self._errors["text"]


class StaleQuoteCheckMixin(forms.Form):
    """Refuse to write back a quote someone else changed after this form was opened.

    The story form saves its quote rows along with the story. Without this check,
    an editor who opened the story before a colleague fixed a quote (in the quote
    form or through the API) would silently put the old words back on saving.
    """

    loaded_updated_at = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("loaded_updated_at", self.instance.updated_at.isoformat())

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_updated_at")
        if not self.instance.pk or not loaded:
            return cleaned
        current = self.instance.updated_at.isoformat()
        if loaded != current:
            # Keep this editor's row, but accept the next save: they have now been told.
            data = self.data.copy()
            data[self.add_prefix("loaded_updated_at")] = current
            self.data = data
            quote = self.instance
            who = quote.speaker_label or (quote.speaker.display_name if quote.speaker else "")
            raise ValidationError(
                "Someone changed this quote after you opened the story. It now reads: "
                f"“{quote.text[:120]}”{f' ({who})' if who else ''}, "
                f"{quote.get_kind_display().lower()}. Nothing was saved and your row is kept "
                "as you left it: merge their change into it, then save again.",
                code="quote_edit_conflict",
            )
        return cleaned


class QuoteInlineForm(StaleQuoteCheckMixin, QuoteCheckMixin, forms.ModelForm):
    class Meta:
        model = Quote
        fields = QUOTE_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class QuoteAdminForm(StaleQuoteCheckMixin, QuoteCheckMixin, forms.ModelForm):
    """The stand-alone quote form; reporters may only quote into stories they can edit."""

    request = None

    class Meta:
        model = Quote
        fields = QUOTE_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def clean_article(self):
        article = self.cleaned_data["article"]
        if self.request is not None and not services.can_edit(self.request.user, article):
            raise ValidationError(
                f"You cannot add or move quotes into “{article}”: it is not one of your drafts.",
                code="permission_denied",
            )
        return article
