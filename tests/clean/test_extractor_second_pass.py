"""A page on which trafilatura's balanced focus finds no main content at all (every algorithm of it came back empty,
and it escalates to its recall focus only when it found a little text) is extracted again in recall: the article is
not dropped as empty. wcxb's page 4111 (../shared/devdata/general), a restaurant guide of about 1,900 words."""

from __future__ import annotations

import gzip
from pathlib import Path

from shared_paths import DEVDATA
from trafilatura import bare_extraction

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config

PAGE = DEVDATA / "general" / "wcxb-dev" / "4111.html.gz"


def test_a_page_the_balanced_extractor_finds_nothing_on_keeps_its_article(tmp_path: Path) -> None:
    html = gzip.decompress(PAGE.read_bytes())
    assert bare_extraction(html, include_comments=False, with_metadata=False) is None  # the case, as trafilatura has it
    article = clean_file(tmp_path / "4111.html", html, Config(tmp_path, "en", "ar"))
    assert sum(len(block.text.split()) for block in article.blocks) > 1000
