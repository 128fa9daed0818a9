"""Alignment accuracy: documents whose translation was reshaped, and the share of source blocks given exactly
their own translation.

    bench/align.py                                   # Arabic-English TICO-19 and Chinese-English, no model
    bench/align.py --lines 12 --seed 7               # shorter documents, so denser changes; other choices
    bench/align.py --package-file ../shared/models/translate-zh_en-1_9.argosmodel   # also zh-en with drafts

Documents: consecutive lines of one source URL in ../shared/devdata/parallel/ (TICO-19, Arabic-English, CC0),
at most DOCUMENT_LINES lines each; and windows of bench/data/zh_en.{zh,en}. Each document is reshaped the way
editions differ, at random but reproducibly: two neighbouring source lines merged into one block (its reference
is both translations), two neighbouring target lines merged into one paragraph (each block must get its own
sentences back), a target line of several sentences split into two paragraphs, one line dropped from one side
(a block whose counterpart was dropped must stay empty), and an unrelated line from another document inserted
on one side. Score: blocks whose aligned text equals the reference (spaces collapsed) over all blocks.
Printed for the length-only Gale-Church baseline, the toolkit without a model, and with the model's drafts.

    bench/align.py --uneven --before main            # long and uneven documents, this code beside main's
    bench/align.py --disorder --before main          # translations out of order: which pairs are trusted

--uneven aligns the TICO-19 documents, reshaped as above, joined into long documents whose sides differ: every
document in one (`long`, about 1,500 blocks a side); the first half's blocks against their paragraphs with the
second half's inserted in the middle (`section`: an edition with a section of its own, twice the article's
paragraphs); the first half against the translation of its middle fifth alone (`excerpt`). Each runs in a
process of its own, with this code and with the code of the git revision given to --before, side by side: CPU
seconds, peak memory, and the share of blocks given exactly their translation. Before 2026-12-01 the search
band was as wide as the difference in sentence counts: a 1,500-block article against a 3,000-paragraph text
took 136 s and 2.3 GB.

--disorder aligns reshaped documents with their translation as it is, reversed, shuffled, with its middle third
moved to the end, and replaced by the translation of another document: a monotonic search pairs sentences of
all of them. Each set is split in two: the part trust's settings were tuned on, and a held-out part they were
never looked at with (`tune` and `held out`). Arabic-English: the TICO-19 documents, even-numbered to tune,
odd-numbered held out; and, held out too, windows of bench/data/ar_en_news (`news`: news sentences on the seed
articles' story written in Arabic and English for this bench, with Arabic-Indic digits, both calendars' month
names and Arabic news punctuation; TICO-19's Arabic was translated from Wikipedia's English), the odd-numbered
TICO-19 documents as "another". Chinese-English: windows of bench/data/zh_en to tune, of bench/data/zh_en_heldout held
out (sentences on the seed articles' story, written in Chinese and English for this bench), the other part's
documents as "another"; with --package-file also with the model's drafts. For each, with this code and the code
of --before side by side: the blocks given exactly their translation, the sentence pairs holding some of their
block's translation (true) that the aligner does not trust, and those holding none (wrong) that it trusts.
Code without trust marks no pair: all count as trusted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from toolkit.align.document import align_document, split_units  # noqa: E402
from toolkit.translate.segment import split_sentences  # noqa: E402

PARALLEL = REPO.parent / "shared" / "devdata" / "parallel"
WRITTEN = REPO / "bench" / "data"  # sentence pairs written for this bench, one a line, by language suffix
ZH_TUNE, ZH_HELD_OUT = "zh_en", "zh_en_heldout"
AR_NEWS = "ar_en_news"
DOCUMENT_LINES = 24
MIN_DOCUMENT_LINES = 6
ZH_WINDOW = 16
ZH_WINDOWS = 12
SEED = 20261129
GOALS = {("ar-en", "no model"): 0.95, ("zh-en", "model"): 0.98}


@dataclass
class Document:
    blocks: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # per block; "" when nothing in the translation is its
    paragraphs: list[str] = field(default_factory=list)


def tico_documents(lines: int = DOCUMENT_LINES) -> list[list[tuple[str, str]]]:
    arabic = (PARALLEL / "tico19_general.arb.txt").read_text(encoding="utf-8").splitlines()
    english = (PARALLEL / "tico19_general.eng.txt").read_text(encoding="utf-8").splitlines()
    urls = [line.split("\t")[1] for line in (PARALLEL / "tico19_general.ids.tsv").read_text().splitlines()]
    documents: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for index, (source, target, url) in enumerate(zip(arabic, english, urls, strict=True)):
        if current and (url != urls[index - 1] or len(current) == lines):
            documents.append(current)
            current = []
        current.append((source.strip(), target.strip()))
    documents.append(current)
    return [document for document in documents if len(document) >= MIN_DOCUMENT_LINES]


def written_documents(
    seed: int = SEED, name: str = ZH_TUNE, source_language: str = "zh"
) -> list[list[tuple[str, str]]]:
    """Windows of ZH_WINDOW consecutive lines of bench/data/<name>.<source_language> and <name>.en."""
    sources = (WRITTEN / f"{name}.{source_language}").read_text(encoding="utf-8").splitlines()
    english = (WRITTEN / f"{name}.en").read_text(encoding="utf-8").splitlines()
    pairs = list(zip(sources, english, strict=True))
    chooser = random.Random(seed)
    starts = [chooser.randrange(0, len(pairs) - ZH_WINDOW) for _ in range(ZH_WINDOWS)]
    return [pairs[start : start + ZH_WINDOW] for start in starts]


def _splits_at_join(first: str, second: str, language: str) -> bool:
    """Two lines joined into one paragraph still split into their own sentences (the first ends one)."""
    together = split_sentences(f"{first} {second}", language)
    return together == split_sentences(first, language) + split_sentences(second, language)


def reshape(
    pairs: list[tuple[str, str]], unrelated: tuple[str, str], languages: tuple[str, str], chooser: random.Random
) -> Document:
    target_language = languages[1]
    count = len(pairs)
    plan: dict[int, str] = {}
    free = set(range(count))

    def pick(operation: str, width: int, fits=lambda index: True) -> None:
        options = [i for i in range(count - width + 1) if all(i + k in free for k in range(width)) and fits(i)]
        if options:
            index = chooser.choice(options)
            plan[index] = operation
            free.difference_update(range(index, index + width))

    pick("merge source", 2)
    pick("merge target", 2, lambda i: _splits_at_join(pairs[i][1], pairs[i + 1][1], target_language))
    pick("split target", 1, lambda i: len(split_sentences(pairs[i][1], target_language)) >= 2)
    pick(chooser.choice(["drop source", "drop target"]), 1)

    document = Document()
    index = 0
    while index < count:
        source, target = pairs[index]
        operation = plan.get(index)
        if operation == "merge source":
            document.blocks.append(f"{source} {pairs[index + 1][0]}")
            document.references.append(f"{target} {pairs[index + 1][1]}")
            document.paragraphs += [target, pairs[index + 1][1]]
            index += 2
            continue
        if operation == "merge target":
            document.blocks += [source, pairs[index + 1][0]]
            document.references += [target, pairs[index + 1][1]]
            document.paragraphs.append(f"{target} {pairs[index + 1][1]}")
            index += 2
            continue
        if operation == "split target":
            sentences = split_sentences(target, target_language)
            half = len(sentences) // 2
            document.paragraphs += [" ".join(sentences[:half]), " ".join(sentences[half:])]
        elif operation == "drop source":
            document.paragraphs.append(target)
            index += 1
            continue
        elif operation != "drop target":
            document.paragraphs.append(target)
        document.blocks.append(source)
        document.references.append(target if operation != "drop target" else "")
        index += 1

    if chooser.random() < 0.5:
        position = chooser.randrange(len(document.paragraphs) + 1)
        document.paragraphs.insert(position, unrelated[1])
    else:
        position = chooser.randrange(len(document.blocks) + 1)
        document.blocks.insert(position, unrelated[0])
        document.references.insert(position, "")
    return document


def build(documents: list[list[tuple[str, str]]], languages: tuple[str, str], seed: int = SEED) -> list[Document]:
    chooser = random.Random(seed)
    built = []
    for pairs in documents:
        others = [pair for other in documents if other is not pairs for pair in other if pair not in pairs]
        unrelated = others[chooser.randrange(len(others))]
        built.append(reshape(pairs, unrelated, languages, chooser))
    return built


def _same(aligned: str, reference: str) -> bool:
    return " ".join(aligned.split()) == " ".join(reference.split())


def score(documents: list[Document], languages: tuple[str, str], drafts=None, length_only=False) -> tuple[float, float]:
    right = total = 0
    started = time.perf_counter()
    for document in documents:
        alignment = align_document(
            document.blocks, document.paragraphs, *languages, drafts=drafts, length_only=length_only
        )
        for block, reference in zip(alignment.blocks, document.references, strict=True):
            right += _same(block.text, reference)
            total += 1
    return right / total, time.perf_counter() - started


def joined(documents: list[Document]) -> Document:
    whole = Document()
    for document in documents:
        whole.blocks += document.blocks
        whole.references += document.references
        whole.paragraphs += document.paragraphs
    return whole


def uneven_documents(seed: int = SEED) -> dict[str, Document]:
    """Long documents whose sides differ (see --uneven), from the reshaped TICO-19 documents."""
    documents = build(tico_documents(), ("ar", "en"), seed)
    first_half = documents[: len(documents) // 2]
    article, other = joined(first_half), joined(documents[len(first_half) :])
    middle = len(article.paragraphs) // 2
    section = Document(article.blocks, article.references, article.paragraphs[:middle])
    section.paragraphs += [*other.paragraphs, *article.paragraphs[middle:]]
    kept = range(2 * len(first_half) // 5, 3 * len(first_half) // 5)
    excerpt = Document()
    for index, document in enumerate(first_half):
        excerpt.blocks += document.blocks
        excerpt.references += document.references if index in kept else [""] * len(document.blocks)
        excerpt.paragraphs += document.paragraphs if index in kept else []
    return {"long": joined(documents), "section": section, "excerpt": excerpt}


# Aligns one document with the toolkit first on the path, in a process of its own: its peak memory is its own.
_UNEVEN_WORKER = """
import json, resource, sys, time
from toolkit.align.document import align_document
document = json.loads(sys.stdin.read())
started = time.process_time()
alignment = align_document(document["blocks"], document["paragraphs"], "ar", "en")
seconds = time.process_time() - started
right = sum(
    " ".join(block.text.split()) == " ".join(reference.split())
    for block, reference in zip(alignment.blocks, document["references"], strict=True)
)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "exact": right / len(document["references"])}))
"""


def align_in_process(code: Path, document: Document) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(code)}
    result = subprocess.run(
        [sys.executable, "-c", _UNEVEN_WORKER],
        input=json.dumps(document.__dict__),
        capture_output=True,
        text=True,
        env=environment,
        cwd=code,  # not this folder: `python -c` puts the working folder first on the path
        check=True,
    )
    return json.loads(result.stdout)


def export_revision(revision: str, folder: Path) -> Path:
    """The toolkit package as it is at `revision` of this repository, unpacked under `folder`."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision, "toolkit"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def uneven(before: str | None, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-align-") as folder:
        codes = {"this tree": REPO}
        if before:
            codes[before] = export_revision(before, Path(folder))
        print(f"{'shape':8} {'blocks':>7} {'paragraphs':>10} {'code':12} {'exact':>6} {'CPU s':>8} {'peak MB':>8}")
        for shape, document in uneven_documents(seed).items():
            for name, code in codes.items():
                figures = align_in_process(code, document)
                print(
                    f"{shape:8} {len(document.blocks):7} {len(document.paragraphs):10} {name[:12]:12} "
                    f"{figures['exact']:6.3f} {figures['seconds']:8.2f} {figures['peak_mb']:8.0f}"
                )


# Aligns documents with the toolkit first on the path; a pair of code without trust counts as trusted.
_DISORDER_WORKER = """
import json, sys
from toolkit.align.document import align_document
job = json.loads(sys.stdin.read())
counts = dict.fromkeys(["blocks", "exact", "right", "right_trusted", "wrong", "wrong_trusted"], 0)
for document in job["documents"]:
    alignment = align_document(document["blocks"], document["paragraphs"], *job["languages"], drafts=job["drafts"])
    references = [" ".join(reference.split()) for reference in document["references"]]
    for block, reference in zip(alignment.blocks, references, strict=True):
        counts["blocks"] += 1
        counts["exact"] += " ".join(block.text.split()) == reference
    for link in alignment.links:
        if not link.source or not link.target:
            continue
        reference = references[alignment.source[link.source[0]].unit]
        right = any(" ".join(alignment.target[index].text.split()) in reference for index in link.target)
        trust = getattr(link, "trust", None)
        kind = "right" if right else "wrong"
        counts[kind] += 1
        counts[kind + "_trusted"] += trust is None or trust >= 0.5
print(json.dumps(counts))
"""


def disordered(documents: list[Document], seed: int, others: list[Document] | None = None) -> dict[str, list[Document]]:
    """The documents with their paragraphs in order, reversed, shuffled, a third moved, and another's (of
    `others`, by default the documents' own second half first)."""
    chooser = random.Random(seed)

    def shuffled(paragraphs: list[str]) -> list[str]:
        return chooser.sample(paragraphs, len(paragraphs))

    def moved(paragraphs: list[str]) -> list[str]:
        third = len(paragraphs) // 3
        return [*paragraphs[:third], *paragraphs[2 * third :], *paragraphs[third : 2 * third]]

    def reordered(change) -> list[Document]:
        return [Document(document.blocks, document.references, change(document.paragraphs)) for document in documents]

    if others is None:
        others = documents[len(documents) // 2 :] + documents[: len(documents) // 2]
    return {
        "in order": documents,
        "reversed": reordered(lambda paragraphs: paragraphs[::-1]),
        "shuffled": reordered(shuffled),
        "moved": reordered(moved),
        "another": [
            Document(document.blocks, [""] * len(document.blocks), others[index % len(others)].paragraphs)
            for index, document in enumerate(documents)
        ],
    }


def disorder_sets(seed: int) -> dict[str, tuple[tuple[str, str], dict[str, list[Document]]]]:
    """Each set's part to tune on and its held-out part, every order of each: name -> (languages, orders)."""
    tico = tico_documents()
    # Built apart, so that no line of one part is inserted into the other's documents as the unrelated line.
    tico_tune, tico_held_out = build(tico[::2], ("ar", "en"), seed), build(tico[1::2], ("ar", "en"), seed)
    ar_news = build(written_documents(seed, AR_NEWS, "ar"), ("ar", "en"), seed)
    zh_tune = build(written_documents(seed, ZH_TUNE), ("zh", "en"), seed)
    zh_held_out = build(written_documents(seed, ZH_HELD_OUT), ("zh", "en"), seed)
    return {
        "ar-en tune": (("ar", "en"), disordered(tico_tune, seed)),
        "ar-en held out": (("ar", "en"), disordered(tico_held_out, seed)),
        "ar-en news": (("ar", "en"), disordered(ar_news, seed, tico_held_out)),
        "zh-en tune": (("zh", "en"), disordered(zh_tune, seed, zh_held_out)),
        "zh-en held out": (("zh", "en"), disordered(zh_held_out, seed, zh_tune)),
    }


def disorder(before: str | None, seed: int, with_model: bool) -> None:
    sets = disorder_sets(seed)
    if with_model:
        for name in ("zh-en tune", "zh-en held out"):
            languages, orders = sets[name]
            sets[f"{name} +model"] = (languages, orders)
    with tempfile.TemporaryDirectory(prefix="bench-align-") as folder:
        codes = {"this tree": REPO}
        if before:
            codes[before] = export_revision(before, Path(folder))
        header = f"{'set':20} {'order':9} {'code':12} {'blocks':>6} {'exact':>6}"
        print(f"{header} {'true untrusted':>16} {'wrong trusted':>16}")
        for name, (languages, orders) in sets.items():
            drafts = None
            if name.endswith("+model"):
                drafts = machine_drafts([document for changed in orders.values() for document in changed], languages)
            for order, changed in orders.items():
                documents = [document.__dict__ for document in changed]
                job = {"languages": languages, "drafts": drafts, "documents": documents}
                for code_name, code in codes.items():
                    result = subprocess.run(
                        [sys.executable, "-c", _DISORDER_WORKER],
                        input=json.dumps(job),
                        capture_output=True,
                        text=True,
                        env={**os.environ, "PYTHONPATH": str(code)},
                        cwd=code,
                        check=True,
                    )
                    counts = json.loads(result.stdout)
                    untrusted = f"{counts['right'] - counts['right_trusted']}/{counts['right']}"
                    trusted = f"{counts['wrong_trusted']}/{counts['wrong']}"
                    exact = counts["exact"] / counts["blocks"]
                    print(
                        f"{name:20} {order:9} {code_name[:12]:12} {counts['blocks']:6} {exact:6.3f} "
                        f"{untrusted:>16} {trusted:>16}",
                        flush=True,
                    )


def machine_drafts(documents: list[Document], languages: tuple[str, str]) -> dict[str, str]:
    from toolkit.config import Config
    from toolkit.translate.packages import load_translator

    sentences = sorted(
        {sentence for document in documents for unit in split_units(document.blocks, languages[0]) for sentence in unit}
    )
    translator = load_translator(Config(REPO, source_language=languages[0], target_language=languages[1]))
    return dict(zip(sentences, (draft.text for draft in translator.translate(sentences)), strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package-file", type=Path, help="install this zh->en .argosmodel into a temporary folder")
    parser.add_argument("--lines", type=int, default=DOCUMENT_LINES, help="lines per TICO-19 document at most")
    parser.add_argument("--seed", type=int, default=SEED, help="another seed reshapes other lines")
    parser.add_argument("--uneven", action="store_true", help="long documents whose sides differ, instead")
    parser.add_argument("--disorder", action="store_true", help="translations out of order, instead")
    parser.add_argument(
        "--before", metavar="REVISION", help="with --uneven or --disorder: also align with this git revision"
    )
    arguments = parser.parse_args()
    if arguments.uneven:
        uneven(arguments.before, arguments.seed)
        return 0
    if arguments.package_file:
        from toolkit.translate.packages import install_file

        os.environ["ARGOS_PACKAGES_DIR"] = tempfile.mkdtemp(prefix="bench-align-")
        install_file(arguments.package_file)
    if arguments.disorder:
        disorder(arguments.before, arguments.seed, with_model=bool(arguments.package_file))
        return 0

    sets = {
        "ar-en": (tico_documents(arguments.lines), ("ar", "en")),
        "zh-en": (written_documents(arguments.seed), ("zh", "en")),
    }
    print(f"{'set':6} {'docs':>5} {'blocks':>7} {'way':26} {'exact':>6} {'goal':>6} {'seconds':>8}")
    for name, (pairs, languages) in sets.items():
        documents = build(pairs, languages, arguments.seed)
        blocks = sum(len(document.blocks) for document in documents)
        ways = [("Gale-Church, length only", "baseline", {"length_only": True}), ("toolkit, no model", "no model", {})]
        if name == "zh-en":
            from toolkit.errors import ModelMissingError

            try:
                ways.append(("toolkit, model drafts", "model", {"drafts": machine_drafts(documents, languages)}))
            except ModelMissingError as error:
                print(f"zh-en with the model: skipped ({error})")
        for label, way, options in ways:
            exact, seconds = score(documents, languages, **options)
            goal = GOALS.get((name, way))
            shown = f">={goal:.2f}" if goal else ""
            print(f"{name:6} {len(documents):5} {blocks:7} {label:26} {exact:6.3f} {shown:>6} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
