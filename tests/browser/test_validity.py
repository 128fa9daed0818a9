"""The Nu HTML checker on the built files: the pages are valid HTML."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .checked_pages import VNU, every_page, require


def test_nu_html_checker_reports_no_error(site, hostile_site, paged_site) -> None:
    """The real pages, the pages made of hostile markup (what the sanitizer leaves is valid HTML too), and a
    paged article list."""
    require(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: the Nu HTML checker needs it")
    files = [str(built.root / name) for built in (site, hostile_site, paged_site) for name in every_page(built)]
    finished = subprocess.run(
        # The JVM's quick compiler alone: one short run, half the CPU of the JVM's default (both compilers).
        [java, "-XX:TieredStopAtLevel=1", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(finished.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == []
