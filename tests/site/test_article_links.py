"""Each article page links to the articles before and after it in the list, in both interfaces, and a rebuild
keeps those links true when an article is added, removed, redated or retitled next to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import lxml.html
import pytest
from site_projects import catalog_text, sample_blocks, sample_project

from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.pages import Neighbour
from toolkit.site.render import LINKS_END, LINKS_START, SiteInfo, render_article_links, with_article_links

SITE = SiteInfo("Site", "", "https://example.org/", "ar", "en")


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _listed(site: Path, prefix: str) -> list[str]:
    """The article pages in the order the interface's list shows them, relative to the site root."""
    index = lxml.html.parse(str(site / prefix / "index.html")).getroot()
    return [prefix + link.get("href") for link in index.xpath("//ol[@class='article-list']//h2/a")]


def _links(site: Path, page: str) -> dict[str, tuple[str, str, str]]:
    """rel -> (the page linked to, relative to the site root; the title shown; its lang)."""
    root = lxml.html.parse(str(site / page)).getroot()
    found = {}
    for link in root.xpath("//nav[@class='article-links']/a[@rel]"):
        target = f"{Path(page).parent}/{link.get('href')}"
        title = link.xpath(".//span[@class='article-link-title']")[0]
        found[link.get("rel")] = (_normal(target), title.text_content().strip(), title.get("lang"))
    return found


def _normal(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _write(project: Path, number: int, date: str, title: tuple[str, str], title_state: str = "reviewed") -> None:
    name = f"{number:03d}_sample"
    text = catalog_text(name, title, sample_blocks(number), date=date, title_state=title_state)
    (project / "translations" / f"{name}.po").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = sample_project(tmp_path / "project", articles=4)
    # No English title yet: the English interface names it by its Arabic one.
    _write(project, 3, "2021-06-01", ("عنوان بلا ترجمة", ""), title_state="untranslated")
    return project


def _check_links_follow_the_list(site: Path) -> None:
    for prefix, language in (("", "en"), ("ar/", "ar")):
        listed = _listed(site, prefix)
        assert len(listed) == 4
        for position, page in enumerate(listed):
            links = _links(site, page)
            expected = {}
            if position > 0:
                expected["prev"] = listed[position - 1]
            if position < len(listed) - 1:
                expected["next"] = listed[position + 1]
            assert {rel: target for rel, (target, _, _) in links.items()} == expected, page
            root = lxml.html.parse(str(site / page)).getroot()
            lists = [_normal(f"{Path(page).parent}/{link.get('href')}") for link in root.xpath("//nav/a[not(@rel)]")]
            assert lists == [f"{prefix}index.html"]
            for rel, (target, title, lang) in links.items():
                kind = "source" if lang == "ar" else "target"
                linked = lxml.html.parse(str(site / target)).getroot()
                shown = linked.xpath(f"//h1//span[contains(@class, 'title-{kind}')]")
                assert title == shown[0].text_content().strip(), (page, rel)
                assert lang == language or (language == "en" and target.endswith("003_sample.html"))


def test_article_pages_link_their_neighbours_in_list_order_in_both_interfaces(project: Path) -> None:
    build_site(load_config(project))
    site = project / "site"
    assert _listed(site, "") == [f"articles/00{n}_sample.html" for n in (2, 1, 0, 3)]
    _check_links_follow_the_list(site)
    # The untranslated English title falls back to the Arabic one, marked as Arabic.
    assert _links(site, "articles/000_sample.html")["next"] == ("articles/003_sample.html", "عنوان بلا ترجمة", "ar")
    assert _links(site, "ar/articles/000_sample.html")["prev"][1:] == ("عنوان المقال 1", "ar")
    assert _links(site, "articles/000_sample.html")["prev"][1:] == ("Article title 1", "en")


def test_a_retitled_article_relinks_its_neighbours_where_its_title_shows(project: Path) -> None:
    build_site(load_config(project))
    catalog = project / "translations" / "001_sample.po"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("Article title 1", "Renamed one"), "utf-8")
    result = build_site(load_config(project))
    # Its neighbours (002 above it, 000 below) name it in English; their Arabic pages, naming its unchanged
    # Arabic title, stay as they were, and no neighbour's search bundle is indexed again.
    pages = {"articles/001_sample.html", "ar/articles/001_sample.html", "articles/000_sample.html"}
    pages |= {"articles/002_sample.html"}
    assert {name for name in result.written if "/articles/" in f"/{name}"} == pages
    assert len(result.bundles_indexed) == 1
    assert _links(project / "site", "articles/000_sample.html")["prev"][1] == "Renamed one"
    assert _links(project / "site", "articles/002_sample.html")["next"][1] == "Renamed one"


def test_every_rebuild_links_as_a_build_from_scratch_would(project: Path, tmp_path: Path) -> None:
    build_site(load_config(project))
    changes = [
        lambda: _write(project, 4, "2023-05-05", ("الأحدث", "Newest")),  # added at the top
        lambda: (project / "translations" / "000_sample.po").unlink(),  # removed from the middle
        lambda: _write(project, 1, "2020-01-01", ("عنوان المقال 1", "Article title 1")),  # moved to the end
        lambda: _write(project, 3, "2021-06-01", ("عنوان بلا ترجمة", "Translated at last")),
    ]
    for number, change in enumerate(changes):
        change()
        build_site(load_config(project))
        fresh = tmp_path / f"fresh-{number}"
        shutil.copytree(project / "translations", fresh / "translations")
        shutil.copy2(project / "toolkit.toml", fresh / "toolkit.toml")
        build_site(load_config(fresh))
        assert _tree(project / "site") == _tree(fresh / "site"), change
    _check_links_follow_the_list(project / "site")


def test_a_single_article_has_no_neighbour_links(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=1)
    build_site(load_config(project))
    for page in ("articles/000_sample.html", "ar/articles/000_sample.html"):
        text = (project / "site" / page).read_text(encoding="utf-8")
        assert 'article-links"' not in text and (LINKS_START + LINKS_END).decode() in text


def test_links_are_put_in_place_of_the_old_ones_and_arrows_follow_the_reading_direction() -> None:
    previous = Neighbour("a", "أ", "A *first*")
    english, arabic = SITE.interfaces
    links = render_article_links(previous, None, SITE, english)
    assert 'rel="prev"' in links.decode() and 'rel="next"' not in links.decode()
    assert "←" in links.decode() and ">A first<" in links.decode()  # Markdown of a title is shown as text
    assert "→" in render_article_links(previous, None, SITE, arabic).decode()
    assert "←" in render_article_links(None, previous, SITE, arabic).decode()
    page = b"<main>" + LINKS_START + b"old" + LINKS_END + b"</main>"
    assert with_article_links(page, b"new") == b"<main>" + LINKS_START + b"new" + LINKS_END + b"</main>"
    assert render_article_links(None, None, SITE, english) == b""
