"""Template helpers for the reader's pages."""

import functools
import json
import re
from html import escape as _escape

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.links import actor_url, cached_reverse, event_url

register = template.Library()


@register.simple_tag
def jsonld(data):
    """``data`` as a JSON-LD script element, safe whatever the strings contain."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Escaped, these characters can no longer close the script element or open markup.
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
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


# The story page's lists (who's who, timeline, sources) are rendered here in Python
# rather than with template loops and includes: this is the busiest page, and this
# way they render several times faster. Every editor-supplied value goes through
# ``_escape`` (the standard library's html.escape, which Django's own escape()
# calls, minus its lazy-string wrapper); dates and URLs are built by us.


_SITE_URLS = {
    "home": "articles:home",
    "actors": "actors:actor-list",
    "events": "actors:event-list",
    "rss": "articles:feed-rss",
    "atom": "articles:feed-atom",
    "search": "search",
}


@register.simple_tag
def site_urls():
    """The addresses every page links to (navigation, feeds, search, its stylesheet and
    icon), by short name. They change only with the script prefix and the URLconf."""
    return _site_urls(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


@functools.lru_cache(maxsize=16)
def _site_urls(prefix, urlconf):
    urls = {name: cached_reverse(viewname) for name, viewname in _SITE_URLS.items()}
    urls["stylesheet"] = static("site/site.css")
    urls["icon"] = static("site/favicon.svg")
    return urls


def _truncate(text, length):
    text = str(text or "")
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _native(actor):
    if not actor.native_name:
        return ""
    lang = script_lang(actor.native_name)
    lang = f' lang="{lang}"' if lang else ""
    return f' <span class="native-name"{lang}>{_escape(actor.native_name)}</span>'


@register.simple_tag
def whos_who(actors):
    """The story's actors with their description and native name; unnamed sources unlinked."""
    items = []
    for actor in actors:
        if actor.anonymous:
            name = f'<span class="actor-unnamed">{_escape(actor.display_name)}</span>'
            native, note = "", "Unnamed source"
        else:
            name = f'<a href="{actor_url(actor)}">{_escape(actor.name)}</a>'
            native = _native(actor)
            note = _escape(actor.description or actor.get_kind_display())
        items.append(
            f'<li><span class="whos-who-name">{name}</span>{native}'
            f'<span class="whos-who-description">{note}</span></li>'
        )
    return mark_safe(f'<ul class="whos-who">{"".join(items)}</ul>')  # noqa: S308 (escaped above)


@register.simple_tag
def timeline(events):
    """Events in the order given, each date only as precise as it is known."""
    items = []
    for event in events:
        if event.date:
            when = f'<time datetime="{event.date_iso}">{event.date_display}</time>'
        else:
            when = '<span class="timeline-date">Date unknown</span>'
        location = event.location
        where = f' <span class="timeline-place">{_escape(location)}</span>' if location else ""
        items.append(
            f'<li>{when} <a href="{event_url(event)}">{_escape(event.title)}</a>{where}</li>'
        )
    return mark_safe(f'<ol class="timeline">{"".join(items)}</ol>')  # noqa: S308 (escaped above)


@register.simple_tag
def sources(outlets):
    """The outlets a story's quotes came through, with their type."""
    items = []
    for outlet in outlets:
        kind = outlet.get_outlet_type_display() if outlet.outlet_type else ""
        kind = f' <span class="source-type">{_escape(kind)}</span>' if kind else ""
        items.append(f'<li><a href="{actor_url(outlet)}">{_escape(outlet.name)}</a>{kind}</li>')
    return mark_safe(f'<ul class="sources">{"".join(items)}</ul>')  # noqa: S308 (escaped above)


@register.simple_tag(takes_context=True)
def social_meta(context, title, description="", kind="website"):
    """Open Graph and Twitter card tags (and the description) for the current page."""
    url = absolute(context)
    return format_html(
        '<meta name="description" content="{description}">\n'
        '<meta property="og:site_name" content="Diplomatic Desk">\n'
        '<meta property="og:locale" content="en_GB">\n'
        '<meta property="og:type" content="{kind}">\n'
        '<meta property="og:title" content="{title}">\n'
        '<meta property="og:description" content="{description}">\n'
        '<meta property="og:url" content="{url}">\n'
        '<meta name="twitter:card" content="summary">\n'
        '<meta name="twitter:title" content="{short_title}">\n'
        '<meta name="twitter:description" content="{short_description}">',
        description=_truncate(description, 300),
        kind=kind,
        title=title,
        url=url,
        short_title=_truncate(title, 70),
        short_description=_truncate(description, 200),
    )
