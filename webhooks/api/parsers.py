"""Request bodies of the webhooks API: JSON read by orjson, whose nesting limit turns a hostile body (thousands of
nested arrays) into a 400, where the standard library's parser would exhaust Python's recursion and answer 500."""

import orjson
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class ORJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return orjson.loads(stream.read() if stream is not None else b"")
        except orjson.JSONDecodeError as error:
            raise ParseError(f"JSON parse error - {error}") from error
