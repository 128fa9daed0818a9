"""A rebuild after one change (the unchanged articles carried over at once, their bundles whole) gives exactly
the site a full build of the same project gives, file for file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from abuse.abuse_projects import copy_default_project
from site_projects import built_bundled_project, sample_project

from toolkit.commands.publish import publish
from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.search import bundle_of


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def _fresh_copy(project: Path, destination: Path) -> Path:
    """The project's inputs alone: no site, no state folder."""
    shutil.copytree(project, destination, ignore=shutil.ignore_patterns("site", ".toolkit"))
    return destination


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return built_bundled_project(tmp_path / "project", monkeypatch)


def test_one_changed_catalog_gives_the_site_of_a_full_build(project: Path, tmp_path: Path) -> None:
    catalog = project / "translations" / "005_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title", "Retitled"), encoding="utf-8")
    result = build_site(load_config(project))
    assert {"articles/005_sample.html", "ar/articles/005_sample.html"} <= set(result.written)
    # Itself, and its neighbours in the list, whose links to it show its title.
    assert len([name for name in result.written if name.startswith("articles/")]) <= 3
    assert result.bundles_indexed == (bundle_of("005_sample", 16),)
    fresh = _fresh_copy(project, tmp_path / "fresh")
    build_site(load_config(fresh))
    assert _files(project / "site") == _files(fresh / "site")


def test_a_page_edited_in_the_site_or_a_new_article_gives_the_site_of_a_full_build(
    project: Path, tmp_path: Path
) -> None:
    edited = project / "site" / "ar" / "articles" / "003_sample.html"
    edited.write_bytes(edited.read_bytes().replace(b"</main>", b"edited by hand</main>"))
    # A new article in the bundle of one whose articles are otherwise all unchanged.
    shutil.copy2(project / "translations" / "007_sample.po", project / "translations" / "007_sample_copy.po")
    result = build_site(load_config(project))
    assert "ar/articles/003_sample.html" in result.written
    assert bundle_of("007_sample_copy", 16) in result.bundles_indexed
    fresh = _fresh_copy(project, tmp_path / "fresh")
    build_site(load_config(fresh))
    assert _files(project / "site") == _files(fresh / "site")


def test_publish_after_one_changed_source_gives_the_site_of_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No model: the changed paragraph waits for one, and the site is built all the same.
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos-packages"))
    project = copy_default_project(tmp_path / "project")
    publish(load_config(project), quiet=True)
    source = sorted((project / "source").glob("*.txt"))[2]
    added = (
        "\nوقال الوزير في كلمته إن إنتاج التمور ارتفع هذا العام بفضل الأمطار الغزيرة وبرامج الري الحديثة التي "
        "أطلقتها الوزارة في المحافظات الجنوبية.\n"
    )
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    source.write_text("\n\n".join([*paragraphs[:3], added.strip(), *paragraphs[3:]]), encoding="utf-8")
    result = publish(load_config(project), quiet=True)
    assert [path.stem for path in result.update.written] == [source.stem]
    fresh = _fresh_copy(project, tmp_path / "fresh")
    publish(load_config(fresh), quiet=True)
    assert _files(project / "site") == _files(fresh / "site")


def test_a_stray_file_whose_name_is_not_utf8_in_the_site_is_no_internal_error(project: Path, tmp_path: Path) -> None:
    # Left by another tool or a copy from a machine of another encoding: the rebuild's listing of the site's
    # pages handed its name to SQLite, which cannot encode it ("surrogates not allowed", an internal error).
    (project / "site" / "articles" / "stray\udcff.html").write_bytes(b"<p>stray</p>")
    catalog = project / "translations" / "005_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title", "Retitled"), encoding="utf-8")
    build_site(load_config(project))
    fresh = _fresh_copy(project, tmp_path / "fresh")
    build_site(load_config(fresh))
    assert _files(project / "site") == _files(fresh / "site")


def test_after_a_build_just_after_its_catalogs_were_written_one_change_carries_the_rest_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project translated and built at once: every catalog changed within the racy window before the build,
    which so keeps no stat signature for any. At the next build each unchanged catalog, read once, is vouched
    for by its bytes and carried over at once with the others, not staged on its own; from the build after
    that, by its signature again, unread. The site is a full build's."""
    from toolkit.site import build

    monkeypatch.setattr("toolkit.site.fingerprints.is_racy", lambda identity, looked_at_ns: True)
    project = sample_project(tmp_path / "project", articles=12)
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    build_site(load_config(project))
    monkeypatch.setattr("toolkit.site.fingerprints.is_racy", lambda identity, looked_at_ns: False)  # settled since
    one_by_one: list[str] = []
    carry_article = build._carry_article
    read: list[Path] = []
    file_hash = build.catalog_file_hash

    def carried_alone(staging, site, record, built_by=None) -> bool:
        one_by_one.append(record.page)
        return carry_article(staging, site, record, built_by)

    def hashed(path: Path) -> str:
        read.append(path)
        return file_hash(path)

    monkeypatch.setattr(build, "_carry_article", carried_alone)
    monkeypatch.setattr(build, "catalog_file_hash", hashed)
    catalog = project / "translations" / "005_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title", "Retitled"), encoding="utf-8")
    result = build_site(load_config(project))
    assert {"articles/005_sample.html", "ar/articles/005_sample.html"} <= set(result.written)
    # Only the changed catalog's bundle is staged article by article.
    changed_bundle_stems = {
        path.stem
        for path in (project / "translations").iterdir()
        if bundle_of(path.stem, 16) == bundle_of(catalog.stem, 16)
    }
    assert set(one_by_one) <= {f"articles/{stem}.html" for stem in changed_bundle_stems}
    assert len(changed_bundle_stems) < 6
    # Each of the others read once, to vouch for it.
    others = sorted(path.name for path in (project / "translations").iterdir() if path.stem not in changed_bundle_stems)
    assert sorted(path.name for path in read if path.stem not in changed_bundle_stems) == others
    read.clear()
    assert build_site(load_config(project)).written == () and read == []
    fresh = _fresh_copy(project, tmp_path / "fresh")
    build_site(load_config(fresh))
    assert _files(project / "site") == _files(fresh / "site")
