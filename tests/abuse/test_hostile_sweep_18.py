"""Cases from the eighteenth hostile sweep (issue 10): a project moved while a run writes it; a cluster address
of auto, RAY_ADDRESS, RAY_TMPDIR and Ray missing as a new user meets them; the site an upgraded toolkit finds; a
PYTHONIOENCODING Python cannot start with; a path argument judged from the wrong folder; check and status without
translations/; clean given the project folder; a low limit on open files; what serve says it serves; a catalog
sorted with its source lines dropped; init, or a folder missing, through a link whose target is gone. Each test
failed before its fix."""

from __future__ import annotations

import contextlib
import errno
import importlib
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from abuse_projects import (
    REPO,
    command_environment,
    copy_default_project,
    launcher_beside_python,
    run_toolkit,
    tree_hashes,
)
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.commands import serve
from toolkit.errors import EXIT_FAILURE, ClusterError
from toolkit.site.manifest import MANIFEST_VERSION
from toolkit.translate import cluster

ARTICLE = "000_bff552917bc11dca"


@pytest.mark.parametrize(
    ("command", "module", "step"),
    [
        ("publish", "toolkit.commands.publish", "update_catalogs"),
        ("translate", "toolkit.commands.translate", "update_catalogs"),
        ("build", "toolkit.commands.build", "build_site"),
    ],
)
def test_a_project_moved_while_a_run_writes_it_is_not_made_again_at_its_old_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, module: str, step: str
) -> None:
    # `mv news news-2024` while publish drafted: the run's first write made /…/news again, empty, with its
    # catalogs in translations/, the site in site/ and a fresh .toolkit/, and the build, finding no
    # toolkit.toml there, used the default settings: exit 0, the moved project without the run's work and a
    # stray half project at the old path.
    project = copy_default_project(tmp_path / "news")
    assert run_toolkit(project, "-q", "publish").returncode == 0
    source = project / "source" / f"{ARTICLE}.txt"
    (project / "source" / "added.txt").write_text(
        source.read_text(encoding="utf-8").replace("الكرملين", "القصر"), encoding="utf-8"
    )
    moved = tmp_path / "news-2024"
    kept = tree_hashes(project)
    commands = importlib.import_module(module)
    original = getattr(commands, step)

    def moved_first(*arguments, **keywords):
        project.rename(moved)
        return original(*arguments, **keywords)

    monkeypatch.setattr(commands, step, moved_first)
    result = CliRunner().invoke(cli, ["-C", str(project), "-q", command])
    assert result.exit_code == EXIT_FAILURE, result.output
    assert result.stderr == (
        f"toolkit: {project}: the project folder was moved or removed while this run went, so nothing more was "
        "written; run the command again where the project is now\n"
    )
    assert not project.exists()
    assert tree_hashes(moved) == kept


def _closed_port() -> int:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def test_the_address_auto_checks_the_cluster_ray_address_names_and_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `--cluster auto` with RAY_ADDRESS left set to a head that is gone: Ray joins what the variable names, and
    # the check that names an unreachable host:port at once was passed over for auto: ray.init retried for
    # minutes (past 150 s) without a word. A RAY_ADDRESS that is no address was Ray's "Unable to parse port".
    port = _closed_port()
    monkeypatch.setenv("RAY_ADDRESS", f"127.0.0.1:{port}")
    with pytest.raises(ClusterError) as refused:
        cluster._check_reachable("auto")
    assert refused.value.message == (
        f"cannot reach the Ray cluster at 127.0.0.1:{port} (the variable RAY_ADDRESS, which the address auto "
        "reads): Connection refused"
    )
    monkeypatch.setenv("RAY_ADDRESS", "head:port")
    with pytest.raises(ClusterError) as refused:
        cluster._check_reachable("auto")
    assert refused.value.message == (
        "not a Ray address: 'head:port' (expected host:port, ray://host:port, auto or local), in the variable "
        "RAY_ADDRESS, which the address auto reads"
    )
    # Under a memory limit the room check asks the head for its object store first, and named the variable's
    # value as if it had been given instead of auto.
    with pytest.raises(ClusterError) as asking:
        cluster._object_store_bytes("auto")
    assert asking.value.message == refused.value.message


def test_the_address_auto_finding_no_cluster_is_said_in_the_toolkit_s_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ray's message sent the user to a `--address` flag, which is Ray's command's: the toolkit has none.
    monkeypatch.delenv("RAY_ADDRESS", raising=False)

    class NoClusterRay:
        class exceptions:  # as ray.exceptions
            pass

        @staticmethod
        def init(**options) -> None:
            raise ConnectionError(
                "Could not find any running Ray instance. Please specify the one to connect to by setting "
                "`--address` flag or `RAY_ADDRESS` environment variable."
            )

    with pytest.raises(ClusterError) as refused:
        cluster._connect(NoClusterRay, "auto")
    assert refused.value.message == (
        "cannot reach the Ray cluster at auto: no Ray cluster runs on this machine (auto joins the one `ray start "
        "--head` started here, or the one the variable RAY_ADDRESS names); start one, give the head's address "
        "(host:port), or give local to start Ray on this machine for the run"
    )


def test_ray_missing_for_a_cluster_address_of_toolkit_toml_is_not_blamed_on_an_option_never_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `[cluster] address = "auto"` in toolkit.toml, Ray not installed: "--cluster needs Ray", to a user who typed
    # `toolkit translate`, and no word of the setting that asked for Ray or of how to do without it.
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(ClusterError) as refused:
        cluster._import_ray("auto")
    said = refused.value.message
    assert said.startswith(
        "drafting with Ray (cluster address auto) needs Ray, which is not installed (to draft without it: no "
        "--cluster, and no [cluster] address in toolkit.toml); install it with: "
    )


def test_a_site_built_by_a_toolkit_of_another_manifest_version_is_not_called_not_made_by_the_build(
    tmp_path: Path,
) -> None:
    # Upgrading the toolkit to one whose build manifest has another version (MANIFEST_VERSION 8 -> 9): the next
    # build moved every file of the old site, which the old toolkit had built, into .toolkit/not-built-*, said
    # "site/404.html (and 9 more): not made by the build" and told the user to keep such files outside site/;
    # each upgrade left another copy of the whole site there, which the toolkit never removes. A file the user
    # put in site/ is still moved out and named, alone.
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "build").returncode == 0
    with contextlib.closing(sqlite3.connect(project / ".toolkit" / "site-manifest.sqlite")) as manifest, manifest:
        manifest.execute("UPDATE meta SET value = ? WHERE key = 'version'", (str(MANIFEST_VERSION - 1),))
    (project / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    (kept,) = (project / ".toolkit").glob("not-built-*")
    assert result.stderr == (
        f"toolkit: warning: {project / 'site' / 'notes.txt'}: not made by the build, so not in the new site (a build "
        f"replaces site/ whole); moved with its path to {kept}, which the toolkit never removes: keep such files "
        "outside site/ and copy them in after building\n"
    )
    assert [path.name for path in kept.iterdir()] == ["notes.txt"]
    assert (project / "site" / "articles" / f"{ARTICLE}.html").is_file()


@pytest.mark.parametrize("encoding", ["utf8mb4", "base64"])
def test_a_pythonioencoding_python_cannot_start_with_is_one_line(tmp_path: Path, encoding: str) -> None:
    # PYTHONIOENCODING=utf8mb4 (a MySQL habit) or an encoding of bytes: Python stopped while it started, before
    # any code of the toolkit's ran, with five lines of "Fatal Python error: init_stdio_encoding", exit 1.
    launcher = launcher_beside_python(tmp_path / "bin")
    result = subprocess.run(
        [str(launcher), "--version"],
        capture_output=True,
        text=True,
        env=command_environment(PYTHONIOENCODING=f"{encoding}:strict"),
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"toolkit: the PYTHONIOENCODING variable names the encoding '{encoding}', which Python does not know as an "
        "encoding of text; set it to one it does (PYTHONIOENCODING=utf-8) or unset it\n"
    )
    kept = subprocess.run(
        [str(launcher), "--version"],
        capture_output=True,
        text=True,
        env=command_environment(PYTHONIOENCODING="latin-1:strict"),
        timeout=60,
    )
    assert kept.returncode == 0 and kept.stdout.startswith("toolkit, version "), kept.stderr


def test_a_path_argument_is_judged_where_the_command_takes_it_from_and_in_one_line(tmp_path: Path) -> None:
    # click judged the kind of a path argument from the folder the command ran in, while the command takes it
    # from the project folder (-C): `toolkit -C news align ARTICLE english.txt` run beside a folder english.txt
    # refused news/english.txt, a file, with "Error: Invalid value for 'TRANSLATION_FILE': File 'english.txt'
    # is a directory." in three lines of usage; -C or init given a file had those three lines too.
    project = copy_default_project(tmp_path / "news")
    (project / "english.txt").write_text(
        "Putin to Macron: the West ignored our security concerns\n\n"
        "The Kremlin said that President Vladimir Putin told his French counterpart Emmanuel Macron that the "
        "response of Washington and NATO had not taken into account Russia's fundamental concerns.\n",
        encoding="utf-8",
    )
    (tmp_path / "english.txt").mkdir()
    aligned = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", "news", "-q", "align", ARTICLE, "english.txt"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=command_environment(),
        timeout=120,
    )
    assert aligned.returncode == 0, aligned.stderr
    settings = project / "toolkit.toml"
    for arguments, said in [
        (["-C", str(settings), "status"], f"toolkit: {settings}: is not a folder; a project is one\n"),
        (["init", str(settings)], f"toolkit: {settings}: exists and is not a folder\n"),
        (["-C", str(settings), "init"], f"toolkit: {settings}: exists and is not a folder\n"),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "toolkit", *arguments],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=command_environment(),
            timeout=60,
        )
        assert (result.returncode, result.stderr) == (2, said), arguments


@pytest.mark.parametrize(("arguments", "nothing_to"), [(["check"], "check"), (["status", "--by-confidence"], "count")])
def test_check_and_status_without_a_translations_folder_say_so(
    tmp_path: Path, arguments: list[str], nothing_to: str
) -> None:
    # translations/ gone (a checkout without it, a careless `rm -r`) with five articles in source/: check said
    # "0 catalogs ... 0 warnings" with exit 0, so a check gating a deployment passed with nothing checked, and
    # status listed a total of 0 entries, where build already refused to build an empty site.
    project = copy_default_project(tmp_path / "p")
    shutil.rmtree(project / "translations")
    result = run_toolkit(project, *arguments)
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert result.stderr == (
        f"toolkit: {project / 'translations'}: no translations/ folder, so nothing to {nothing_to}; run `toolkit "
        "translate` first\n"
    )


def test_clean_given_the_project_folder_cleans_its_articles(tmp_path: Path) -> None:
    # `toolkit clean .` in a project: "no source files ... to clean", exit 1, after a warning for each of
    # source/, translations/ and site/ that only files directly in the project are read "(move its files up)",
    # which sent a new user to move the articles out of source/.
    project = copy_default_project(tmp_path / "p")
    whole = run_toolkit(project, "clean")
    given = subprocess.run(
        [sys.executable, "-m", "toolkit", "clean", "."],
        capture_output=True,
        text=True,
        cwd=project,
        env=command_environment(),
        timeout=120,
    )
    assert given.returncode == 0, given.stderr
    assert (
        (given.stdout, given.stderr)
        == (whole.stdout, whole.stderr)
        == (whole.stdout, "toolkit: cleaned 5 of 5 files\n")
    )


def test_a_build_over_the_limit_on_open_files_names_the_limit(tmp_path: Path) -> None:
    # Run under a low `ulimit -n` (a service's, macOS's 256 for a large site): "cannot run the Pagefind search
    # indexer: too many open files", or a staged page "cannot read: too many open files", naming no limit and
    # nothing to do, as if the build had leaked files.
    project = copy_default_project(tmp_path / "p")
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "build"],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=120,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (14, hard)),
    )
    assert result.returncode == EXIT_FAILURE, result.stderr
    (said,) = result.stderr.splitlines()
    assert said.startswith("toolkit: ") and said.endswith(
        ": too many open files: over the limit on files this run may have open at once (ulimit -n: 14); raise it"
    ), said


def test_ray_s_session_folder_refused_here_is_named_with_the_variable_not_blamed_on_a_cluster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `--cluster local` with RAY_TMPDIR naming a file (or a full or read-only folder): "cannot reach the Ray
    # cluster at local: [Errno 20] Not a directory: '/.../ray'", a cluster blamed for a folder of this machine.
    taken = tmp_path / "afile"
    taken.write_text("", encoding="utf-8")
    monkeypatch.setenv("RAY_TMPDIR", str(taken))
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")

    class RayStartingHere:
        class exceptions:  # as ray.exceptions
            pass

        @staticmethod
        def init(**options) -> None:
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(taken / "ray"))

    with pytest.raises(ClusterError) as refused:
        cluster._connect(RayStartingHere, "local")
    assert refused.value.message == (
        f"Ray cannot use its session folder (under {taken}, which the variable RAY_TMPDIR names): {taken / 'ray'}: "
        "a part of the path is a file, not a folder"
    )


def test_serve_says_it_serves_the_previous_site_only_when_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A rebuild that failed said "(still serving the previous site)" also where there was none: a first build
    # that failed, or a project moved away while it served, where every request met a 404.
    project = copy_default_project(tmp_path / "p")
    settings = project / "toolkit.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[site\n", encoding="utf-8")
    assert serve._rebuild(project)
    assert capsys.readouterr().err.endswith(" (there is no site to serve until a build succeeds)\n")
    shutil.copy(REPO / "toolkit.toml", settings)
    assert run_toolkit(project, "-q", "build").returncode == 0
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[site\n", encoding="utf-8")
    assert serve._rebuild(project)
    assert capsys.readouterr().err.endswith(" (still serving the previous site)\n")


def test_a_catalog_sorted_with_its_source_lines_dropped_is_named_by_check(tmp_path: Path) -> None:
    # `msgcat --no-location --sort-output` (a translator tidying a catalog for version control): the build,
    # which orders a page's paragraphs by the source lines the #: references name, had none and kept the
    # file's order, the text's: the article's paragraphs shuffled on the site, and nothing said so.
    project = copy_default_project(tmp_path / "p")
    catalog = project / "translations" / f"{ARTICLE}.po"
    subprocess.run(["msgcat", "--no-location", "--sort-output", "-o", str(catalog), str(catalog)], check=True)
    checked = run_toolkit(project, "check")
    assert checked.returncode == EXIT_FAILURE, checked.stderr
    (said,) = checked.stdout.splitlines()
    assert said.startswith(f"{catalog}:") and said.endswith(
        "the paragraphs name no source line (#: without :LINE, as msgcat --no-location writes) and stand sorted by "
        "their text, so the site shows them in that order, not the article's; `toolkit translate` writes the lines "
        "back [order]"
    ), said
    assert run_toolkit(project, "-q", "publish").returncode == 0
    assert run_toolkit(project, "check").returncode == 0
    unsorted = copy_default_project(tmp_path / "unsorted")
    catalog = unsorted / "translations" / f"{ARTICLE}.po"
    subprocess.run(["msgcat", "--no-location", "-o", str(catalog), str(catalog)], check=True)
    assert run_toolkit(unsorted, "check").returncode == 0


@pytest.mark.parametrize("below", ["", "2024"])
def test_init_through_a_link_whose_target_is_gone_names_the_link_and_makes_nothing(tmp_path: Path, below: str) -> None:
    # ~/news a link to a drive that is not mounted: `toolkit init ~/news/2024` followed the link as far as it led
    # and made /media/usb/news/2024 (here the link's target, under tmp_path) on the system's disk, exit 0.
    target = tmp_path / "media" / "usb" / "news"
    link = tmp_path / "news"
    link.symlink_to(target)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "init", str(link / below)],
        capture_output=True,
        text=True,
        env=command_environment(),
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == (
        f"toolkit: {link}: is a link to {target}, which does not exist; fix the link or remove it; nothing was "
        "written\n"
    )
    assert not (tmp_path / "media").exists()


def test_a_folder_missing_behind_a_link_whose_target_is_gone_names_the_link(tmp_path: Path) -> None:
    # XDG_DATA_HOME (or HOME) a link to a drive that is not mounted: "…/data/argos-translate: cannot prepare
    # Argos Translate's data folder: no such file or folder", for a path whose every folder but the last the
    # user sees with ls.
    data = tmp_path / "data"
    target = tmp_path / "media" / "usb" / "data"
    data.symlink_to(target)
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "models", "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=command_environment(XDG_DATA_HOME=str(data)),
        timeout=60,
    )
    assert result.returncode == EXIT_FAILURE, result.stderr
    assert result.stderr == (
        f"toolkit: {data / 'argos-translate' / 'packages'}: cannot read the Argos packages folder: {data}, a folder "
        f"on its way, is a link to {target}, which does not exist; fix the link or remove it\n"
    )
