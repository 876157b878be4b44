"""Readable differences between two revisions of a story or a quote.

Built on django-simple-history's ``diff_against``; this module only turns its
field changes into something an editor can read: field labels instead of
names, and a word-by-word diff (deletions struck through, insertions
underlined) for long text such as the body.
"""

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.utils import get_m2m_reverse_field_name

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
LONG_TEXT_FIELDS = {"body", "standfirst", "text"}


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
    return str(value)


def readable_changes(new_record, old_record):
    """The fields that differ between two historical records, ready for a template.

    Each change is a dict with ``label`` and ``html``: for long text a word diff,
    otherwise "old → new".
    """
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=True)
    model = new_record.instance_type
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        label = str(getattr(field, "verbose_name", change.field))
        if change.field == "body":
            html = format_html(
                '<div class="desk-word-diff">{}</div>', paragraph_diff(change.old, change.new)
            )
        elif change.field in LONG_TEXT_FIELDS:
            html = format_html(
                '<div class="desk-word-diff">{}</div>', word_diff(change.old, change.new)
            )
        else:
            html = format_html(
                '<span class="desk-old">{}</span> → <span class="desk-new">{}</span>',
                _display(field, change.old),
                _display(field, change.new),
            )
        changes.append(
            {"field": change.field, "label": label[:1].upper() + label[1:], "html": html}
        )
    return changes


def changes_html(changes):
    """A definition list of ``readable_changes``."""
    return format_html(
        '<dl class="desk-changes">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((c["label"], c["html"]) for c in changes)),
    )
