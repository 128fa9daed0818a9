"""`toolkit init [DIR]`: start a project, and the one check that tells a project folder from any other.

A project is a folder holding `toolkit.toml`, `source/` or `translations/` (the default corpus predates
`toolkit.toml` being required). Commands that work on a project refuse any other folder before they touch
it, so running one in the wrong place says how to start a project and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import stat
from dataclasses import replace
from pathlib import Path

import click

from toolkit.config import CONFIG_FILE, MAX_SETTINGS_BYTES, Config, check_given, given_on_command_line, load_config
from toolkit.errors import EXIT_OK, ConfigError, FileSystemError, ToolkitError, shell_word, shown_folder, shown_path
from toolkit.store.disk import dangling_link, dangling_link_on
from toolkit.store.files import (
    atomic_write_text,
    create_atomically,
    file_mode,
    is_folder,
    is_regular_file,
    link_replaced_warning,
    make_folder,
    read_file,
    real_path,
    remove_empty_folder,
    remove_file,
)
from toolkit.store.project import another_projects_folder, check_layout, unfit_for_a_project

PROJECT_MARKERS = (CONFIG_FILE, "source", "translations")
_ALREADY_A_PROJECT = "already a toolkit project; nothing was changed"
IGNORED = ("site/", ".toolkit/")


def require_project(project_dir: Path) -> None:
    """ConfigError unless `project_dir` is a project (see the module docstring); it is not touched."""
    project = real_path(project_dir)
    if is_folder(project) and file_mode(project / CONFIG_FILE) is None and (unfit := unfit_for_a_project(project)):
        # A source/ or translations/ alone makes a project of a folder: a home folder with a source/ of code
        # in it was one, and publish would have written translations/ and site/ into it.
        raise ConfigError(f"not a toolkit project: it {unfit}", project)
    if is_folder(project) and not any(file_mode(project / marker) is not None for marker in PROJECT_MARKERS):
        enclosing = next((folder for folder in project.parents if file_mode(folder / CONFIG_FILE) is not None), None)
        if enclosing is not None:
            # Run from translations/, site/ or source/ of a project: a new project there is not what is wanted.
            raise ConfigError(
                f"a folder inside the toolkit project {enclosing}, not a project itself; run the command there, "
                f"or give it with -C {shell_word(str(enclosing))}",
                project,
            )
        raise ConfigError(
            f"not a toolkit project (no {CONFIG_FILE}, source/ or translations/ here); "
            f"start one with `toolkit init {shell_word(str(project_dir))}`, or give the project with -C DIR",
            project,
        )


def _inside_a_projects_folder(project: Path) -> str | None:
    """Why `project` (a real path) may not be a project for lying in a folder another project's runs fill or
    replace, or None. Its settings, catalogs and site were read as the other's articles and catalogs, or moved
    out of site/ by its next build."""
    shared = another_projects_folder(project)
    if shared is None:
        return None
    owner, folder = shared
    where = "" if project == folder else "inside "
    return (
        f"is {where}{shown_folder(folder)} of the toolkit project {owner}, which that project's runs "
        "read or replace; make the new project in a folder of its own outside it"
    )


def _toml_string(value: str) -> str:
    """A TOML basic string that reads as typed: a title in Arabic or Chinese stays letters a user can edit, not
    \\uXXXX escapes; only what is not printable (a zero-width space) is escaped, as JSON escapes it, which TOML
    reads alike."""
    body = json.dumps(value, ensure_ascii=False)[1:-1]
    return '"' + "".join(char if char.isprintable() else json.dumps(char)[1:-1] for char in body) + '"'


def config_text(title: str, source_language: str, target_language: str) -> str:
    """A new project's toolkit.toml: every setting a newcomer may want, explained; the optional ones commented."""
    return f"""# Settings of this toolkit project; every command reads them (the README lists all of them).

# The language of the scraped articles in source/ (a code such as "ar"); the cleaner's script rules follow it.
source_language = {_toml_string(source_language)}
# The language the translations are drafted in.
target_language = {_toml_string(target_language)}
# An Argos Translate package file, installed on first use (otherwise: `toolkit models install`).
# model_file = "translate-{source_language}_{target_language}-1_0.argosmodel"
# CTranslate2 beam size, 1 to 16: wider is slower and sometimes better.
# beam_size = 4

[site]
title = {_toml_string(title)}
description = ""
# Where the site will be served: the Atom feed and sitemap need absolute links.
# base_url = "https://example.org/news/"
# Articles on each page of the article list.
# articles_per_page = 100
"""


def _gitignore(existing: str) -> str:
    lines = existing.splitlines()
    missing = [pattern for pattern in IGNORED if pattern not in lines and pattern.rstrip("/") not in lines]
    if not missing:
        return existing
    # The lines added end as the file's own do: a file written on Windows stays CRLF throughout.
    end = "\r\n" if "\r\n" in existing else "\n"
    head = existing if not existing or existing.endswith("\n") else existing + end
    added = ["# Generated by toolkit: the built site and the lock and build state.", *missing]
    return head + "".join(line + end for line in added)


def _existing_gitignore(ignore: Path) -> str:
    """The .gitignore init adds its lines to: "" when there is none, or only a link whose target is gone (the
    file written takes its place, said in one line)."""
    if not is_regular_file(ignore):
        if file_mode(ignore, follow_links=False) is not None and not dangling_link(ignore):
            raise FileSystemError("is not a regular file; init adds its lines to .gitignore, so move it away", ignore)
        return ""
    try:
        # Read up to a settings file's size: a sparse file of gigabytes was read whole and written back dense.
        text = read_file(ignore, MAX_SETTINGS_BYTES).decode("utf-8")  # as it is: its line ends are kept
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text; the toolkit adds its lines to it, so convert it first", ignore) from None
    if "\0" in text:
        raise ConfigError("holds NUL bytes, so it is not text; init adds its lines to it, so move it away", ignore)
    return text


def _write_project(project: Path, text: str, existing_gitignore: str) -> bool:
    """Write the project; False, and nothing written, when a toolkit.toml came first (another init at once)."""
    config_path = project / CONFIG_FILE
    make_folder(project)
    if not create_atomically(config_path, text.encode("utf-8")):
        return False
    load_config(project)
    for folder in ("source", "translations"):
        make_folder(project / folder)
    ignore = project / ".gitignore"
    updated = _gitignore(existing_gitignore)
    if updated != existing_gitignore:
        warning = link_replaced_warning(ignore)
        atomic_write_text(ignore, updated)
        if warning is not None:
            click.echo(warning, err=True)
    return True


def _undo(config_path: Path, made: list[Path]) -> None:
    """Remove toolkit.toml and the folders init made, as far as they are there. The error that stopped init is
    the one reported: a removal that fails as well is left, with it, to the user."""
    with contextlib.suppress(FileSystemError):
        remove_file(config_path)
        for folder in reversed(made):
            if is_folder(folder):
                remove_empty_folder(folder, "remove the folder it made")


def run(project_dir: Path, source_language: str, target_language: str, title: str | None) -> int:
    # real_path follows a link whose target is gone as far as it leads: `init ~/news/2024` with ~/news a link to
    # a drive not mounted made /media/usb/news/2024 on the system's disk, under the mount point, with exit 0.
    through = dangling_link_on(project_dir)
    if through is not None:
        link, said = through
        raise ConfigError(f"is {said}; nothing was written", link)
    project = real_path(project_dir)
    config_path = project / CONFIG_FILE
    project_mode = file_mode(project)
    if project_mode is not None and not stat.S_ISDIR(project_mode):
        raise ConfigError("exists and is not a folder", project)
    if file_mode(config_path) is not None:
        raise ConfigError(_ALREADY_A_PROJECT, config_path)
    if unfit := unfit_for_a_project(project) or _inside_a_projects_folder(project):
        raise ConfigError(f"{unfit}; nothing was written", project)
    for option, value in (("--from", source_language), ("--to", target_language), ("--title", title or "")):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # bytes of another encoding on the command line, kept by Python as surrogates
            raise ConfigError(f"{option} '{shown_path(value)}' is not UTF-8 text; nothing was written") from None
    # The folder's name may hold what a title may not (a newline, a bidi control): shown as spaces; bytes of
    # another encoding than UTF-8 as U+FFFD (a title is read, not typed back as a path is).
    name = project.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    folder_title = "".join(char if char.isprintable() else " " for char in name).strip()
    site_title = title if title is not None else folder_title or "Bilingual news"
    given = ("source_language", "target_language", "site_title")
    settings = Config(project_dir=project, source_language=source_language, target_language=target_language)
    given = given if title is not None else given[:2]
    check_given(replace(settings, site_title=site_title), given, config_path)
    text = config_text(site_title, source_language, target_language)
    # Everything init writes is looked at before it writes anything: a source/ that is a file found after
    # toolkit.toml was written left a half-made project that init then refused as "already a project".
    check_layout(settings)
    ignore = project / ".gitignore"
    existing = _existing_gitignore(ignore)
    made = [folder for folder in (project, project / "source", project / "translations") if file_mode(folder) is None]
    try:
        started = _write_project(project, text, existing)
    except ToolkitError as error:
        # Undone as far as it got: a toolkit.toml left behind by a disk that filled up made init run again (as
        # the message said to) refuse the half-made project as "already a toolkit project".
        _undo(config_path, made)
        if isinstance(error, ConfigError) and error.path == config_path:
            # The file it names is gone, and every value in it came from the command line.
            raise given_on_command_line(error.message, given, "; nothing was written") from None
        raise  # a folder of the project of the wrong kind, or the file system's refusal, named as it is
    if not started:  # that project is the other init's: nothing of it is undone
        raise ConfigError(_ALREADY_A_PROJECT, config_path)
    click.echo(f"Started a toolkit project in {project}:")
    click.echo(f"  {CONFIG_FILE:<16}settings (languages, site title), each explained")
    click.echo("  source/         put the scraped articles here (.txt, .html, .mhtml; .html.gz too)")
    click.echo("  translations/   one PO catalog per article, written by `toolkit translate`")
    click.echo(f"Next: add articles to source/, then run `toolkit -C {shell_word(str(project_dir))} publish`.")
    return EXIT_OK
