"""`toolkit publish`: the three stages in one run, the closing summary, exit codes, incremental re-runs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
from abuse.abuse_projects import copy_default_project, run_toolkit
from catalog.zh_projects import add_articles, make_project
from click.testing import CliRunner

from toolkit.catalog.store import read_catalog
from toolkit.cli import cli
from toolkit.commands.publish import publish
from toolkit.config import load_config
from toolkit.errors import EXIT_INCOMPLETE, EXIT_OK

# What a re-run reports when it finds nothing to do, measured in a fresh interpreter so that nothing the
# test process imported earlier hides a model load.
RERUN_PROBE = """
import json, sys
from toolkit.commands.publish import publish
from toolkit.config import load_config
result = publish(load_config(sys.argv[1]), quiet=True)
print(json.dumps({
    "catalogs_written": [str(path) for path in result.update.written],
    "site_written": list(result.build.written),
    "engine_imported": sorted(name for name in ("ctranslate2", "sentencepiece") if name in sys.modules),
}))
"""
NEW_ARTICLE = """\
وزير الزراعة يفتتح معرض التمور السنوي في المدينة القديمة

افتتح وزير الزراعة صباح اليوم معرض التمور السنوي بمشاركة أكثر من مئة وعشرين مزارعا من مختلف المحافظات.

وقال الوزير في كلمته إن إنتاج التمور ارتفع هذا العام بفضل الأمطار الغزيرة وبرامج الري الحديثة.
"""


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()
    }


def test_without_a_model_the_site_is_built_and_the_install_command_named(tmp_path: Path):
    project = copy_default_project(tmp_path / "project")
    # The seeds ship reviewed; a new article in words no catalog holds is work only a model can do.
    (project / "source" / "new_report.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    result = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(tmp_path / "argos-packages"))

    assert result.returncode == EXIT_INCOMPLETE, result.stderr
    rows = {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines() if line.split()}
    assert rows["article"] == ["entries", "reviewed", "machine", "drafts", "need", "review", "untranslated", "warnings"]
    for source in (project / "source").glob("*.txt"):
        entries, reviewed, drafts, needs_review, untranslated, _ = (int(value) for value in rows[source.stem])
        assert entries > 0 and entries == reviewed + drafts + needs_review + untranslated
        assert (project / "site" / "articles" / f"{source.stem}.html").is_file()
    entries, reviewed, _, _, untranslated, _ = (int(value) for value in rows["new_report"])
    assert untranslated == entries and reviewed == 0
    waiting = int(rows["total"][4])
    assert waiting == entries
    assert f"{waiting} entries wait for a translation model; install it with: toolkit models install ar en" in (
        result.stdout
    )
    assert f"site: {project / 'site' / 'index.html'}" in result.stdout


def test_help_says_what_publish_reads_writes_and_its_exit_codes():
    help_text = CliRunner().invoke(cli, ["publish", "--help"]).output
    for phrase in ("Reads source/", "Writes translations/", "site/index.html", "--strict", "Exit codes", "3 done"):
        assert phrase in help_text


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], bool]]:
    """Every command under the group as (argument path, is a leaf command)."""
    paths = []
    for name, command in group.commands.items():
        is_group = isinstance(command, click.Group)
        paths.append(((*prefix, name), not is_group))
        if is_group:
            paths += _command_paths(command, (*prefix, name))
    return paths


def test_every_command_help_says_what_it_reads_writes_and_its_exit_codes():
    for path, is_leaf in [((), False), *_command_paths(cli)]:
        help_text = " ".join(CliRunner().invoke(cli, [*path, "--help"]).output.split())
        assert "Exit codes: 0 success" in help_text, path
        if is_leaf:
            assert re.search(r"\bread", help_text, re.IGNORECASE), f"{path} does not say what it reads"
            assert re.search(r"\bwrit", help_text, re.IGNORECASE), f"{path} does not say what it writes"


def test_a_new_article_is_the_only_one_translated_and_only_changed_pages_rewritten(
    tmp_path: Path, model_file: Path, zh_installed: Path
):
    project = make_project(tmp_path / "project", model_file, 3)
    config = load_config(project)
    assert publish(config, quiet=True).update.untranslated == 0
    catalogs_before = _mtimes(project / "translations")
    site_before = _mtimes(project / "site")

    add_articles(project, range(3, 4))
    result = publish(config, quiet=True)

    new_catalog = project / "translations" / "article-03.po"
    assert result.update.written == [new_catalog]
    assert result.update.drafted == sum(1 for entry in read_catalog(new_catalog) if entry.msgid)
    assert {name: mtime for name, mtime in _mtimes(project / "translations").items() if name in catalogs_before} == (
        catalogs_before
    )
    # The new article's page, and the page of the article next to it in the list, which now links to it.
    listed = re.findall(r'<h2 class="titles"><a href="(articles/[^"]+)"', (project / "site" / "index.html").read_text())
    new_page = "articles/article-03.html"
    position = listed.index(new_page)
    neighbours = {listed[index] for index in (position - 1, position + 1) if 0 <= index < len(listed)}
    assert len(neighbours) == 1
    assert {name for name in result.build.written if name.startswith("articles/")} == {new_page, *neighbours}
    site_after = _mtimes(project / "site")
    for number in range(3):
        page = f"articles/article-{number:02d}.html"
        assert page in neighbours or site_after[page] == site_before[page], f"{page} was rewritten"


def test_strict_turns_a_warning_into_exit_3(tmp_path: Path, model_file: Path, zh_installed: Path):
    project = make_project(tmp_path / "project", model_file, 1)
    relaxed = run_toolkit(project, "publish")
    assert relaxed.returncode == EXIT_OK, relaxed.stderr
    assert "warning: site.base_url is not set" in relaxed.stderr

    strict = run_toolkit(project, "publish", "--strict")
    assert strict.returncode == EXIT_INCOMPLETE, strict.stderr
    assert "site: " in strict.stdout


def test_a_re_run_with_nothing_changed_writes_nothing_and_loads_no_model(
    tmp_path: Path, model_file: Path, zh_installed: Path
):
    project = make_project(tmp_path / "project", model_file, 2)
    assert run_toolkit(project, "publish").returncode == EXIT_OK

    probe = subprocess.run(
        [sys.executable, "-c", RERUN_PROBE, str(project)], capture_output=True, text=True, check=True
    )
    report = json.loads(probe.stdout)
    assert report == {"catalogs_written": [], "site_written": [], "engine_imported": []}


def test_an_html_source_s_own_address_is_linked_from_its_article_page(tmp_path: Path):
    """A saved page's canonical link (else og:url) goes into the catalog's X-Article-Url header, and the
    article page links to the original; a relative or javascript: address never does."""
    project = copy_default_project(tmp_path / "project")
    source = project / "source" / "saved_page.html"
    source.write_text(
        '<html lang="ar"><head><title>تقرير عن الأمن</title>'
        '<link rel="canonical" href="https://news.example/ar/report-1">'
        '<meta property="og:url" content="javascript:alert(1)"></head><body><article><h1>تقرير عن الأمن</h1>'
        + "".join(f"<p>فقرة رقم {n} من التقرير عن الضمانات الأمنية في أوروبا والعالم.</p>" for n in range(4))
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = run_toolkit(project, "publish", ARGOS_PACKAGES_DIR=str(tmp_path / "argos-packages"))
    assert result.returncode == EXIT_INCOMPLETE, result.stderr
    assert read_catalog(project / "translations" / "saved_page.po").metadata["X-Article-Url"] == (
        "https://news.example/ar/report-1"
    )
    for interface in ("", "ar/"):
        html = (project / "site" / interface / "articles" / "saved_page.html").read_text(encoding="utf-8")
        assert '<a href="https://news.example/ar/report-1" rel="noopener noreferrer nofollow">' in html
        assert "javascript:" not in html
    seed = (project / "site" / "articles" / "000_bff552917bc11dca.html").read_text(encoding="utf-8")
    assert "<dt>Original</dt>" not in seed  # raw text gives no address, and no link is made up


def test_a_new_project_whose_only_source_cannot_be_cleaned_is_told_why_not_to_run_translate(tmp_path: Path):
    """A newcomer's first publish on one saved page too big for an article: the cleaner's reason, not 'no
    translations/ folder ... run `toolkit translate` first' (which publish itself runs), and no site made."""
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "en"\n', encoding="utf-8")
    with (project / "source" / "live.html").open("wb") as page:
        page.truncate(9 * 1024 * 1024)
    result = run_toolkit(project, "-q", "publish")
    assert result.returncode == 1, result.stderr
    problem = [line for line in result.stderr.splitlines() if line.startswith("toolkit: ")]
    assert len(problem) == 1 and "toolkit translate" not in problem[0], result.stderr
    assert "source/live.html: file is too large for an article" in problem[0]
    assert not (project / "site").exists() and not (project / "translations").exists()
