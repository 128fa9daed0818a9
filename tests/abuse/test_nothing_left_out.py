"""Nothing in source/ or translations/ is passed over silently, and a renamed source shows once on the site
with every reviewed translation kept (issue 10: no silent loss)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import polib
import pytest
from abuse_projects import copy_default_project
from click.testing import CliRunner, Result

from toolkit.catalog.entries import is_reviewed
from toolkit.cli import cli
from toolkit.errors import EXIT_OK

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
from site_projects import sample_project


def _invoke(project: Path, *arguments: str) -> Result:
    return CliRunner().invoke(cli, ["-C", str(project), "-q", *arguments])


def _warnings(result: Result) -> list[str]:
    assert "Traceback" not in result.output, result.output
    return [line for line in result.output.splitlines() if line.startswith("toolkit: warning: ")]


def _naming(lines: list[str], path: Path) -> list[str]:
    return [line for line in lines if f"{path}:" in line]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed project published once; the tests that need it work on copies."""
    project = copy_default_project(tmp_path_factory.mktemp("published") / "p")
    assert _invoke(project, "publish").exit_code in (0, 3)
    return project


def _copy(published: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(published, tmp_path / "p", symlinks=True))


def _pages(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "site" / "articles").glob("*.html"))


# Entries a listing passes over


def test_a_folder_named_like_a_catalog_is_named_by_build_status_and_check(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=2)
    folder = project / "translations" / "x.po"
    folder.mkdir()
    (folder / "inside.po").write_text("", encoding="utf-8")
    built = _invoke(project, "build")
    assert built.exit_code == EXIT_OK, built.output
    assert len(_naming(_warnings(built), folder)) == 1
    assert "is a folder, not a file" in _naming(_warnings(built), folder)[0]
    assert _pages(project) == ["000_sample.html", "001_sample.html"]
    for command in ("status", "check"):
        assert len(_naming(_warnings(_invoke(project, command)), folder)) == 1, command


@pytest.mark.parametrize("kind", ["folder", "link to a folder", "fifo", "broken link"])
def test_an_entry_of_translations_that_is_not_a_file_is_named_once(tmp_path: Path, kind: str) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    entry = project / "translations" / "extra"
    if kind == "folder":
        entry.mkdir()
    elif kind == "link to a folder":
        (tmp_path / "elsewhere").mkdir()
        entry.symlink_to(tmp_path / "elsewhere")
    elif kind == "fifo":
        os.mkfifo(entry)
    else:
        entry.symlink_to(tmp_path / "nothing")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_OK, result.output
    named = _naming(_warnings(result), entry)
    assert len(named) == 1, result.output
    expected = {"folder": "is a folder", "link to a folder": "is a link to a folder", "fifo": "not a regular file"}
    assert expected.get(kind, "is a broken link") in named[0]


def test_hidden_entries_and_other_files_are_passed_over_quietly(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=1)
    (project / "translations" / ".git").mkdir()
    (project / "translations" / "README").write_text("catalogs\n", encoding="utf-8")
    (project / "translations" / "000_sample.mo").write_bytes(b"\0")
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_OK
    assert not [line for line in _warnings(result) if "translations/" in line], result.output


@pytest.mark.parametrize("name", ["more", "more.txt"])
def test_a_link_to_a_folder_in_source_is_named_by_clean_translate_and_publish(
    published: Path, tmp_path: Path, name: str
) -> None:
    project = _copy(published, tmp_path)
    (tmp_path / "archive").mkdir()
    shutil.copy2(next((project / "source").glob("*.txt")), tmp_path / "archive" / "old.txt")
    link = project / "source" / name
    link.symlink_to(tmp_path / "archive")
    for command in ("clean", "translate", "publish"):
        result = _invoke(project, command)
        assert result.exit_code in (0, 3), result.output
        named = _naming(_warnings(result), link)
        assert len(named) == 1 and "is a link to a folder" in named[0], (command, result.output)


def test_a_sub_folder_of_source_is_named_with_what_to_do(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    (project / "source" / "2024").mkdir()
    result = _invoke(project, "clean")
    named = _naming(_warnings(result), project / "source" / "2024")
    assert len(named) == 1 and "only files directly in source/ are read" in named[0], result.output


def test_a_saved_page_s_own_folder_beside_it_is_passed_over_quietly(published: Path, tmp_path: Path) -> None:
    # "Save Page As" (web page, complete) writes story.html and story_files/ (pictures, styles, an ad's frame
    # saved as .html). Every command warned of the folder and said to "move its files up", where each frame
    # would have become an article.
    project = _copy(published, tmp_path)
    text = next((project / "source").glob("*.txt"))
    title, *paragraphs = [line for line in text.read_text(encoding="utf-8").splitlines() if line.strip()]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    page = f"<html lang='ar'><head><meta charset='utf-8'></head><body><h1>{title}</h1>{body}</body></html>"
    text.with_suffix(".htm").write_text(page, encoding="utf-8")
    text.unlink()
    resources = project / "source" / f"{text.stem}_files"
    resources.mkdir()
    (resources / "ad-frame.html").write_text("<html><body><p>Buy now</p></body></html>", encoding="utf-8")
    (resources / "style.css").write_text("body {}", encoding="utf-8")
    for command in ("clean", "status", "build", "publish"):
        result = _invoke(project, command)
        assert result.exit_code in (0, 3), (command, result.output)
        assert not _naming(_warnings(result), resources), (command, result.output)
    assert not list((project / "translations").glob("ad-frame*"))


def test_status_and_build_name_what_source_holds_that_is_not_read(published: Path, tmp_path: Path) -> None:
    # They list source/ as clean, translate and publish do, and said nothing of it: `toolkit status`, where a
    # newcomer looks first, never named an article saved as .docx or a browser's "_files" folder.
    project = _copy(published, tmp_path)
    (project / "source" / "page_files").mkdir()
    (project / "source" / "page.docx").write_bytes(b"PK\x03\x04")
    for command in ("status", "build"):
        result = _invoke(project, command)
        assert result.exit_code == EXIT_OK, (command, result.output)
        warnings = _warnings(result)
        assert len(_naming(warnings, project / "source" / "page_files")) == 1, (command, result.output)
        assert len(_naming(warnings, project / "source" / "page.docx")) == 1, (command, result.output)


# A renamed source


def _reviewed(catalog: Path) -> dict[str, str]:
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(catalog)) if is_reviewed(entry) and entry.msgid}


def _renamed_project(published: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """The seed project, published, then one source renamed: (project, old catalog, new catalog)."""
    project = _copy(published, tmp_path)
    old_source = sorted((project / "source").glob("*.txt"))[2]
    old_source.rename(old_source.with_name("002_renamed.txt"))
    return project, project / "translations" / f"{old_source.stem}.po", project / "translations" / "002_renamed.po"


def test_a_renamed_source_shows_once_and_keeps_every_reviewed_translation(published: Path, tmp_path: Path) -> None:
    project, old, new = _renamed_project(published, tmp_path)
    reviewed = _reviewed(old)
    assert reviewed, "the seed catalog holds reviewed translations"
    translated = _invoke(project, "translate")
    # One event, one wording: translate, which merged the new catalog from the old, said "is made from it,
    # translations carried over", where build and publish name the old catalog's successor.
    told = _naming(_warnings(translated), old)
    assert len(told) == 1 and f"{new} (same title) holds all its reviewed" in told[0], translated.output
    assert _reviewed(new) == reviewed
    for command in ("build", "publish"):
        result = _invoke(project, command)
        assert result.exit_code in (0, 3), result.output
        assert _naming(_warnings(result), old) == told, result.output
        assert f"delete {old}" in told[0]
        pages = _pages(project)
        assert "002_renamed.html" in pages and f"{old.stem}.html" not in pages
        assert len(pages) == 5
    assert old.exists(), "the old catalog is the user's to delete"


def test_a_renamed_source_published_at_once_shows_once(published: Path, tmp_path: Path) -> None:
    project, old, new = _renamed_project(published, tmp_path)
    reviewed = _reviewed(old)
    result = _invoke(project, "publish")
    assert len(_naming(_warnings(result), old)) == 1
    assert _reviewed(new) == reviewed
    assert "002_renamed.html" in _pages(project) and f"{old.stem}.html" not in _pages(project)


def test_an_old_catalog_with_a_reviewed_translation_the_new_one_lacks_keeps_its_page(
    published: Path, tmp_path: Path
) -> None:
    project, old, new = _renamed_project(published, tmp_path)
    assert _invoke(project, "publish").exit_code in (0, 3)
    assert new.exists()
    catalog = polib.pofile(str(old))
    entry = next(entry for entry in catalog if entry.msgid and not entry.obsolete and entry.msgctxt != "title")
    entry.msgstr = "A translation made in the old file after the rename."
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    result = _invoke(project, "build")
    named = _naming(_warnings(result), old)
    assert len(named) == 1 and "its page stays on the site" in named[0], result.output
    assert f"{old.stem}.html" in _pages(project) and "002_renamed.html" in _pages(project)


def test_a_removed_source_keeps_its_page_and_is_named(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    gone = sorted((project / "source").glob("*.txt"))[1]
    gone.unlink()
    catalog = project / "translations" / f"{gone.stem}.po"
    # Every command says what the build decides, in the build's words.
    for command in ("translate", "status", "check", "translate"):  # the second translate replays the first
        result = _invoke(project, command)
        assert result.exit_code in (0, 1, 3), (command, result.output)
        named = _naming(_warnings(result), catalog)
        assert len(named) == 1 and "its page stays on the site until the catalog is deleted" in named[0], (
            command,
            result.output,
        )
    result = _invoke(project, "publish")
    named = _naming(_warnings(result), catalog)
    assert len(named) == 1 and "its page stays on the site until the catalog is deleted" in named[0]
    assert f"{gone.stem}.html" in _pages(project) and len(_pages(project)) == 5


def _table(output: str) -> dict[str, list[str]]:
    """The rows of the summary table status or publish prints: name -> its numbers."""
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith("article "))
    end = next(index for index in range(start, len(lines)) if lines[index].startswith("total "))
    return {line.split()[0]: line.split()[1:] for line in lines[start + 1 : end + 1]}


def test_the_totals_count_a_page_the_site_keeps_and_not_one_a_successor_took(published: Path, tmp_path: Path) -> None:
    # A removed source's page stays on the site, but status and publish no longer counted its catalog (the
    # renamed one had been counted twice, and the fix left out every catalog whose source is gone).
    project = _copy(published, tmp_path / "removed")
    before = _table(_invoke(project, "status").output)
    gone = sorted((project / "source").glob("*.txt"))[1]
    gone.unlink()
    published_once = _invoke(project, "publish")
    assert f"{gone.stem}.html" in _pages(project)
    assert _table(published_once.output) == before, published_once.output
    assert _table(_invoke(project, "status").output) == before
    assert _table(_invoke(project, "publish").output) == before  # replayed

    renamed, old, new = _renamed_project(published, tmp_path / "renamed")
    published_once = _invoke(renamed, "publish")
    assert f"{old.stem}.html" not in _pages(renamed)
    for output in (published_once.output, _invoke(renamed, "status").output):
        rows = _table(output)
        assert old.stem not in rows and rows[new.stem] == before[old.stem] and rows["total"] == before["total"]


def test_the_old_catalog_of_a_renamed_source_is_named_once_by_every_translate_and_status(
    published: Path, tmp_path: Path
) -> None:
    project, old, _new = _renamed_project(published, tmp_path)
    first = _naming(_warnings(_invoke(project, "translate")), old)
    assert len(first) == 1 and "holds all its reviewed translations" in first[0], first
    for command in ("translate", "status"):
        named = _naming(_warnings(_invoke(project, command)), old)
        assert len(named) == 1 and "no file in source/ makes this article any more" in named[0], (command, named)


def test_a_site_of_hand_made_catalogs_with_an_empty_source_folder_keeps_every_page(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "p", articles=3)
    (project / "source").mkdir()
    result = _invoke(project, "build")
    assert result.exit_code == EXIT_OK
    assert not _warnings(result) or all("base_url" in line for line in _warnings(result))
    assert _pages(project) == ["000_sample.html", "001_sample.html", "002_sample.html"]


# A source renamed and retitled at once


def _retitle(project: Path, keep_paragraphs: slice = slice(None)) -> tuple[Path, Path]:
    """Rename the third source and give it another title, keeping the paragraphs `keep_paragraphs` picks;
    (old catalog, new catalog)."""
    old_source = sorted((project / "source").glob("*.txt"))[2]
    _title, *rest = old_source.read_text(encoding="utf-8").split("\n\n")
    paragraphs = rest[keep_paragraphs]
    assert len(paragraphs) >= 3
    new_source = old_source.with_name("002_retitled.txt")
    new_source.write_text("\n\n".join(["عنوان جديد تماما لهذا الخبر بعد التحرير", *paragraphs]), encoding="utf-8")
    old_source.unlink()
    return project / "translations" / f"{old_source.stem}.po", project / "translations" / "002_retitled.po"


def _kept_in(new: Path, reviewed: dict[str, str]) -> bool:
    """Every reviewed translation is in `new` for its source text: kept, obsolete, or fuzzy with it as previous."""
    kept = set()
    for entry in polib.pofile(str(new)):
        kept |= {(entry.msgid, entry.msgstr), (entry.previous_msgid, entry.msgstr)}
    return all(pair in kept for pair in reviewed.items())


def _redate(project: Path, date: str | None) -> None:
    """Give the third source another date line, or none (`date` None)."""
    source = sorted((project / "source").glob("*.txt"))[2]
    title, date_line, *rest = source.read_text(encoding="utf-8").split("\n\n")
    assert "2022" in date_line, "the seed's second paragraph is its date"
    source.write_text("\n\n".join([title, *([date] if date else []), *rest]), encoding="utf-8")


@pytest.mark.parametrize("date", ["kept", "none", "changed with the title"])
def test_a_source_renamed_and_retitled_at_once_shows_once_with_every_reviewed_translation(
    published: Path, tmp_path: Path, date: str
) -> None:
    project = _copy(published, tmp_path)
    if date == "none":  # an undated article, published so before it is renamed and retitled
        _redate(project, None)
        assert _invoke(project, "publish").exit_code in (0, 3)
    old, new = _retitle(project)
    if date == "changed with the title":
        (project / "source" / "002_retitled.txt").write_text(
            (project / "source" / "002_retitled.txt").read_text(encoding="utf-8").replace("14 فبراير", "15 فبراير"),
            encoding="utf-8",
        )
    dated = polib.pofile(str(old)).metadata.get("X-Article-Date", "")
    assert bool(dated) is (date != "none"), dated
    reviewed = _reviewed(old)
    assert reviewed
    translated = _invoke(project, "translate")
    carried = _naming(_warnings(translated), old)
    assert len(carried) == 1 and f"{new} (retitled, the same text) holds all its reviewed" in carried[0], carried
    assert _kept_in(new, reviewed)
    assert _reviewed(old) == reviewed, "the old catalog is left as it was"
    for command in ("build", "publish"):
        result = _invoke(project, command)
        assert result.exit_code in (0, 3), result.output
        named = _naming(_warnings(result), old)
        assert len(named) == 1 and f"{new} (retitled, the same text) holds all its reviewed" in named[0], result.output
        pages = _pages(project)
        assert "002_retitled.html" in pages and f"{old.stem}.html" not in pages and len(pages) == 5


@pytest.mark.parametrize(
    ("kept", "why"),
    [(slice(0, 3), "an excerpt of the old article"), (slice(0, None, 2), "half its paragraphs the old ones")],
)
def test_a_retitled_article_sharing_only_part_of_the_text_is_another_article(
    published: Path, tmp_path: Path, kept: slice, why: str
) -> None:
    project = _copy(published, tmp_path)
    old, new = _retitle(project, kept)
    result = _invoke(project, "publish")
    assert not [line for line in _warnings(result) if "holds all its reviewed" in line], (why, result.output)
    named = _naming(_warnings(result), old)
    assert len(named) == 1 and "its page stays on the site" in named[0], (why, result.output)
    assert {f"{old.stem}.html", "002_retitled.html"} <= set(_pages(project)), why
    assert not _reviewed(new), "nothing reviewed is taken from another article"


def _copy_by_hand(old: Path, new: Path) -> None:
    """What a translator does who gives the old catalog the new source's name by copying it, and deletes the
    old title, which the new source no longer has: no obsolete entry, no previous text is left of it."""
    catalog = polib.pofile(str(old))
    catalog.remove(next(entry for entry in catalog if entry.msgctxt == "title" and not entry.obsolete))
    catalog.save(str(new))


def test_a_catalog_copied_by_hand_to_a_retitled_undated_source_shows_once(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    _redate(project, None)
    assert _invoke(project, "publish").exit_code in (0, 3)
    old, new = _retitle(project)
    _copy_by_hand(old, new)
    reviewed = _reviewed(old)
    old_title = next(entry for entry in polib.pofile(str(old)) if entry.msgctxt == "title")
    for command in ("publish", "build"):
        result = _invoke(project, command)
        assert result.exit_code in (0, 3), result.output
        named = _naming(_warnings(result), old)
        assert len(named) == 1, result.output
        assert f"{new} (retitled, a copy of its text and reviewed translations) holds" in named[0], named[0]
        assert "all its reviewed translations but its old title's" in named[0], named[0]
        pages = _pages(project)
        assert "002_retitled.html" in pages and f"{old.stem}.html" not in pages and len(pages) == 5, pages
    del reviewed[old_title.msgid]
    assert _kept_in(new, reviewed)


def test_an_article_sharing_reviewed_boilerplate_with_an_orphan_does_not_take_its_place(
    published: Path, tmp_path: Path
) -> None:
    """A removed source's catalog and another article's share lines translated alike (a credit, a dateline
    line): both pages stay."""
    project = _copy(published, tmp_path)
    sources = sorted((project / "source").glob("*.txt"))
    shared = ["المصدر: وكالة الأنباء الرسمية", "جميع الحقوق محفوظة للناشر", "تابعونا على مواقع التواصل"]
    for source in sources[2:4]:
        source.write_text(source.read_text(encoding="utf-8") + "\n\n" + "\n\n".join(shared) + "\n", "utf-8")
    assert _invoke(project, "translate").exit_code in (0, 3)
    for source in sources[2:4]:
        catalog = polib.pofile(str(project / "translations" / f"{source.stem}.po"))
        for entry in catalog:
            if entry.msgid in shared:
                entry.msgstr, entry.flags = f"Reviewed: {shared.index(entry.msgid)}", []
        catalog.save()
    sources[2].unlink()
    old = project / "translations" / f"{sources[2].stem}.po"
    result = _invoke(project, "publish")
    named = _naming(_warnings(result), old)
    assert len(named) == 1 and "its page stays on the site" in named[0], result.output
    assert f"{old.stem}.html" in _pages(project) and len(_pages(project)) == 5


# A catalog whose source is gone and that cannot be read: the build says what it did with its page


def test_an_unreadable_catalog_without_source_is_not_said_to_keep_a_page_it_never_had(
    published: Path, tmp_path: Path
) -> None:
    project = _copy(published, tmp_path)
    never_built = project / "translations" / "009_never_built.po"
    never_built.symlink_to(never_built.name)  # a loop: unreadable whoever runs the test
    gone = sorted((project / "source").glob("*.txt"))[1]
    gone.unlink()
    built = project / "translations" / f"{gone.stem}.po"
    built.unlink()
    built.symlink_to(built.name)
    result = _invoke(project, "publish")
    assert result.exit_code == 1, result.output
    warnings = _warnings(result)
    named = _naming(warnings, never_built)
    assert len(named) == 1 and "cannot be read, so it has no page on the site" in named[0], result.output
    named = _naming(warnings, built)
    assert len(named) == 1 and "its page stays on the site" in named[0], result.output
    assert f"{gone.stem}.html" in _pages(project) and "009_never_built.html" not in _pages(project)


# A catalog that cannot be read keeps its page also through a build that renders every other page anew


@pytest.mark.parametrize("damage", ["does not parse", "cannot be read"])
def test_a_bad_catalog_keeps_its_page_when_the_site_settings_changed_too(
    published: Path, tmp_path: Path, damage: str
) -> None:
    project = _copy(published, tmp_path)
    settings = project / "toolkit.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("title = ", 'title = "A new site title" #', 1), encoding="utf-8"
    )
    catalog = sorted((project / "translations").glob("*.po"))[1]
    page = project / "site" / "articles" / f"{catalog.stem}.html"
    before = page.read_bytes()
    if damage == "does not parse":
        catalog.write_bytes(b"\x00 not a catalog\n")
    else:
        catalog.unlink()
        catalog.symlink_to(catalog.name)  # a loop: no permission needed to make it unreadable
    result = _invoke(project, "publish")
    assert result.exit_code == 1 and str(catalog) in result.output, result.output
    assert len(_pages(project)) == 5 and page.read_bytes() == before
    assert "A new site title" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_build_from_an_emptied_translations_folder_says_what_it_takes_off_the_site(
    published: Path, tmp_path: Path
) -> None:
    project = _copy(published, tmp_path)
    for catalog in (project / "translations").glob("*.po"):
        catalog.unlink()
    result = _invoke(project, "build")
    named = _naming(_warnings(result), project / "translations")
    assert len(named) == 1 and "the site now lists no article (it listed 5)" in named[0], result.output


def test_a_catalog_emptied_by_a_failed_save_keeps_its_page_and_is_named(published: Path, tmp_path: Path) -> None:
    project = _copy(published, tmp_path)
    catalog = sorted((project / "translations").glob("*.po"))[3]
    page = project / "site" / "articles" / f"{catalog.stem}.html"
    before = page.read_bytes()
    catalog.write_bytes(b"")
    for command in ("build", "publish", "translate", "status"):
        result = _invoke(project, command)
        assert result.exit_code == 1 and f"{catalog.name}: the file is empty" in result.output, (command, result.output)
    assert page.read_bytes() == before and catalog.read_bytes() == b""


# A catalog with its source that does not parse: publish says what became of its article's page


def _broken(catalog: Path) -> None:
    catalog.write_text(catalog.read_text(encoding="utf-8") + 'msgid "cut\n', encoding="utf-8")


def test_a_catalog_that_does_not_parse_is_said_to_keep_its_page_or_to_have_none(
    published: Path, tmp_path: Path
) -> None:
    """The translate stage named the file and the line, and nothing else: on a fresh site the article had no
    page, on a built one its old page stayed, and the reader of the line could tell neither."""
    project = _copy(published, tmp_path)
    catalog = sorted((project / "translations").glob("*.po"))[0]
    page = f"{catalog.stem}.html"
    _broken(catalog)
    result = _invoke(project, "publish")
    assert result.exit_code == 1, result.output
    [named] = [line for line in result.output.splitlines() if line.startswith(f"toolkit: {catalog}:")]
    assert named.endswith("its page from the last build stays on the site until it is fixed"), named
    assert page in _pages(project)

    shutil.rmtree(project / "site")
    result = _invoke(project, "publish")
    assert result.exit_code == 1, result.output
    [named] = [line for line in result.output.splitlines() if line.startswith(f"toolkit: {catalog}:")]
    assert named.endswith("its article has no page on the site until it is fixed"), named
    assert page not in _pages(project) and len(_pages(project)) == len(list(project.glob("translations/*.po"))) - 1
