"""The editors' desk: the Django admin, customised for a foreign desk.

Workflow transitions are buttons on the story page and bulk actions on the list;
both call the functions in ``articles.services``, which enforce who may do what.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from actors.admin import ActorAdmin
from actors.models import Actor
from articles import services
from articles.admin_quotes import (
    PrefetchedAutocompleteInlineMixin,
    QuoteCardFormSet,
    RelatedSearchFilter,
    VerifiedFilter,
    quotes_to_check_first,
)
from articles.admin_taxonomy import AuthorshipInline, save_authors
from articles.forms import ArticleAdminForm, QuoteAdminForm, QuoteInlineForm
from articles.history import format_time
from articles.history_admin import HistoryWithRestoreMixin
from articles.models import Article, Authorship, Correction, Quote
from core import reading
from core.admin import (
    NulSafeAdminMixin,
    ServiceAdminMixin,
    ServiceInlineMixin,
    adopt,
    call_service,
    formset_rows,
)
from core.writes import flush
from images.admin import thumbnail

Status = Article.Status

admin.site.site_header = "Diplomatic Desk"
admin.site.site_title = "Diplomatic Desk"
admin.site.index_title = "The desk"
# Story pages need the width (quotes are a wide table); the home page lists everything.
admin.site.enable_nav_sidebar = False

# Workflow buttons and actions: (transition, button label, past tense for messages).
TRANSITION_LABELS = {
    "submit": ("Submit for review", "submitted for review"),
    "publish": ("Publish now", "published"),
    "schedule": ("Schedule", "scheduled"),
    "withdraw": ("Withdraw", "withdrawn"),
    "return_to_draft": ("Return to draft", "returned to draft"),
    "embargo": ("Embargo for partners", "embargoed for partners"),
    "extend_embargo": ("Extend embargo", "given a new embargo time"),
    "lift_embargo": ("Lift embargo now", "published: its embargo was lifted"),
}


# Each workflow button (and bulk action) calls its service by name.
TRANSITION_SERVICES = {
    "submit": services.article_submit,
    "publish": services.article_publish,
    "schedule": services.article_schedule,
    "withdraw": services.article_withdraw,
    "return_to_draft": services.article_return_to_draft,
    "embargo": services.article_embargo,
    "extend_embargo": services.article_extend_embargo,
    "lift_embargo": services.article_lift_embargo,
}
# The buttons that take the form's embargo time.
EMBARGO_TIME_TRANSITIONS = {"embargo", "extend_embargo"}

# The story form's fields the services write (status is never one: it changes by workflow).
ARTICLE_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body_html",
    "byline",
    "dateline",
    "published_at",
    "author",
    "lead_image",
    "section",
]
QUOTE_FIELDS = ["text", "kind", "speaker", "speaker_label", "said_on", "said_on_precision", "event"]


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class DeskMedia:
    css = {"all": ["articles/admin/desk.css"]}
    # slugs.js wraps Django's URLify, so it comes after it.
    js = ["articles/admin/desk.js", "admin/js/urlify.js", "articles/admin/slugs.js"]


# --- Article inlines -------------------------------------------------------------------------


class ArticleEventInline(ServiceInlineMixin, admin.TabularInline):
    model = Article.events.through
    autocomplete_fields = ["event"]
    extra = 0
    verbose_name = "event the story covers"
    verbose_name_plural = "Events the story covers"
    classes = ["desk-events"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "article")


class QuoteInline(PrefetchedAutocompleteInlineMixin, ServiceInlineMixin, admin.StackedInline):
    """One compact card per quote, those to check first, in a section that folds away
    when there is nothing to check."""

    model = Quote
    form = QuoteInlineForm
    formset = QuoteCardFormSet
    template = "admin/articles/article/quote_cards.html"
    fields = [
        "verification",
        "text",
        "kind",
        "speaker",
        "speaker_label",
        "outlets",
        "said_on",
        "said_on_precision",
        "event",
        "loaded_version",
        "merge_version",
    ]
    autocomplete_fields = ["speaker", "outlets", "event"]
    extra = 0
    show_change_link = True
    readonly_fields = ["verification"]
    classes = ["desk-quotes"]

    def get_queryset(self, request):
        return quotes_to_check_first(
            super()
            .get_queryset(request)
            .select_related("speaker", "event")
            .prefetch_related("outlets")
        )

    @admin.display(description="check")
    def verification(self, quote):
        if quote is None or quote.pk is None:
            return "Checked on save."
        if not quote.is_verbatim:
            return "Paraphrase"
        if quote.is_verified:
            return format_html(
                '<span class="desk-verified" title="Characters {}–{} of the body">'
                "✓ In the body</span>",
                quote.start,
                quote.end,
            )
        return format_html(
            '<strong class="desk-unverified">⚠ Not in the body.</strong> '
            "Fix the words to match the body, or make it a paraphrase."
        )


class CorrectionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        adding = [
            f for f in self.extra_forms if f.has_changed() and not f.cleaned_data.get("DELETE")
        ]
        if adding:
            try:
                services.check_correction(article=self.instance, by=self.form.request.user)
            except (ValidationError, PermissionDenied) as error:
                raise ValidationError(_error_text(error), code="not_published") from error


class CorrectionInline(ServiceInlineMixin, admin.TabularInline):
    """Corrections are appended, never edited or deleted here; history keeps every version."""

    model = Correction
    formset = CorrectionFormSet
    fields = ["text", "published_on", "created_by"]
    readonly_fields = ["published_on", "created_by"]
    extra = 0
    verbose_name_plural = "Corrections (shown to readers under the story)"
    formfield_overrides = {
        Correction._meta.get_field("text").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None and obj.is_public and request.user.has_perm(services.CORRECT_PERMISSION)
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Article list filters ---------------------------------------------------------------------


class QuotesToCheckFilter(admin.SimpleListFilter):
    title = "quotes to check"
    parameter_name = "quotes_to_check"

    def lookups(self, request, model_admin):
        return [("yes", "Some quotes not found in the body"), ("no", "All quotes found")]

    def queryset(self, request, queryset):
        unverified = Quote.objects.unverified().values("article")
        if self.value() == "yes":
            return queryset.filter(pk__in=unverified)
        if self.value() == "no":
            return queryset.exclude(pk__in=unverified)
        return queryset


class OnSiteFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "on_site"

    def lookups(self, request, model_admin):
        return [("yes", "Readers can see it"), ("no", "Not visible to readers")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.published()
        if self.value() == "no":
            return queryset.unpublished()
        return queryset


class ScheduleForm(forms.Form):
    at = forms.SplitDateTimeField(
        label="Go live at",
        widget=admin.widgets.AdminSplitDateTime,
        help_text="The stories become visible to readers at this time, without anyone pressing "
        "publish.",
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        try:
            services.check_schedule_time(at)
        except ValidationError as error:
            raise ValidationError(error.message_dict["published_at"]) from error
        return at


# --- Articles ---------------------------------------------------------------------------------


class ArticleChangeList(ChangeList):
    """The article list reads what its columns show, not each story's text and pages."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "body_html", "rendered_body", "aside_html", "page_data")


@admin.register(Article)
class ArticleAdmin(
    ServiceAdminMixin, NulSafeAdminMixin, HistoryWithRestoreMixin, SimpleHistoryAdmin
):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "status_label",
        "on_site",
        "author",
        "published_at",
        "updated_at",
        "quotes_to_check",
    ]
    list_display_links = ["headline"]
    list_filter = [
        "status",
        OnSiteFilter,
        QuotesToCheckFilter,
        ("author", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["author"]
    search_fields = ["headline", "standfirst", "body", "byline", "slug"]
    search_help_text = "Search headlines, standfirsts, bodies, bylines and slugs."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["about", "mentions", "lead_image", "section", "topics"]
    inlines = [AuthorshipInline, ArticleEventInline, QuoteInline, CorrectionInline]
    actions = [
        "submit_selected",
        "publish_selected",
        "schedule_selected",
        "withdraw_selected",
        "return_selected_to_draft",
    ]
    view_on_site = False  # the change form has its own Preview / View on site link
    history_list_display = ["status", "version"]
    save_on_top = True

    Media = DeskMedia

    # Permissions ---------------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return services.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    # Form ----------------------------------------------------------------------------------

    def get_fieldsets(self, request, obj=None):
        return [
            (
                None,
                {
                    "fields": [
                        "headline",
                        "slug",
                        "standfirst",
                        "body_html",
                        "reading",
                        "loaded_version",
                    ]
                },
            ),
            ("Credit", {"fields": [("byline", "dateline"), "author"]}),
            ("Section and topics", {"fields": [("section", "topics")]}),
            ("Lead photo", {"fields": [("lead_image", "lead_photo_preview")]}),
            (
                "Workflow",
                {
                    "fields": [("status", "visibility"), "published_at"]
                    + (["until"] if self.has_publish_permission(request) else [])
                    + ([("version", "updated_at")] if obj is not None else []),
                    "description": "The status changes with the buttons above the form. "
                    "Set “published at” before pressing Schedule"
                    + (
                        ", or “Embargo for partners until” before pressing Embargo."
                        if self.has_publish_permission(request)
                        else "."
                    ),
                },
            ),
            ("Who the story is about", {"fields": ["about", "mentions"]}),
        ]

    @admin.display(description="preview")
    def lead_photo_preview(self, obj):
        return thumbnail(obj.lead_image if obj is not None else None)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status", "visibility", "version", "updated_at", "reading"]
        readonly.append("lead_photo_preview")
        if not request.user.has_perm(services.PUBLISH_PERMISSION):
            readonly += ["published_at", "author"]
        return readonly

    def get_queryset(self, request):
        # A subquery per listed row, not a GROUP BY over every article column (bodies and
        # rendered pages included): the list reads one page of stories, however many there are.
        to_check = (
            Quote.objects.unverified()
            .filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(unverified_count=Coalesce(Subquery(to_check), 0))
        )

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    # Columns -------------------------------------------------------------------------------

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        label = article.get_status_display()
        if article.is_under_embargo:
            label = f"Embargoed until {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
        elif article.status == Status.SCHEDULED and article.published_at:
            label = f"{label} for {timezone.localtime(article.published_at):%d %b %Y %H:%M}"
        return format_html(
            '<span class="desk-status desk-status-{}">{}</span>', article.status, label
        )

    @admin.display(description="on the site", boolean=True)
    def on_site(self, article):
        return article.is_public

    @admin.display(description="quotes to check", ordering="unverified_count")
    def quotes_to_check(self, article):
        count = getattr(article, "unverified_count", None)
        if count is None:
            count = article.quotes.unverified().count()
        if not count:
            return "—"
        return format_html('<strong class="desk-unverified">⚠ {}</strong>', count)

    @admin.display(description="length")
    def reading(self, article):
        # The saved body's length; desk.js keeps it up to date as the editor types.
        return format_html(
            '<span class="desk-reading" data-words-per-minute="{}" aria-live="polite">{}</span>',
            reading.WORDS_PER_MINUTE,
            reading.describe(article.body if article is not None else ""),
        )

    @admin.display(description="on the site")
    def visibility(self, article):
        if article.pk is None:
            return "Not yet: a new story starts as a draft."
        if article.is_public:
            return f"Visible to readers since {format_time(article.published_at)}."
        if article.is_under_embargo:
            return (
                f"Embargoed until {format_time(article.published_at)}: partners’ API tokens "
                "can read it now, marked as embargoed; readers see it from that time."
            )
        if article.status == Status.SCHEDULED and article.published_at:
            return f"Goes live automatically at {format_time(article.published_at)}."
        return "Not visible to readers. Signed-in staff can preview it."

    # Saving: every write through a service, the whole form in one write ------------------

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in ARTICLE_FIELDS if name in form.fields}
        links = {
            name: form.cleaned_data[name]
            for name in ("about", "mentions", "topics")
            if name in form.fields
        }
        if form.posted_status is not None:
            fields["status"] = form.posted_status
        if change:
            saved = call_service(
                services.article_update,
                article=Article.objects.get(pk=obj.pk),
                by=request.user,
                version=form.edited_version(),
                **links,
                **fields,
            )
        else:
            if not fields.get("author"):
                fields.pop("author", None)
            saved = call_service(services.article_create, by=request.user, **links, **fields)
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        # The story's own links were written by save_model; here its inlines, then the
        # workflow button, then everything the write asks for (one render, the checks).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        article = form.instance
        transition = form.transition
        if transition:
            kwargs = {"at": article.published_at} if transition == "schedule" else {}
            if transition in EMBARGO_TIME_TRANSITIONS:
                kwargs = {"until": form.cleaned_data.get("until")}
            call_service(
                TRANSITION_SERVICES[transition], article=article, by=request.user, **kwargs
            )
        call_service(flush)
        article.refresh_from_db()
        if transition:
            self.message_user(
                request, f"“{article}” was {TRANSITION_LABELS[transition][1]}.", messages.SUCCESS
            )

    def save_formset(self, request, form, formset, change):
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        article = form.instance
        if formset.model is Correction:
            for row in formset.extra_forms:
                if row.has_changed() and row.cleaned_data.get("text"):
                    formset.new_objects.append(
                        call_service(
                            services.correction_add,
                            row.prefix,
                            article=article,
                            by=request.user,
                            text=row.cleaned_data["text"],
                        )
                    )
        elif formset.model is Quote:
            self._save_quotes(request, article, formset)
        elif formset.model is Authorship:
            save_authors(request, article, formset)
        else:  # the events the story covers
            kept = [
                row.cleaned_data["event"]
                for row, deleting, _adding, _changed in formset_rows(formset)
                if not deleting and row.cleaned_data.get("event")
            ]
            call_service(services.article_update, article=article, by=request.user, events=kept)

    def _save_quotes(self, request, article, formset):
        for row, deleting, adding, changed in formset_rows(formset):
            # The row's values as the form applied them (an unchanged quote whose words
            # left a draft's body keeps its text though the form flagged it).
            fields = {name: getattr(row.instance, name) for name in QUOTE_FIELDS}
            outlets = list(row.cleaned_data.get("outlets") or [])
            if deleting:
                call_service(services.quote_delete, row.prefix, quote=row.instance, by=request.user)
                formset.deleted_objects.append(row.instance)
            elif adding:
                quote = call_service(
                    services.quote_create,
                    row.prefix,
                    by=request.user,
                    article=article,
                    outlets=outlets,
                    **fields,
                )
                formset.new_objects.append(quote)
            elif changed:
                quote = call_service(
                    services.quote_update,
                    row.prefix,
                    quote=Quote.objects.get(pk=row.instance.pk),
                    by=request.user,
                    version=row.edited_version(),
                    outlets=outlets,
                    **fields,
                )
                formset.changed_objects.append((quote, row.changed_data))

    def delete_model(self, request, obj):
        call_service(services.article_delete, article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            self.delete_model(request, article)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_transition"):
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get("_transition"):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # The story page ------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj or Article(status=Status.DRAFT)
        can_change = (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        )
        context["workflow_buttons"] = [
            {"name": name, "label": label}
            for name, (label, _done) in TRANSITION_LABELS.items()
            if can_change
            and services.can_transition(request.user, article, name)
            # Under embargo, "Lift embargo now" publishes at once and "Extend embargo"
            # moves the time: the plain buttons would end the embargo unasked.
            and not (name in ("publish", "schedule") and article.is_under_embargo)
        ]
        context["read_only_reason"] = self._read_only_reason(request, obj, can_change)
        context["conflict"] = getattr(context.get("adminform").form, "conflict", None)
        if context["conflict"] and obj is not None:
            # The refused form's instance carries this editor's unsaved text; the page
            # title should name the story as it is stored.
            stored = Article.objects.get(pk=obj.pk)
            context.update(original=stored, subtitle=str(stored))
        if obj is not None and obj.pk:
            context["story_url"] = obj.get_absolute_url()
            context["story_is_public"] = obj.is_public
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _read_only_reason(request, obj, can_change):
        if obj is None or can_change:
            return ""
        return (services.edit_refusal(request.user, obj) or "") + " You can read it here."

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                unverified = list(article.quotes.unverified())
                if unverified:
                    listed = "; ".join(f"“{Truncator(q.text).chars(70)}”" for q in unverified)
                    count = (
                        "A quote no longer appears"
                        if len(unverified) == 1
                        else f"{len(unverified)} quotes no longer appear"
                    )
                    self.message_user(
                        request,
                        f"{count} word for word in the body: {listed}. Nothing was dropped: "
                        "check the rows marked ⚠ below, then fix the quote or the body.",
                        messages.WARNING,
                    )
        return super().change_view(request, object_id, form_url, extra_context)

    # Bulk actions --------------------------------------------------------------------------

    def _apply(self, request, queryset, transition, **kwargs):
        service = TRANSITION_SERVICES[transition]
        done, refused = [], []
        for article in queryset.order_by("pk"):
            try:
                service(article=article, by=request.user, **kwargs)
            except (ValidationError, PermissionDenied) as error:
                refused.append(_error_text(error))
            else:
                done.append(article)
        if done:
            self.message_user(
                request,
                f"{len(done)} stor{'y' if len(done) == 1 else 'ies'} "
                f"{TRANSITION_LABELS[transition][1]}.",
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    @admin.action(description="Submit selected stories for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._apply(request, queryset, "submit")

    @admin.action(description="Publish selected stories now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, "publish")

    @admin.action(description="Withdraw selected stories", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self._apply(request, queryset, "withdraw")

    @admin.action(description="Return selected stories to draft", permissions=["publish"])
    def return_selected_to_draft(self, request, queryset):
        self._apply(request, queryset, "return_to_draft")

    @admin.action(description="Schedule selected stories…", permissions=["publish"])
    def schedule_selected(self, request, queryset):
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(request, queryset, "schedule", at=form.cleaned_data["at"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Schedule stories",
            "opts": self.model._meta,
            "articles": queryset,
            "form": form,
            "media": self.media + form.media,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)


# --- Quotes -----------------------------------------------------------------------------------

# What a list of quotes never reads of their stories.
ARTICLE_HEAVY_FIELDS = ["body", "body_html", "rendered_body", "aside_html", "page_data"]


@admin.register(Quote)
class QuoteAdmin(ServiceAdminMixin, NulSafeAdminMixin, HistoryWithRestoreMixin, SimpleHistoryAdmin):
    form = QuoteAdminForm
    list_display = ["words", "speaker_name", "outlet_names", "story", "said_on", "verified"]
    list_display_links = ["words"]
    list_filter = [
        VerifiedFilter,
        "kind",
        ("speaker", RelatedSearchFilter),
        ("outlets", RelatedSearchFilter),
        ("article", RelatedSearchFilter),
    ]
    list_select_related = ["speaker", "article"]
    list_per_page = 50
    date_hierarchy = "said_on"
    show_facets = admin.ShowFacets.NEVER  # counts per choice would count the whole archive
    search_fields = ["text", "speaker__name", "speaker_label"]
    autocomplete_fields = ["article", "speaker", "outlets", "event"]
    readonly_fields = ["start", "end"]
    history_list_display = ["kind"]

    Media = DeskMedia

    def get_queryset(self, request):
        # The list shows each story's headline only, and every row's outlets at once.
        return (
            super()
            .get_queryset(request)
            .defer(*(f"article__{name}" for name in ARTICLE_HEAVY_FIELDS))
            .prefetch_related(Prefetch("outlets", Actor.objects.only("name", "kind")))
        )

    @property
    def media(self):
        # The list's speaker, outlet and story filters are autocomplete boxes.
        filters = AutocompleteSelect(Quote._meta.get_field("speaker"), self.admin_site).media
        return super().media + filters + forms.Media(DeskMedia)

    @admin.display(description="words", ordering="text")
    def words(self, quote):
        return Truncator(quote.text).chars(140)

    @admin.display(description="speaker", ordering="speaker__name")
    def speaker_name(self, quote):
        if quote.speaker is not None:
            return quote.speaker.display_name
        return quote.speaker_label or "—"

    @admin.display(description="reported by")
    def outlet_names(self, quote):
        return ", ".join(outlet.name for outlet in quote.outlets.all()) or "—"

    @admin.display(description="story", ordering="article__headline")
    def story(self, quote):
        return Truncator(quote.article.headline).chars(60)

    @admin.display(description="found in the body", boolean=True)
    def verified(self, quote):
        return quote.is_verified

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return super().has_change_permission(request, obj) and services.can_edit(
            request.user, obj.article
        )

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return super().has_delete_permission(request, obj) and services.can_edit(
            request.user, obj.article
        )

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in QUOTE_FIELDS}
        outlets = list(form.cleaned_data.get("outlets") or [])
        if change:
            saved = call_service(
                services.quote_update,
                quote=Quote.objects.get(pk=obj.pk),
                by=request.user,
                version=form.edited_version(),
                outlets=outlets,
                **fields,
            )
        else:
            saved = call_service(
                services.quote_create,
                by=request.user,
                article=form.cleaned_data["article"],
                outlets=outlets,
                **fields,
            )
        adopt(obj, saved)

    def save_related(self, request, form, formsets, change):
        call_service(flush)  # the outlets were written by save_model

    def delete_model(self, request, obj):
        call_service(services.quote_delete, quote=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for quote in queryset:
            self.delete_model(request, quote)


# --- An actor's quotes, on the actor page -----------------------------------------------------
# actors/ knows nothing about articles, so the quotes inline is added from this side.


# At most this many of an actor's quotes are listed on their page; the rest are a link away.
ACTOR_QUOTES_LISTED = 20


class LatestQuotesFormSet(forms.BaseInlineFormSet):
    """The actor's latest quotes only: the busiest speaker has thousands."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = super().get_queryset()[:ACTOR_QUOTES_LISTED]
        return self._queryset


class ActorQuoteInline(admin.TabularInline):
    model = Quote
    fk_name = "speaker"
    formset = LatestQuotesFormSet
    fields = ["text", "kind", "article", "said_on", "verified"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name = "quote"
    verbose_name_plural = f"Quotes by this actor (the latest {ACTOR_QUOTES_LISTED})"
    ordering = ["-said_on", "-pk"]

    @admin.display(description="found in the body", boolean=True)
    def verified(self, quote):
        return quote.is_verified

    def get_queryset(self, request):
        # The speaker once for every row (each row's title names them), and of each story
        # only what the row shows.
        return (
            super()
            .get_queryset(request)
            .select_related("article", "speaker")
            .defer(
                "article__body",
                "article__body_html",
                "article__rendered_body",
                "article__aside_html",
                "article__page_data",
            )
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActorWithQuotesAdmin(ActorAdmin):
    inlines = [*ActorAdmin.inlines, ActorQuoteInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "all_quotes"]

    @admin.display(description="quotes")
    def all_quotes(self, actor):
        if actor is None or actor.pk is None:
            return "—"
        count = Quote.objects.filter(speaker=actor).count()
        if not count:
            return "No quotes yet."
        url = reverse("admin:articles_quote_changelist") + f"?speaker__id__exact={actor.pk}"
        return format_html(
            '{} in all; the latest {} are listed below. <a href="{}">See every quote by {}</a>.',
            f"{count:,}",
            min(count, ACTOR_QUOTES_LISTED),
            url,
            actor.name,
        )


admin.site.unregister(Actor)
admin.site.register(Actor, ActorWithQuotesAdmin)
