"""The per-address limit on survey answers, counted as the partner API counts its anonymous clients (in the shared
cache, fixed windows; the rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["survey_answers"])."""

import hashlib
import hmac

from django.conf import settings

from icp_portal.api.throttling import FixedWindowThrottle
from icp_portal.client_address import client_address


class SurveyAnswerThrottle(FixedWindowThrottle):
    scope = "survey_answers"

    def client(self, request) -> str | None:
        # The address is used for the limit only: a keyed hash names it in the cache for the window, so not even
        # the cache holds an address that could be matched with an answer.
        address = client_address(request)
        return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def survey_answer_allowed(request) -> bool:
    """Counts this attempt to answer against the visitor's address; False once past the rate."""
    return SurveyAnswerThrottle().allow_request(request, None)
