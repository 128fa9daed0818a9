"""Jinja no longer looks at a template's file at every page (auto_reload is off): render.templates_checked,
run at the start of each build, makes the environments anew when a template's file changed, so a template
edited while `toolkit serve` runs shows in its next build, in the same process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from toolkit.site import render
from toolkit.site.render import SiteInfo, render_not_found, templates_checked

SITE = SiteInfo("Site", "", "https://example.org/", "ar", "en")


def test_an_edited_template_shows_at_the_next_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES_DIR, templates)
    monkeypatch.setattr(render, "TEMPLATES_DIR", templates)
    templates_checked()
    before = render_not_found(SITE)
    page = templates / "404.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</ul>", "</ul><p>edited</p>", 1), "utf-8")
    status = page.stat()
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))  # a coarse clock's same tick
    assert render_not_found(SITE) == before  # not looked at between checks
    templates_checked()
    assert b"<p>edited</p>" in render_not_found(SITE)
    monkeypatch.undo()
    templates_checked()
    assert render_not_found(SITE) == before


def test_a_render_worker_loads_no_template_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """load_article_templates, run before the render workers are forked, loads every template an article page
    and its status row use: a worker that loaded one compiled it again, once for each worker."""
    import jinja2
    from site_projects import sample_project

    from toolkit.catalog.store import read_catalog
    from toolkit.config import load_config
    from toolkit.site.build import site_info
    from toolkit.site.pages import article_page

    config = load_config(sample_project(tmp_path / "project", articles=1))
    site = site_info(config)
    catalog = next(config.translations_dir.glob("*.po"))
    page = article_page(read_catalog(catalog), catalog.stem, site.source_language, site.target_language)
    render._environment.cache_clear()
    render.load_article_templates(site)
    loaded = []
    load = jinja2.FileSystemLoader.load
    monkeypatch.setattr(
        jinja2.FileSystemLoader,
        "load",
        lambda self, environment, name, *rest: loaded.append(name) or load(self, environment, name, *rest),
    )
    assert render.article_files(page, site) and render.render_status_row(page.summary, site)
    assert loaded == []
