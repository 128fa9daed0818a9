"""Which files of a site a build stopped after its swap may not vouch for (toolkit/site/fingerprints.py)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from toolkit.site.fingerprints import changed_since_staged, file_signature


def _recorded(root: Path, name: str, staged_text: str) -> tuple[str, str, str]:
    signature = file_signature(root / name, os.stat(root / name).st_ctime_ns)
    assert signature is not None
    return name, signature, hashlib.sha256(staged_text.encode()).hexdigest()


def test_a_file_changed_within_the_tick_of_the_staging_mark_is_hashed(tmp_path: Path) -> None:
    # The mark is taken without waiting for the clock's tick (identity.seal, wait_for_tick=False): a file
    # changed after it within the same tick has the very same ctime, so only an earlier one is the one staged.
    page = tmp_path / "index.html"
    page.write_text("edited after staging")
    staged_ns = os.stat(page).st_ctime_ns
    recorded = [_recorded(tmp_path, "index.html", "as staged")]
    assert list(changed_since_staged(tmp_path, recorded, staged_ns, staged_ns + 10**9)) == ["index.html"]


def test_a_file_changed_before_the_staging_mark_is_the_one_staged(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("as staged")
    staged_ns = os.stat(page).st_ctime_ns + 1
    recorded = [_recorded(tmp_path, "index.html", "other bytes, never read")]
    assert list(changed_since_staged(tmp_path, recorded, staged_ns, staged_ns + 10**9)) == []
