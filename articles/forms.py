"""Admin forms for the editors' desk. They parse and show; the services decide.

The story and quote forms carry the version they were opened at, and show what a
service refused (a stale save, a quote not in a published body) with the editor's
text kept in the form."""

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django_prose_editor.widgets import AdminProseEditorWidget

from articles import richtext, services
from articles.history import readable_changes
from articles.models import Article, Quote
from core.admin import RefusalFormMixin

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


# What editors can write in the body: the editor offers exactly what the sanitiser
# keeps (articles.richtext), nothing more.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": sorted(richtext.LINK_SCHEMES)},
    "History": True,
}


class BodyEditorWidget(AdminProseEditorWidget):
    """The structured body's rich-text editor (django-prose-editor), served from our
    static files."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs=attrs, config={"extensions": BODY_EDITOR_EXTENSIONS}, preset="configurable"
        )


class MergeConfirmationMixin(forms.Form):
    """After a save was refused because someone saved first, saving over their change
    needs an explicit "I have merged their changes". ``loaded_version`` is the version
    the editor opened; ``merge_version`` the one they were shown when refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    merge_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_merge = forms.BooleanField(
        label="I have merged their changes: save my version over theirs",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["loaded_version"] = self.instance.version

    @property
    def changed_data(self):
        # The version fields say what was edited, they are not an edit themselves.
        return [
            name
            for name in super().changed_data
            if name not in {"loaded_version", "merge_version", "confirm_merge"}
        ]

    def edited_version(self):
        """The version this save is based on: the one opened, or the one merged with."""
        data = self.cleaned_data
        # A quote row is confirmed by the story form's one "I have merged their changes".
        confirmed = data.get("confirm_merge") or (
            self.request is not None and self.request.POST.get("confirm_merge") == "on"
        )
        if confirmed and data.get("merge_version"):
            return data["merge_version"]
        # No version at all is a form that did not come from the desk: never saved over.
        return data.get("loaded_version") or 0

    def note_stale_refusal(self):
        """Refused as stale: remember the version shown, and ask for the confirmation."""
        current = (
            type(self.instance)
            .objects.filter(pk=self.instance.pk)
            .values_list("version", flat=True)
        )
        current = current.first()
        data = self.data.copy()
        data[self.add_prefix("merge_version")] = current
        data.pop(self.add_prefix("confirm_merge"), None)
        self.data = data
        return current


class ArticleAdminForm(MergeConfirmationMixin, RefusalFormMixin, forms.ModelForm):
    """The story form. ``request`` is set by the admin.

    The form parses; the services decide. When a save is refused (another editor
    saved first, a published story's quote is not in its body, ...) the admin
    shows the form again with the service's messages, and everything this editor
    typed is still in it. For a stale save the other editor's changes are listed
    (``conflict``) and saving again needs "I have merged their changes".
    """

    conflict = None  # set when the save was refused because of another editor's save
    merge_needed = False  # a quote row was refused as stale: ask for the confirmation

    until = forms.SplitDateTimeField(
        label="Embargo for partners until",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Partners’ API tokens read the story before this time, marked as embargoed; "
        "readers see it from this time. Press “Save and embargo for partners” (or, for an "
        "embargoed story, “Save and extend embargo”).",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body_html",
            "byline",
            "dateline",
            "status",
            "published_at",
            "author",
            "about",
            "mentions",
            "lead_image",
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
            "body_html": BodyEditorWidget(attrs={"rows": 18, "class": "desk-body"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            # Left empty, the service makes it from the headline (a headline in Chinese,
            # say, that the page's script cannot spell in Latin letters).
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Left empty, it is made from the headline."
        if not self.is_bound and self.instance.pk and self.instance.is_under_embargo:
            self.initial["until"] = self.instance.published_at

    def clean_slug(self):
        # Left empty, a saved story keeps its address (a new one gets the headline's).
        return self.cleaned_data.get("slug") or self.instance.slug or ""

    @property
    def transition(self):
        """The workflow button pressed with this save, if any ("submit", "publish", ...)."""
        if self.request is None:
            return None
        return self.request.POST.get("_transition") or None

    @property
    def posted_status(self):
        """A status posted with the form (there is no such field: a forged request)."""
        return self.data.get(self.add_prefix("status"))

    def clean_body_html(self):
        # Stored as the service stores it, and its text on the instance: a quote row
        # saved with this form is checked against the body as the editor left it.
        try:
            body = services.story_body(body_html=self.cleaned_data["body_html"] or "")
        except ValidationError as error:
            raise ValidationError(error.message_dict["body_html"]) from error
        self.instance.body = body["body"]
        return body["body_html"]

    @property
    def media(self):
        # The editor's modules are resolved by an import map, an inline script: it
        # carries the request's nonce, so the Content-Security-Policy lets it run.
        media = super().media
        nonce = getattr(self.request, "csp_nonce", None)
        if nonce is not None and hasattr(media, "with_nonce"):
            return media.with_nonce(nonce)
        return media

    def clean_until(self):
        until = self.cleaned_data.get("until")
        if self.transition in ("embargo", "extend_embargo"):
            if until is None:
                raise ValidationError("Choose when the embargo lifts.", code="required")
            try:
                services.check_embargo_time(until)
            except ValidationError as error:
                raise ValidationError(error.message_dict["until"]) from error
        return until

    def clean(self):
        cleaned = super().clean()
        if self.transition and self.transition not in services.TRANSITIONS:
            raise ValidationError(
                f"Unknown workflow step “{self.transition}”.", code="bad_transition"
            )
        refusal = getattr(self.request, "service_refusal", None)
        if refusal is not None and refusal.prefix and _is_stale(refusal.error):
            self.merge_needed = True
        return cleaned

    def show_refusal(self, error):
        if not _is_stale(error):
            return super().show_refusal(error)
        current = self.note_stale_refusal()
        self.conflict = self._describe_conflict(self.cleaned_data.get("loaded_version"), current)
        self.add_error(
            None,
            ValidationError(
                "Another editor saved this story while you were editing it. Nothing of yours "
                "was saved and nothing of theirs was overwritten. Their changes are listed "
                "below and your text is still in the form: merge what you need, tick “I have "
                "merged their changes” and save again.",
                code="edit_conflict",
            ),
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


def _is_stale(error):
    """Was this refusal "someone saved a newer version"?"""
    if not isinstance(error, ValidationError) or hasattr(error, "error_dict"):
        return False
    return any(e.code == "stale_version" for e in error.error_list)


class QuoteCheckMixin:
    """A quote must be found word for word in the body when it is written or edited.

    An existing quote whose words left the body after a body edit is not an
    error here: the body edit is saved and the quote is flagged for checking.
    """

    def clean_text(self):
        # With the body's typographic quotation marks, as the service stores it.
        return services.typographic(self.cleaned_data.get("text"))

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


class QuoteInlineForm(MergeConfirmationMixin, RefusalFormMixin, QuoteCheckMixin, forms.ModelForm):
    """A quote row on the story form; refused as stale, it shows what the quote says now."""

    def show_refusal(self, error):
        if not _is_stale(error):
            return super().show_refusal(error)
        self.note_stale_refusal()
        quote = Quote.objects.select_related("speaker").get(pk=self.instance.pk)
        who = quote.speaker_label or (quote.speaker.display_name if quote.speaker else "")
        self.add_error(
            None,
            "Someone changed this quote after you opened the story. It now reads: "
            f"“{quote.text[:120]}”{f' ({who})' if who else ''}, "
            f"{quote.get_kind_display().lower()}. Nothing was saved and your row is kept as "
            "you left it: merge their change into it, tick “I have merged their changes” and "
            "save again.",
        )

    class Meta:
        model = Quote
        fields = QUOTE_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class QuoteAdminForm(MergeConfirmationMixin, RefusalFormMixin, QuoteCheckMixin, forms.ModelForm):
    """The stand-alone quote form; reporters may only quote into stories they can edit."""

    class Meta:
        model = Quote
        fields = QUOTE_FIELDS
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def show_refusal(self, error):
        if _is_stale(error):
            self.note_stale_refusal()
        return super().show_refusal(error)
