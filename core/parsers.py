"""Request body parsers for the API (``REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]``).

A module of its own: DRF reads that setting while defining ``APIView``, so the
parser cannot live beside the views that import ``rest_framework.views``.
"""

import re

from rest_framework import exceptions, parsers
from rest_framework.utils import json

# A JSON string (escapes included), and the brackets that open or close a level.
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_nests_deeper_than(text, limit):
    """True if arrays and objects in the JSON ``text`` nest more than ``limit`` levels deep."""
    depth = 0
    for bracket in JSON_BRACKET.findall(JSON_STRING.sub('""', text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class DepthLimitedJSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing bodies that nest deeper than ``max_depth`` levels.

    Python's decoder recurses once per level, so a body of a thousand brackets would
    exhaust the stack; no resource here takes more than a few levels.
    """

    max_depth = 32

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        too_deep = exceptions.ParseError(
            f"JSON parse error - the body nests arrays or objects more than {self.max_depth} "
            "levels deep. Send flatter data."
        )
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        if json_nests_deeper_than(text, self.max_depth):
            raise too_deep
        parse_constant = json.strict_constant if self.strict else None
        try:
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise too_deep from exc
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
