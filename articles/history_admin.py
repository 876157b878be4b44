"""History in the desk: what changed in each revision, each revision read-only, and restoring one.

Revisions are addressed by their version number, the number editors see on the
story page and in the history: ``<pk>/history/3/`` is version 3, and
``<pk>/history/3/restore/`` previews restoring it. A change to a quote's outlets
alone is kept as a revision without a new version number; such an earlier
revision of the same version adds ``?record=<id>`` to tell them apart.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_text_list

from articles import services
from articles.history import format_time, readable_changes, restore_changes, revision_fields
from articles.models import Article, Correction, Quote


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class RestoreForm(forms.Form):
    """Confirms a restore; on a published story, optionally with a correction for readers."""

    append_correction = forms.BooleanField(
        label="Append a correction",
        required=False,
        help_text="Readers have seen the text this restore replaces. The correction is "
        "published under the story, dated today.",
    )
    correction = forms.CharField(
        label="Correction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was wrong and what is right now.",
    )

    def __init__(self, *args, offer_correction=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not offer_correction:
            del self.fields["append_correction"], self.fields["correction"]

    def clean(self):
        data = super().clean()
        if data.get("append_correction") and not (data.get("correction") or "").strip():
            self.add_error("correction", "Write the correction, or untick “Append a correction”.")
        return data

    @property
    def correction_text(self):
        if self.cleaned_data.get("append_correction"):
            return self.cleaned_data["correction"].strip()
        return ""


class HistoryWithRestoreMixin:
    """History with a readable diff per revision, read-only revisions and a previewed restore.

    Restoring is two steps: a GET of ``<pk>/history/<version>/restore/`` shows
    what would change, and only the confirming POST writes, through the model's
    restore service. It never bypasses permissions, and nothing is deleted.
    """

    object_history_template = "admin/desk_object_history.html"
    revision_template = "admin/desk_revision.html"
    restore_template = "admin/desk_restore.html"

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/history/<int:version>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            )
        ]
        return urls + super().get_urls()

    def revert_disabled(self, request, obj=None):
        # simple-history's revert form re-posts every field; restoring goes through a service.
        return True

    def history_view_title(self, request, obj):
        return f"History of “{obj}”"

    # Looking things up ---------------------------------------------------------------------

    def _pk_or_404(self, object_id):
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404("No such object.") from error

    def _version_or_404(self, version):
        try:
            version = int(version)
        except (TypeError, ValueError) as error:
            raise Http404("No such version.") from error
        if version < 1:
            raise Http404("No such version.")
        return version

    def get_version_record(self, request, pk, version):
        """The historical record of ``version``: its latest, unless ``?record=`` names one."""
        records = self.model.history.filter(id=pk, version=self._version_or_404(version))
        if "record" in request.GET:
            records = records.filter(history_id=self._version_or_404(request.GET["record"]))
        record = (
            records.exclude(history_type="-")
            .select_related("history_user")
            .order_by("-history_id")
            .first()
        )
        if record is None:
            raise Http404("No such version.")
        return record

    def _latest_of_each_version(self, pk):
        history = self.model.history.filter(id=pk).exclude(history_type="-")
        return set(
            history.values("version")
            .annotate(latest=Max("history_id"))
            .values_list("latest", flat=True)
        )

    @staticmethod
    def _neighbour(record, *, newer):
        history = type(record).objects.filter(id=record.id)
        if newer:
            return (
                history.filter(history_date__gt=record.history_date)
                .order_by("history_date", "history_id")
                .first()
            )
        return (
            history.filter(history_date__lt=record.history_date)
            .order_by("-history_date", "-history_id")
            .first()
        )

    def _urls(self, obj_pk, latest=None):
        """The object's admin URLs; ``latest``: the records that are the latest of their version."""
        opts = self.model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pk = quote(obj_pk)
        latest = latest if latest is not None else self._latest_of_each_version(obj_pk)

        def for_record(view):
            def url(record):
                address = reverse(f"{name}_{view}", args=[pk, record.version])
                if record.history_id not in latest:
                    address += f"?record={record.history_id}"
                return address

            return url

        return {
            "changelist_url": reverse(f"{name}_changelist"),
            "change_url": reverse(f"{name}_change", args=[pk]),
            "history_url": reverse(f"{name}_history", args=[pk]),
            "revision_url": for_record("simple_history"),
            "restore_url": for_record("restore"),
        }

    def _context(self, request, obj, **extra):
        urls = self._urls(obj.pk, latest=set())
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "object": obj,
            "changelist_url": urls["changelist_url"],
            "change_url": urls["change_url"],
            "history_url": urls["history_url"],
            **extra,
        }

    # The history list ----------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        self._pk_or_404(object_id)
        obj = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "can_restore": obj is not None and self.has_change_permission(request, obj),
        }
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The entries are built in render_history_view; simple-history's own deltas go unused.
        return None

    def render_history_view(self, request, template, context, **kwargs):
        context["entries"] = self.history_entries(
            context["object"], context["page_obj"], can_restore=context.get("can_restore")
        )
        return super().render_history_view(request, template, context, **kwargs)

    def history_entries(self, obj, page_obj, *, can_restore=False):
        """The page's revisions with what changed in each, and the story's corrections.

        A revision with nothing an editor would call a change (a save that changed no
        field, a time that moved by less than a second) is left out.
        """
        records = list(page_obj.object_list)
        if not records:
            return []
        urls = self._urls(obj.pk)
        entries = []
        for index, record in enumerate(records):
            older = records[index + 1] if index + 1 < len(records) else None
            if older is None and record.history_type != "+":
                older = self._neighbour(record, newer=False)
            changes = readable_changes(record, older) if older is not None else []
            if (
                record.history_type == "~"
                and not changes
                and not record.history_change_reason
                and older is not None
            ):
                continue
            entries.append(
                {
                    "kind": "revision",
                    "when": record.history_date,
                    "who": record.history_user,
                    "record": record,
                    "version": record.version,
                    "reason": record.history_change_reason,
                    "changes": changes,
                    "status": record.get_status_display() if hasattr(record, "status") else "",
                    "view_url": urls["revision_url"](record) if record.history_type != "-" else "",
                }
            )
        revisions = [e for e in entries if e["record"].history_type != "-"]
        if revisions and page_obj.number == 1:
            revisions[0]["is_current"] = True
        for entry in revisions:
            if can_restore and not entry.get("is_current"):
                entry["restore_url"] = urls["restore_url"](entry["record"])
        newer_than_page = self._neighbour(records[0], newer=True)
        entries += self.correction_entries(
            obj,
            since=records[-1].history_date if page_obj.has_next() else None,
            until=newer_than_page.history_date if newer_than_page else None,
        )
        entries.sort(key=lambda entry: entry["when"], reverse=True)
        return entries

    def correction_entries(self, obj, *, since=None, until=None):
        """A story's corrections (every version of each), dated, with who wrote them."""
        if not isinstance(obj, Article):
            return []
        history = Correction.history.filter(article_id=obj.pk).select_related("history_user")
        if since is not None:
            history = history.filter(history_date__gte=since)
        if until is not None:
            history = history.filter(history_date__lt=until)
        records = list(history.order_by("-history_date", "-history_id"))
        entries = []
        for record in records:
            older = None
            if record.history_type == "~":
                older = self._neighbour(record, newer=False)
            entries.append(
                {
                    "kind": "correction",
                    "when": record.history_date,
                    "who": record.history_user,
                    "record": record,
                    "action": {"+": "Correction added", "~": "Correction edited"}.get(
                        record.history_type, "Correction removed"
                    ),
                    "changes": readable_changes(record, older) if older is not None else [],
                }
            )
        return entries

    # One revision, read-only ---------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Version ``version_id`` as it was saved, for reading: no inputs, nothing to save."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        pk = self._pk_or_404(object_id)
        record = self.get_version_record(request, pk, version_id)
        obj = self.get_object(request, unquote(object_id)) or record.instance
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        latest = self.model.history.filter(id=pk).order_by("-history_date", "-history_id").first()
        is_current = latest is not None and latest.history_id == record.history_id
        can_restore = (
            obj.pk is not None
            and not is_current
            and self.model._default_manager.filter(pk=obj.pk).exists()
            and self.has_change_permission(request, obj)
        )
        context = self._context(
            request,
            obj,
            title=f"Version {record.version} of “{record.instance}”",
            subtitle=None,
            here=f"Version {record.version}",
            record=record,
            fields=revision_fields(record),
            is_current=is_current,
            restore_url=self._urls(obj.pk)["restore_url"](record) if can_restore else "",
            **(extra_context or {}),
        )
        return TemplateResponse(request, self.revision_template, context)

    # Restoring -----------------------------------------------------------------------------

    def restore_fields(self, obj):
        """The fields restoring a version brings back (what the preview compares)."""
        if isinstance(obj, Article):
            return services.restorable_fields(obj)
        if isinstance(obj, Quote):
            return [*services.QUOTE_RESTORABLE_FIELDS, "outlets"]
        raise NotImplementedError

    def correction_offered(self, request, obj):
        """A correction is offered when readers saw the story and this user may correct it."""
        if not isinstance(obj, Article):
            return False
        try:
            services.check_correction(article=obj, by=request.user)
        except (PermissionDenied, ValidationError):
            return False
        return True

    @staticmethod
    def suggested_correction(changes):
        labels = get_text_list([change["label"].lower() for change in changes], "and")
        return (
            f"We restored an earlier version of this story, undoing a later change to its {labels}."
        )

    def restore_view(self, request, object_id, version):
        """GET (or a POST without confirmation): the preview. A confirming POST: the restore."""
        self._pk_or_404(object_id)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        record = self.get_version_record(request, obj.pk, version)
        changes = restore_changes(obj, record, self.restore_fields(obj))
        offer_correction = bool(changes) and self.correction_offered(request, obj)
        confirming = request.method == "POST" and "_confirm" in request.POST
        form = RestoreForm(
            request.POST if confirming else None,
            offer_correction=offer_correction,
            initial={"correction": self.suggested_correction(changes)} if changes else {},
        )
        if confirming and changes and form.is_valid():
            return self._restore(request, obj, record, form.correction_text)
        kept = [
            name
            for name in ("slug",)
            if isinstance(obj, Article)
            and name not in self.restore_fields(obj)
            and getattr(record, name) != getattr(obj, name)
        ]
        context = self._context(
            request,
            obj,
            title=f"Restore version {record.version} of “{obj}”?",
            subtitle=None,
            here=f"Restore version {record.version}",
            record=record,
            changes=changes,
            kept=kept,
            form=form,
            offer_correction=offer_correction,
            revision_url=self._urls(obj.pk)["revision_url"](record),
            live_version=getattr(obj, "version", None),
        )
        return TemplateResponse(request, self.restore_template, context)

    def _restore(self, request, obj, record, correction):
        try:
            self.restore_version(obj=obj, record=record, by=request.user, correction=correction)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(
                request, f"Could not restore that version: {_error_text(error)}", messages.ERROR
            )
        else:
            self.message_user(
                request,
                f"Restored version {record.version} (saved {format_time(record.history_date)}) "
                "as a new revision"
                + (", and appended the correction" if correction else "")
                + ". The version it replaced is still in the history.",
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._urls(obj.pk)["change_url"])

    def restore_version(self, *, obj, record, by, correction=""):
        """Restore through the model's service; ``correction`` only comes when it was offered."""
        if isinstance(obj, Article):
            return services.article_restore(
                article=obj, record=record, by=by, correction=correction
            )
        if isinstance(obj, Quote):
            return services.quote_restore(quote=obj, record=record, by=by)
        raise NotImplementedError
