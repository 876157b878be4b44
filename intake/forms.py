"""The intake desk's forms: wire copy in, and one row per proposed quote."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

from actors.models import Actor, Event
from articles.models import Quote
from core import dates
from intake.copy import MAX_BYTES, read_copy


class WireImportForm(forms.Form):
    copy = forms.CharField(
        label="Paste the wire copy",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "desk-body"}),
        help_text="The report as the agency sent it, one paragraph per line.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt file (UTF-8), or a ninjs item (.json, versions 1.x to 3.x). "
        "At most 1 MB.",
    )
    headline = forms.CharField(
        max_length=300,
        required=False,
        help_text="Leave empty to take the agency's headline (or the first line).",
    )

    def clean(self):
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), cleaned.get("copy")
        if upload and pasted:
            raise ValidationError("Paste the copy or upload a file, not both.")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(f"“{upload.name}” is over the limit of 1 MB.")
            data, filename = upload.read(), upload.name
        elif pasted:
            data, filename = pasted, ""
        else:
            raise ValidationError("Paste the wire copy or choose a file.")
        cleaned["copy_read"] = read_copy(data, filename=filename)  # a ValidationError if bad
        cleaned["data"], cleaned["filename"] = data, filename
        return cleaned


def _autocomplete(field_name, multiple=False):
    field = Quote._meta.get_field(field_name)
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(field, admin.site)


class ProposalForm(forms.Form):
    """One proposal: accept (as edited here), reject, or leave for later."""

    DECISIONS = [("", "Decide later"), ("accept", "Accept"), ("reject", "Reject")]

    decision = forms.ChoiceField(choices=DECISIONS, required=False, widget=forms.RadioSelect)
    kind = forms.ChoiceField(choices=Quote.Kind.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    speaker = forms.ModelChoiceField(
        queryset=Actor.objects.all(), required=False, widget=_autocomplete("speaker")
    )
    new_speaker = forms.CharField(
        label="or a new actor", required=False, max_length=200,
        help_text="Created with the quote when you accept it.",
    )  # fmt: skip
    new_speaker_kind = forms.ChoiceField(
        choices=[*Actor.Kind.choices, ("anonymous", "Unnamed source")], required=False
    )
    speaker_label = forms.CharField(label="named in the copy as", required=False, max_length=300)
    outlets = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.outlets(),
        required=False,
        widget=_autocomplete("outlets", multiple=True),
    )
    new_outlets = forms.CharField(
        label="new outlets", required=False, max_length=600,
        help_text="Names, separated by semicolons, created as outlets when you accept.",
    )  # fmt: skip
    said_on = forms.CharField(
        required=False, max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD."
    )
    event = forms.ModelChoiceField(
        queryset=Event.objects.all(), required=False, widget=_autocomplete("event")
    )
    confidence = forms.FloatField(widget=forms.HiddenInput, required=False)

    def clean_said_on(self):
        value = self.cleaned_data["said_on"].strip()
        if value:
            dates.parse_iso(value)  # a ValidationError naming the problem
        return value or None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("speaker") and cleaned.get("new_speaker"):
            self.add_error("new_speaker", "Choose an actor on record or a new one, not both.")
        return cleaned


class BaseProposalFormSet(forms.BaseFormSet):
    pass


ProposalFormSet = forms.formset_factory(ProposalForm, formset=BaseProposalFormSet, extra=0)
