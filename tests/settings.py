"""The test suite's settings: the portal's own, with the public address a test server has.

With DJANGO_DEBUG off (as in production, and as the suite runs) PORTAL_BASE_URL is required; the suite, and the
processes it starts (workers, fresh interpreters reading the settings), answer at Django's test host unless the
environment names another.
"""

import os

os.environ.setdefault("PORTAL_BASE_URL", "http://testserver")

from icp_portal.settings import *  # noqa: E402, F403
