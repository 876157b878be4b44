"""How long a text is: its words and the minutes it takes to read.

The story form shows both under the body; ``articles/admin/desk.js`` counts the same
way as the editor types.
"""

import math
import re

# Readers of news read about this many words a minute.
WORDS_PER_MINUTE = 230

# A word: letters or digits, joined by apostrophes or hyphens ("don't", "Kim-Xi").
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def word_count(text):
    return len(_WORD.findall(text or ""))


def reading_minutes(words):
    """Whole minutes, at least one for any text at all."""
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0


def describe(text):
    """ "1,234 words · about 6 min to read"."""
    words = word_count(text)
    if not words:
        return "No words yet."
    return f"{words:,} word{'s' if words != 1 else ''} · about {reading_minutes(words)} min to read"
