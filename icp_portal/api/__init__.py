"""The partner API's infrastructure, shared by every app's `api/` folder, one module per concern as in NetBox's
`netbox/api/`:

- `routers.py`: the `/api/v1/` router; `urls.py` registers each app's viewsets on it and adds the schema and docs.
- `viewsets.py`: the base of every viewset (errors in JSON, an ETag on every answer, 304).
- `authentication.py`, `throttling.py`, `negotiation.py`, `pagination.py` (with the incremental sync's window),
  `renderers.py`, `errors.py` (the exception handler): the classes REST_FRAMEWORK names in settings, each by its
  module.
- `page_cache.py`: rendered pages served again while the data they show has not changed.
- `schema.py`: the parts of the OpenAPI description every collection shares (error and 304 answers).

DRF's views import the classes settings name while they load, so those modules never import DRF's views (or
`routers.py`, `viewsets.py`, `urls.py`, which do); this file imports nothing for the same reason.
"""
