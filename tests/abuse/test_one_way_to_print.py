"""Review findings mended (the behaviour was right, done twice): a path is printed one way on stdout and stderr,
by one function; toolkit.toml's settings are checked once."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit

from toolkit import config as config_module
from toolkit.config import load_config
from toolkit.errors import ConfigError, InputError, shown_path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import BlockSpec, catalog_text, write_project


def test_a_name_in_another_encoding_is_printed_the_same_on_stdout_and_stderr(tmp_path: Path) -> None:
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    project = write_project(tmp_path / os.fsdecode(b"caf\xe9"), {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)})
    (project / "toolkit.toml").unlink()  # build warns, on stderr, naming the project's path
    built = run_toolkit(project, "build", PYTHONIOENCODING="utf-8:strict")
    shown = f"{tmp_path}/caf\\xe9"
    assert f"-> {shown}/site/index.html" in built.stdout
    assert f"toolkit: warning: {shown}/toolkit.toml: missing" in built.stderr
    assert "\\udce9" not in built.stdout + built.stderr
    assert str(InputError("x", project)) == f"{shown}: x" == f"{shown_path(project)}: x"


def test_settings_are_checked_once_unless_the_command_line_overrides_the_files_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """load_config checked the file's settings, then all of them again with the command line's."""
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n', encoding="utf-8")
    checks = []
    check = config_module._check
    monkeypatch.setattr(config_module, "_check", lambda *args: checks.append(1) or check(*args))
    load_config(tmp_path)
    load_config(tmp_path, target_language="fr", beam_size=2)
    assert len(checks) == 2

    (tmp_path / "toolkit.toml").write_text("beam_size = 99\n", encoding="utf-8")
    for given in ({"target_language": "fr"}, {"beam_size": 4}):  # the file's own value, whatever is given
        with pytest.raises(ConfigError) as raised:
            load_config(tmp_path, **given)
        assert str(raised.value).startswith(f"{tmp_path / 'toolkit.toml'}: beam_size must be a whole number")
    (tmp_path / "toolkit.toml").write_text("beam_size = 4\n", encoding="utf-8")
    for given in ({"beam_size": 0}, {"source_language": "x1"}):
        with pytest.raises(ConfigError, match=r"\(given on the command line: --"):
            load_config(tmp_path, **given)


def test_a_staged_catalog_is_hashed_once_on_staging_and_once_at_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """save_catalog hashed the bytes on disk twice (to compare them, then to remember them for the commit)."""
    from toolkit.catalog import store
    from toolkit.store.files import AtomicWrites

    path = write_project(tmp_path / "p", {"a": catalog_text("a", ("عنوان", "Title"), [])}) / "translations" / "a.po"
    catalog, read = store.load_catalog(path, "en")
    catalog.metadata["X-Article-Title"] = "عنوان آخر"
    path.write_bytes(path.read_bytes() + b"\n")  # saved meanwhile by an editor, with the same content
    hashed = []
    digest = store.content_digest
    monkeypatch.setattr(store, "content_digest", lambda data: hashed.append(len(data)) or digest(data))
    writes = AtomicWrites()
    wrote, _ = store.save_catalog(path, catalog, read, lambda ours, theirs: None, "en", writes)
    assert wrote and len(hashed) == 2  # the file as it is now, the bytes staged
    assert writes.commit() == [path] and len(hashed) == 3
    assert "عنوان آخر" in path.read_text(encoding="utf-8")


def test_a_project_path_with_a_newline_or_an_escape_sequence_is_shown_escaped_in_every_message(tmp_path: Path) -> None:
    """Warnings and reports put the project's paths into their text raw (the missing toolkit.toml, check's
    warnings, build's `-> .../index.html`, "holds no catalog"): a newline in a folder's name split the one line
    into two, the second a message of its own to whatever reads the output line by line, and an escape sequence
    reached a log raw."""
    blocks = [BlockSpec("p1", "في عام 2021 زاد العدد.", "In 1999 the number grew.")]  # a numbers warning
    project = write_project(tmp_path / "p\nq\x1b[31mx", {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)})
    (project / "toolkit.toml").unlink()
    runs = [run_toolkit(project, "build"), run_toolkit(project, "check")]
    (project / "translations" / "a1.po").unlink()
    runs.append(run_toolkit(project, "build"))
    output = "".join(run.stdout + run.stderr for run in runs)
    assert "toolkit.toml: missing" in output and "[numbers]" in output and "holds no catalog" in output, output
    assert "p\\nq\\x1b[31mx" in output, output
    assert "\x1b" not in output and not [line for line in output.splitlines() if line.startswith("q")], output


def test_two_sources_of_one_article_with_a_newline_in_their_name_are_named_on_one_line(tmp_path: Path) -> None:
    """ "two sources make article ...: source/x<newline>q.html and ..." printed the sources' names raw."""
    blocks = [BlockSpec("p1", "نص الفقرة الأولى.", "The first paragraph.")]
    project = write_project(tmp_path / "p", {"a1": catalog_text("a1", ("عنوان", "Title"), blocks)})
    (project / "source").mkdir()
    for suffix in (".txt", ".html"):
        (project / "source" / f"x\nq{suffix}").write_text("<p>نص عربي طويل بما يكفي ليكون مقالا.</p>\n", "utf-8")
    result = run_toolkit(project, "status")
    named = [line for line in result.stderr.splitlines() if "two sources make article" in line]
    shown = shown_path(project / "source")
    assert len(named) == 1 and f"{shown}/x\\nq.html and {shown}/x\\nq.txt" in named[0], result.stderr


def test_a_source_is_named_in_every_message_as_the_run_read_it(tmp_path: Path) -> None:
    """A message named a source the way its catalog records it (source/a.txt), while the line opened with a file
    named by its absolute path ('.../translations/a.po: two sources make article 'a': source/a.html and
    source/a.txt'; 'warning: source/x.txt and source/y.txt hold the same article'). Every file of the project is
    named by its absolute path; a file given to clean, as it was given."""
    project = copy_default_project(tmp_path / "p")
    sources = project / "source"
    first, second = sorted(sources.glob("*.txt"))[:2]
    shutil.copy(first, sources / "copy.txt")  # the same article under another name
    (sources / f"{second.stem}.html").write_text("<html><body><h1>x</h1></body></html>")  # two sources, one article
    text = second.read_text(encoding="utf-8")
    (sources / "headless.txt").write_text(text[1500:3000] + "\n", encoding="utf-8")  # "no headline found"
    said = {command: run_toolkit(project, command).stderr for command in ("translate", "status", "publish", "clean")}
    named = [*said.values()]
    for stderr in named:
        assert not [line for line in stderr.splitlines() if re.search(r"(?<![\w/.-])source/[^\s/]", line)], stderr
    assert f"{sources / 'copy.txt'} hold the same article" in said["publish"]
    assert f"{sources / second.name}; rename one" in said["status"]
    assert f"{sources / 'headless.txt'}: no headline found" in said["publish"]
    given = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", "p", "clean", "source/copy.txt", f"source/{first.name}", "--explain"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=command_environment(),
    )
    assert f"toolkit: warning: p/source/{first.name} and p/source/copy.txt hold the same article" in given.stderr
    assert given.stderr.startswith("p/source/copy.txt: 9 blocks kept"), given.stderr
