"""Readable revisions of a story or a quote, and the differences between them.

Built on django-simple-history's ``diff_against``; this module only turns its
field changes into something an editor can read: field labels instead of
names, times as the rest of the desk shows them, and a word-by-word diff
(deletions struck through, insertions underlined) for long text such as the body.
"""

import datetime
import difflib
import re

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.utils import get_m2m_reverse_field_name

from articles import richtext

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
LONG_TEXT_FIELDS = {"headline", "body", "standfirst", "text"}
# Shown on a revision's page as paragraphs, one per line, like the story itself.
PARAGRAPH_FIELDS = {"body"}
# A story's body is two fields: the structured body (``body_html``) and its text
# (``body``). Editors read one "Body", in words: the text's paragraph diff, or a
# note when only the formatting (links, emphasis, headings, lists) changed.
BODY_FIELDS = {"body", "body_html"}
FORMATTING_ONLY = (
    "The words are the same; only the formatting (links, emphasis, subheadings, lists) changed."
)
# Bookkeeping that changes on every save; a revision's page does not list it.
BOOKKEEPING_FIELDS = {"version", "created_at", "updated_at"}


def format_time(value):
    """A date and time as the admin shows them: local time, the DATETIME_FORMAT."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


def word_diff(old, new):
    """HTML of ``new`` against ``old``: removed words in <del>, added words in <ins>."""
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2])
        if op == "equal":
            parts.append(format_html("{}", removed))
            continue
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
    return mark_safe("".join(parts))  # noqa: S308 -- every part went through format_html


def paragraph_diff(old, new):
    """Word diff paragraph by paragraph; runs of unchanged paragraphs are folded away."""
    old_lines, new_lines = (old or "").split("\n"), (new or "").split("\n")
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    blocks = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            count = a2 - a1
            blocks.append(
                format_html(
                    '<p class="desk-unchanged">[{} unchanged paragraph{}]</p>',
                    count,
                    "" if count == 1 else "s",
                )
            )
        elif op == "replace" and a2 - a1 == b2 - b1:
            blocks += [
                format_html("<p>{}</p>", word_diff(o, n))
                for o, n in zip(old_lines[a1:a2], new_lines[b1:b2], strict=True)
            ]
        else:
            blocks += [format_html("<p><del>{}</del></p>", line) for line in old_lines[a1:a2]]
            blocks += [format_html("<p><ins>{}</ins></p>", line) for line in new_lines[b1:b2]]
    return mark_safe("".join(blocks))  # noqa: S308 -- every block went through format_html


def _display(field, value):
    if field.many_to_many:
        # simple-history gives the through rows as dicts; name the objects at the far end.
        far_end = get_m2m_reverse_field_name(field)
        return ", ".join(str(row[far_end]) for row in value or []) or "(none)"
    if value is None or value == "":
        return "(empty)"
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, datetime.datetime):
        return format_time(value)
    return str(value)


def _same(old, new):
    """Equal for an editor: times that differ by less than a second are the same time."""
    if isinstance(old, datetime.datetime) and isinstance(new, datetime.datetime):
        return old.replace(microsecond=0) == new.replace(microsecond=0)
    return old == new


def body_words(obj):
    """A story version's body as text: its structured body's, or (a version saved
    before the body was structured) its plain text."""
    html = getattr(obj, "body_html", "")
    return richtext.to_text(html) if html else obj.body


def _body_change(model, old, new):
    """The one "Body" change between two versions of a story (None if they are the same)."""
    old_words, new_words = body_words(old), body_words(new)
    old_html = getattr(old, "body_html", "") or richtext.from_text(old.body)
    new_html = getattr(new, "body_html", "") or richtext.from_text(new.body)
    if old_words == new_words and old_html == new_html:
        return None
    field = model._meta.get_field("body_html")
    if old_words == new_words:
        html = format_html('<p class="desk-unchanged">{}</p>', FORMATTING_ONLY)
    else:
        html = format_html(
            '<div class="desk-word-diff">{}</div>', paragraph_diff(old_words, new_words)
        )
    return {"field": field.name, "label": "Body", "html": html}


def _change(field, old, new):
    label = str(getattr(field, "verbose_name", field.name))
    if field.name == "body":
        html = format_html('<div class="desk-word-diff">{}</div>', paragraph_diff(old, new))
    elif field.name in LONG_TEXT_FIELDS:
        html = format_html('<div class="desk-word-diff">{}</div>', word_diff(old, new))
    else:
        html = format_html(
            '<span class="desk-old">{}</span> → <span class="desk-new">{}</span>',
            _display(field, old),
            _display(field, new),
        )
    return {"field": field.name, "label": label[:1].upper() + label[1:], "html": html}


def _in_form_order(model, changes):
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
    return sorted(changes, key=lambda change: order.get(change["field"], len(order)))


def readable_changes(new_record, old_record):
    """The fields that differ between two historical records, ready for a template.

    Each change is a dict with ``field``, ``label`` and ``html``: for long text a
    word diff, otherwise "old → new". The fields come in the order of the form; a
    time that moved by less than a second is not a change.
    """
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    model = new_record.instance_type
    changes = [
        _change(model._meta.get_field(change.field), change.old, change.new)
        for change in delta.changes
        if not _same(change.old, change.new) and change.field not in BODY_FIELDS
    ]
    if any(change.field in BODY_FIELDS for change in delta.changes):
        body = _body_change(model, old_record, new_record)
        changes += [body] if body else []
    return _in_form_order(model, changes)


def _related(obj, field):
    try:
        return getattr(obj, field.name)
    except ObjectDoesNotExist:
        return None


def _value(obj, field, historical):
    """``field`` of a live object or a historical record, in ``_display``'s terms."""
    if field.many_to_many:
        far_end = get_m2m_reverse_field_name(field)
        rows = getattr(obj, field.name).all()
        items = [getattr(row, far_end) for row in rows] if historical else list(rows)
        return [{far_end: item} for item in sorted(items, key=str)]
    if field.many_to_one:
        return _related(obj, field)
    return getattr(obj, field.attname)


def restore_changes(obj, record, fields):
    """What restoring ``record`` over the live ``obj`` would change, field by field.

    Same shape as ``readable_changes``, read as "from the live text to the version":
    the words a restore removes are struck through, the words it brings back underlined.
    ``fields`` are the names the restore brings back (``speaker_id`` or ``speaker``).
    """
    model = type(obj)
    changes = []
    if BODY_FIELDS & set(fields):
        body = _body_change(model, obj, record)
        changes += [body] if body else []
    for name in fields:
        if name in BODY_FIELDS:
            continue
        field = next(
            f for f in model._meta.get_fields() if name in (f.name, getattr(f, "attname", None))
        )
        old, new = _value(obj, field, historical=False), _value(record, field, historical=True)
        if field.many_to_many:
            if _display(field, old) != _display(field, new):
                changes.append(_change(field, old, new))
        elif not _same(old, new):
            changes.append(_change(field, old, new))
    return _in_form_order(model, changes)


def revision_fields(record):
    """A historical record's fields for reading: label, text, and paragraphs for the body."""
    model = record.instance_type
    rows = []
    for field in model._meta.get_fields():
        if not getattr(field, "editable", False) or field.primary_key:
            continue
        if field.auto_created or field.name in BOOKKEEPING_FIELDS:
            continue
        if not hasattr(record, field.name):
            continue  # not kept in history (e.g. links a story has to actors)
        if field.name == "body_html":
            continue  # read as the body's paragraphs, under "Body"
        value = _value(record, field, historical=True)
        if field.name == "body":
            value = body_words(record)
        text = _display(field, value)
        label = "Body" if field.name == "body" else str(getattr(field, "verbose_name", field.name))
        rows.append(
            {
                "field": field.name,
                "label": label[:1].upper() + label[1:],
                "text": text,
                "paragraphs": [line for line in (value or "").split("\n") if line.strip()]
                if field.name in PARAGRAPH_FIELDS
                else None,
            }
        )
    return rows


def changes_html(changes):
    """A definition list of ``readable_changes``."""
    return format_html(
        '<dl class="desk-changes">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((c["label"], c["html"]) for c in changes)),
    )
