"""`check`'s [order] warning: a catalog sorted by its text (`msgcat --sort-output`) is named, a catalog whose
paragraphs stand in that order by chance is not.

A saved web page's blocks name no source line, and an Arabic article's paragraphs after the first so often open
with "و" that they stand sorted by their text by chance: five of thirty pages saved from five Arabic outlets were
named, each catalog as `toolkit translate` had just written it, `check` exited 1, and the advice to run
`toolkit translate` changed nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
from abuse.abuse_projects import run_toolkit

from toolkit.catalog.checks import check_block_order
from toolkit.catalog.entries import counted_entries, title_entry

EXIT_OK, EXIT_FAILURE, EXIT_NO_MODEL = 0, 1, 3
TITLE = "نقابة الصحفيين تطالب بالإفراج عن المصور حمدي الزعيم"
# In the article's order, which is also the order of their text: "ط" < "وق" < "وك".
PARAGRAPHS = (
    "طالب مجلس نقابة الصحفيين بالإفراج عن المصور الصحفي حمدي الزعيم، المحبوس احتياطياً منذ أكثر من عام.",
    "وقال نقيب الصحفيين خالد البلشي إن النقابة تقدمت بطلبات متعددة إلى النائب العام، من دون رد حتى الآن.",
    "وكانت منظمات حقوقية قد رصدت استمرار حبس ما لا يقل عن خمسة عشر صحفياً في مصر منذ سنوات.",
)
PAGE = (
    '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | مدى مصر</title></head>'
    '<body><nav><a href="/">أخبار</a> <a href="/r">رأي</a></nav><article><h1>{title}</h1>{paragraphs}</article>'
    "<footer>جميع الحقوق محفوظة</footer></body></html>"
)
ORDER_WARNING = "[order]"


def _project(root: Path, sources: dict[str, str]) -> Path:
    project = root / "news"
    assert run_toolkit(root, "init", str(project)).returncode == EXIT_OK
    for name, text in sources.items():
        (project / "source" / name).write_text(text, encoding="utf-8")
    assert run_toolkit(project, "-q", "translate").returncode == EXIT_NO_MODEL
    return project


def _page() -> str:
    return PAGE.format(title=TITLE, paragraphs="".join(f"<p>{text}</p>" for text in PARAGRAPHS))


def _text() -> str:
    return "\n\n".join((TITLE, *PARAGRAPHS)) + "\n"


def _sorted_entries(catalog: Path) -> list[str]:
    return [entry.msgid for entry in counted_entries(polib.pofile(str(catalog)))]


def test_paragraphs_in_their_text_order_by_chance_are_no_warning(tmp_path: Path) -> None:
    project = _project(tmp_path, {"mada.html": _page(), "saved page.txt": _text()})
    for name in ("mada", "saved page"):
        catalog = polib.pofile(str(project / "translations" / f"{name}.po"))
        blocks = [entry for entry in counted_entries(catalog) if entry is not title_entry(catalog)]
        assert [entry.msgid for entry in blocks] == sorted(entry.msgid for entry in blocks)
        assert not any(entry.occurrences and entry.occurrences[0][1] for entry in blocks)  # no line to go by
    checked = run_toolkit(project, "check")
    assert checked.returncode == EXIT_OK, checked.stdout + checked.stderr
    assert ORDER_WARNING not in checked.stdout


def test_a_web_page_catalog_sorted_by_msgcat_is_named_until_translate_puts_it_back(tmp_path: Path) -> None:
    project = _project(tmp_path, {"mada.html": _page()})
    catalog = project / "translations" / "mada.po"
    made = catalog.read_bytes()
    subprocess.run(["msgcat", "--sort-output", "-o", str(catalog), str(catalog)], check=True)
    assert _sorted_entries(catalog)[-1] == PARAGRAPHS[-1] and _sorted_entries(catalog)[0] != TITLE
    checked = run_toolkit(project, "check")
    assert checked.returncode == EXIT_FAILURE
    (said,) = checked.stdout.splitlines()
    assert said.startswith(f"{catalog}:") and said.endswith(
        "the entries stand sorted by their text, the title among them, as msgcat --sort-output writes them, so the "
        "site shows the paragraphs in that order, not the article's; `toolkit translate` puts them back in the "
        "article's order [order]"
    ), said
    assert run_toolkit(project, "-q", "translate").returncode == EXIT_NO_MODEL
    assert catalog.read_bytes() == made
    assert run_toolkit(project, "check").returncode == EXIT_OK


def test_a_catalog_without_a_title_entry_or_a_source_is_judged_by_its_entries_alone(tmp_path: Path) -> None:
    catalog = polib.POFile()
    for number, text in enumerate(PARAGRAPHS):
        catalog.append(polib.POEntry(msgctxt=f"b-{number}", msgid=text, msgstr=""))
    assert list(PARAGRAPHS) == sorted(PARAGRAPHS)
    assert check_block_order(catalog, tmp_path / "a.po") == []
