"""Makes the catalogs of tests/catalog/test_translate_toolkit_layout.py with translate-toolkit itself (Weblate's
PO writer); not run by the tests, which have no translate-toolkit. Each folder's files were made in a venv of
their own (Python 3.11), from the same two catalogs:

    msgcat translations/000_bff552917bc11dca.po > /tmp/ar.po   # the zh one: zh_projects.chinese_catalog()

- this folder: translate-toolkit 3.20.4 (unicode-segmentation-rs 1.0.0), its default width
      python3 -m venv /tmp/tt && /tmp/tt/bin/pip install translate-toolkit==3.20.4
      cd tests/catalog/data/translate_toolkit && /tmp/tt/bin/python make_fixtures.py /tmp/ar.po ar
- 3.16/: translate-toolkit 3.16.3 (wcwidth 0.2.14), the last to wrap with Python's textwrap, its default width
      python3 -m venv /tmp/tt316 && /tmp/tt316/bin/pip install translate-toolkit==3.16.3
      cd tests/catalog/data/translate_toolkit/3.16 && /tmp/tt316/bin/python ../make_fixtures.py /tmp/ar.po ar
- no_wrap/: translate-toolkit 3.20.4 with Weblate's "Long lines wrapping" set to "No line wrapping"
  (po_line_wrap = -1, which Weblate sets as the width of the store's wrapper)
      cd tests/catalog/data/translate_toolkit/no_wrap && /tmp/tt/bin/python ../make_fixtures.py /tmp/ar.po ar -1

NAME.po is the catalog as translate-toolkit writes it when it sets every string (its po tools, Weblate adding a
language): each msgid, msgstr and previous msgid quoted and wrapped by its PoWrapper. NAME.changed.po is that
file after translate-toolkit changed what CHANGES names: a source text (the old one kept as the previous msgid,
the entry fuzzy) and a translation."""

import json
import sys
from pathlib import Path

from translate.storage import pypo

HERE = Path(__file__).parent
CHANGES = json.loads((HERE / "changes.json").read_text(encoding="utf-8"))


def main(source: str, prefix: str, po_line_wrap: str | None = None) -> None:
    store = pypo.pofile(Path(source).read_bytes())
    if po_line_wrap is not None:  # as Weblate's GettextPoLineWrap.setup_store sets it
        store.wrapper.width = int(po_line_wrap)
    for unit in store.units:
        if not unit.isheader():
            unit.source = unit.source
            if unit.prev_source:
                unit.prev_source = unit.prev_source
        unit.target = unit.target
    Path(f"{prefix}.po").write_bytes(bytes(store))
    changes = CHANGES[Path(prefix).name]
    for unit in store.units:
        if unit.getcontext() == changes["source changed"]["msgctxt"]:
            unit.prev_source = unit.source
            unit.source = unit.source.replace(changes["source changed"]["old"], changes["source changed"]["new"])
            unit.markfuzzy()
        if unit.getcontext() == changes["translation changed"]["msgctxt"]:
            unit.target = unit.target + changes["translation changed"]["added"]
    Path(f"{prefix}.changed.po").write_bytes(bytes(store))


if __name__ == "__main__":
    main(*sys.argv[1:])
