"""The partner API's sync links (icp_portal/api/pagination.py)."""

import pytest
from rest_framework.utils.urls import remove_query_param, replace_query_param

from icp_portal.api.pagination import with_query

URLS = [
    "http://portal.test/api/v1/cities/?updated_since=2000-01-01T00:00:00Z",
    "http://portal.test/api/v1/cities/?page=3&updated_since=2000-01-01T00%3A00%3A00%2B02%3A00&page_size=50",
    "https://portal.test/api/v1/initiatives/?country=JP&country=FR&q=caf%C3%A9+de+paix&blank=&after=old&z=1",
    "http://portal.test/api/v1/proclamations/?updated_until=2026-01-01T00:00:00+00:00&page=x&page=2#fragment",
    "http://portal.test/api/v1/cities/?a=%26%3D%2B&updated_since=2000-01-01",
]


@pytest.mark.parametrize("url", URLS)
def test_a_next_link_is_what_drf_writes_in_three_passes(url):
    values = {"updated_until": "2026-12-03T08:00:00.123456+00:00", "after": "MjAyNi0xMi0wM1QwODowMDowMHw1"}
    expected = remove_query_param(url, "page")
    for key, value in values.items():
        expected = replace_query_param(expected, key, value)
    assert with_query(url, without="page", **values) == expected
