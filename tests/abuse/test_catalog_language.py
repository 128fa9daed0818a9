"""A catalog's Language header is its translators' (issue 10): a regional form of the target language is kept
as they set it, and a catalog of another language is neither rewritten as the target's nor published as it,
but named by every command, its page kept from before."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project, copy_project, published_default_project, run_toolkit, tree_hashes

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


# Every command reads a catalog as the project's only when it is in the target language (read_project_catalog):
# each view of the catalogs below took a French catalog's drafts or text for English.

ENGLISH_CATALOG = "translations/002_697928dbe68ab915.po"


def _as_machine_drafts(catalog_path: Path, confidence: float) -> None:
    catalog = polib.pofile(str(catalog_path))
    for entry in catalog:
        entry.flags = ["fuzzy"]
        entry.comment = "\n".join(filter(None, [entry.comment, "machine: fake 1.0", f"confidence: {confidence}"]))
    catalog.save(str(catalog_path))


def test_status_by_confidence_lists_no_draft_of_a_catalog_of_another_language(published: Path, tmp_path: Path) -> None:
    # The summary named the French catalog as not read, and the list under it gave its drafts as English ones.
    project = copy_project(published, tmp_path / "p")
    _as_machine_drafts(project / CATALOG, 0.25)
    _as_machine_drafts(project / ENGLISH_CATALOG, 0.5)
    text = (project / CATALOG).read_text(encoding="utf-8")
    (project / CATALOG).write_text(text.replace('"Language: en\\n"', '"Language: fr\\n"'), encoding="utf-8")
    result = run_toolkit(project, "status", "--by-confidence")
    assert result.returncode != 0
    assert f"{CATALOG}: its header says Language: 'fr'" in result.stderr, result.stderr
    drafts = result.stdout.split("lowest confidence first:\n")[1].splitlines()
    assert drafts and all(ENGLISH_CATALOG in line and " 0.50 " in line for line in drafts), drafts


def _long_translation(catalog_path: Path) -> str:
    """The first paragraph's translation made 3.5 times as long as its source: the checks' bounds for ar -> en
    say "long" over 3.0x, the bounds for a pair they do not know over 4.0x."""
    catalog = polib.pofile(str(catalog_path))
    entry = next(entry for entry in catalog if entry.msgctxt != "title" and len(entry.msgid) > 40)
    words = (entry.msgstr + " ") * 10
    entry.msgstr = words[: int(len(entry.msgid) * 3.5)].strip()
    catalog.save(str(catalog_path))
    return entry.msgctxt


@pytest.mark.parametrize("language", ["en_GB", "English", "EN_au.UTF-8"])
def test_check_and_status_judge_a_regional_form_of_the_target_language_as_the_target(
    published: Path, tmp_path: Path, language: str
) -> None:
    # The checks took the catalog's own Language for the target's: "en_GB" is no key of their tables, and a
    # translation 3.5 times its source's length was "long" in an "en" catalog and passed in an "en_GB" one.
    said = {}
    for header in ("en", language):
        project = _with_language(published, tmp_path / header, header)
        context = _long_translation(project / CATALOG)
        checked = run_toolkit(project, "check")
        status = run_toolkit(project, "status")
        said[header] = (checked.returncode, checked.stdout.replace(str(project), "~"), status.stdout.splitlines()[2])
    assert said[language] == said["en"]
    assert f"[{context}]" in said["en"][1] and "translation is long" in said["en"][1], said["en"][1]


def test_the_catalog_of_another_language_of_a_renamed_source_is_named_and_the_article_waits(tmp_path: Path) -> None:
    # Its source text makes it the renamed article's old catalog: it is named, and the article waits for it (its
    # translations may be English under a wrong header, carried over once it is set right), not drafted afresh.
    from test_nothing_left_out import _invoke, _retitle

    project = copy_default_project(tmp_path / "p")
    assert _invoke(project, "publish").exit_code in (0, 3)
    old, new = _retitle(project)
    old.write_text(old.read_text(encoding="utf-8").replace('"Language: en\\n"', '"Language: fr\\n"'), encoding="utf-8")
    before = old.read_bytes()
    result = _invoke(project, "translate")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{old}: its header says Language: 'fr'" in result.output, result.output
    assert not new.exists() and old.read_bytes() == before


@pytest.mark.parametrize(
    ("header", "target"),
    [("iw", "he"), ("iw_IL", "he"), ("in", "id"), ("ji", "yi"), ("no_NO", "nb"), ("nb", "no"), ("zh_CN", "zh")],
)
def test_a_header_language_in_a_code_babel_renames_is_the_target(header: str, target: str, tmp_path: Path) -> None:
    # A catalog saved by an older editor says "Language: iw": Hebrew, the project's "he", but it was set aside
    # as a catalog of another language.
    from toolkit.catalog.entries import foreign_language_error, kept_language

    assert foreign_language_error({"Language": header}, tmp_path / "a.po", target) is None
    assert kept_language({"Language": header}, target) == header


@pytest.mark.parametrize(
    ("header", "tag"), [("iw", "he"), ("iw_IL", "he"), ("in", "id"), ("zt", "zh-Hant"), ("en_GB", "en")]
)
def test_a_page_is_marked_with_the_current_code_of_its_catalog_s_language(header: str, tag: str) -> None:
    # A catalog saved as "Language: iw" marked its page lang="iw", a tag browsers and screen readers no longer
    # take for Hebrew.
    from toolkit.site.pages import article_page

    catalog = polib.POFile()
    catalog.metadata = {"Language": header, "X-Source-Language": "ar", "Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgctxt="title", msgid="عنوان", msgstr="Title"))
    catalog.append(polib.POEntry(msgctxt="b-1", msgid="نص.", msgstr="Text.", comment="kind: paragraph"))
    assert article_page(catalog, "a", "ar", "he").target_language == tag
