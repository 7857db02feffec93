"""What a web worker loads before its first request. Each case runs a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What gunicorn does in a worker: the WSGI application, then the URLs (Django resolves them on the first request).
LOAD_WORKER = """
import sys
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
get_wsgi_application()
get_resolver().url_patterns
print(" ".join(sorted(name for name in ("fpdf", "fontTools", "pypdf") if name in sys.modules)))
"""


def test_a_web_worker_starts_without_the_pdf_libraries():
    # fpdf2 (with fontTools) and pypdf are some 24 MB of each process: loaded by the first certificate drawn or
    # PDF checked, not by every worker (certificates/views.py, icp_portal/pdf_uploads.py).
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "icp_portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", LOAD_WORKER], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
