"""A catalog's Language header is its translators' (issue 10): a regional form of the target language is kept
as they set it, and a catalog of another language is neither rewritten as the target's nor published as it,
but named by every command, its page kept from before."""

from __future__ import annotations

from pathlib import Path

import pytest
from abuse_projects import copy_project, published_default_project, run_toolkit, tree_hashes

CATALOG = "translations/001_7e7eb9076ff80330.po"
PAGE_NAME = "001_7e7eb9076ff80330"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published_default_project(tmp_path_factory.mktemp("language"))


def _with_language(published: Path, destination: Path, language: str) -> Path:
    project = copy_project(published, destination)
    catalog = project / CATALOG
    text = catalog.read_text(encoding="utf-8")
    assert '"Language: en\\n"' in text
    catalog.write_text(text.replace('"Language: en\\n"', f'"Language: {language}\\n"'), encoding="utf-8")
    return project


@pytest.mark.parametrize("language", ["en_GB", "en-US", "en_GB@latin", "EN_au.UTF-8", "English", "english (UK)"])
def test_a_regional_form_of_the_target_language_is_kept(published: Path, tmp_path: Path, language: str) -> None:
    # translate wrote the project's "en" over it: a team's en_GB lost its region on every run.
    project = _with_language(published, tmp_path / "p", language)
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 0, result.stderr
    assert f'"Language: {language}\\n"' in (project / CATALOG).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["fr", "de_AT", "zh-Hant"])
def test_a_catalog_of_another_language_is_named_left_as_it_is_and_keeps_its_page(
    published: Path, tmp_path: Path, language: str
) -> None:
    # translate rewrote its Language as "en" with exit 0, and publish put it on the site as English: the
    # evidence that it is not English was gone.
    project = _with_language(published, tmp_path / "p", language)
    catalog_before = (project / CATALOG).read_bytes()
    pages_before = {path: digest for path, digest in tree_hashes(project / "site").items() if PAGE_NAME in path}
    assert pages_before
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    named = [line for line in result.stderr.splitlines() if CATALOG in line]
    assert len(named) == 1, result.stderr
    assert f"Language: '{language}'" in named[0] and "target_language en (English)" in named[0]
    assert "set Language to en" in named[0] and "move it out of translations/" in named[0]
    assert (project / CATALOG).read_bytes() == catalog_before
    pages_after = {path: digest for path, digest in tree_hashes(project / "site").items() if PAGE_NAME in path}
    assert pages_after == pages_before
    for command in ("status", "check"):
        said = run_toolkit(project, command)
        assert said.returncode != 0, said.stdout + said.stderr
        assert f"{CATALOG}: its header says Language: '{language}'" in said.stderr, said.stderr
