"""Package files damaged or made by other tools, put through `toolkit models install --from` and a project's
model_file: each is refused in one line naming the file and what is wrong, and nothing is installed."""

from __future__ import annotations

import json
import os
import shutil
import stat
import struct
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE

PACKAGE = {
    "pkg/metadata.json": json.dumps({"from_code": "zh", "to_code": "en", "package_version": "1.0"}).encode(),
    "pkg/model/model.bin": b"m" * 100,
    "pkg/sentencepiece.model": b"s" * 100,
}
# Where zipfile's headers give a member's compression method: local file header, central directory header.
_METHOD_FIELDS = ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10))
_DEFLATE64 = 9  # what Windows Explorer packs files of 2 GB and more with


def _package(path: Path, *, encrypted: bool = False, method: int | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PACKAGE.items():
            archive.writestr(name, data)
    data = bytearray(path.read_bytes())
    for signature, offset in _METHOD_FIELDS:
        at = data.find(signature)
        while at >= 0:
            if encrypted:
                data[at + offset - 2] |= 0x1  # the general purpose flags come just before the method
            if method is not None:
                struct.pack_into("<H", data, at + offset, method)
            at = data.find(signature, at + 4)
    path.write_bytes(data)
    return path


def _install(tmp_path: Path, package: Path):
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    environment = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    return CliRunner().invoke(cli, ["-C", str(project), "models", "install", "--from", str(package)], env=environment)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"encrypted": True}, "pkg/metadata.json is encrypted; unpack it with its password"),
        ({"method": _DEFLATE64}, "pkg/metadata.json is compressed with a method zipfile cannot unpack (method 9)"),
    ],
)
def test_a_package_zipfile_cannot_unpack_is_refused_naming_the_member(tmp_path: Path, options: dict, said: str):
    package = _package(tmp_path / "other-archiver.argosmodel", **options)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(f"toolkit: {package}: not a usable Argos package: {said}")
    assert installed.stderr.count("\n") == 1, installed.stderr
    assert not list(tmp_path.glob("packages/*"))


@pytest.mark.parametrize("version", ["1" * 5000, "1.\u00b2"])
def test_an_installed_package_whose_version_no_int_can_hold_is_still_chosen(tmp_path: Path, version: str):
    packages = tmp_path / "packages"
    for folder, package_version in (("older", "0.9"), ("odd", version)):
        for name, data in PACKAGE.items():
            (packages / folder / name.removeprefix("pkg/")).parent.mkdir(parents=True, exist_ok=True)
            (packages / folder / name.removeprefix("pkg/")).write_bytes(data)
        metadata = {"from_code": "zh", "to_code": "en", "package_version": package_version}
        (packages / folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    translated = CliRunner().invoke(
        cli, ["-C", str(project), "translate-text"], input="你好\n", env={"ARGOS_PACKAGES_DIR": str(packages)}
    )
    # The odd version is the newer, so its package is the one loaded (and, its files being placeholders, named).
    assert translated.stderr.startswith(f"toolkit: {packages / 'odd'}: the installed package's tokenizer cannot"), (
        translated.stderr
    )
    assert translated.stderr.count("\n") == 1, translated.stderr


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"pkg/model": b"a file"}, "pkg/model is both a file and a folder in it"),
        ({"pkg/sentencepiece.model/": b""}, "pkg/sentencepiece.model is both a file and a folder in it"),
        ({"pkg/./model/model.bin": b"cut"}, "pkg/./model/model.bin is in it twice"),
    ],
)
def test_a_package_two_of_whose_members_unpack_to_one_path_is_refused_naming_it(
    tmp_path: Path, extra: dict[str, bytes], said: str
):
    package = tmp_path / "clashing.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in {**PACKAGE, **extra}.items():
            archive.writestr(name, data)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == f"toolkit: {package}: not a usable Argos package: {said}\n"
    assert not list(tmp_path.glob("packages/*"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 20 MB tmpfs (needs root, as tests/abuse/test_real_full_disk.py)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a tmpfs")
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_package_that_would_unpack_past_the_space_left_is_refused_before_writing(tmp_path: Path, small_disk: Path):
    package = tmp_path / "bomb.argosmodel"  # 50 MB of zeros: 50 kB packed
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**PACKAGE, "pkg/model/model.bin": bytes(50_000_000)}.items():
            archive.writestr(name, data)
    packages = small_disk / "packages"
    installed = CliRunner().invoke(
        cli, ["models", "install", "--from", str(package)], env={"ARGOS_PACKAGES_DIR": str(packages)}
    )
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(
        f"toolkit: {packages}: cannot install {package}: it unpacks to 50.0 MB and its disk has "
    ), installed.stderr
    assert installed.stderr.endswith(
        " MB left; free some space, or set ARGOS_PACKAGES_DIR to a folder on another disk\n"
    )
    assert list(packages.iterdir()) == []


def test_an_installed_package_that_cannot_be_moved_aside_is_named_by_a_new_install(
    tmp_path: Path, model_file: Path, argos_packages_dir: Path
):
    from toolkit.errors import FileSystemError
    from toolkit.translate.packages import install_file

    installed = install_file(model_file).path
    if subprocess.run(["chattr", "+i", str(installed)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i (immutable, which binds root too) is not supported here")
    try:
        with pytest.raises(FileSystemError) as raised:
            install_file(model_file)
    finally:
        subprocess.run(["chattr", "-i", str(installed)], check=True)
    assert raised.value.path == installed
    assert f"cannot put aside, to install {model_file} in its place: " in str(raised.value)
    assert [path.name for path in argos_packages_dir.iterdir()] == [installed.name]


def test_a_package_whose_top_folder_is_named_as_an_install_s_staging_folder_is_refused(tmp_path: Path):
    package = tmp_path / "staging-named.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in PACKAGE.items():
            archive.writestr(name.replace("pkg/", ".installing-999999-x/"), data)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == (
        f"toolkit: {package}: not a usable Argos package: its top folder .installing-999999-x/ is named as the "
        "folders an install unpacks into (.installing-...); rename it\n"
    )


def test_a_package_whose_top_folder_name_is_too_long_for_the_disk_names_it_where_it_would_be_installed(
    tmp_path: Path,
):
    top = "p" * 300  # past the 255 bytes a file name has on Linux file systems
    package = tmp_path / "long-name.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr(f"{top}/", b"")  # a folder entry, as Argos packages hold
        for name, data in PACKAGE.items():
            archive.writestr(name.replace("pkg/", f"{top}/"), data)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    # Not the staging folder's name for it, removed before the message is read.
    assert installed.stderr.startswith(f"toolkit: {tmp_path / 'packages' / top}"), installed.stderr
    assert "the name is too long for the file system" in installed.stderr and installed.stderr.count("\n") == 1, (
        installed.stderr
    )
    assert not list(tmp_path.glob("packages/*"))


def test_a_package_file_whose_model_fails_to_load_is_not_told_to_reinstall_itself(tmp_path: Path):
    # "reinstall it with: toolkit models install --from FILE.argosmodel", said of the file just refused, sent the
    # user round in a circle: it is the file that must be got again.
    package = _package(tmp_path / "placeholder-model.argosmodel")
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(
        f"toolkit: {package}: damaged Argos package, not installed: its tokenizer cannot be loaded ("
    ), installed.stderr
    assert installed.stderr.endswith(
        "; get the package file again (download it anew, or copy it whole from where it came)\n"
    ), installed.stderr
    assert "reinstall" not in installed.stderr and installed.stderr.count("\n") == 1


def test_a_refused_package_file_s_tokenizer_is_named_as_its_member_not_as_a_path_on_disk(tmp_path: Path):
    # SentencePiece names the file it failed to parse: the staging folder's, then said as the packages folder's,
    # where nothing was installed.
    package = _package(tmp_path / "placeholder-tokenizer.argosmodel")
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert "its tokenizer cannot be loaded (INTERNAL: could not parse ModelProto from pkg/sentencepiece.model);" in (
        installed.stderr
    )
    assert str(tmp_path / "packages") not in installed.stderr
    assert not list(tmp_path.glob("packages/*"))


def test_an_installed_package_whose_tokenizer_cannot_load_still_gets_every_article_its_catalog(tmp_path: Path):
    # The tokenizer loads first to count the sentences for the progress total; failing there, the run ended before
    # the catalogs waiting to be drafted were written: new articles got none, and no summary was printed.
    packages = tmp_path / "packages"
    for name, data in PACKAGE.items():
        (packages / name).parent.mkdir(parents=True, exist_ok=True)
        (packages / name).write_bytes(data)
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    for article, text in (("a", "外交部发言人今天回答了问题。"), ("b", "双方就地区安全局势交换了意见。")):
        (project / "source" / f"{article}.txt").write_text(f"标题{article}\n\n{text}\n", encoding="utf-8")
    translated = CliRunner().invoke(
        cli, ["-C", str(project), "translate"], env={"ARGOS_PACKAGES_DIR": str(packages), "CI": "1"}
    )
    assert translated.exit_code == EXIT_INCOMPLETE, translated.output
    assert translated.stderr.startswith(f"toolkit: {packages / 'pkg'}: the installed package's tokenizer cannot be")
    assert [line for line in translated.stderr.splitlines() if line.startswith("toolkit: ")] == [
        translated.stderr.splitlines()[0]
    ], translated.stderr
    assert sorted(path.name for path in (project / "translations").iterdir()) == ["a.po", "b.po"]
    assert "2 untranslated, 2 files written" in translated.output, translated.output


def test_a_member_whose_compressed_data_does_not_decompress_is_named(tmp_path: Path):
    package = tmp_path / "bad-stream.argosmodel"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**PACKAGE, "pkg/model/model.bin": bytes(range(256)) * 400}.items():
            archive.writestr(name, data)
    data = bytearray(package.read_bytes())
    member = zipfile.ZipFile(package).getinfo("pkg/model/model.bin")
    name_length, extra_length = struct.unpack_from("<HH", data, member.header_offset + 26)
    data[member.header_offset + 30 + name_length + extra_length] |= 0b110  # a deflate block of the reserved type
    package.write_bytes(data)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == (
        f"toolkit: {package}: damaged Argos package: pkg/model/model.bin: Error -3 while decompressing data: "
        "invalid block type\n"
    )
    assert not list(tmp_path.glob("packages/*"))


def test_a_package_whose_metadata_gives_one_language_both_ways_is_refused(tmp_path: Path):
    package = tmp_path / "zh-zh.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in PACKAGE.items():
            archive.writestr(name, data.replace(b'"to_code": "en"', b'"to_code": "zh"'))
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == (
        f"toolkit: {package}: not a usable Argos package: metadata.json gives zh as both from_code and to_code\n"
    )


def test_a_package_holding_a_symbolic_link_is_refused_naming_it(tmp_path: Path):
    package = tmp_path / "linked.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in PACKAGE.items():
            if name == "pkg/sentencepiece.model":
                link = zipfile.ZipInfo(name)
                link.create_system, link.external_attr = 3, (stat.S_IFLNK | 0o777) << 16  # as `zip --symlinks`
                archive.writestr(link, "/etc/passwd")
            else:
                archive.writestr(name, data)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == (
        f"toolkit: {package}: not a usable Argos package: pkg/sentencepiece.model is a symbolic link; a package "
        "holds only files and folders: pack it again with the files linked to\n"
    )
    assert not list(tmp_path.glob("packages/*"))
