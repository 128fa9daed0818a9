"""`toolkit models list` and `toolkit models install`: the Argos packages the translation engine runs on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from toolkit.config import Config
from toolkit.errors import EXIT_OK
from toolkit.progress import progress_bar
from toolkit.translate.packages import (
    InstalledPackage,
    install_file,
    install_from_index,
    installed_packages,
    missing_message,
    package_for,
    packages_dir,
)


def _describe(package: InstalledPackage) -> str:
    return (
        f"{package.name} {package.version}  {package.from_code} -> {package.to_code}"
        f"  ({package.from_name} -> {package.to_name})  {package.path}"
    )


def run_list(config: Config) -> int:
    """Print every installed package, mark the one serving the project's pair, or say how to get it."""
    packages = installed_packages()
    serving = package_for(config.source_language, config.target_language)
    if not packages:
        click.echo(f"no Argos packages installed in {packages_dir()}")
    for package in packages:
        mark = "  <- serves this project" if package == serving else ""
        click.echo(_describe(package) + mark)
    if serving is None:
        click.echo(missing_message(config))
    return EXIT_OK


def run_install(config: Config, languages: tuple[str, str] | None, package_file: Path | None, quiet: bool) -> int:
    """Install a package file, or download the pair's package from the Argos index (the project's by default)."""
    if package_file is not None:
        installed = install_file(package_file)
    else:
        source, target = languages or (config.source_language, config.target_language)
        existing = package_for(source, target)
        if existing is not None:
            click.echo(f"already installed: {_describe(existing)}")
            return EXIT_OK
        installed = _download(replace(config, source_language=source, target_language=target), quiet)
    click.echo(f"installed: {_describe(installed)}")
    return EXIT_OK


def _download(config: Config, quiet: bool) -> InstalledPackage:
    with progress_bar(0, "downloading", "B", quiet) as bar:

        def on_bytes(received: int, total: int | None) -> None:
            bar.total = total
            bar.update(received - bar.n)

        return install_from_index(config.source_language, config.target_language, on_bytes)
