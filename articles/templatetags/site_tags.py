"""Template helpers for the reader's pages."""

import json
import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end a <script> element or start a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data):
    """``data`` as a JSON-LD script element, safe whatever the strings contain."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    # The JSON text above can no longer close the script element or open markup.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def absolute(context, path=None):
    """The absolute URL of ``path`` (by default the current page, without its query)."""
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


_SCRIPTS = [
    (re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), "ko"),
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
]


@register.filter
def script_lang(text):
    """A best guess at the language of a native name, from its script ("" if Latin)."""
    for pattern, lang in _SCRIPTS:
        if pattern.search(text or ""):
            return lang
    return ""


@register.simple_tag
def native_name(actor):
    """The actor's native name in a span carrying its language, so the right glyphs are used."""
    if not actor.native_name:
        return ""
    lang = script_lang(actor.native_name)
    if lang:
        return format_html('<span class="native-name" lang="{}">{}</span>', lang, actor.native_name)
    return format_html('<span class="native-name">{}</span>', actor.native_name)


@register.filter
def without(actors, actor):
    """``actors`` less ``actor``: an outlet speaking for itself is not also "via" itself."""
    if actor is None:
        return list(actors)
    return [other for other in actors if other.pk != actor.pk]
