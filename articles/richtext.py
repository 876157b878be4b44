"""The structured body: sanitised HTML, its plain text, and typographic quotation marks.

Plain functions with plain data in and out. Editors write the body in a rich-text
editor; what is stored is ``sanitise``'d to an allow-list (paragraphs, two levels of
subheading, links, bold and italic, lists, block quotes, horizontal rules and line
breaks) in one canonical form: whitespace folded as a browser shows it, blocks on
their own lines, nothing empty. ``to_text`` is that body's text, one paragraph,
subheading or list item per line: what quotes are checked against and what their
offsets count. ``from_text`` turns plain text into paragraphs, losing no word.

``smarten`` sets typographic quotation marks and apostrophes. It changes only those
characters, one for one, so offsets into the text stay valid, and it leaves curly
marks as they are, so applying it twice changes nothing.
"""

import re
from html import escape
from html.parser import HTMLParser

import nh3

# What editors can write. Subheadings are h2 and h3: the story's headline is the page's h1.
TAGS = {"p", "h2", "h3", "a", "strong", "em", "ul", "ol", "li", "blockquote", "hr", "br"}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener"
# Read from pasted or wire HTML, then mapped to the allowed tags (bold, italic, the
# other heading levels) or unwrapped as a block (a <div> becomes its paragraphs), so
# that no two paragraphs are run together.
RENAMED = {"b": "strong", "i": "em", "h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}
CONTAINERS = {
    "div", "section", "article", "header", "footer", "main", "aside", "figure",
    "figcaption", "address", "pre", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "center",
}  # fmt: skip
# Removed with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = {
    "script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
    "select", "svg", "math", "title", "frameset", "frame", "noembed", "xmp", "button",
}  # fmt: skip

BLOCKS = {"p", "h2", "h3", "ul", "ol", "li", "blockquote", "hr"} | CONTAINERS
LINES = {"p", "h2", "h3", "li", "blockquote"}
INLINE = {"a", "strong", "em", "br"}
VOID = {"br", "hr"}
# Whitespace as HTML folds it; a no-break space is a character, not whitespace.
_WHITESPACE = re.compile(r"[ \t\n\r\f]+")


def _keep_attribute(tag, name, value):
    if tag == "ol" and name == "start":
        return value if value.isdigit() else None
    return value


_cleaner = nh3.Cleaner(
    tags=TAGS | set(RENAMED) | CONTAINERS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes={"a": {"href", "title"}, "ol": {"start"}},
    attribute_filter=_keep_attribute,
    link_rel=LINK_REL,
    url_schemes=LINK_SCHEMES,
    url_relative="deny",
    strip_comments=True,
)


class Element:
    """A parsed element: its tag, attributes (name, value) and children (elements, text)."""

    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=(), children=None):
        self.tag, self.attrs, self.children = tag, list(attrs), children or []


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, [(k, v or "") for k, v in attrs])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _parse(html):
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root


# --- the canonical form ---------------------------------------------------------------------


def _has_text(nodes):
    for node in nodes:
        if isinstance(node, str):
            if node.strip(" \t\n\r\f"):
                return True
        elif node.tag != "br" and _has_text(node.children):
            return True
    return False


def _inline(nodes):
    """Inline content: allowed inline elements, text with its whitespace folded."""
    result = []
    for node in nodes:
        if isinstance(node, str):
            text = _WHITESPACE.sub(" ", node)
            if text:
                result.append(text)
            continue
        tag = RENAMED.get(node.tag, node.tag)
        if tag == "br":
            result.append(Element("br"))
        elif tag in ("strong", "em") or (tag == "a" and dict(node.attrs).get("href")):
            children = _inline(node.children)
            if _has_text(children):
                result.append(Element(tag, node.attrs if tag == "a" else (), children))
        else:  # a link left without its address, a stray block inside a line: its text
            result.extend(_inline(node.children))
    return result


def _fold(nodes):
    """Fold whitespace across elements: no run of spaces, none at either end of the line."""
    state = {"space": True}  # at the start of a line, a space is dropped

    def walk(children):
        folded = []
        for node in children:
            if isinstance(node, str):
                if state["space"]:
                    node = node.lstrip(" ")
                if node:
                    state["space"] = node.endswith(" ")
                    folded.append(node)
            elif node.tag == "br":
                _strip_end(folded)
                state["space"] = True
                folded.append(node)
            else:
                node.children = walk(node.children)
                if _has_text(node.children):
                    folded.append(node)
        return folded

    result = walk(nodes)
    _strip_end(result)
    while result and not isinstance(result[-1], str) and result[-1].tag == "br":
        result.pop()
    return result


def _strip_end(nodes):
    """Drop trailing spaces of the last text in ``nodes`` (inside its elements, too)."""
    while nodes:
        last = nodes[-1]
        if isinstance(last, str):
            last = last.rstrip(" ")
            if last:
                nodes[-1] = last
                return
            nodes.pop()
        elif last.tag == "br":
            return
        else:
            _strip_end(last.children)
            if _has_text(last.children):
                return
            nodes.pop()


def _line(tag, attrs, children):
    children = _fold(_inline(children))
    return [Element(tag, attrs, children)] if _has_text(children) else []


def _blocks(nodes):
    """Block content: paragraphs, subheadings, lists, block quotes and rules."""
    result, run = [], []

    def flush():
        if run:
            result.extend(_line("p", (), run))
            run.clear()

    for node in nodes:
        tag = node if isinstance(node, str) else RENAMED.get(node.tag, node.tag)
        if isinstance(node, str) or tag in INLINE or tag not in BLOCKS:
            run.append(node)
            continue
        flush()
        if tag in ("p", "h2", "h3"):
            result.extend(_line(tag, (), node.children))
        elif tag in ("ul", "ol"):
            items = _list_items(node.children)
            if items:
                result.append(Element(tag, node.attrs if tag == "ol" else (), items))
        elif tag == "li":  # an item outside a list: its text is a paragraph
            result.extend(_blocks(node.children))
        elif tag == "blockquote":
            inner = _blocks(node.children)
            if inner:
                result.append(Element("blockquote", (), inner))
        elif tag == "hr":
            result.append(Element("hr"))
        else:  # a container: its blocks, in place
            result.extend(_blocks(node.children))
    flush()
    return result


def _list_items(nodes):
    items, loose = [], []
    for node in nodes:
        if not isinstance(node, str) and node.tag == "li":
            if _has_text(loose):
                items.extend(_item(loose))
            loose = []
            items.extend(_item(node.children))
        else:
            loose.append(node)
    if _has_text(loose):
        items.extend(_item(loose))
    return items


def _item(children):
    """A list item: a line of text, or blocks (paragraphs, a nested list) when it has them."""
    if any(
        not isinstance(c, str) and RENAMED.get(c.tag, c.tag) in BLOCKS - {"hr"} for c in children
    ):
        inner = [b for b in _blocks(children) if b.tag != "hr"]
        return [Element("li", (), inner)] if inner else []
    return _line("li", (), children)


def _canonical(html):
    return _blocks(_parse(html).children)


def escape_text(text):
    """Text as HTML: only ``&``, ``<`` and ``>`` need escaping outside attributes."""
    return escape(text, quote=False)


def start_tag(element):
    attrs = "".join(f' {name}="{escape(value)}"' for name, value in element.attrs)
    return f"<{element.tag}{attrs}>"


def _serialise(nodes, top=False):
    parts = []
    for node in nodes:
        if hasattr(node, "__html__"):  # markup made by the caller (the reader's page)
            parts.append(node.__html__())
        elif isinstance(node, str):
            parts.append(escape_text(node))
        elif node.tag in VOID:
            parts.append(f"<{node.tag}>")
        else:
            parts.append(f"{start_tag(node)}{_serialise(node.children)}</{node.tag}>")
    return ("\n" if top else "").join(parts)


# --- the public functions -------------------------------------------------------------------


def sanitise(html):
    """``html`` reduced to the allow-list, in the canonical form the body is stored in.

    Scripts, styles and frames go with their content; other elements not allowed are
    unwrapped (their text stays); links keep only http, https and mailto addresses and
    get ``rel="noopener"``; no attribute but a link's address and title, and a numbered
    list's start, survives.
    """
    return _serialise(_canonical(_cleaner.clean(html or "")), top=True)


def lines(nodes):
    """The line elements of canonical ``nodes``, in reading order."""
    for node in nodes:
        if isinstance(node, str) or node.tag == "hr":
            continue
        if node.tag in LINES and not any(
            not isinstance(c, str) and c.tag in BLOCKS for c in node.children
        ):
            yield node
        else:
            yield from lines(node.children)


def line_text(line):
    """The text of one line element (a ``<br>`` is a line break)."""
    return _text(line.children)


def _text(nodes):
    return "".join(
        node if isinstance(node, str) else ("\n" if node.tag == "br" else _text(node.children))
        for node in nodes
    )


def to_text(html):
    """The body's text: one paragraph, subheading, list item or quoted paragraph per line."""
    return "\n".join(_text(line.children) for line in lines(_canonical(html)))


def from_text(text):
    """Plain text as paragraphs, one per line, escaped; blank lines carry nothing."""
    paragraphs = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _WHITESPACE.sub(" ", line).strip(" ")
        if line:
            paragraphs.append(f"<p>{escape(line, quote=False)}</p>")
    return "\n".join(paragraphs)


# Characters after which a quotation mark opens a quotation.
_OPENS_AFTER = set("([{“‘«‹—–-/") | {"\xa0"}


def smarten(text, before=""):
    """Straight quotation marks and apostrophes made typographic (“ ” ‘ ’).

    ``before`` is the character preceding ``text``, if any (the text of a line may be
    split across elements). Only ``"`` and ``'`` change, one character for one.
    """
    if '"' not in text and "'" not in text:
        return text
    out = []
    previous = before[-1:] if before else ""
    for index, char in enumerate(text):
        opens = previous == "" or previous.isspace() or previous in _OPENS_AFTER
        if char == '"':
            char = "“" if opens else "”"
        elif char == "'":
            # An apostrophe, or a closing mark; it opens only a quotation ('90s is elided).
            following = text[index + 1 : index + 2]
            char = "‘" if opens and not following.isdigit() and following != "" else "’"
        out.append(char)
        previous = char
    return "".join(out)


def smarten_html(html):
    """``smarten`` applied to the text of sanitised ``html``, line by line."""
    nodes = _canonical(html)

    def walk(children, before):
        for index, node in enumerate(children):
            if isinstance(node, str):
                children[index] = smarten(node, before)
                before = children[index][-1:] or before
            elif node.tag == "br":
                before = "\n"
            else:
                before = walk(node.children, before)
        return before

    for line in lines(nodes):
        walk(line.children, "")
    return _serialise(nodes, top=True)


def canonical_tree(html):
    """The canonical elements of ``html``, for walking it (the reader's page marks quotes)."""
    return _canonical(html)


def serialise(nodes, top=True):
    """Canonical elements as HTML (top-level blocks one per line)."""
    return _serialise(nodes, top=top)
