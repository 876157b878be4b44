"""The intake desk in the admin: "New story from wire copy", and the review of the quotes
the extractor proposes, for a new draft or any story ("Find quotes")."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from actors.models import Actor
from articles import services as coverage
from articles.admin import ArticleAdmin
from articles.models import Article
from core.admin import refusal_messages
from core.writes import write_scope
from intake import services
from intake.forms import ProposalFormSet, WireImportForm
from intake.matching import NewActor
from intake.models import WireCopy

CONTEXT_CHARS = 90


class _Rollback(Exception):
    """Undo every decision of a review whose rows were not all accepted."""


@admin.register(WireCopy)
class WireCopyAdmin(admin.ModelAdmin):
    list_display = ["article", "source_format", "filename", "imported_by", "imported_at"]
    list_select_related = ["article", "imported_by"]
    readonly_fields = ["article", "source_format", "filename", "original", "imported_by"]

    # Whoever may write stories may bring them in from the wire.
    def has_module_permission(self, request):
        return request.user.has_perm("articles.view_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def has_add_permission(self, request):
        return request.user.has_perm("articles.add_article")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "review/<int:article_id>/",
                self.admin_site.admin_view(self.review_view),
                name="intake_review",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        """New story from wire copy: the copy becomes a draft, then its quotes are reviewed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = WireImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                article = services.wire_import(
                    by=request.user,
                    data=form.cleaned_data["data"],
                    filename=form.cleaned_data["filename"],
                    headline=form.cleaned_data["headline"],
                )
            except (ValidationError, PermissionDenied) as error:
                for message in sum(refusal_messages(error).values(), []):
                    form.add_error(None, message)
            else:
                self.message_user(
                    request,
                    f"“{article}” was saved as a draft. Review the quotes proposed below.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:intake_review", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "New story from wire copy",
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/intake/import.html", context)

    def review_view(self, request, article_id):
        """The proposals not yet recorded for a story: accept, edit or reject each."""
        article = get_object_or_404(Article, pk=article_id)
        if not request.user.has_perm("articles.view_article"):
            raise PermissionDenied
        can_edit = coverage.can_edit(request.user, article)
        items = services.review(article)
        if request.method == "POST":
            if not can_edit:
                raise PermissionDenied(coverage.edit_refusal(request.user, article))
            formset = ProposalFormSet(request.POST, prefix="proposals")
            if formset.is_valid():
                done = self._decide(request, article, formset)
                if done is not None:
                    accepted, rejected = done
                    self.message_user(
                        request,
                        f"{accepted} quote{'s' if accepted != 1 else ''} recorded, "
                        f"{rejected} proposal{'s' if rejected != 1 else ''} rejected.",
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(request.path)
        else:
            formset = ProposalFormSet(
                initial=[_initial(item) for item in items], prefix="proposals"
            )
        rows = [{"form": form, "context": _context(article.body, form)} for form in formset.forms]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Quotes proposed for “{article}”",
            "opts": Article._meta,
            "article": article,
            "formset": formset,
            "rows": rows,
            "can_edit": can_edit,
            "threshold": services.ACCEPT_ALL_ABOVE,
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            "media": self.media + formset.media,
        }
        return TemplateResponse(request, "admin/intake/review.html", context)

    def _decide(self, request, article, formset):
        """Apply every row's decision in one write; None (and row errors) if any is refused."""
        accept_all = "_accept_all" in request.POST
        refused = False
        accepted = rejected = 0
        try:
            with write_scope():
                for form in formset.forms:
                    data = form.cleaned_data
                    decision = data.get("decision")
                    if accept_all and (data.get("confidence") or 0) >= services.ACCEPT_ALL_ABOVE:
                        decision = "accept"
                    try:
                        if decision == "accept":
                            _accept(request.user, article, data)
                            accepted += 1
                        elif decision == "reject":
                            services.proposal_reject(
                                by=request.user,
                                article=article,
                                kind=data["kind"],
                                text=data["text"],
                            )
                            rejected += 1
                    except (ValidationError, PermissionDenied) as error:
                        refused = True
                        for message in sum(refusal_messages(error).values(), []):
                            form.add_error(None, message)
                if refused:
                    raise _Rollback
        except _Rollback:
            return None
        return accepted, rejected


def _accept(user, article, data):
    new_speaker = None
    if data.get("new_speaker"):
        kind = data.get("new_speaker_kind") or Actor.Kind.PERSON
        anonymous = kind == "anonymous"
        new_speaker = NewActor(
            name=data["new_speaker"], kind=Actor.Kind.PERSON if anonymous else kind,
            anonymous=anonymous,
        )  # fmt: skip
    new_outlets = [
        NewActor(name=name.strip(), kind=Actor.Kind.OUTLET)
        for name in (data.get("new_outlets") or "").split(";")
        if name.strip()
    ]
    return services.proposal_accept(
        by=user,
        article=article,
        kind=data["kind"],
        text=data["text"].strip(),
        speaker=data.get("speaker"),
        new_speaker=new_speaker,
        speaker_label=data.get("speaker_label") or "",
        outlets=list(data.get("outlets") or []),
        new_outlets=new_outlets,
        said_on=data.get("said_on"),
        event=data.get("event"),
    )


def _initial(item):
    proposal = item.proposal
    return {
        "kind": proposal.kind,
        "text": proposal.text,
        "speaker": item.speaker.pk if item.speaker else None,
        "new_speaker": item.new_speaker.name if item.new_speaker else "",
        "new_speaker_kind": (
            "anonymous"
            if item.new_speaker and item.new_speaker.anonymous
            else (item.new_speaker.kind if item.new_speaker else "")
        ),  # fmt: skip
        "speaker_label": proposal.speaker_label
        or (proposal.speaker.name if proposal.speaker else ""),
        "outlets": [outlet.pk for outlet in item.outlets],
        "new_outlets": "; ".join(new.name for new in item.new_outlets),
        "said_on": proposal.said_on or "",
        "event": item.event.pk if item.event else None,
        "confidence": round(proposal.confidence, 2),
    }


def _context(body, form):
    """The words in the copy around the proposal, to judge it by."""
    text = form["text"].value() or ""
    start = body.find(text) if text else -1
    if start < 0:
        return None
    end = start + len(text)
    # Within the paragraph, so each card shows its own words only.
    first = max(body.rfind("\n", 0, start) + 1, start - CONTEXT_CHARS)
    last = body.find("\n", end)
    last = min(len(body) if last < 0 else last, end + CONTEXT_CHARS)
    return {"before": body[first:start], "words": text, "after": body[end:last]}


class ArticleWithIntakeAdmin(ArticleAdmin):
    """The story form, with "Find quotes": the extractor run again on the current body."""

    change_form_template = "admin/intake/article_change_form.html"
    change_list_template = "admin/intake/article_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": request.user.has_perm("articles.add_article"),
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["find_quotes_url"] = reverse("admin:intake_review", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithIntakeAdmin)
