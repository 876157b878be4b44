"""Reading wire copy as it arrives: pasted text, a ``.txt`` file, or a ninjs item.

Plain functions with plain data in and out. Each refusal is a ``ValidationError``
whose message names the problem, so the admin, the API and the command line all
say the same thing; nothing is written before the copy has been read.
"""

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.core.exceptions import ValidationError

MAX_BYTES = 1024 * 1024
SCHEMAS = Path(__file__).resolve().parent / "schemas"
NINJS_VERSIONS = ("1.6", "2.2", "3.0", "3.1")
# Control characters other than tab and line breaks mean the file is not text.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Copy:
    """A wire report, read: the story's text and what the agency said about it."""

    body: str
    body_html: str = ""  # the agency's HTML body, if it sent one (sanitised when stored)
    headline: str = ""
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    source_format: str = "text"  # "text" or "ninjs <version>"
    original: str = ""  # the copy exactly as it arrived


def read_text(data, *, what="The text", exact=False):
    """``data`` (bytes or str) as text: refused if empty, binary, not UTF-8 or over 1 MB.

    ``exact`` keeps the text exactly as read (a byte-order mark, CRLF line breaks), so
    that offsets index the file itself; otherwise line breaks become "\n".
    """
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise ValidationError(
                f"{what} is {len(data) / 1024 / 1024:.1f} MB; the limit is 1 MB.", code="too_big"
            )
        if b"\x00" in data:
            raise ValidationError(f"{what} is binary data, not text.", code="binary")
        try:
            text = data.decode("utf-8" if exact else "utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                f"{what} is not UTF-8 text (byte {error.start} cannot be read). "
                "Save it as UTF-8 and try again.",
                code="not_utf8",
            ) from error
    elif isinstance(data, str):
        text = data
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise ValidationError(f"{what} is over the limit of 1 MB.", code="too_big")
    else:
        raise ValidationError(f"{what} must be a string.", code="invalid")
    if _BINARY.search(text):
        raise ValidationError(f"{what} is binary data, not text.", code="binary")
    if not exact:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError(f"{what} is empty.", code="empty")
    return text


def read_copy(data, *, filename=""):
    """A pasted or uploaded report: a ninjs item when it is JSON (or named .json)."""
    text = read_text(data, what=f"“{filename}”" if filename else "The copy")
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith("{"):
        try:
            item = json.loads(text)
        except json.JSONDecodeError as error:
            if filename.lower().endswith(".json"):
                raise ValidationError(
                    f"“{filename}” is not valid JSON: {error.msg} at line {error.lineno}, "
                    f"column {error.colno}.",
                    code="invalid_json",
                ) from error
        else:
            copy = read_ninjs(item)
            copy.original = text
            return copy
    return Copy(body=text.strip("\n"), original=text)


def _no_download(uri):
    """Schemas the ninjs schemas point to elsewhere (GeoJSON) are not fetched: any value
    passes there. Everything ninjs itself defines is checked."""
    from referencing import Resource
    from referencing.jsonschema import DRAFT202012

    return Resource.from_contents({}, default_specification=DRAFT202012)


@cache
def _validator(version):
    import jsonschema
    from referencing import Registry

    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(
        schema,
        format_checker=jsonschema.FormatChecker(),
        registry=Registry(retrieve=_no_download),
    )


def ninjs_versions(item):
    """The ninjs schemas an item may follow, most likely first: 3.x is camelCase, 2.x has
    ``bodies``/``headlines``, 1.x ``body_text``."""
    standard = item.get("standard")
    declared = str(standard.get("version") or "") if isinstance(standard, dict) else ""
    if declared.startswith("3") or any(k in item for k in ("versionCreated", "pubStatus")):
        return ("3.1", "3.0") if declared != "3.0" else ("3.0", "3.1")
    if declared.startswith("2") or "bodies" in item or "headlines" in item:
        return ("2.2",)
    return ("1.6",)


def read_ninjs(item):
    """A ninjs item (1.x, 2.x or 3.x), validated against its schema, as ``Copy``."""
    if not isinstance(item, dict):
        raise ValidationError("A ninjs item is a JSON object.", code="invalid_ninjs")
    candidates = ninjs_versions(item)
    for version in candidates:
        errors = sorted(_validator(version).iter_errors(item), key=lambda e: list(e.path))
        if not errors:
            break
    else:
        version = candidates[0]
        errors = sorted(_validator(version).iter_errors(item), key=lambda e: list(e.path))
        error = errors[0]
        where = "/".join(str(p) for p in error.absolute_path) or "the item"
        raise ValidationError(
            f"This is not a valid ninjs {version} item: at {where}, {error.message}",
            code="invalid_ninjs",
        )
    body = _ninjs_body(item) or _main(item.get("descriptions")) or item.get("description_text", "")
    if not body.strip():
        raise ValidationError("The ninjs item has no body text.", code="empty")
    return Copy(
        body=body,
        body_html=html if html_to_text(html := _ninjs_html(item)) else "",
        headline=_main(item.get("headlines")) or item.get("headline", ""),
        standfirst=_main(item.get("descriptions")) or item.get("description_text", ""),
        byline=_byline(item),
        dateline=item.get("located", "") if isinstance(item.get("located"), str) else "",
        source_format=f"ninjs {version}",
    )


def _main(entries):
    """The value of the ``main`` (else the first) entry of a list of role/value objects."""
    if not isinstance(entries, list):
        return ""
    entries = [e for e in entries if isinstance(e, dict) and isinstance(e.get("value"), str)]
    for entry in entries:
        if entry.get("role") in (None, "main", "summary", "default"):
            return entry["value"].strip()
    return entries[0]["value"].strip() if entries else ""


def _byline(item):
    by = item.get("by", item.get("byline", ""))
    return by.strip() if isinstance(by, str) else ""


def _ninjs_body(item):
    """Plain text if the item carries it, else its HTML as paragraphs of text."""
    bodies = item.get("bodies")
    if isinstance(bodies, list):
        bodies = [b for b in bodies if isinstance(b, dict) and isinstance(b.get("value"), str)]
        for body in bodies:
            if (body.get("contentType") or body.get("contenttype") or "").startswith("text/plain"):
                return body["value"].replace("\r\n", "\n").strip("\n")
        for body in bodies:
            return html_to_text(body["value"])
    if isinstance(item.get("body_text"), str):
        return item["body_text"].replace("\r\n", "\n").strip("\n")
    for key in ("body_html", "body_xhtml"):
        if isinstance(item.get(key), str):
            return html_to_text(item[key])
    return ""


def _ninjs_html(item):
    """The item's HTML body (``text/html`` in ``bodies``, or 1.x ``body_html``), if any."""
    bodies = item.get("bodies")
    if isinstance(bodies, list):
        for body in bodies:
            if not isinstance(body, dict) or not isinstance(body.get("value"), str):
                continue
            kind = body.get("contentType") or body.get("contenttype") or ""
            if "html" in kind:
                return body["value"]
        return ""
    for key in ("body_html", "body_xhtml"):
        if isinstance(item.get(key), str):
            return item[key]
    return ""


class _TextExtractor(HTMLParser):
    BLOCKS = {"p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
              "br", "tr", "article", "header", "footer", "pre"}  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup):
    """HTML as plain text: one paragraph per line, whitespace inside lines folded."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in html.unescape("".join(parser.parts)).split("\n"))
    return "\n".join(line for line in lines if line)
