"""`toolkit status` and `toolkit check` on catalogs made by the workflow with a fake engine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project
from click.testing import CliRunner

from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.catalog.update import UpdateResult, update_catalogs
from toolkit.cli import cli
from toolkit.commands import serve


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    config = project(tmp_path)
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    articles = [article("one", ["قتل ٢٦ شخصا في الهجوم.", "فقرة ثانية."]), article("two", ["فقرة ثالثة."])]
    update_catalogs(config, articles, FakeTranslator, NullProgress)
    return tmp_path


def _invoke(project_dir: Path, command: str):
    previous = Path.cwd()
    os.chdir(project_dir)
    try:
        return CliRunner().invoke(cli, [command])
    finally:
        os.chdir(previous)


def _set_translation(path: Path, context: str, msgstr: str, reviewed: bool) -> None:
    catalog = read_catalog(path)
    for entry in catalog:
        if entry.msgctxt == context:
            entry.msgstr = msgstr
            entry.flags = [] if reviewed else ["fuzzy"]
    path.write_bytes(serialize_catalog(catalog))


def test_status_counts_states_per_article_and_in_total(translated: Path) -> None:
    one = translated / "translations" / "one.po"
    block = next(e for e in read_catalog(one) if e.msgctxt != "title").msgctxt
    _set_translation(one, block, "26 people were killed in the attack.", reviewed=True)
    _set_translation(one, "title", "", reviewed=False)
    result = _invoke(translated, "status")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines() if line.strip()}
    # entries, reviewed, machine drafts, need review, untranslated, warnings
    assert rows["one"][:5] == ["3", "1", "1", "0", "1"]
    assert rows["two"][:5] == ["2", "0", "2", "0", "0"]
    assert rows["total"][:5] == ["5", "1", "3", "0", "1"]


def test_check_passes_clean_catalogs_and_fails_with_file_and_line(translated: Path) -> None:
    one = translated / "translations" / "one.po"
    two = translated / "translations" / "two.po"
    _set_translation(one, "title", "Title", reviewed=True)
    _set_translation(two, "title", "Title", reviewed=True)
    entries = [e for e in read_catalog(one) if e.msgctxt != "title"]
    _set_translation(one, entries[0].msgctxt, "26 people were killed in the attack.", reviewed=True)
    _set_translation(one, entries[1].msgctxt, "A second paragraph.", reviewed=True)
    _set_translation(two, next(e for e in read_catalog(two) if e.msgctxt != "title").msgctxt, "Third.", True)
    clean = _invoke(translated, "check")
    assert clean.exit_code == 0, clean.output

    _set_translation(one, entries[0].msgctxt, "25 people were killed in the attack.", reviewed=True)
    flagged = _invoke(translated, "check")
    assert flagged.exit_code == 1
    line = next(e.linenum for e in read_catalog(one) if e.msgctxt == entries[0].msgctxt)
    assert f"translations/one.po:{line}: [{entries[0].msgctxt}] numbers differ" in flagged.output
    status = _invoke(translated, "status")
    assert f"translations/one.po:{line}:" in status.output


def test_status_names_a_broken_catalog_and_exits_1(translated: Path) -> None:
    (translated / "translations" / "bad.po").write_text('msgid "a"\nmsgstr "b\n', encoding="utf-8")
    result = _invoke(translated, "status")
    assert result.exit_code == 1
    assert "translations/bad.po:2:" in result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.strip()}
    assert rows["bad"][:4] == ["not", "read", "(line", "2):"]
    assert rows["total"][:5] == ["5", "0", "5", "0", "0"]  # the unreadable catalog counts nothing


def test_status_publish_check_and_the_site_count_the_same_four_states(translated: Path) -> None:
    """One catalog with an entry in each state: every screen shows the same numbers, the title counted."""
    one = translated / "translations" / "one.po"
    blocks = [e.msgctxt for e in read_catalog(one) if e.msgctxt != "title"]
    _set_translation(one, "title", "Title", reviewed=True)
    _set_translation(one, blocks[0], "Edited by hand, still fuzzy.", reviewed=False)  # needs review
    _set_translation(one, blocks[1], "", reviewed=False)  # untranslated; two.po keeps its machine drafts
    (translated / "source").mkdir(exist_ok=True)
    expected = {"one": ["1", "0", "1", "1"], "two": ["0", "2", "0", "0"], "total": ["1", "2", "1", "1"]}

    status = _invoke(translated, "status")
    rows = {line.split()[0]: line.split()[1:] for line in status.output.splitlines() if line.strip()}
    assert {name: rows[name][1:5] for name in expected} == expected

    check = _invoke(translated, "check")
    assert "5 entries: 1 reviewed, 2 machine drafts, 1 needs review, 1 untranslated" in check.output

    from toolkit.catalog.summary import ProjectSummary
    from toolkit.commands.publish import PublishResult, summary_lines
    from toolkit.commands.status import summarize_project
    from toolkit.config import load_config
    from toolkit.site.build import BuildResult

    config = load_config(translated)
    summaries, _ = summarize_project(config)
    built = BuildResult(config.site_dir, len(summaries), (), 0, (), ())
    result = PublishResult([], UpdateResult(config.translations_dir), built, ProjectSummary.of(summaries), [], [], None)  # type: ignore[arg-type]
    table = summary_lines(result, Path("index.html"))
    published = {line.split()[0]: line.split()[1:] for line in table if line.split()[0] in expected}
    assert {name: published[name][1:5] for name in expected} == expected

    build = _invoke(translated, "build")
    assert build.exit_code == 0, build.output
    status_page = (translated / "site" / "status.html").read_text(encoding="utf-8")
    for name, (reviewed, drafts, needs_review, untranslated) in [("one", expected["one"]), ("two", expected["two"])]:
        row = f"<td>{reviewed}</td><td>{drafts}</td><td>{needs_review}</td><td>{untranslated}</td></tr>"
        assert f"{name}.html" in status_page.split(row)[0].rsplit("<tr>", 1)[-1]


def test_a_catalog_whose_source_is_gone_is_named_once_and_not_counted(translated: Path) -> None:
    # `mv source/one.txt source/one-renamed.txt; toolkit publish`: the new catalog is made from the old one, and
    # the old one stays until deleted. The table listed both and counted the article twice in the total.
    translations = translated / "translations"
    (translations / "one-renamed.po").write_bytes((translations / "one.po").read_bytes())
    for name in ("one-renamed.txt", "two.txt"):
        (translated / "source" / name).write_text("x", encoding="utf-8")
    result = _invoke(translated, "status")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("article"))) + 1 :]
    rows = [line.split() for line in table[: 1 + next(i for i, line in enumerate(table) if line.startswith("total"))]]
    assert [row[0] for row in rows] == ["one-renamed", "two", "total"]
    assert rows[-1][1] == "5"
    # Said as the build says it, before any build: one-renamed.po succeeds it (status said "build keeps its page
    # ... unless ...", and check counted it where publish's table leaves it off).
    said = [
        f"toolkit: warning: {translations / 'one.po'}: no file in source/ makes this article any more, and "
        f"{translations / 'one-renamed.po'} (same title) holds all its reviewed translations, so its page is left off "
        f"the site; delete {translations / 'one.po'} (a renamed source?)"
    ]
    assert [line for line in result.output.splitlines() if "one.po" in line] == said
    checked = _invoke(translated, "check").output
    assert "check: 2 catalogs (" in checked
    assert [line for line in checked.splitlines() if "one.po" in line] == said
    built = _invoke(translated, "build").output
    assert [line for line in built.splitlines() if "one.po" in line] == said


def test_translate_status_and_check_say_and_count_what_publish_does_for_a_catalog_whose_source_is_gone(
    translated: Path,
) -> None:
    # Without a successor the page stays (and counts); a catalog that cannot be read and never had a page has
    # none. Before any build, after a translate, and after the build, every command says what publish says.
    translations = translated / "translations"
    (translated / "source" / "two.txt").write_text("x", encoding="utf-8")
    (translations / "three.po").write_bytes(b'msgid "broken')

    def lines(command: str) -> tuple[list[str], str]:
        output = _invoke(translated, command).output.splitlines()
        named = sorted(line for line in output if "no file in source/" in line)
        total = next((line.split()[1] for line in output if line.startswith("total")), "")
        return named, total

    gone_lines = [
        f"toolkit: warning: {translations / 'one.po'}: no file in source/ makes this article any more (renamed or "
        "removed?); its page stays on the site until the catalog is deleted (a renamed source? give the catalog the "
        "new name before the next translate)",
        f"toolkit: warning: {translations / 'three.po'}: no file in source/ makes this article any more (renamed or "
        "removed?), and it cannot be read, so it has no page on the site",
    ]
    before = lines("status")
    assert before == (gone_lines, "5")
    assert lines("check")[0] == gone_lines
    assert lines("translate")[0] == gone_lines
    published = lines("publish")
    assert published[0] == gone_lines and published[1] == before[1]
    assert lines("status") == before and lines("check")[0] == gone_lines


def test_build_and_status_name_an_article_two_sources_make_and_keep_its_page(translated: Path) -> None:
    # translate leaves the catalog of such an article as it is; the build, run alone, said nothing and exited 0.
    for name in ("one.txt", "one.html", "two.txt"):
        (translated / "source" / name).write_text("x", encoding="utf-8")
    catalog = (translated / "translations" / "one.po").read_bytes()
    for command in ("build", "status"):
        result = _invoke(translated, command)
        assert result.exit_code == 1, result.output
        assert (
            f"toolkit: {translated / 'translations' / 'one.po'}: two sources make article 'one': "
            f"{translated / 'source' / 'one.html'} and {translated / 'source' / 'one.txt'}; rename one (its catalog is "
            "left as it is until then)"
        ) in result.output.splitlines()
    assert (translated / "site" / "articles" / "one.html").is_file()
    assert (translated / "translations" / "one.po").read_bytes() == catalog


def test_serve_s_rebuild_names_an_article_two_sources_make(translated: Path, capsys: pytest.CaptureFixture) -> None:
    # A translator who only runs `toolkit serve` sees its rebuilds: the page that stops changing is named there.
    for name in ("one.txt", "one.html", "two.txt"):
        (translated / "source" / name).write_text("x", encoding="utf-8")
    assert serve._rebuild(translated)
    assert (
        f"toolkit: {translated / 'translations' / 'one.po'}: two sources make article 'one': "
        f"{translated / 'source' / 'one.html'} and {translated / 'source' / 'one.txt'}; rename one (its catalog is "
        "left as it is until then)"
    ) in capsys.readouterr().err.splitlines()


def test_status_lists_source_and_translations_once_and_publish_s_summary_does_not_list_source_again(
    translated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # status listed source/ three times (the summary, the warning for a catalog whose source is gone, the
    # shared articles) and translations/ twice; publish's closing summary listed source/ once more, after
    # the run had its ids.
    for name in ("one.txt", "two.txt"):
        (translated / "source" / name).write_text("x", encoding="utf-8")
    listed: list[str] = []
    scandir = os.scandir

    def counted(path=".", *rest):
        if not isinstance(path, int):
            listed.append(Path(os.fsdecode(path)).name)
        return scandir(path, *rest)

    monkeypatch.setattr(os, "scandir", counted)
    assert _invoke(translated, "status").exit_code == 0
    assert (listed.count("source"), listed.count("translations")) == (1, 1)

    from toolkit.clean.sources import source_article_ids
    from toolkit.commands.rerun import replayed_summary
    from toolkit.config import load_config
    from toolkit.store.cache import NO_CACHE

    config = load_config(translated)
    source_ids = source_article_ids(config)
    listed.clear()
    summary, errors = replayed_summary(config, NO_CACHE, None, source_ids)
    assert not errors and summary.articles == 2
    assert listed.count("source") == 0


@pytest.mark.parametrize("command", ["translate", "publish"])
def test_translate_and_publish_list_source_once_a_run(
    translated: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # translate listed source/ for the cleaning, again for the merge and once more after it for the ids its
    # warnings need; publish the same: the merge and the warnings take the cleaning's listing (the run cache's
    # look at every file's status, to know a run with nothing to do, is not a listing of the articles).
    for name in ("one.txt", "two.txt"):
        text = "عنوان المقال الأول\n\nقتل ٢٦ شخصا في الهجوم على المدينة.\n\nوقالت الشرطة إن التحقيق مستمر."
        (translated / "source" / name).write_text(text, encoding="utf-8")
    from toolkit.store import listing

    listed: list[str] = []
    scan = listing._scan

    def counted(folder, *rest):
        listed.append(Path(folder).name)
        return scan(folder, *rest)

    monkeypatch.setattr(listing, "_scan", counted)
    result = _invoke(translated, command)
    assert "Traceback" not in result.output and result.exit_code in (0, 3), result.output
    assert listed.count("source") == 1


def test_the_successor_of_a_catalog_whose_source_is_gone_is_looked_for_only_where_the_build_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every catalog with a source was read to find it (15 s at 10,000 catalogs, on every translate while the
    # old catalog stays); one the site was built from, unchanged since and unlike the old one by the build's
    # keys (title, date, translations, reviewed pairs), is not.
    from dataclasses import replace

    from toolkit.catalog import renames

    config = project(tmp_path)
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    articles = [
        replace(article(name, [f"فقرة أولى من {name}.", f"فقرة ثانية من {name}."], title=f"عنوان {name}"), date=date)
        for name, date in (("one", "2022-02-01"), ("two", "2022-02-02"), ("three", "2022-02-03"))
    ]
    update_catalogs(config, articles, FakeTranslator, NullProgress)
    for name in ("one", "two", "three"):
        (tmp_path / "source" / f"{name}.txt").write_text("x", encoding="utf-8")
    assert _invoke(tmp_path, "build").exit_code == 0
    (tmp_path / "source" / "one.txt").unlink()
    read: list[str] = []
    read_catalog = renames.read_project_catalog

    def counted(path, *rest, **keywords):
        read.append(Path(path).name)
        return read_catalog(path, *rest, **keywords)

    monkeypatch.setattr(renames, "read_project_catalog", counted)
    result = _invoke(tmp_path, "status")
    assert read == ["one.po"]
    assert "one.po: no file in source/ makes this article any more (renamed or removed?); its page stays" in (
        result.output
    )
    # A catalog new since the build (a hand copy under the new name) is read, and found.
    translations = tmp_path / "translations"
    (translations / "one-renamed.po").write_bytes((translations / "one.po").read_bytes())
    (tmp_path / "source" / "one-renamed.txt").write_text("x", encoding="utf-8")
    read.clear()
    result = _invoke(tmp_path, "status")
    assert read == ["one.po", "one-renamed.po"]
    assert f"and {translations / 'one-renamed.po'} (same title) holds all its reviewed translations" in result.output


def test_the_summary_table_lines_up_a_chinese_article_name_by_the_columns_it_takes() -> None:
    # Padded by length, "上海电影节" (five characters, ten columns) pushed its row's numbers five columns right.
    from toolkit.catalog.poformat import column_width
    from toolkit.catalog.summary import SUMMARY_COLUMNS, CatalogSummary, summary_table

    rows = [CatalogSummary("beijing"), CatalogSummary("上海电影节"), CatalogSummary("مقال")]
    lines = summary_table(rows, CatalogSummary("total"), SUMMARY_COLUMNS)
    assert len({sum(map(column_width, line)) for line in lines}) == 1, lines


def test_with_two_possible_successors_every_command_names_the_one_publish_does(tmp_path: Path) -> None:
    # Two catalogs with a source hold the text and the reviewed translation of one whose source is gone, both
    # retitled: zeta of the same date, alpha (new since the last build) known by its reviewed pair. The build
    # looked at those of the same date before those holding a reviewed pair and named zeta, while status, check
    # and translate took the first by name and named alpha: two answers to "which page replaces this one".
    # One rule (catalog/renames.py find_successors) for every command, whatever the last build saw.
    from dataclasses import replace

    config = project(tmp_path)
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    paragraphs = [f"الفقرة رقم {n} من نص المقال الأصلي." for n in range(4)]
    translations = tmp_path / "translations"

    def write(name: str, text: list[str], title: str, date: str) -> None:
        update_catalogs(config, [replace(article(name, text, title=title), date=date)], FakeTranslator, NullProgress)
        path = translations / f"{name}.po"
        reviewed = next(entry.msgctxt for entry in read_catalog(path) if entry.msgid == paragraphs[1])
        _set_translation(path, reviewed, f"EN({paragraphs[1]})", reviewed=True)
        (tmp_path / "source" / f"{name}.txt").write_text("x", encoding="utf-8")

    write("old", paragraphs, "العنوان القديم", "2022-02-01")
    write("zeta", paragraphs, "عنوان زيتا", "2022-02-01")
    assert _invoke(tmp_path, "build").exit_code == 0
    write("alpha", ["فقرة جديدة أضافها المصدر.", *paragraphs], "عنوان ألفا", "2022-03-05")
    (tmp_path / "source" / "old.txt").unlink()

    def named(command: str) -> list[str]:
        return [line for line in _invoke(tmp_path, command).output.splitlines() if "old.po:" in line]

    said = [
        f"toolkit: warning: {translations / 'old.po'}: no file in source/ makes this article any more, and "
        f"{translations / 'alpha.po'} (retitled, the same text) holds all its reviewed translations, so its page is "
        f"left off the site; delete {translations / 'old.po'} (a renamed source?)"
    ]
    for command in ("status", "check", "translate", "publish", "status", "build"):
        assert named(command) == said, command


def _set_date(path: Path, date: str) -> None:
    catalog = read_catalog(path)
    catalog.metadata["X-Article-Date"] = date
    path.write_bytes(serialize_catalog(catalog))


@pytest.mark.parametrize(
    "date", ["2023-02-30", "31/31/2021", "0000-01-01", "٢٠٢٣-٠٢-٣٠", "٣٠/٠٢/٢٠٢٣", "15 رجب 1443 هـ", "2022-01-28 Z"]
)
def test_check_names_an_article_date_that_names_no_day_with_its_file_in_one_line(translated: Path, date: str) -> None:
    _set_date(translated / "translations" / "one.po", date)
    result = _invoke(translated, "check")
    assert result.exit_code == 1
    named = [line for line in result.output.splitlines() if "[date]" in line]
    assert named == [
        f"{translated / 'translations' / 'one.po'}: [X-Article-Date] article date {date!r} is no ISO 8601 date "
        "(YYYY-MM-DD) of a real day: the site shows it as written, marked unverified [date]"
    ]


@pytest.mark.parametrize("date", ["2022-01-28", "2022-01-28T19:44+03:00", "2024-02-29T23:59:59Z", ""])
def test_check_passes_a_real_article_date_or_none(translated: Path, date: str) -> None:
    _set_date(translated / "translations" / "one.po", date)
    assert "[date]" not in _invoke(translated, "check").output


def test_status_needs_review_lists_each_entry_to_check_with_why(translated: Path) -> None:
    # A translator who pulled an upstream edit saw "need review 1" and no word of which entry, or why.
    config = project(translated)
    one = translated / "translations" / "one.po"
    block = next(e for e in read_catalog(one) if e.msgctxt != "title").msgctxt
    _set_translation(one, block, "26 people were killed in the attack.", reviewed=True)
    _set_translation(one, "title", "A title of mine", reviewed=False)
    edited = [article("one", ["قتل ٢٧ شخصا في الهجوم.", "فقرة ثانية."]), article("two", ["فقرة ثالثة."])]
    update_catalogs(config, edited, FakeTranslator, NullProgress)
    result = CliRunner().invoke(cli, ["-C", str(translated), "status", "--needs-review"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("needing review:\n", 1)[1].splitlines()
    entries = {entry.msgctxt: entry.linenum for entry in read_catalog(one)}
    assert listed == [
        f"{one}:{entries['title']}: [title] machine draft edited, still fuzzy: A title of mine",
        f"{one}:{entries[block]}: [{block}] source changed (its old text in #| lines): 26 people were killed in "
        "the attack.",
    ]
    assert CliRunner().invoke(cli, ["-C", str(translated), "status"]).output.count("needing review") == 0
    for path in (translated / "translations").glob("*.po"):
        catalog = read_catalog(path)
        for entry in catalog:
            entry.flags = []
        path.write_bytes(serialize_catalog(catalog))
    done = CliRunner().invoke(cli, ["-C", str(translated), "status", "--needs-review"])
    assert done.output.splitlines()[-1] == "needing review: none"
