"""History in the desk: a readable diff per revision and restoring an earlier version."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.history import readable_changes


def _error_text(error):
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


class HistoryWithRestoreMixin:
    """History with a readable diff per revision and a one-click restore.

    The "restore" is a POST to ``<pk>/history/<history_id>/restore/`` and goes
    through a service, like every other write; it never bypasses permissions.
    """

    object_history_template = "admin/desk_object_history.html"

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/history/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{opts.app_label}_{opts.model_name}_restore",
            )
        ]
        return urls + super().get_urls()

    def revert_disabled(self, request, obj=None):
        # simple-history's revert form re-posts every field; our restore is one click.
        return True

    def history_view_title(self, request, obj):
        return f"History of “{obj}”"

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as error:
            raise Http404("No such object.") from error
        obj = self.get_object(request, unquote(object_id))
        opts = self.model._meta
        extra_context = {
            **(extra_context or {}),
            "can_restore": obj is not None and self.has_change_permission(request, obj),
            "restore_url_name": f"admin:{opts.app_label}_{opts.model_name}_restore",
        }
        return super().history_view(request, object_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        for newer, older in zip(records, records[1:], strict=False):
            newer.readable_changes = readable_changes(newer, older)
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            return self.restore_view(request, object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def restore_view(self, request, object_id, history_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(self.model.history.model, id=obj.pk, history_id=history_id)
        try:
            self.restore(obj=obj, record=record, by=request.user)
        except ValidationError as error:
            self.message_user(
                request, f"Could not restore that version: {_error_text(error)}", messages.ERROR
            )
        else:
            self.message_user(
                request,
                f"Restored the version of {record.history_date:%d %B %Y, %H:%M} "
                "as a new revision. The version it replaced is still in the history.",
                messages.SUCCESS,
            )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def restore(self, *, obj, record, by):
        raise NotImplementedError
