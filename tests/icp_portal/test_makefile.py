"""`make run` serves where it is asked to, and the links in its e-mails point there too."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_gives_the_server_its_own_host_and_port_as_base_url(tmp_path):
    # A stand-in for the virtualenv's python prints what each step of the recipe would get; -o keeps make from
    # installing anything.
    fake_python = tmp_path / "python"
    fake_python.write_text('#!/bin/sh\necho "$* :: PORTAL_BASE_URL=$PORTAL_BASE_URL DJANGO_DEBUG=$DJANGO_DEBUG"\n')
    fake_python.chmod(0o755)
    environment = {key: value for key, value in os.environ.items() if key not in ("PORTAL_BASE_URL", "DJANGO_DEBUG")}
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "run", "HOST=127.0.0.2", "PORT=8123", f"VENV={tmp_path}",
         f"BIN={tmp_path}", "-o", f"{tmp_path}/.installed-run", "-o", "node_modules/.installed"],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    steps = result.stdout.splitlines()
    assert [step.split(" ")[1] for step in steps] == ["migrate", "bootstrap_demo", "runserver"]
    for step in steps:
        assert step.endswith(":: PORTAL_BASE_URL=http://127.0.0.2:8123 DJANGO_DEBUG=on"), step
    assert "runserver 127.0.0.2:8123" in steps[-1]
    assert "--base-url http://127.0.0.2:8123" in steps[1]
