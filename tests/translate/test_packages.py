"""Argos packages: install from a file into ARGOS_PACKAGES_DIR, reject bad files, fail fast offline."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from local_http import served_folder

from toolkit.config import Config
from toolkit.errors import FileSystemError, InputError, ModelInstallError, ModelMissingError
from toolkit.translate.packages import (
    install_command,
    install_file,
    install_from_index,
    installed_packages,
    load_translator,
    package_for,
    packages_dir,
)


def toolkit(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], env=env, cwd=cwd, capture_output=True, text=True)


def test_packages_folder_follows_the_environment_at_call_time(argos_packages_dir: Path):
    assert packages_dir() == argos_packages_dir
    assert installed_packages() == []


def test_install_the_real_package_file(argos_packages_dir: Path, model_file: Path):
    installed = install_file(model_file)
    assert (installed.name, installed.version, installed.from_code, installed.to_code) == (
        "translate-zh_en",
        "1.9",
        "zh",
        "en",
    )
    assert installed.path.parent == argos_packages_dir
    assert (installed.path / "model" / "model.bin").is_file()
    assert package_for("zh", "en") == installed
    assert package_for("ar", "en") is None


def test_model_file_is_installed_on_first_use(argos_packages_dir: Path, model_file: Path, tmp_path: Path):
    config = Config(project_dir=tmp_path, source_language="zh", model_file=model_file)
    translator = load_translator(config)
    assert translator.description.startswith("argos translate-zh_en 1.9 (ctranslate2")
    assert package_for("zh", "en") is not None


def test_model_file_for_another_pair_is_named_in_the_missing_model_error(
    argos_packages_dir: Path, model_file: Path, tmp_path: Path
):
    config = Config(project_dir=tmp_path, model_file=model_file)
    with pytest.raises(ModelMissingError, match=r"translate-ar_en.*holds zh -> en"):
        load_translator(config)


def test_missing_package_names_it_and_the_install_command(argos_packages_dir: Path, tmp_path: Path):
    config = Config(project_dir=tmp_path)
    with pytest.raises(ModelMissingError) as raised:
        load_translator(config)
    assert install_command(config) == "toolkit models install ar en"
    assert str(raised.value) == (
        "no Argos package for ar -> en (translate-ar_en); install it with: toolkit models install ar en"
        "   (or: toolkit models install --from FILE.argosmodel)"
    )


def test_bad_model_file_is_named_in_the_missing_model_error(argos_packages_dir: Path, tmp_path: Path):
    bad = tmp_path / "broken.argosmodel"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ModelMissingError, match=r"model_file failed: .*broken.argosmodel: not an Argos package"):
        load_translator(Config(project_dir=tmp_path, model_file=bad))


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"readme.txt": b"hello"}, "no metadata.json; one top folder holds it"),
        ({"pkg/metadata.json": b"{not json", "pkg/model/model.bin": b"", "pkg/sentencepiece.model": b""}, "readable"),
        ({"pkg/metadata.json": json.dumps({"from_code": "zh", "to_code": "en"}).encode()}, "model/model.bin"),
        (
            {"pkg/metadata.json": b"{}", "pkg/model/model.bin": b"", "pkg/sentencepiece.model": b""},
            "names no from_code and to_code",
        ),
        (
            {
                "pkg/metadata.json": json.dumps({"from_code": "zh", "to_code": "en", "type": "sbd"}).encode(),
                "pkg/model/model.bin": b"",
                "pkg/sentencepiece.model": b"",
            },
            "not a translation package: metadata.json gives the type 'sbd'",
        ),
        (
            {
                "pkg/metadata.json": json.dumps({"from_code": 123, "to_code": ["en"]}).encode(),
                "pkg/model/model.bin": b"",
                "pkg/sentencepiece.model": b"",
            },
            "from_code in metadata.json is 123",
        ),
        (
            {
                "pkg/metadata.json": json.dumps({"from_code": "zh", "to_code": "en"}).encode(),
                "pkg/model/model.bin": b"",
                "pkg/sentencepiece.model": b"",
                "../../escaped.txt": b"x",
            },
            "../../escaped.txt is outside its top folder pkg/",
        ),
    ],
)
def test_bad_package_files_are_refused_before_installing(
    argos_packages_dir: Path, tmp_path: Path, files: dict[str, bytes], message: str
):
    package = _zip(tmp_path / "bad.argosmodel", files)
    with pytest.raises(InputError, match=message) as raised:
        install_file(package)
    assert raised.value.path == package
    assert list(argos_packages_dir.iterdir()) == []


def test_an_index_address_that_is_no_url_and_an_empty_packages_setting_are_named(
    argos_packages_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "not a url")
    with pytest.raises(ModelInstallError, match=r"cannot reach the Argos package index \(not a urlindex.json: "):
        install_from_index("ar", "en")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert packages_dir() != Path("") and packages_dir().name == "packages"


def test_index_install_fails_fast_offline(argos_packages_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    started = time.monotonic()
    with pytest.raises(ModelInstallError, match=r"cannot reach the Argos package index .*--from FILE.argosmodel"):
        install_from_index("ar", "en")
    assert time.monotonic() - started < 5


def test_cli_install_offline_and_bad_file_fail_with_one_line(
    argos_packages_dir: Path, toolkit_env: dict[str, str], tmp_path: Path
):
    offline = toolkit("models", "install", "ar", "en", env=toolkit_env, cwd=tmp_path)
    assert offline.returncode == 1
    assert offline.stderr.startswith("toolkit: cannot reach the Argos package index")
    assert offline.stderr.count("\n") == 1 and "Traceback" not in offline.stderr

    bad = tmp_path / "notes.argosmodel"
    bad.write_text("plain text")
    refused = toolkit("models", "install", "--from", str(bad), env=toolkit_env, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == f"toolkit: {bad}: not an Argos package: not a zip archive\n"


def test_cli_install_of_a_package_of_another_pair_than_the_project_s_says_so(
    argos_packages_dir: Path, model_file: Path, toolkit_env: dict[str, str], tmp_path: Path
):
    # A zh -> en package given in an ar -> en project was installed without a word: the user, who most likely
    # meant the project's package, learnt it at the next translate. It is installed (the packages folder serves
    # every project and translate-text), with one line saying the project's pair is still not served.
    project = tmp_path / "ar-project"
    project.mkdir()
    (project / "toolkit.toml").write_text('source_language = "ar"\n')
    done = toolkit("models", "install", "--from", str(model_file), env=toolkit_env, cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("installed: translate-zh_en 1.9  zh -> en")
    assert done.stderr == (
        f"toolkit: warning: {model_file}: a package for zh -> en, not this project's ar -> en; translate still has "
        "no package: no Argos package for ar -> en (translate-ar_en); install it with: toolkit models install ar "
        "en   (or: toolkit models install --from FILE.argosmodel)\n"
    )
    assert package_for("zh", "en") is not None
    for folder, source in (("zh-project", "zh"), ("no-project", None)):  # the project's pair, or no project
        (tmp_path / folder).mkdir()
        if source:
            (tmp_path / folder / "toolkit.toml").write_text(f'source_language = "{source}"\n')
        again = toolkit("models", "install", "--from", str(model_file), env=toolkit_env, cwd=tmp_path / folder)
        assert again.returncode == 0 and again.stderr == "", (folder, again.stderr)


def test_cli_list_marks_the_package_serving_the_project(
    zh_installed: Path, toolkit_env: dict[str, str], tmp_path: Path
):
    (tmp_path / "toolkit.toml").write_text('source_language = "zh"\n')
    listed = toolkit("models", "list", env=toolkit_env, cwd=tmp_path)
    assert listed.returncode == 0
    assert "translate-zh_en 1.9  zh -> en" in listed.stdout
    assert "<- serves this project" in listed.stdout

    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n')
    missing = toolkit("models", "list", env=toolkit_env, cwd=tmp_path)
    assert "serves this project" not in missing.stdout
    assert "install it with: toolkit models install ar en" in missing.stdout

    # No project here: the packages alone, no default pair said to be unserved.
    (tmp_path / "toolkit.toml").unlink()
    outside = toolkit("models", "list", env=toolkit_env, cwd=tmp_path)
    assert outside.returncode == 0 and outside.stderr == ""
    assert outside.stdout.splitlines() == [
        line.replace("  <- serves this project", "") for line in listed.stdout.splitlines()
    ]
    assert "serves this project" not in outside.stdout


def test_cli_install_of_an_installed_pair_does_nothing(zh_installed: Path, toolkit_env: dict, tmp_path: Path):
    done = toolkit("models", "install", "zh", "en", env=toolkit_env, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.startswith("already installed: translate-zh_en 1.9")


def test_config_pair_change_needs_its_own_package(zh_installed: Path, tmp_path: Path):
    config = Config(project_dir=tmp_path, source_language="zh")
    assert load_translator(config).source_language == "zh"
    with pytest.raises(ModelMissingError):
        load_translator(replace(config, target_language="fr"))


@pytest.fixture
def local_index(tmp_path: Path, model_file: Path, monkeypatch: pytest.MonkeyPatch):
    """A package index served over HTTP on this machine, listing the real zh -> en package."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "translate-zh_en-1_9.argosmodel").symlink_to(model_file)
    with served_folder(served) as base:
        entry = {"from_code": "zh", "to_code": "en", "package_version": "1.9", "type": "translate"}
        entry["links"] = [base + "translate-zh_en-1_9.argosmodel"]
        (served / "index.json").write_text(json.dumps([entry]))
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base)
        yield base


def test_index_install_downloads_and_installs_the_pair(argos_packages_dir: Path, local_index: str, model_file: Path):
    received: list[int] = []
    installed = install_from_index("zh", "en", lambda done, total: received.append(done))
    assert installed.path.parent == argos_packages_dir
    assert package_for("zh", "en") == installed
    assert received[-1] == model_file.stat().st_size
    with pytest.raises(ModelInstallError, match=r"has no package for ar -> en"):
        install_from_index("ar", "en")


def _damaged_package(path: Path, source_language: str = "zh") -> Path:
    """A whole zip archive with an Argos package's layout whose tokenizer and model are garbage."""
    metadata = {"package_version": "1.0", "from_code": source_language, "to_code": "en", "type": "translate"}
    top = f"translate-{source_language}_en-1_0"
    return _zip(
        path,
        {
            f"{top}/metadata.json": json.dumps(metadata).encode(),
            f"{top}/model/model.bin": b"\0garbage" * 64,
            f"{top}/model/config.json": b"{}",
            f"{top}/sentencepiece.model": b"garbage",
        },
    )


def test_a_package_whose_model_cannot_load_is_refused_at_install(argos_packages_dir: Path, tmp_path: Path):
    package = _damaged_package(tmp_path / "damaged.argosmodel")
    with pytest.raises(InputError, match=r"damaged Argos package, not installed: .*tokenizer cannot be loaded"):
        install_file(package)
    assert package_for("zh", "en") is None
    assert [path for path in argos_packages_dir.iterdir() if path.is_dir()] == []


def test_an_unpack_that_fails_names_the_file_it_failed_on(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """An unpack that failed was said of the packages folder ("packages: cannot install the package into: no space
    left"): now a member that cannot be written is named as it would be installed, one that cannot be read from
    the package file by the package file and the member; nothing is installed either way."""
    package = _damaged_package(tmp_path / "damaged.argosmodel")
    member = "translate-zh_en-1_0/model/model.bin"
    real_open, real_write = zipfile.ZipFile.open, os.write
    opened_member = []

    def failing_read(archive, name, *args, **kwargs):
        opened = real_open(archive, name, *args, **kwargs)
        if getattr(name, "filename", name) == member:
            opened_member.append(name)
        if len(opened_member) > 1:  # the unpack's read, not the check's before it
            opened.read = lambda *_: (_ for _ in ()).throw(OSError(errno.EIO, os.strerror(errno.EIO)))
        return opened

    monkeypatch.setattr(zipfile.ZipFile, "open", failing_read)
    with pytest.raises(FileSystemError) as raised:
        install_file(package)
    assert str(raised.value).startswith(f"{package}: cannot read {member} from the package: input/output error")
    monkeypatch.setattr(zipfile.ZipFile, "open", real_open)

    def failing_write(descriptor: int, data) -> int:
        if os.readlink(f"/proc/self/fd/{descriptor}").endswith("/model/model.bin"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(FileSystemError) as raised:
        install_file(package)
    assert str(raised.value).startswith(f"{argos_packages_dir / member}: cannot write: no space left on the device")
    assert list(argos_packages_dir.iterdir()) == []


def test_a_package_damaged_after_install_is_named_when_loaded(zh_packages_dir: Path, tmp_path: Path):
    # The session's installed package, linked file by file (not installed again: that loads the model), and
    # its model file replaced, not written through the link.
    argos_packages_dir = Path(shutil.copytree(zh_packages_dir, tmp_path / "argos-packages", copy_function=os.link))
    installed = next(path for path in argos_packages_dir.iterdir() if (path / "metadata.json").is_file())
    (installed / "model" / "model.bin").unlink()
    (installed / "model" / "model.bin").write_bytes(b"\0damaged on disk" * 64)
    project = tmp_path / "project"
    project.mkdir()
    (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_packages_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "translate-text"],
        input="我喜欢读书。\n",
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"{installed}: the installed package's model cannot be loaded" in result.stderr


def test_a_download_into_a_full_temporary_folder_is_named_as_a_write_and_leaves_nothing(
    argos_packages_dir: Path, local_index: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    real_open, real_write = os.open, os.write
    downloads: set[int] = set()

    def opened(path, flags, *args, **kwargs):
        descriptor = real_open(path, flags, *args, **kwargs)
        if os.fspath(path).endswith(".argosmodel") and flags & os.O_WRONLY:
            downloads.add(descriptor)
        return descriptor

    def full_disk(descriptor: int, data) -> int:
        # The disk fills at the download's first write, at the system call whichever layer makes it.
        if descriptor in downloads:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(descriptor, data)

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(FileSystemError, match=r"cannot write: no space left on the device") as raised:
        install_from_index("zh", "en")
    assert raised.value.path is not None and raised.value.path.name == "translate-zh_en.argosmodel"
    assert list(scratch.iterdir()) == [], "the download's temporary folder is removed"
    assert list(argos_packages_dir.iterdir()) == []


@pytest.mark.parametrize(
    "failure",
    [
        MemoryError(),
        RuntimeError("std::bad_alloc"),
        RuntimeError("CUDA failed with error out of memory"),
        OSError(errno.ENOMEM, "Cannot allocate memory"),
    ],
    ids=["MemoryError", "bad_alloc", "cuda", "ENOMEM"],
)
def test_memory_running_out_while_loading_is_said_as_such(failure: Exception, tmp_path: Path):
    # A failed allocation read as "the package cannot be loaded; reinstall it" (or, as a MemoryError, an
    # internal error): the package is not at fault, and installing it again would not help.
    from toolkit.commands.publish import summary_lines
    from toolkit.errors import ModelMemoryError
    from toolkit.translate.packages import InstalledPackage, _loaded

    package = InstalledPackage("translate-zh_en", "1.9", "zh", "en", "Chinese", "English", tmp_path, "")

    def load():
        raise failure

    with pytest.raises(ModelMemoryError) as raised:
        _loaded(package, "model", load)
    message = str(raised.value)
    assert message.startswith(f"{tmp_path}: memory ran out loading the installed package's model")
    assert "install it" not in message and "no Argos package" not in message

    from toolkit.catalog.summary import ProjectSummary
    from toolkit.catalog.update import UpdateResult
    from toolkit.commands.publish import PublishResult
    from toolkit.site.build import BuildResult

    waiting = UpdateResult(tmp_path, 1, untranslated=3, model_missing=raised.value)
    built = BuildResult(tmp_path, 1, (), 0, (), ())
    result = PublishResult([], waiting, built, ProjectSummary.of([]), [], [], None)
    assert "3 entries wait for a translation model; memory ran out loading it (see above)" in summary_lines(
        result, tmp_path / "index.html"
    )


def test_an_engine_message_cut_short_at_a_damaged_name_is_said_to_be(tmp_path: Path):
    # CTranslate2, given a model.bin whose variable count was damaged, says only "Variable '".
    from toolkit.translate.packages import InstalledPackage, _loaded

    package = InstalledPackage("translate-zh_en", "1.9", "zh", "en", "Chinese", "English", tmp_path, "")
    (tmp_path / "model").mkdir()
    (tmp_path / "model" / "config.json").write_text("{}", encoding="utf-8")

    def load():
        raise RuntimeError("Variable '")

    with pytest.raises(ModelMissingError) as raised:
        _loaded(package, "model", load)
    assert str(raised.value).startswith(
        f"{tmp_path}: the installed package's model cannot be loaded (Variable '...', the engine's message breaks "
        "off at a name read from the file); reinstall it"
    ), str(raised.value)


def test_memory_running_out_while_checking_a_package_at_install_does_not_call_it_damaged(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from toolkit.translate import packages

    def out_of_memory(model_file: Path):
        raise MemoryError

    monkeypatch.setattr(packages, "load_sentencepiece", out_of_memory)
    with pytest.raises(InputError, match=r"not installed: memory ran out .*install it again") as raised:
        install_file(_damaged_package(tmp_path / "whole.argosmodel"))
    assert "damaged" not in str(raised.value)
    assert package_for("zh", "en") is None


def _working_package(argos_packages_dir: Path) -> Path:
    """A zh->en package installed and working, that an install of a new one replaces."""
    installed = argos_packages_dir / "translate-zh_en-1_0"
    installed.mkdir()
    (installed / "metadata.json").write_text('{"package_version": "1.0", "from_code": "zh", "to_code": "en"}')
    (installed / "sentencepiece.model").write_bytes(b"the working tokenizer")
    return installed


def test_a_package_that_cannot_be_renamed_into_place_leaves_the_one_it_replaces(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The installed package is put aside before the new one is renamed in: a failure of that rename (a full
    # disk's directory, EIO) must give the aside one back, not remove it with the staging folder.
    from argostranslate import settings

    from toolkit.translate import packages

    installed = _working_package(argos_packages_dir)
    data_dir_before = settings.package_data_dir
    renames = []

    def failing_install(source, target, doing="rename into place", named=None):
        renames.append(doing)
        if doing == "install the package as":
            raise FileSystemError(f"cannot {doing}: input/output error", target)
        os.replace(source, target)

    monkeypatch.setattr(packages, "check_loadable", lambda package: None)
    monkeypatch.setattr(packages, "move_into_place", failing_install)
    new = _damaged_package(tmp_path / "new.argosmodel")
    with pytest.raises(FileSystemError, match="install the package as"):
        install_file(new)
    assert renames[:2] == [f"put aside, to install {new} in its place", "install the package as"]
    assert (installed / "sentencepiece.model").read_bytes() == b"the working tokenizer"
    assert sorted(path.name for path in argos_packages_dir.iterdir()) == ["translate-zh_en-1_0"]
    # argostranslate's own setting is not left naming the staging folder, which is gone.
    assert settings.package_data_dir == data_dir_before


def _dead_pid() -> int:
    """The id of a process that has ended."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(ended.stdout)


def test_a_killed_install_s_staging_folder_is_named_by_list_and_removed_by_the_next_install(
    argos_packages_dir: Path, model_file: Path, toolkit_env: dict[str, str], tmp_path: Path
):
    # `toolkit models install` killed while it unpacked and checked the package left a .installing-* folder of
    # the package's size in the packages folder, which nothing named or removed: every killed try added one.
    env = {**toolkit_env, "ARGOS_PACKAGES_DIR": str(argos_packages_dir)}
    (tmp_path / "toolkit.toml").write_text('source_language = "zh"\n')
    install = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "models", "install", "--from", str(model_file)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(argos_packages_dir.glob(".installing-*")) and install.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        install.kill()
        install.wait()
    (staging,) = argos_packages_dir.glob(".installing-*")
    listed = toolkit("models", "list", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr.splitlines() == [
        f"toolkit: warning: {staging}: left by an install that did not finish (stopped or killed); the next "
        "'toolkit models install' removes it"
    ]
    installed = toolkit("models", "install", "--from", str(model_file), env=env, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    assert sorted(path.name for path in argos_packages_dir.iterdir()) == ["translate-zh_en-1_9"]


def test_a_package_a_killed_install_had_put_aside_is_put_back(
    argos_packages_dir: Path, toolkit_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Killed between putting the installed package aside and renaming the new one in, an install left the
    # working package inside its staging folder: it is put back, not removed with the folder.
    from toolkit.translate import packages

    staging = argos_packages_dir / f".installing-{_dead_pid()}-x1y2"
    aside = staging / "translate-zh_en-1_0.replaced"
    aside.mkdir(parents=True)
    (aside / "metadata.json").write_text('{"package_version": "1.0", "from_code": "zh", "to_code": "en"}')
    (aside / "sentencepiece.model").write_bytes(b"the working tokenizer")
    (staging / "translate-zh_en-1_1").mkdir()
    live = argos_packages_dir / f".installing-{os.getpid()}-a1b2"  # an install running now: left alone
    live.mkdir()
    env = {**toolkit_env, "ARGOS_PACKAGES_DIR": str(argos_packages_dir)}
    listed = toolkit("models", "list", env=env, cwd=tmp_path)
    assert listed.stderr.splitlines() == [
        f"toolkit: warning: {staging}: left by an install that did not finish (stopped or killed), holding the "
        "package translate-zh_en-1_0 it had put aside; the next 'toolkit models install' puts it back"
    ]
    monkeypatch.setattr(packages, "check_loadable", lambda package: None)
    install_file(_damaged_package(tmp_path / "other.argosmodel", "de"))
    assert (argos_packages_dir / "translate-zh_en-1_0" / "sentencepiece.model").read_bytes() == b"the working tokenizer"
    assert sorted(path.name for path in argos_packages_dir.iterdir()) == [
        f".installing-{os.getpid()}-a1b2",
        "translate-de_en-1_0",
        "translate-zh_en-1_0",
    ]


@pytest.mark.parametrize("pid", ["0", "99999999999999999999"])
def test_a_staging_folder_named_with_an_id_no_process_can_have_is_abandoned(tmp_path: Path, pid: str):
    # os.kill(0, 0) asks about this process's group, which is alive; a number past a C long raised OverflowError,
    # a traceback from `models list` and from every install.
    from toolkit.translate.packages import abandoned_installs

    staging = tmp_path / f".installing-{pid}-x1y2"
    staging.mkdir()
    assert abandoned_installs(tmp_path) == [staging]


def test_a_package_that_cannot_be_put_back_either_is_kept_for_the_next_install(
    argos_packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Both renames failing (EIO, a directory the disk cannot grow), the working package was in the staging folder,
    # which was then removed: the pair had no package left at all.
    from toolkit.translate import packages

    installed = _working_package(argos_packages_dir)

    def failing_renames(source, target, doing="rename into place", named=None):
        if doing in ("install the package as", "put back the package installed as"):
            raise FileSystemError(f"cannot {doing}: input/output error", target)
        os.replace(source, target)

    real_move = packages.move_into_place
    monkeypatch.setattr(packages, "check_loadable", lambda package: None)
    monkeypatch.setattr(packages, "move_into_place", failing_renames)
    with pytest.raises(FileSystemError, match="the next 'toolkit models install' puts it back"):
        install_file(_damaged_package(tmp_path / "new.argosmodel"))
    (staging,) = argos_packages_dir.glob(".installing-*")
    kept = staging / "translate-zh_en-1_0.replaced" / "sentencepiece.model"
    assert kept.read_bytes() == b"the working tokenizer"
    monkeypatch.setattr(packages, "move_into_place", real_move)
    monkeypatch.setattr(packages, "abandoned_installs", lambda folder: [staging])  # the install that left it ended
    packages.clear_abandoned_installs()
    assert (installed / "sentencepiece.model").read_bytes() == b"the working tokenizer"
    assert sorted(path.name for path in argos_packages_dir.iterdir()) == ["translate-zh_en-1_0"]


def test_an_abandoned_install_is_named_on_one_line_whatever_its_names_hold(tmp_path: Path) -> None:
    """The staging folder an install left and the package it had put aside were printed raw: a newline in
    either split the line that names them."""
    from toolkit.translate.packages import abandoned_install_warning

    staging = tmp_path / "staging\nx"
    (staging / "translate-ar_en\n1.replaced").mkdir(parents=True)
    said = abandoned_install_warning(staging)
    assert "\n" not in said and "staging\\nx: left by an install" in said and "translate-ar_en\\n1" in said, said


def test_a_package_without_its_model_s_config_json_names_the_file(zh_packages_dir: Path, tmp_path: Path):
    # CTranslate2 reads a model's settings from model/config.json; without it the load failed in its JSON
    # library's words ("[json.exception.type_error.302] type must be string, but is null"), naming no file.
    argos_packages_dir = Path(shutil.copytree(zh_packages_dir, tmp_path / "argos-packages", copy_function=os.link))
    installed = next(path for path in argos_packages_dir.iterdir() if (path / "metadata.json").is_file())
    (installed / "model" / "config.json").unlink()
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(argos_packages_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "translate-text", "--from", "zh", "--to", "en"],
        input="我喜欢读书。\n",
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr == (
        f"toolkit: {installed}: the installed package's model cannot be loaded (model/config.json is missing); "
        f"reinstall it with: toolkit models install --from FILE.argosmodel\n"
    )
