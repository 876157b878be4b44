"""Template helpers every page uses: its head (links, social and structured data) and
actors' native names."""

import functools
import json
import re

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    urls = {name: reverse(viewname, urlconf=urlconf) for name, viewname in _SITE_URLS.items()}
    urls["stylesheet"] = static("site/site.css")
    urls["icon"] = static("site/favicon.svg")
    return urls


def _truncate(text, length):
    text = str(text or "")
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@register.simple_tag(takes_context=True)
def social_meta(context, title, description="", kind="website", image=None):
    """Open Graph and Twitter card tags (and the description) for the current page.

    ``image``: a photo's plain data (``images.pictures.picture``); its share card makes
    the page's card a large image.
    """
    url = absolute(context)
    card = (image or {}).get("share")
    tags = format_html(
        '<meta name="description" content="{description}">\n'
        '<meta property="og:site_name" content="Diplomatic Desk">\n'
        '<meta property="og:locale" content="en_GB">\n'
        '<meta property="og:type" content="{kind}">\n'
        '<meta property="og:title" content="{title}">\n'
        '<meta property="og:description" content="{description}">\n'
        '<meta property="og:url" content="{url}">\n'
        '<meta name="twitter:card" content="{twitter_card}">\n'
        '<meta name="twitter:title" content="{short_title}">\n'
        '<meta name="twitter:description" content="{short_description}">',
        description=_truncate(description, 300),
        kind=kind,
        title=title,
        url=url,
        twitter_card="summary_large_image" if card else "summary",
        short_title=_truncate(title, 70),
        short_description=_truncate(description, 200),
    )
    if not card:
        return tags
    return tags + format_html(
        '\n<meta property="og:image" content="{src}">\n'
        '<meta property="og:image:width" content="{width}">\n'
        '<meta property="og:image:height" content="{height}">\n'
        '<meta property="og:image:alt" content="{alt}">\n'
        '<meta name="twitter:image" content="{src}">\n'
        '<meta name="twitter:image:alt" content="{alt}">',
        src=absolute(context, card["url"]),
        width=card["width"],
        height=card["height"],
        alt=_truncate(image.get("alt"), 420),
    )
