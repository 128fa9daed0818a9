"""`toolkit serve`: serve site/ on 127.0.0.1 and rebuild it whenever translations/ or toolkit.toml changes."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import click

from toolkit.commands.build import built_site, report
from toolkit.config import CONFIG_FILE, Config, load_config
from toolkit.errors import EXIT_OK, FileSystemError, LockedError, SiteError, ToolkitError, shown_path
from toolkit.site.build import no_progress, site_info
from toolkit.site.render import render_building
from toolkit.site.server import site_server
from toolkit.site.settings import POLL_SECONDS
from toolkit.store.files import file_status, is_regular_file, make_folder
from toolkit.store.listing import list_catalogs
from toolkit.store.project import check_site_folder, require_translations

HOST = "127.0.0.1"  # local browsing only: the site is never exposed beyond this machine

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(config: Config) -> Snapshot:
    """Name, mtime and size of every input of the build, so any save, add or delete shows as a change."""
    paths = [config.project_dir / CONFIG_FILE]
    # Unreadable now: the snapshot changes, and the rebuild it starts names the problem.
    with contextlib.suppress(FileSystemError):
        paths += map(Path, list_catalogs(config.translations_dir).files)
    entries = []
    for path in paths:
        try:
            status = file_status(path)
        except FileSystemError:  # unreadable: the build names it
            continue
        if status is None:  # gone meanwhile
            continue
        entries.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(entries)


def _rebuild(project_dir: Path, standing: set[str] | None = None) -> bool:
    """Build once; False only when another run holds the lock, so the change is tried again. `standing`: the
    session's warnings that still stand, said once (`built_site`)."""
    try:
        config = load_config(project_dir)
        require_translations(config)
        result, _ = built_site(config, no_progress, "serve", standing)
        click.echo(report(result), err=True)
    except LockedError:
        return False
    except ToolkitError as error:
        *before, last = error.lines()
        for line in before:
            click.echo(f"toolkit: {line}", err=True)
        click.echo(f"toolkit: {last} ({_what_is_served(project_dir)})", err=True)
    return True


def _what_is_served(project_dir: Path) -> str:
    """What a reader gets while the site cannot be built: "still serving the previous site" was said also of a
    first build that failed, and of a project moved or removed meanwhile, where every request met a 404."""
    try:
        served = is_regular_file(Config(project_dir=project_dir).site_dir / "index.html")
    except FileSystemError:  # not even looked at: a request meets the same
        served = False
    return "still serving the previous site" if served else "there is no site to serve until a build succeeds"


def run(config: Config, port: int) -> int:
    check_site_folder(config)
    make_folder(config.site_dir)
    building_page = render_building(site_info(config))
    # The port is taken before the first build: a port in use is told at once, not after a build's wait.
    try:
        server = site_server(HOST, port, config.site_dir)
    except OSError as error:
        raise SiteError(f"cannot serve on {HOST}:{port}: {error.strerror}; pick another --port") from None
    # Served from the start: a browser opened at once is told the site is being built (a request made during a
    # 1,000-article site's first build waited for all of it without a word), then shown it.
    server.building_page = building_page
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        click.echo(
            f"serving {shown_path(config.site_dir)} at http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)",
            err=True,
        )
        # A first build refused by the lock leaves nothing seen, so the next poll builds without waiting.
        first = snapshot(config)
        standing: set[str] = set()
        seen: Snapshot | None = first if _rebuild(config.project_dir, standing) else None
    except BaseException:
        server.shutdown()
        server.server_close()
        raise
    try:
        while True:
            if seen is not None:
                server.building_page = None
            try:
                time.sleep(POLL_SECONDS)
                current = snapshot(config)
            except KeyboardInterrupt:
                # Ctrl-C, or SIGTERM from `kill` or a service manager, between builds: the server's normal end,
                # with nothing left undone (exit 0, as nginx or Apache stop; systemd takes 130 for a failure).
                click.echo("stopped", err=True)
                return EXIT_OK
            # A stop that cuts a rebuild, or its wait for the lock, leaves the catalogs' last change off the site:
            # it ends the run as it ends an interrupted `toolkit build` (130, "run again to finish").
            if current != seen and _rebuild(config.project_dir, standing):
                seen = current
    finally:
        server.shutdown()
        server.server_close()
