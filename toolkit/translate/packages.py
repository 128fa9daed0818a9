"""Argos Translate packages: which are installed, which serves the project, installing one, loading it.

Packages live where argostranslate keeps them (`ARGOS_PACKAGES_DIR` or its settings.json). argostranslate
reads that setting once, at import; this module reads it again at every call, so a changed environment
(a test's temporary folder, a script's export) is honoured.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import linecache
import os
import re
import stat
import sys
import traceback
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar

from toolkit import limits
from toolkit.config import Config
from toolkit.errors import (
    ConfigError,
    FileSystemError,
    InputError,
    ModelInstallError,
    ModelMemoryError,
    ModelMissingError,
    ToolkitError,
    shown_path,
    shown_size,
    shown_value,
)
from toolkit.git_checkouts import checked_out_as
from toolkit.store.disk import dangling_link_on, file_system_error, on_disk
from toolkit.store.files import (
    entries_under,
    file_mode,
    file_status,
    is_folder,
    is_regular_file,
    kind_of,
    make_folder,
    make_staging_folder,
    matching,
    move_into_place,
    open_regular_file,
    read_file,
    read_regular_file,
    remove_tree,
    scratch_folder,
    space_left,
    write_scratch_chunks,
)
from toolkit.store.lock import is_alive
from toolkit.translate.ctranslate import (
    CPU,
    SOURCE_VOCABULARY_FILES,
    AsyncResultLike,
    BatchedTranslator,
    BatchResultsLike,
    Best,
    Device,
    ModelLike,
    SentencePieceTokenizer,
    load_ctranslate2,
    load_sentencepiece,
    parse_vocabulary,
    pick_device,
    thread_counts,
)
from toolkit.translate.openmp import drop_refused_openmp_settings
from toolkit.translate.settings import (
    ENGINE_LIBRARY_BYTES,
    FOREIGN_PIECES_SHARE,
    NETWORK_TIMEOUT_SECONDS,
    TOKENIZER_VOCABULARY_SHARE,
    TRIAL_DECODING_LENGTH,
    TRIAL_TEXT,
    WORKER_THREAD_BYTES,
)

PACKAGE_FILE_HINT = "FILE.argosmodel"
_Loaded = TypeVar("_Loaded")
MODEL_FILES = ("model/model.bin", "sentencepiece.model")  # what the engine loads from a package
# Argos packages unpack to a few hundred MB; an archive declaring more is a mistake or a zip bomb that would
# fill the disk while it is extracted.
MAX_PACKAGE_UNPACKED_BYTES = 4_000_000_000
# A package's metadata.json is a few hundred bytes: one far larger (a sparse file, a disk image saved under its
# name) is named by its size, not read whole: every command that lists the packages read all 8 GB of one.
MAX_METADATA_BYTES = 1_000_000
_UNPACKED_CHUNK_BYTES = 1 << 20  # a member is unpacked a piece of this size at a time, never held whole
# The metadata.json fields argostranslate reads as text besides the language codes.
_TEXT_METADATA = ("package_version", "from_name", "to_name", "target_prefix")
# A language code as Argos packages give them: "ar", "zh", "zt", "pt_BR".
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}([_-][A-Za-z]{2,4})?")


@dataclass(frozen=True)
class InstalledPackage:
    name: str  # the argospm name, e.g. "translate-zh_en"
    version: str
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    path: Path
    target_prefix: str  # a token some multilingual packages put before the output; "" for most

    def serves(self, source_language: str, target_language: str) -> bool:
        return (self.from_code, self.to_code) == (source_language, target_language)

    @property
    def being_installed(self) -> bool:
        """Unpacked into an install's staging folder (`install_file`), not yet in place: what fails in it is the
        package file's, and its folder is gone by the time a message about it is read."""
        return self.path.parent.name.startswith(STAGING_PREFIX)


def package_name(source_language: str, target_language: str) -> str:
    return f"translate-{source_language}_{target_language}"


def _import_argos() -> None:
    """Import argostranslate, which makes its data folders (under $HOME) and reads its settings (ARGOS_*
    environment variables over its settings.json) on import: a folder it may not make is named like any other
    file-system failure, and a setting it cannot take names the setting. A settings.json that is not JSON it
    would print about on stdout (into `translate-text`'s output), at each read of a setting, and then go without."""
    _ignore_relative_folders()
    drop_refused_openmp_settings()  # argostranslate.package loads SentencePiece and CTranslate2, and libgomp with them
    if "argostranslate.settings" not in sys.modules and (settings_file := _settings_file_to_come()) is not None:
        _check_settings_file(settings_file)
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            with _no_folders_made():
                import argostranslate.settings
            import argostranslate.package  # noqa: F401
    except OSError as error:
        raise file_system_error("prepare Argos Translate's data folder", None, error) from None
    except (LookupError, ValueError, TypeError, AssertionError) as error:
        raise _unusable_setting(error) from None
    from argostranslate import settings

    _check_settings_file(settings.settings_file)


@contextlib.contextmanager
def _no_folders_made() -> Iterator[None]:
    """argostranslate's settings module makes its data, settings, cache and packages folders at its import,
    under $HOME unless XDG_* or ARGOS_PACKAGES_DIR say otherwise (a service's HOME=/nonexistent, run as root,
    became a folder /nonexistent). The toolkit only reads Argos's settings and installs into the packages folder,
    which it makes then (install_file): none of them is made at the import. A call from anywhere else (another
    thread meanwhile) makes its folders as ever; the module keeps no reference to os.makedirs."""
    makedirs = os.makedirs

    def makedirs_but_argos_settings(*folder, **options) -> None:
        if sys._getframe(1).f_globals.get("__name__") != "argostranslate.settings":
            makedirs(*folder, **options)

    os.makedirs = makedirs_but_argos_settings
    try:
        yield
    finally:
        os.makedirs = makedirs


# What argostranslate makes its data, settings and cache folders from, at its import.
_FOLDER_VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")


def _ignore_relative_folders() -> None:
    """Drop from the environment, before argostranslate reads it, a folder variable that is empty or a relative
    path: the XDG Base Directory spec has such a value ignored (HOME then comes from the user database), where
    argostranslate made its folders from wherever the command ran (`export XDG_DATA_HOME=`: a package installed
    into ./argos-translate/packages, then found from no other folder; HOME= made /.local and /.config at the
    root)."""
    for name in _FOLDER_VARIABLES:
        value = os.environ.get(name)
        if value is not None and not os.path.isabs(value):
            del os.environ[name]


def _settings_file_to_come() -> Path | None:
    """The settings.json argostranslate will read at its import, found as its settings.py finds it (None when
    there is no home to find it in): looked at before, since argostranslate opens it as it is, and a named pipe
    there held every command that translates or lists packages for ever."""
    try:
        home = Path(os.environ["SNAP_USER_DATA"]) if "SNAP_USER_DATA" in os.environ else Path.home()
    except RuntimeError:  # no HOME and no entry in the user database: argostranslate's import names it
        return None
    return Path(os.getenv("XDG_CONFIG_HOME", default=home / ".config")) / "argos-translate" / "settings.json"


def _check_settings_file(path: Path) -> None:
    with on_disk("read Argos Translate's settings", path):
        try:
            text = read_regular_file(path, MAX_METADATA_BYTES)
        except FileNotFoundError:
            return
    try:
        read = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "not UTF-8"
        raise ConfigError(
            f"Argos Translate's settings are not JSON ({reason}); fix or remove the file", path, line
        ) from None
    if not isinstance(read, dict):
        raise ConfigError(
            f"Argos Translate's settings must be a JSON object ({{...}}), not {type(read).__name__}; fix or remove "
            "the file",
            path,
        )


# An Argos setting as argostranslate's settings.py names it where it reads one.
_ARGOS_SETTING = re.compile(r"\"(ARGOS_[A-Z_]+)\"")


def _unusable_setting(error: Exception) -> ConfigError:
    """The setting argostranslate failed to take at its import (an unknown ARGOS_CHUNK_TYPE, ARGOS_BATCH_SIZE=x),
    found in its statement that failed, and where it was given; or what is wrong with its settings.json."""
    last = None  # argostranslate's own frame that failed, not the library function it called (pathlib's)
    frame = error.__traceback__
    while frame is not None:
        if f"{os.sep}argostranslate{os.sep}" in frame.tb_frame.f_code.co_filename:
            last = frame
        frame = frame.tb_next
    statement = ""
    settings_file = None
    if last is not None:
        place = traceback.extract_tb(last, limit=1)[0]
        lines = range(place.lineno or 0, (place.end_lineno or place.lineno or 0) + 1)
        statement = "".join(linecache.getline(place.filename, number) for number in lines)
        # The module that failed is gone from sys.modules; its frame still holds what it had read.
        settings_file = last.tb_frame.f_globals.get("settings_file")
    if settings_file is not None:
        _check_settings_file(Path(settings_file))
    name = next(iter(_ARGOS_SETTING.findall(statement)), None)
    detail = f"{type(error).__name__}: {error}"
    if name is not None and name in os.environ:
        return ConfigError(
            f"Argos Translate cannot take the environment variable {name}={shown_value(os.environ[name])} "
            f"({detail}); fix or unset it"
        )
    if name is not None:
        return ConfigError(f"Argos Translate cannot take its setting {name} ({detail}); fix it", settings_file)
    return ConfigError(
        f"Argos Translate cannot start with its settings ({detail}); check the ARGOS_* environment variables and "
        "its settings",
        settings_file,
    )


def packages_dir() -> Path:
    """Where Argos packages are installed, read from argostranslate's settings now, not at its import."""
    _import_argos()
    from argostranslate import settings

    # Read on every call, even with ARGOS_PACKAGES_DIR set: a settings file that may not be read is named.
    with on_disk("read Argos Translate's settings", settings.settings_file):
        configured = settings.get_setting("ARGOS_PACKAGES_DIR", default=None)
    # Set but empty (`ARGOS_PACKAGES_DIR= toolkit ...`) is unset, not the current folder.
    return Path(configured) if configured else settings.data_dir / "packages"


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    """`version`'s dot-separated numbers in an order that compares as numbers do, any other part as 0. Compared as
    digits, never made ints: a package_version of 5,000 digits is past int()'s limit, and "²" is a digit int()
    does not read; either ended every translation in an internal error."""
    numbers = (part.lstrip("0") if part.isascii() and part.isdigit() else "" for part in str(version).split("."))
    return tuple((len(number), number) for number in numbers)


@dataclass(frozen=True)
class PackageScan:
    """The packages folder as read: its translation packages, and a line for each folder that holds a package
    that cannot be read (one broken package hides none of the others)."""

    packages: list[InstalledPackage]
    unreadable: list[ToolkitError]


def _installed_package(path: Path) -> InstalledPackage | None:
    """The package installed in the folder `path`; None when it holds none (no metadata.json) or another kind
    of Argos package; an error naming what is wrong when its metadata cannot be read."""
    metadata_path = path / "metadata.json"
    mode = file_mode(metadata_path)
    if mode is None:
        return None
    if not stat.S_ISREG(mode):
        raise InputError("installed package cannot be read: metadata.json is not a file", metadata_path)
    try:
        metadata = json.loads(read_file(metadata_path, MAX_METADATA_BYTES).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        reason = "nested too deep" if isinstance(error, RecursionError) else error
        raise InputError(
            f"installed package cannot be read: metadata.json is not JSON ({reason})", metadata_path
        ) from None
    if isinstance(metadata, dict) and metadata.get("type", "translate") != "translate":
        return None
    metadata = _checked_metadata(metadata, metadata_path)
    # The fields and defaults argostranslate's Package reads.
    return InstalledPackage(
        name=package_name(metadata["from_code"], metadata["to_code"]),
        version=str(metadata.get("package_version", "")),
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
        path=path,
        target_prefix=str(metadata.get("target_prefix", "")),
    )


def scan_packages() -> PackageScan:
    """Every installed translation package, by name, and every package folder that cannot be read."""
    _import_argos()
    folder = packages_dir()
    # Not there because a folder on its way is a link leading nowhere (XDG_DATA_HOME on a drive not mounted):
    # that is no "no packages installed".
    if not is_folder(folder) and dangling_link_on(folder) is not None:
        missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(folder))
        raise file_system_error("read the Argos packages folder", folder, missing)
    mode = file_mode(folder)
    if mode is not None and not stat.S_ISDIR(mode):
        # ARGOS_PACKAGES_DIR set to the package file itself: "no Argos packages installed in
        # ~/Downloads/translate-ar_en-1_0.argosmodel", and translate "install it with: toolkit models install".
        what = "a file" if stat.S_ISREG(mode) else kind_of(mode)
        raise FileSystemError(
            f"is {what}, where the Argos packages folder (ARGOS_PACKAGES_DIR, or Argos Translate's settings) "
            "should be: give a folder; a package file is installed with `toolkit models install --from FILE`",
            folder,
        )
    scan = PackageScan([], [])
    for path in matching(folder, "*"):
        try:
            # Only folders hold packages: a file beside them (the .argosmodel it came from, a note, a link leading
            # nowhere) is passed over.
            package = _installed_package(path) if is_folder(path) else None
        except ToolkitError as error:
            scan.unreadable.append(error)
        else:
            if package is not None:
                scan.packages.append(package)
    return scan


def installed_packages() -> list[InstalledPackage]:
    """Every installed translation package that can be read, by name (see scan_packages)."""
    return scan_packages().packages


def missing_files(package: InstalledPackage) -> list[str]:
    """The files the engine loads that the installed package lacks: a package damaged after it was installed."""
    return [name for name in MODEL_FILES if not is_regular_file(package.path / name)]


def package_for(source_language: str, target_language: str) -> InstalledPackage | None:
    """The installed package for a language pair, the newest version when several are installed."""
    return serving_package(installed_packages(), source_language, target_language)


def serving_package(
    packages: Iterable[InstalledPackage], source_language: str, target_language: str
) -> InstalledPackage | None:
    """Of `packages`, the newest that serves the language pair."""
    serving = (package for package in packages if package.serves(source_language, target_language))
    return max(serving, key=lambda package: _version_key(package.version), default=None)


# How many bytes of a file that is no zip archive are looked at to tell what it is instead.
_LOOKED_AT_BYTES = 512
_ZIP_START = b"PK\x03\x04"
_WEB_PAGE = re.compile(rb"\s*(?:<!doctype html|<html|<\?xml|<head|<body|\{)", re.IGNORECASE)


def _what_instead_of_a_zip(path: Path) -> str:
    """What a package file that is no zip archive is, as far as its first bytes tell, for a message naming it: an
    empty file, a download cut short, a web page or a server's answer saved in its place, a Git LFS pointer or a
    link git wrote as text. Each was "not an Argos package: not a zip archive"."""
    with on_disk("read", path), open_regular_file(path) as (package, status):
        start, size = package.read(_LOOKED_AT_BYTES), status.st_size
    if not start:
        return "is empty (a download or a copy that failed?); download the package again"
    if size <= _LOOKED_AT_BYTES and (instead := checked_out_as(start, path)) is not None:
        return instead
    if start.startswith(_ZIP_START):
        return (
            f"is a zip archive cut short ({shown_size(size)}, its end and table of contents missing: a download "
            "that stopped?); download the package again"
        )
    if _WEB_PAGE.match(start):
        return (
            "is a web page or a server's answer, not the package (a download link that gave an error or a sign-in "
            "page?); download the .argosmodel file itself"
        )
    return "not an Argos package: not a zip archive"


def read_package_file(path: Path) -> dict:
    """Check a package file before installing it; returns its metadata. A bad file is one InputError."""
    if not is_regular_file(path):
        mode = file_mode(path)
        raise InputError("no such package file" if mode is None else f"is {kind_of(mode)}, not a package file", path)
    if not zipfile.is_zipfile(path):
        raise InputError(_what_instead_of_a_zip(path), path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            metadata_names = [n for n in names if len(PurePosixPath(n).parts) == 2 and n.endswith("/metadata.json")]
            if len(metadata_names) != 1:
                raise InputError(
                    f"not an Argos package: {_metadata_count(metadata_names)}; one top folder holds it", path
                )
            top = PurePosixPath(metadata_names[0]).parts[0]
            stray = [n for n in names if PurePosixPath(n).parts[0] != top or ".." in PurePosixPath(n).parts]
            if stray:
                raise InputError(f"not an Argos package: {stray[0]} is outside its top folder {top}/", path)
            if top.startswith(STAGING_PREFIX):
                # Installed under that name, the package was taken for a staging folder an install left: named as
                # such by every command that lists the packages, and removed by the next install of any package.
                raise InputError(
                    f"not a usable Argos package: its top folder {top}/ is named as the folders an install unpacks "
                    f"into ({STAGING_PREFIX}...); rename it",
                    path,
                )
            clash = _clashing_member(names)
            if clash is not None:
                raise InputError(f"not a usable Argos package: {clash}", path)
            for member in archive.infolist():
                unreadable = _unreadable_member(member)
                if unreadable is not None:
                    raise InputError(f"not a usable Argos package: {member.filename} {unreadable}", path)
            metadata_size = archive.getinfo(metadata_names[0]).file_size
            if metadata_size > MAX_METADATA_BYTES:
                raise InputError(
                    f"not an Argos package: its metadata.json would unpack to {shown_size(metadata_size)} (the limit "
                    f"is {shown_size(MAX_METADATA_BYTES)})",
                    path,
                )
            metadata = _checked_metadata(json.loads(archive.read(metadata_names[0]).decode("utf-8")), path)
            missing = [f for f in MODEL_FILES if f"{top}/{f}" not in names]
            if missing:
                raise InputError(f"not a usable Argos package: {', '.join(missing)} missing", path)
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_PACKAGE_UNPACKED_BYTES:
                raise InputError(
                    f"not a usable Argos package: it would unpack to {shown_size(unpacked)}, more than any model "
                    f"needs (the limit is {shown_size(MAX_PACKAGE_UNPACKED_BYTES)})",
                    path,
                )
            for member in archive.infolist():
                for _ in _member_chunks(archive, member, path):
                    pass
    except (zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, OSError) as error:
        raise InputError(f"not a readable Argos package: {error}", path) from None
    return metadata


def _clashing_member(names: list[str]) -> str | None:
    """What is wrong when two members of an archive would unpack to one path: a file given twice (unpacked over
    itself, the last one kept: which of two model files gets installed was left to the order of the archive), or a
    file where another member needs a folder (the install failed naming a path in the packages folder, as if that
    folder were at fault)."""
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    for name in names:
        member = PurePosixPath(name)
        folders.update(member.parents)
        if name.endswith("/"):  # a folder (ZipInfo.is_dir)
            folders.add(member)
        elif member in files:
            return f"{name} is in it twice"
        else:
            files.add(member)
    both = sorted(files & folders)
    return f"{both[0]} is both a file and a folder in it" if both else None


# The compression methods zipfile unpacks. Another archiver may use others (Deflate64, PPMd, AES), or encrypt a
# member: zipfile raised NotImplementedError or RuntimeError for them, as an internal error of the install.
_UNPACKED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_ENCRYPTED_FLAG = 0x1


def _unreadable_member(member: zipfile.ZipInfo) -> str | None:
    """Why zipfile cannot unpack `member` without a password or another archiver; None when it can."""
    if stat.S_ISLNK(member.external_attr >> 16):
        # Unpacked as a file holding the link's target, which then failed to load as a model ("binary version
        # v1919907631"), as if the package were damaged rather than made with links.
        return "is a symbolic link; a package holds only files and folders: pack it again with the files linked to"
    if member.flag_bits & _ENCRYPTED_FLAG:
        return "is encrypted; unpack it with its password and pack it again without one"
    if member.compress_type not in _UNPACKED_METHODS:
        return (
            f"is compressed with a method zipfile cannot unpack (method {member.compress_type}); pack it again with "
            "deflate"
        )
    return None


def _metadata_count(metadata_names: list[str]) -> str:
    """What an archive holds instead of one top folder's metadata.json: a zip may hold one name twice, which
    argostranslate unpacks over itself (the last one wins), not one in each of two folders."""
    tops = sorted({PurePosixPath(name).parts[0] for name in metadata_names})
    if not tops:
        return "no metadata.json"
    if len(tops) == 1:
        return f"{tops[0]}/metadata.json {len(metadata_names)} times"
    return f"metadata.json in {len(tops)} top folders"


def _checked_metadata(metadata: object, path: Path) -> dict:
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise InputError("not an Argos package: metadata.json names no from_code and to_code", path)
    if metadata.get("type", "translate") != "translate":
        raise InputError(f"not a translation package: metadata.json gives the type {metadata['type']!r}", path)
    for key in ("from_code", "to_code"):
        if not isinstance(metadata[key], str) or not _LANGUAGE_CODE.fullmatch(metadata[key]):
            raise InputError(f"not a usable Argos package: {key} in metadata.json is {metadata[key]!r}", path)
    if metadata["from_code"] == metadata["to_code"]:
        # No project translates into its own language (config refuses it): installed, it served none, and was
        # listed as a package like any other.
        raise InputError(
            f"not a usable Argos package: metadata.json gives {metadata['from_code']} as both from_code and to_code",
            path,
        )
    # Text wherever given: a target_prefix of another type was written out as its repr and put before every
    # translation ("['x']" -> "你好 Hello, world."), a name or version shown as "None" or "{'a': 1}".
    for key in _TEXT_METADATA:
        if key in metadata and not isinstance(metadata[key], str):
            raise InputError(f"not a usable Argos package: {key} in metadata.json is {metadata[key]!r}, not text", path)
    return metadata


# An install unpacks and checks a package in a folder of this prefix in the packages folder, followed by the
# installing process's id: one whose process is gone was left by an install killed or stopped before its end.
STAGING_PREFIX = ".installing-"
# An installed package put aside in the staging folder while the new one is renamed in.
_PUT_ASIDE_SUFFIX = ".replaced"


def abandoned_installs(folder: Path) -> list[Path]:
    """The staging folders in the packages folder `folder` whose install is no longer running (killed, stopped,
    the machine shut down): nothing else removes them, and each holds an unpacked package."""
    abandoned = []
    for path in matching(folder, f"{STAGING_PREFIX}*"):
        pid = path.name.removeprefix(STAGING_PREFIX).split("-", 1)[0]
        mode = file_mode(path, follow_links=False)
        if mode is not None and stat.S_ISDIR(mode) and not (pid.isdigit() and is_alive(int(pid))):
            abandoned.append(path)
    return abandoned


def put_aside_packages(staging: Path) -> list[str]:
    """The names of the installed packages an install had put aside in `staging` when it stopped."""
    return [path.name.removesuffix(_PUT_ASIDE_SUFFIX) for path in matching(staging, f"*{_PUT_ASIDE_SUFFIX}")]


def abandoned_install_warning(staging: Path) -> str:
    """The line that names a staging folder an install left (`abandoned_installs`) and what the next does."""
    said = f"{shown_path(staging)}: left by an install that did not finish (stopped or killed)"
    aside = put_aside_packages(staging)
    if aside:
        held = f"holding the package {', '.join(map(shown_path, aside))} it had put aside"
        return f"{said}, {held}; the next 'toolkit models install' puts it back"
    return f"{said}; the next 'toolkit models install' removes it"


def clear_abandoned_installs() -> None:
    """Remove the staging folders installs left in the packages folder, after putting back in its place a
    package one had put aside (killed between its two renames) where no package took its place since."""
    folder = packages_dir()
    for staging in abandoned_installs(folder):
        for name in put_aside_packages(staging):
            if file_mode(folder / name, follow_links=False) is None:
                move_into_place(
                    staging / f"{name}{_PUT_ASIDE_SUFFIX}", folder / name, "put back the package installed as"
                )
        remove_tree(staging)


def install_file(path: Path) -> InstalledPackage:
    """Install a package file into the packages folder with argostranslate, after checking it. It is unpacked
    and loaded beside the installed packages first, and put in place only once it loads: argostranslate
    unpacks over a package of the same folder name, so a damaged file replacing a working package left none."""
    metadata = read_package_file(path)
    folder = packages_dir()
    make_folder(folder)
    clear_abandoned_installs()
    staging = make_staging_folder(folder, f"{STAGING_PREFIX}{os.getpid()}-")
    kept = False
    try:
        _unpack(path, staging, folder)
        (unpacked,) = matching(staging, "*")
        staged = _installed_package(unpacked)
        if staged is None or not staged.serves(metadata["from_code"], metadata["to_code"]):
            raise InputError("unpacked, but argostranslate does not read it as a translation package", path)
        try:
            check_loadable(staged)
        except ModelMemoryError as error:
            # Not known to be whole: not kept, and not called damaged either.
            raise InputError(f"not installed: {error.message} and install it again", path) from None
        except ModelMissingError as error:
            # A package whose archive is whole but whose model is not would fail every later translation.
            raise InputError(f"damaged Argos package, not installed: {error.message}", path) from None
        target = folder / unpacked.name
        # Beside the unpacked folder, under a name it cannot have; removed with the staging folder.
        replaced = staging / f"{unpacked.name}{_PUT_ASIDE_SUFFIX}"
        replacing = file_mode(target, follow_links=False) is not None
        if replacing:
            # Named as the installed package, which is what cannot be moved: not as its name in the staging
            # folder, gone by the time the message is read.
            move_into_place(target, replaced, f"put aside, to install {shown_path(path)} in its place", named=target)
        try:
            move_into_place(unpacked, target, "install the package as")
        except FileSystemError:
            if replacing:  # the working package back in place, not removed with the staging folder
                try:
                    move_into_place(replaced, target, "put back the package installed as")
                except FileSystemError as failed:
                    # Nor removed when it cannot be put back: the folder is this install's, abandoned once it
                    # ends, and the next install puts the package back (clear_abandoned_installs).
                    kept = True
                    where = (
                        f"; the package is kept in {shown_path(staging)}, and the next 'toolkit models install' "
                        "puts it back"
                    )
                    raise FileSystemError(failed.message + where, failed.path) from None
            raise
    finally:
        if not kept:
            remove_tree(staging)
    installed = _installed_package(target)
    if installed is None:
        raise InputError("installed, but argostranslate does not list it as a translation package", path)
    return installed


def _unpack(path: Path, staging: Path, folder: Path) -> None:
    """Unpack the package file `path` (checked by read_package_file) into `staging`, as argostranslate's
    install_from_path unpacks it (zipfile, every member a regular file or a folder), one member at a time, so
    that a failure names its file: a member that cannot be read names the package file, one that cannot be
    written the file as the packages folder `folder` holds it once installed (the staging folder is gone by the
    time the message is read). argostranslate's install named neither: its OSError reached us as one of the
    packages folder."""
    with on_disk("read", path), zipfile.ZipFile(path) as archive:
        unpacked_bytes = sum(member.file_size for member in archive.infolist())
        left = space_left(staging)
        if unpacked_bytes > left:
            # Known before a byte is written: unpacking until the disk is full would fail every other program
            # writing there meanwhile (a translator's editor saving a catalog), only for the install to fail too.
            raise FileSystemError(
                f"cannot install {shown_path(path)}: it unpacks to {shown_size(unpacked_bytes)} and its disk has "
                f"{shown_size(left)} left; free some space, or set ARGOS_PACKAGES_DIR to a folder on another disk",
                folder,
            )
        for member in archive.infolist():
            parts = PurePosixPath(member.filename).parts
            if not parts or parts[0] == "/" or ".." in parts:
                raise InputError(f"not an Argos package: {member.filename} is outside its top folder", path)
            target = staging.joinpath(*parts)
            try:
                if member.filename.endswith("/"):  # a folder (ZipInfo.is_dir)
                    make_folder(target)
                else:
                    write_scratch_chunks(target, _member_chunks(archive, member, path))
            except FileSystemError as error:
                # A file or folder in the staging folder (a folder above the member's too), not the package
                # file's (named by _member_chunks), is named where it would be once installed.
                if error.path is None or not Path(error.path).is_relative_to(staging):
                    raise
                raise FileSystemError(error.message, folder / Path(error.path).relative_to(staging)) from None


def _member_chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> Iterator[bytes]:
    """A member's bytes, piece by piece; a read that fails names the package file and the member."""
    try:
        with on_disk(f"read {member.filename} from the package", path), archive.open(member) as unpacked:
            while chunk := unpacked.read(_UNPACKED_CHUNK_BYTES):
                yield chunk
    except _DAMAGED_MEMBER as error:  # when unpacking: changed since it was checked
        reason = "its data ends early" if isinstance(error, EOFError) else str(error)
        raise InputError(f"damaged Argos package: {member.filename}: {reason}", path) from None


# What zipfile raises reading a member whose bytes are damaged: a checksum that does not match (BadZipFile), a
# compressed stream that does not decompress (zlib.error), or one that ends early (EOFError, a file cut short while
# it was read). testzip caught only the first: the others, and a package file rewritten while it was installed,
# ended in an internal error.
_DAMAGED_MEMBER = (zipfile.BadZipFile, zlib.error, EOFError)


# The environment variables CTranslate2 reads (CT2_VERBOSE, CT2_FORCE_CPU_ISA, CT2_USE_EXPERIMENTAL_PACKED_GEMM, ...).
_CTRANSLATE2_VARIABLES = "CT2_"
# How CTranslate2, SentencePiece and the C library say that an allocation failed.
_OUT_OF_MEMORY = re.compile(r"bad_alloc|out of memory|cannot allocate memory|failed to allocate", re.IGNORECASE)


def _loaded(package: InstalledPackage, what: str, load: Callable[[], _Loaded]) -> _Loaded:
    try:
        return load()
    except LOAD_FAILURES as error:
        raise load_failure(package, what, error) from None


# What loading a package's files, or translating with its model, raises when the package is damaged (or memory
# runs out): the package's failure, named as such (`load_failure`, `translation_failure`), here and on a Ray worker.
LOAD_FAILURES = (MemoryError, RuntimeError, ValueError, OSError)
TRANSLATION_FAILURES = (MemoryError, RuntimeError, ValueError)


# Where CTranslate2 reads a model's settings. Without the file, the load fails in the words of its JSON library
# ("[json.exception.type_error.302] type must be string, but is null"), which name no file.
MODEL_SETTINGS_FILE = "model/config.json"


def load_failure(package: InstalledPackage, what: str, error: Exception) -> ModelMissingError:
    if (
        what == "model"
        and isinstance(error, RuntimeError)
        and not _OUT_OF_MEMORY.search(str(error))
        and not is_regular_file(package.path / MODEL_SETTINGS_FILE)
    ):
        error = RuntimeError(f"{MODEL_SETTINGS_FILE} is missing")
    return _package_failure(package, what, ("loading", "cannot be loaded"), error)


def translation_failure(package: InstalledPackage, error: Exception) -> ModelMissingError:
    return _package_failure(package, "model", ("translating with", "fails to translate"), error)


def _package_failure(
    package: InstalledPackage, what: str, doing: tuple[str, str], error: Exception
) -> ModelMissingError:
    """What the package's `what` failing tells the user: memory ran out, or the package is damaged and must be
    installed again. `doing`: what was done with it, and how it failed ("loading", "cannot be loaded")."""
    reason = " ".join(str(error).split()) or type(error).__name__
    if reason.endswith("'") and reason.count("'") % 2:
        # CTranslate2 quotes a name it read from the damaged file, and its message can end inside that name (at a
        # NUL byte): "(Variable ')" alone read as a fault of this message.
        reason += "...', the engine's message breaks off at a name read from the file"
    if package.being_installed:
        # A file the engine names by its path is named as the package file's member: nothing was installed where
        # the package would have been.
        reason = reason.replace(str(package.path), package.path.name)
    if (
        isinstance(error, MemoryError)
        or (isinstance(error, OSError) and error.errno == errno.ENOMEM)
        or (isinstance(error, RuntimeError) and _OUT_OF_MEMORY.search(reason))
    ):
        # A package that loads with memory to spare is not damaged: "reinstall it" would send the user the
        # wrong way.
        return ModelMemoryError(
            f"memory ran out {doing[0]} the installed package's {what} ({reason}); the package is not at fault: "
            f"free some memory (other programs), or raise this run's limit on memory ({limits.memory_limit()}), "
            "and run again",
            package.path,
        )
    engine_settings = {name: value for name, value in os.environ.items() if name.startswith(_CTRANSLATE2_VARIABLES)}
    if engine_settings:
        # CTranslate2 takes these as it loads and runs a model: CT2_VERBOSE=abc failed as "stoi", CT2_VERBOSE=9
        # as "Invalid log level", CT2_FORCE_CPU_ISA=bogus as "Invalid CPU ISA"; "reinstall it" sent the user to
        # a package that was whole.
        given = ", ".join(f"{name}={shown_value(value)}" for name, value in sorted(engine_settings.items()))
        return ModelMissingError(
            f"{_owner(package)} {what} {doing[1]} ({reason}) with CTranslate2's environment variables {given}: unset "
            f"them and run again; if it still fails, {_mending(package)}",
            package.path,
        )
    return ModelMissingError(f"{_owner(package)} {what} {doing[1]} ({reason}); {_mending(package)}", package.path)


def _owner(package: InstalledPackage) -> str:
    """Whose files a message says fail: an installed package's, or those of the package file being installed
    (`install_file` names the file)."""
    return "its" if package.being_installed else "the installed package's"


def _mending(package: InstalledPackage) -> str:
    """What to do about a package whose files fail: install it again, or, for a package file that fails as it is
    installed, replace the file."""
    if package.being_installed:
        return "get the package file again (download it anew, or copy it whole from where it came)"
    return f"reinstall it with: toolkit models install --from {PACKAGE_FILE_HINT}"


@dataclass(frozen=True)
class _PackageResults:
    """A batch's results from the package's model, a failure while translating named as the package's: the
    model and its vocabulary each load even when they do not fit together (a vocabulary shorter than the
    model's output layer), and only turning the model's token ids into words finds it."""

    package: InstalledPackage
    results: Sequence[AsyncResultLike] | BatchResultsLike

    def best_hypotheses(self) -> list[Best]:
        try:
            if isinstance(self.results, BatchResultsLike):
                return self.results.best_hypotheses()
            return [(output.hypotheses[0], output.scores) for output in (result.result() for result in self.results)]
        except TRANSLATION_FAILURES as error:
            raise translation_failure(self.package, error) from None


@dataclass(frozen=True)
class _PackageModel:
    """The package's CTranslate2 model, in this process or on a Ray cluster's workers, its results as
    `_PackageResults`."""

    package: InstalledPackage
    model: ModelLike

    @property
    def num_translators(self) -> int:
        return self.model.num_translators

    def translate_batch(self, source: list[list[str]], **options) -> _PackageResults:
        return _PackageResults(self.package, self.model.translate_batch(source, **options))


def _package_model(package: InstalledPackage) -> _PackageModel:
    model = package.path / "model"
    return _PackageModel(package, _loaded(package, "model", lambda: load_ctranslate2(_regular_files(model))))


def check_tokenizer(package: InstalledPackage) -> SentencePieceTokenizer:
    """Load the package's SentencePiece model, as a translation does first (milliseconds; the translation model
    itself is too big to load only to list it); ModelMissingError naming the package if it cannot be."""
    tokenizer_file = package.path / "sentencepiece.model"
    tokenizer = _loaded(package, "tokenizer", lambda: load_sentencepiece(_regular_files(tokenizer_file)))
    vocabulary = _loaded(package, "model's vocabulary", lambda: _source_vocabulary(package.path / "model"))
    if vocabulary is not None:
        _check_pieces(package, tokenizer, *vocabulary)
    return tokenizer


def _source_vocabulary(model: Path) -> tuple[Path, list[str]] | None:
    """The vocabulary file of the package's CTranslate2 model `model` and its tokens; None without one (the model
    itself then fails to load, and says so)."""
    for name in SOURCE_VOCABULARY_FILES:
        path = model / name
        if is_regular_file(path):
            return path, parse_vocabulary(name, read_regular_file(path))
    return None


def _check_pieces(package: InstalledPackage, tokenizer: SentencePieceTokenizer, file: Path, tokens: list[str]) -> None:
    """ModelMissingError naming the package when its tokenizer cuts text into pieces its model does not know, or
    into far fewer kinds of pieces than its model learned: a sentencepiece.model from another package loads, and
    every sentence comes out as garbage."""
    pieces = tokenizer.text_pieces
    known = frozenset(tokens)
    foreign = [piece for piece in pieces if piece not in known]
    if len(foreign) > FOREIGN_PIECES_SHARE * len(pieces):
        examples = ", ".join(repr(piece) for piece in foreign[:3])
        disagreement = (
            f"{len(foreign)} of the {len(pieces)} pieces of sentencepiece.model ({examples}, ...) are not among the "
            f"{len(tokens)} tokens of {file.relative_to(package.path)}"
        )
    elif len(pieces) - len(foreign) < TOKENIZER_VOCABULARY_SHARE * len(known):
        disagreement = (
            f"the {len(pieces)} pieces of sentencepiece.model are too few for the {len(tokens)} tokens of "
            f"{file.relative_to(package.path)} (a package's own make up {TOKENIZER_VOCABULARY_SHARE:.0%} of them "
            "at least)"
        )
    else:
        return
    raise ModelMissingError(
        f"{_owner(package)} tokenizer does not fit its model: {disagreement}, as when it comes from another "
        f"package; {_mending(package)}",
        package.path,
    )


def _regular_files(path: Path) -> Path:
    """`path`, once the file it is, or every entry of the folder it is, is no other kind of file than a regular
    one (a folder inside passes); ValueError naming the first that is. The engine's native loaders open what
    they find by name and wait: a named pipe under a model file's name held every translation for ever."""
    for entry in entries_under(path, recursive=False) if is_folder(path) else [path]:
        mode = file_mode(entry)
        if mode is not None and not (stat.S_ISREG(mode) or (entry != path and stat.S_ISDIR(mode))):
            raise ValueError(f"{entry.relative_to(path.parent)} is {kind_of(mode)}, not a regular file")
    return path


def model_bytes(package: InstalledPackage) -> int:
    """The size of the package's CTranslate2 model: every regular file of its model folder (model.bin, its
    vocabularies, its configuration), as a translation loads them, in this process or on a Ray cluster's workers
    (cluster.read_model_files). What a run's need for memory is counted from, here and on a cluster alike."""
    return sum(
        status.st_size
        for path in matching(package.path / "model", "*")
        if is_regular_file(path) and (status := file_status(path))
    )


def check_room(package: InstalledPackage) -> None:
    """Under a limit on memory (`ulimit -v`, or a control group's), ModelMemoryError naming it when what the limit
    leaves is less than translating with the package's model in this process takes (settings.ENGINE_LIBRARY_BYTES):
    past it the engine's native code dies without a word, or the kernel kills the run, so this is known before it
    loads, not found out by a crash."""
    inter_threads, intra_threads = thread_counts(CPU)
    needed = ENGINE_LIBRARY_BYTES + 2 * model_bytes(package) + inter_threads * intra_threads * WORKER_THREAD_BYTES
    refused = limits.refusal("translating with the installed package's model", needed)
    if refused is not None:
        raise ModelMemoryError(refused, package.path)


class BatchRoom:
    """The room the engine's batches take in the run's control group, counted in an account of it opened at the
    first batch, the model loaded (limits.GroupLedger): called with the bytes more the next batch takes, the
    ModelMemoryError naming the group when its limit on memory does not hold them, else None, and the bytes counted
    as taken for good (the engine keeps what it took). Past the limit the kernel kills the run without a word;
    stopped here, what was drafted before is saved (catalog/update.py)."""

    def __init__(self, package: InstalledPackage) -> None:
        self._package = package
        self._memory: limits.GroupLedger | None = None

    def __call__(self, needed: int) -> ModelMemoryError | None:
        if self._memory is None:
            self._memory = limits.GroupLedger()
        refused = self._memory.promise("translating the next batch of sentences", needed, ends_on_its_own=False)
        if refused is None:
            return None
        return ModelMemoryError(f"{refused}; what was drafted before it is saved", self._package.path)


def check_loadable(package: InstalledPackage) -> None:
    """Load the package's tokenizer and model and translate a few words, as a translation would;
    ModelMissingError naming the package if that fails."""
    check_room(package)
    trial = check_tokenizer(package).encode(TRIAL_TEXT)
    _package_model(package).translate_batch(
        [trial], beam_size=1, max_decoding_length=TRIAL_DECODING_LENGTH, asynchronous=True
    ).best_hypotheses()


def _fetch(url: str, what: str) -> urllib.request.addinfourl:
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "toolkit (argostranslate packages)"})
        return urllib.request.urlopen(request, timeout=NETWORK_TIMEOUT_SECONDS)
    except (urllib.error.URLError, OSError, ValueError) as error:  # ValueError: not a URL at all
        reason = getattr(error, "reason", error)
        raise ModelInstallError(
            f"cannot reach {what} ({url}{_through_proxy(url)}: {reason}); offline, install a package file with: "
            f"toolkit models install --from {PACKAGE_FILE_HINT}"
        ) from None


def _through_proxy(url: str) -> str:
    """Where urllib sends `url` through a proxy of the environment's, which one: a proxy that cannot be reached
    (http_proxy=http://[bad, a proxy.invalid) was told as the index's own failure, "Name or service not known"
    said of a host the user knows to be there."""
    parts = urllib.parse.urlsplit(url)
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return ""
    return f" through the proxy {proxy}, from the environment's {parts.scheme}_proxy"


def _index_entry(source_language: str, target_language: str) -> dict:
    _import_argos()
    from argostranslate import settings

    index_url = settings.get_setting("ARGOS_PACKAGE_INDEX", default=settings.package_index) + "index.json"
    with _fetch(index_url, "the Argos package index") as response:
        try:
            index = json.loads(response.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, OSError) as error:
            raise ModelInstallError(f"the Argos package index at {index_url} is not readable: {error}") from None
    entries = [
        entry
        for entry in index
        if isinstance(entry, dict)
        and entry.get("type", "translate") == "translate"
        and (entry.get("from_code"), entry.get("to_code")) == (source_language, target_language)
        and entry.get("links")
    ]
    if not entries:
        raise ModelInstallError(f"the Argos package index has no package for {source_language} -> {target_language}")
    return max(entries, key=lambda entry: _version_key(entry.get("package_version", "")))


def install_from_index(
    source_language: str, target_language: str, on_bytes: Callable[[int, int | None], None] | None = None
) -> InstalledPackage:
    """Download the pair's package from the Argos index and install it; offline this fails at once.

    `on_bytes(received, total)` reports download progress.
    """
    entry = _index_entry(source_language, target_language)
    url = entry["links"][0]

    def received_chunks(response: urllib.request.addinfourl) -> Iterator[bytes]:
        received, total = 0, response.length  # what is left to read, so taken before the first read
        while True:
            try:
                chunk = response.read(1 << 20)
            except OSError as error:
                raise ModelInstallError(f"download of {url} broke off after {received} bytes: {error}") from None
            if not chunk:
                return
            received += len(chunk)
            if on_bytes is not None:
                on_bytes(received, total)
            yield chunk

    with scratch_folder("toolkit-argos-") as temp:
        download = temp / f"{package_name(source_language, target_language)}.argosmodel"
        with _fetch(url, "the package download") as response:
            write_scratch_chunks(download, received_chunks(response))
        return install_file(download)


def missing_message(config: Config) -> str:
    source, target = config.source_language, config.target_language
    return (
        f"no Argos package for {source} -> {target} ({package_name(source, target)}); install it with: "
        f"{install_command(config)}   (or: toolkit models install --from {PACKAGE_FILE_HINT})"
    )


def install_command(config: Config) -> str:
    """The exact command that installs the project's package, for messages and summaries."""
    return f"toolkit models install {config.source_language} {config.target_language}"


def _install_model_file(config: Config, model_file: Path) -> InstalledPackage:
    """Install `model_file` from toolkit.toml (first use); a file that fails names itself in the error."""
    try:
        return install_file(model_file)
    except ToolkitError as error:
        raise ModelMissingError(f"{missing_message(config)}; model_file failed: {error}") from None


def project_package(config: Config) -> InstalledPackage:
    """The installed package for the project's language pair; installs `model_file` on first use if it is set.

    Raises ModelMissingError naming the package and the command that installs it.
    """
    source, target = config.source_language, config.target_language
    scan = scan_packages()
    package = serving_package(scan.packages, source, target)
    if package is None and config.model_file is not None:
        installed = _install_model_file(config, config.model_file)
        if not installed.serves(source, target):
            raise ModelMissingError(
                f"{missing_message(config)}; model_file {config.model_file} holds "
                f"{installed.from_code} -> {installed.to_code}"
            )
        package = installed
    if package is None:
        # The pair's package may be among those that cannot be read.
        unreadable = len(scan.unreadable)
        also = (
            f"; {unreadable} installed package{'s' if unreadable > 1 else ''} cannot be read "
            f"(toolkit models list names {'them' if unreadable > 1 else 'it'})"
        )
        raise ModelMissingError(missing_message(config) + (also if unreadable else ""))
    return package


def load_translator(config: Config) -> BatchedTranslator:
    """The engine for the project's language pair on this machine (see `project_package`).

    The model itself loads on the first translation, once per process. The result is a `Translator` that
    can also count the sentences it will report (`count_sentences`), for a progress total.
    """
    return translator_for(project_package(config), config.beam_size)


def translator_for(
    package: InstalledPackage,
    beam_size: int,
    load_model: Callable[[], ModelLike] | None = None,
    device: Device | None = None,
    batches_in_this_group: bool = True,
) -> BatchedTranslator:
    """The engine over `package`: its model loaded in this process, or `load_model`'s (a Ray worker pool)
    running on `device`; either way a failure to translate is named as the package's. Each batch is checked for room
    in this run's control group (BatchRoom) when `batches_in_this_group`: in this process, or on
    `--cluster local`'s workers, which the run starts in its group; not on a cluster's own machines."""
    if load_model is None:
        check_room(package)
    device = device or pick_device()

    def load_package_model() -> ModelLike:
        return _package_model(package) if load_model is None else _PackageModel(package, load_model())

    return BatchedTranslator(
        description=(
            f"argos {package.name} {package.version} (ctranslate2 {device.compute_type} on {device.name}, "
            f"beam {beam_size})"
        ),
        source_language=package.from_code,
        target_language=package.to_code,
        beam_size=beam_size,
        load_tokenizer=lambda: check_tokenizer(package),
        load_model=load_package_model,
        target_prefix=package.target_prefix,
        room_refusal=BatchRoom(package) if batches_in_this_group else None,
    )
