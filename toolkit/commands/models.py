"""`toolkit models list` and `toolkit models install`: the Argos packages the translation engine runs on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from toolkit.config import CONFIG_FILE, Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, InputError, ToolkitError, shell_word, shown_path
from toolkit.progress import progress_bar
from toolkit.store.files import file_mode
from toolkit.translate.packages import (
    PACKAGE_FILE_HINT,
    InstalledPackage,
    abandoned_install_warning,
    abandoned_installs,
    check_tokenizer,
    clear_abandoned_installs,
    install_file,
    install_from_index,
    missing_files,
    missing_message,
    package_for,
    packages_dir,
    read_package_file,
    scan_packages,
    serving_package,
)


def _describe(package: InstalledPackage) -> str:
    return (
        f"{package.name} {package.version}  {package.from_code} -> {package.to_code}"
        f"  ({package.from_name} -> {package.to_name})  {shown_path(package.path)}"
    )


def run_list(config: Config) -> int:
    """Print every installed package, mark the one serving the project's pair, or say how to get it (the
    model_file of toolkit.toml when it names one, checked as translate would install it); name every
    package that cannot be read, has lost a model file or whose tokenizer does not load, one line each (exit 1),
    after listing the others. Outside a project (no toolkit.toml) there is no pair to serve: the list said "no
    Argos package for ar -> en" to a user who had just installed the Chinese one before starting a project."""
    scan = scan_packages()
    in_project = file_mode(config.project_dir / CONFIG_FILE) is not None
    serving = serving_package(scan.packages, config.source_language, config.target_language) if in_project else None
    broken = list(scan.unreadable)
    if not scan.packages and not broken:
        click.echo(f"no Argos packages installed in {shown_path(packages_dir())}")
    for package in scan.packages:
        mark = "  <- serves this project" if package == serving else ""
        click.echo(_describe(package) + mark)
        try:
            missing = missing_files(package)
        except ToolkitError as error:
            broken.append(error)
            continue
        if missing:
            broken.append(
                InputError(
                    f"installed package is damaged: {', '.join(missing)} missing; reinstall it with: "
                    f"toolkit models install --from {PACKAGE_FILE_HINT}",
                    package.path,
                )
            )
            continue
        try:
            check_tokenizer(package)  # a damaged one stopped every translation, while the list said nothing
        except ToolkitError as error:
            broken.append(error)
    if serving is None and config.model_file is not None:
        try:
            click.echo(_model_file_pending(config, config.model_file))
        except ToolkitError as error:
            click.echo(missing_message(config))
            broken.append(InputError(f"model_file in toolkit.toml: {error.message}", config.model_file))
    elif serving is None and in_project:
        click.echo(missing_message(config))
    for staging in abandoned_installs(packages_dir()):
        click.echo(f"toolkit: warning: {abandoned_install_warning(staging)}", err=True)
    for error in broken:
        click.echo(f"toolkit: {error}", err=True)
    return EXIT_FAILURE if broken else EXIT_OK


def _model_file_pending(config: Config, model_file: Path) -> str:
    """What the list says of the project's model_file while no package serves its pair: the next translate
    installs it. A file that is no package, or one for another pair, is an InputError, as translate finds it."""
    metadata = read_package_file(model_file)
    source, target = config.source_language, config.target_language
    pair = f"{metadata['from_code']} -> {metadata['to_code']}"
    if (metadata["from_code"], metadata["to_code"]) != (source, target):
        raise InputError(f"a package for {pair}, not this project's {source} -> {target}", model_file)
    return (
        f"no Argos package for {pair} installed yet: the next translate or publish installs model_file "
        f"{shown_path(model_file)} (or now: toolkit models install --from {shell_word(str(model_file))})"
    )


def run_install(config: Config, languages: tuple[str, str] | None, package_file: Path | None, quiet: bool) -> int:
    """Install a package file, or download the pair's package from the Argos index (the project's by default)."""
    remark = None
    clear_abandoned_installs()  # before looking: a package a killed install had put aside is put back
    if package_file is not None:
        installed = install_file(package_file)
        remark = _other_pair_remark(config, installed, package_file)
    else:
        source, target = languages or (config.source_language, config.target_language)
        existing = package_for(source, target)
        if existing is not None:
            click.echo(f"already installed: {_describe(existing)}")
            return EXIT_OK
        installed = _download(replace(config, source_language=source, target_language=target), quiet)
    click.echo(f"installed: {_describe(installed)}")
    if remark is not None:
        click.echo(f"toolkit: warning: {remark}", err=True)
    return EXIT_OK


def _other_pair_remark(config: Config, installed: InstalledPackage, package_file: Path) -> str | None:
    """What to say when a package file given in a project serves another pair than the project's. It is
    installed all the same (the packages folder serves every project on this machine, and translate-text any
    pair), but the user most likely meant the project's package: say whether the project is served, and how
    to get its package if not. None outside a project (no toolkit.toml) or for the project's own pair."""
    source, target = config.source_language, config.target_language
    if installed.serves(source, target) or file_mode(config.project_dir / CONFIG_FILE) is None:
        return None
    pair = f"{installed.from_code} -> {installed.to_code}"
    given = f"{shown_path(package_file)}: a package for {pair}, not this project's {source} -> {target}"
    serving = serving_package(scan_packages().packages, source, target)
    if serving is not None:
        return f"{given} (which {serving.name} {serving.version} serves)"
    return f"{given}; translate still has no package: {missing_message(config)}"


def _download(config: Config, quiet: bool) -> InstalledPackage:
    with progress_bar(0, "downloading", "B", quiet) as bar:

        def on_bytes(received: int, total: int | None) -> None:
            bar.total = total
            bar.update(received - bar.n)

        return install_from_index(config.source_language, config.target_language, on_bytes)
