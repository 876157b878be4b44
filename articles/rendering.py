"""The body's quote markup, computed at save time and stored in ``Article.body_html``.

The body is plain text written by editors, so everything is escaped; the only
markup is what we add: paragraphs, and a ``<q>`` for each verbatim quote, citing
its permalink, with its speaker and the outlets it came through.
"""

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe


def _attribution(quote):
    parts = []
    speaker = quote.speaker
    if speaker is not None:
        url = speaker.get_absolute_url()
        if url:
            parts.append(format_html('<a href="{}">{}</a>', url, speaker.display_name))
        else:
            parts.append(escape(speaker.display_name))
    outlets = list(quote.outlets.all())
    if outlets:
        names = format_html_join(
            ", ", '<a href="{}">{}</a>', ((o.get_absolute_url(), o.name) for o in outlets)
        )
        parts.append(format_html("via {}", names))
    if not parts:
        return ""
    # Every part is already escaped by format_html/escape.
    return format_html('<span class="quote-attribution">{}</span>', mark_safe("; ".join(parts)))  # noqa: S308


def render_body(body, quotes):
    """Return the body as HTML paragraphs with its located quotes marked up."""
    located = sorted((q for q in quotes if q.start is not None), key=lambda q: (q.start, -q.end))
    # Drop quotes nested in, or overlapping, an earlier one: markup cannot interleave.
    spans, last_end = [], -1
    for quote in located:
        if quote.start >= last_end:
            spans.append(quote)
            last_end = quote.end

    paragraphs, offset = [], 0
    for line in (body or "").split("\n"):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not line.strip():
            continue
        pieces, cursor = [], line_start
        for quote in spans:
            if quote.start < line_start or quote.end > line_end:
                continue
            pieces.append(escape(body[cursor : quote.start]))
            pieces.append(
                format_html(
                    '<q id="quote-{}" class="quote quote-{}" cite="{}">{}</q>{}',
                    quote.pk,
                    quote.kind,
                    quote.get_absolute_url(),
                    body[quote.start : quote.end],
                    _attribution(quote),
                )
            )
            cursor = quote.end
        pieces.append(escape(body[cursor:line_end]))
        paragraphs.append("<p>" + "".join(pieces) + "</p>")
    return "\n".join(paragraphs)
