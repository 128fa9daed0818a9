"""What the accessibility and validity checks share: the npm checkers' files and the pages of a built site."""

from __future__ import annotations

from pathlib import Path

import pytest

NODE_MODULES = Path(__file__).parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def require(path: Path) -> None:
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci --prefix tests/browser` (scripts/test.sh does)")


def every_page(site, articles=None) -> list[str]:
    """Every kind of page in both interfaces (the English one at the root, the Arabic one under ar/), with
    the site's articles, or the first `articles` of them."""
    list_pages = sorted(path.name for path in site.root.glob("index*.html"))
    pages = [*list_pages, "search.html", "status.html", *(article.page for article in site.articles[:articles])]
    return [*pages, *(f"ar/{page}" for page in pages), "404.html", "ar/404.html"]
