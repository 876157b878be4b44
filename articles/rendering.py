"""The body's quote markup, computed at save time and stored in ``Article.body_html``.

The body is plain text written by editors, so everything is escaped; the only
markup is what we add: paragraphs, and a ``<q>`` for each verbatim quote, citing
its permalink, followed (after the closing quotation mark) by a short attribution:
the speaker, linked to their page, and the outlets it came through.

The body already carries its own typographic quotation marks, so the ``<q>``
holds only the words and the stylesheet sets ``quotes: none`` on it.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Characters that may follow a quote's words before the attribution can go in:
# the closing quotation mark and the punctuation editors put inside it.
_CLOSING = set("”’\"'»›,.;:!?…")


def _actor_html(actor):
    url = actor.get_absolute_url()
    if url:
        return format_html('<a href="{}">{}</a>', url, actor.display_name)
    return escape(actor.display_name)


def _names(actors):
    """Join linked names as readers write them: "A", "A and B", "A, B and C"."""
    names = [_actor_html(actor) for actor in actors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def attribution(quote):
    """Who said it and via which outlets, as safe HTML ("" when neither is known)."""
    speaker = quote.speaker
    who = _actor_html(speaker) if speaker is not None else ""
    # An outlet speaking for itself is not also "via" itself.
    outlets = [o for o in quote.outlets.all() if speaker is None or o.pk != speaker.pk]
    # Every part below is escaped by format_html/escape before it is joined.
    via = mark_safe(_names(outlets))  # noqa: S308
    if who and outlets:
        text = format_html('{}<span class="quote-via">, via {}</span>', mark_safe(who), via)  # noqa: S308
    elif who:
        text = mark_safe(who)  # noqa: S308
    elif outlets:
        text = format_html('<span class="quote-via">via {}</span>', via)
    else:
        return ""
    return format_html(
        '<span class="quote-attribution"><span class="visually-hidden">(quote by </span>{}'
        '<span class="visually-hidden">)</span>'
        '<a class="quote-permalink" href="{}" title="Permalink to this quote">'
        '<span aria-hidden="true">¶</span><span class="visually-hidden">'
        "Permalink to this quote</span></a></span>",
        text,
        quote.get_absolute_url(),
    )


def _closing_end(body, position, limit):
    """Where the quotation that ends at ``position`` really closes, marks included."""
    while position < limit and body[position] in _CLOSING:
        position += 1
    return position


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
        in_line = [q for q in spans if q.start >= line_start and q.end <= line_end]
        pieces, cursor = [], line_start
        for index, quote in enumerate(in_line):
            next_start = in_line[index + 1].start if index + 1 < len(in_line) else line_end
            closes = _closing_end(body, quote.end, next_start)
            pieces.append(escape(body[cursor : quote.start]))
            pieces.append(
                format_html(
                    '<q id="quote-{}" class="quote quote-{}" cite="{}">{}</q>{}{}',
                    quote.pk,
                    quote.kind,
                    quote.get_absolute_url(),
                    body[quote.start : quote.end],
                    body[quote.end : closes],
                    attribution(quote),
                )
            )
            cursor = closes
        pieces.append(escape(body[cursor:line_end].rstrip("\r")))
        paragraphs.append("<p>" + "".join(pieces) + "</p>")
    return "\n".join(paragraphs)


def in_context(quote):
    """The paragraph a located quote sits in, escaped, with the quote's words in ``<mark>``."""
    if quote.start is None:
        return ""
    body = quote.article.body
    start = body.rfind("\n", 0, quote.start) + 1
    end = body.find("\n", quote.end)
    end = len(body) if end < 0 else end
    return format_html(
        "{}<mark>{}</mark>{}",
        body[start : quote.start],
        body[quote.start : quote.end],
        body[quote.end : end].rstrip("\r"),
    )
