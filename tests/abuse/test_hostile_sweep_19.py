"""Cases from the nineteenth hostile sweep (issue 10): a project's .toolkit/ deleted to start afresh. Each test
failed before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from abuse_projects import copy_default_project, run_toolkit

ARTICLE = "000_bff552917bc11dca"


def test_a_build_after_the_state_folder_was_deleted_keeps_aside_only_what_it_did_not_make_again(
    tmp_path: Path,
) -> None:
    # `rm -rf .toolkit` (to start afresh, or a site/ copied to another machine without it): the next build
    # found no manifest, took none of site/ for the build's, moved the whole site (every file of which it had
    # just made again, byte for byte) into .toolkit/not-built-*, said "site/404.html (and 9 more): not made by
    # the build", and each such build left another copy of the site there, which the toolkit never removes.
    # What differs from the new build (a page edited by hand, a file of the user's) is still kept and named.
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "build").returncode == 0
    shutil.rmtree(project / ".toolkit")
    (project / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    edited = project / "site" / "articles" / f"{ARTICLE}.html"
    edited.write_text(edited.read_text(encoding="utf-8") + "<!-- a hand edit -->\n", encoding="utf-8")
    result = run_toolkit(project, "-q", "build")
    assert result.returncode == 0, result.stderr
    (kept,) = (project / ".toolkit").glob("not-built-*")
    assert result.stderr == (
        f"toolkit: warning: {project / 'site' / 'notes.txt'} (and 1 more): not made by the build, so not in the "
        f"new site (a build replaces site/ whole); moved with its path to {kept}, which the toolkit never removes: "
        "keep such files outside site/ and copy them in after building\n"
    )
    assert sorted(str(path.relative_to(kept)) for path in kept.rglob("*") if path.is_file()) == [
        f"articles/{ARTICLE}.html",
        "notes.txt",
    ]
    assert "a hand edit" not in edited.read_text(encoding="utf-8")
    assert (project / "site" / "index.html").is_file()
