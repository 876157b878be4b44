"""Find quotation marks and pair them, paragraph by paragraph.

Only double-style marks (“ ” " « » „ 「 」 『 』) delimit top-level quotations; single marks
(‘ ’ ') are left inside the words, so nested quotes and apostrophes (Korea’s, don't) never
break a pairing. A document with no double marks at all falls back to single marks used as
primary quotation marks, with apostrophes told apart by their neighbours.

An opener that is never closed loses only itself: a second opener of the same family
replaces it, and at the end of a paragraph it is dropped, unless the next paragraph reopens
the quotation (the convention for a quote running over several paragraphs).
"""

from dataclasses import dataclass

# family of each opening mark, and the closers each family accepts
_OPENERS = {"“": "en", "„": "en", "‟": "en", "«": "gu", "「": "cj", "『": "cj2", "‹": "gs"}
_CLOSERS = {"”": ("en",), "»": ("gu",), "」": ("cj",), "』": ("cj2",), "›": ("gs",)}
_STRAIGHT = '"'
_SINGLE_OPEN = "‘"
_SINGLE_CLOSE = "’"
_OPEN_BEFORE = set(" \t\n\u00a0([{—–-/:;,") | set(_OPENERS)
_SPACE = " \t\n\u00a0\u2009\u202f"
_STRIP = _SPACE + "\u3000"


@dataclass(frozen=True, slots=True)
class Mark:
    """One quotation: the marks' positions and the words between them."""

    open_at: int
    close_at: int | None  # None when the paragraph ends inside the quotation
    start: int
    end: int
    reopened: bool = False  # this fragment starts a paragraph that reopens the previous one


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _straight_role(text: str, i: int) -> str | None:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if before in _OPEN_BEFORE and after not in _SPACE:
        return "open"
    if before not in _SPACE and (after in _SPACE or not _is_word(after)):
        return "close"
    return None


def _single_role(text: str, i: int) -> str | None:
    """For documents quoted with single marks: is this mark an opener, closer or apostrophe?"""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    if _is_word(before) and _is_word(after):
        return None  # Korea’s, don’t
    if before in _OPEN_BEFORE and (after.isalpha() or after.isdigit() or after in '“"'):
        return "open"
    if before not in _SPACE and not _is_word(after):
        if before in "sS" and after in _SPACE:
            return "close?"  # "leaders’ summit" or the end of a quote: decided by the stack
        return "close"
    return None


def _paragraphs(text: str):
    start = 0
    for index, ch in enumerate(text):
        if ch == "\n":
            yield start, index
            start = index + 1
    yield start, len(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _reopens(text: str, paragraphs, index: int, family: str, single: bool) -> bool:
    """Does the next non-empty paragraph start with an opener of ``family``?"""
    for start, end in paragraphs[index + 1 :]:
        s, e = _trimmed(text, start, end)
        if s == e:
            continue
        ch = text[s]
        if single:
            return ch == _SINGLE_OPEN or ch == "'"
        return _OPENERS.get(ch) == family or (ch == _STRAIGHT and family == "en")
    return False


def _runs_on(text: str, open_at: int, end: int) -> bool:
    """An unclosed quotation carried into the next paragraph opens on a full sentence and
    ends one; a stray mark before a lower-case word ("as “tense but ...") does not."""
    start, end = _trimmed(text, open_at + 1, end)
    if start >= end:
        return False
    first, last = text[start], text[end - 1]
    return (first.isupper() or first.isdigit() or not first.isascii()) and last in ".!?…:;—"


def find_quotations(text: str) -> list[Mark]:
    single = not any(ch in text for ch in '“”„«»「」『』"')
    paragraphs = list(_paragraphs(text))
    marks: list[Mark] = []
    carried = False  # the current paragraph reopens a quotation from the previous one
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        stack: list[tuple[str, int]] = []  # (family, position of the opener)
        reopened_at = None
        for i in range(p_start, p_end):
            ch = text[i]
            role = family = None
            if single:
                if ch in (_SINGLE_OPEN, _SINGLE_CLOSE, "'"):
                    role = _single_role(text, i)
                    if ch == _SINGLE_OPEN and role not in (None, "open"):
                        role = None
                    if role == "close?":
                        role = "close" if stack else None
                    family = "sq"
            elif ch in _OPENERS:
                role, family = "open", _OPENERS[ch]
                if ch == "„" and stack and stack[-1][0] == "en":
                    role = None
            elif ch in _CLOSERS:
                role = "close"
                # a mistyped ” used as an opener
                if (
                    ch == "”"
                    and not stack
                    and (i == p_start or text[i - 1] in _SPACE)
                    and i + 1 < p_end
                    and _is_word(text[i + 1])
                ):
                    role, family = "open", "en"
            elif ch == _STRAIGHT:
                role = _straight_role(text, i)
                family = "en"
                if role == "open" and stack and stack[-1][0] == "en":
                    role = "close"
            if role == "open":
                if stack and stack[-1][0] == family:
                    stack.pop()  # an unclosed opener of the same kind: it was stray
                stack.append((family, i))
                if carried and reopened_at is None and len(stack) == 1:
                    reopened_at = i
            elif role == "close":
                accepted = ("en",) if ch == _STRAIGHT else _CLOSERS.get(ch, ("sq",))
                depth = next(
                    (d for d in range(len(stack) - 1, -1, -1) if stack[d][0] in accepted),
                    None,
                )
                if depth is None:
                    continue  # a stray closer
                family_at, open_at = stack[depth]
                del stack[depth:]
                if not stack:
                    start, end = _trimmed(text, open_at + 1, i)
                    if start < end:
                        marks.append(Mark(open_at, i, start, end, reopened_at == open_at))
        carried = False
        if stack:
            family_at, open_at = stack[0]
            if _reopens(text, paragraphs, p_index, family_at, single) and _runs_on(
                text, open_at, p_end
            ):
                start, end = _trimmed(text, open_at + 1, p_end)
                if start < end:
                    marks.append(Mark(open_at, None, start, end, reopened_at == open_at))
                carried = True
    return marks
