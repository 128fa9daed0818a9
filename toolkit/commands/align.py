"""`toolkit align ARTICLE TRANSLATION_FILE`: an existing translation of an article into its catalog.

The shell: finds and cleans the article (with the corpus evidence `toolkit translate` uses, so its blocks are
the catalog's), cleans the translation as an article in the target language, drafts the source sentences when
the project's model is installed, aligns (toolkit.align, pure), writes the catalog under the project lock, and
prints what it did.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from toolkit.align.document import Alignment, align_document, split_units
from toolkit.align.entries import AlignedText, AppliedAlignment, apply_alignment
from toolkit.align.settings import LOWEST_SCORES_SHOWN, WRONG_LANGUAGE_SHARE
from toolkit.catalog.glossary import load_glossary
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.store import load_catalog, save_catalog
from toolkit.catalog.update import catalog_context, catalog_path, keep_outside_edits
from toolkit.clean.decode import decode_source
from toolkit.clean.language import language_name
from toolkit.clean.pipeline import clean_file, clean_stream, display_path, read_source, settings_for
from toolkit.clean.sources import article_id, is_html_source, source_files
from toolkit.config import Config
from toolkit.errors import EXIT_OK, InputError, ModelMissingError
from toolkit.model import Article
from toolkit.progress import progress_bar
from toolkit.scripts import dominant_script, language_script, primary_language, script_share
from toolkit.store.files import is_regular_file, real_path, same_file
from toolkit.store.listing import CATALOG_SUFFIX
from toolkit.store.lock import project_lock

_SHOWN_CHARACTERS = 70


def _find_source(config: Config, article: str, given: Path) -> tuple[str, list[Path] | None]:
    """The article's id, and the files to clean it with: None for all of source/ (the corpus it lives in).
    `given`: `article` as a path, relative to the project folder as every path the command line takes."""
    wanted = article
    if given.suffix == CATALOG_SUFFIX:  # the catalog a translator has open, translations/<id>.po, names its article
        wanted = given.stem
    elif is_regular_file(given):
        inside = real_path(given).parent == real_path(config.source_dir)
        if not inside:
            _refuse_a_namesake(config, given)
        return article_id(given), None if inside else [given]
    for path in source_files(config):
        if article_id(path) == wanted:
            return wanted, None
    raise InputError(
        "no such article: give an id (a file name in source/ without its suffix), its source file or its catalog",
        article,
    )


def _refuse_a_namesake(config: Config, given: Path) -> None:
    """InputError when `given`, a file outside source/, bears the id of an article of source/ and is not its
    file: taken for that article's text, it rewrote the article's catalog against itself, every reviewed
    translation made obsolete, with exit 0."""
    wanted = article_id(given)
    for path in source_files(config):
        if article_id(path) == wanted and not same_file(path, given):
            raise InputError(
                f"not the article {wanted}'s source, {display_path(path, config)}, though named as it is; give that "
                "file or the id to align that article, or rename this one to align it as an article of its own",
                given,
            )


def clean_article(config: Config, article: str, given: Path) -> Article:
    wanted, paths = _find_source(config, article, given)
    run = clean_stream(config, paths)
    found = None
    for cleaned in run.articles:
        if cleaned.id == wanted and found is None:
            found = cleaned
    if found is None:
        mine = [error for error in run.errors if error.path is not None and article_id(error.path) == wanted]
        raise mine[0] if mine else InputError("the article could not be cleaned", article)
    return found


def _wrong_language(config: Config, text: str, path: Path) -> InputError | None:
    """The error for a translation whose letters are mostly not in the target language's script; None for one
    without letters of any script (an empty page: the cleaner's own reason says what it lacks)."""
    target_script = language_script(config.target_language)
    if not target_script or target_script == language_script(config.source_language):
        return None
    found = dominant_script(text)
    if found is None or script_share(text, target_script) >= WRONG_LANGUAGE_SHARE:
        return None
    expected = language_name(config.target_language, settings_for(config))
    # Most of its letters in one other script, or under half in any one (the target's the most of all).
    what = f"mostly {found} script" if found != target_script else "of mixed scripts"
    return InputError(
        f"the translation is {what}, not {expected} ({config.target_language}): give the article's {expected} edition",
        path,
    )


def _page_text(data: bytes, path: Path, language: str) -> str:
    from bs4 import BeautifulSoup

    html = is_html_source(path)
    text = decode_source(data, str(path), html=html, language=language)
    return BeautifulSoup(text, "lxml").get_text(" ") if html else text


def clean_translation(config: Config, path: Path) -> Article:
    """The translation cleaned as an article of the target language (an HTML page loses its page chrome);
    a file in another language is refused, also when the cleaner found nothing in it to keep."""
    data = read_source(path)
    try:
        edition = clean_file(path, data, replace(config, source_language=config.target_language))
    except InputError as error:
        raise _wrong_language(config, _page_text(data, path, config.target_language), path) or error from None
    wrong = _wrong_language(config, " ".join([edition.title, *(block.text for block in edition.blocks)]), path)
    if wrong is not None:
        raise wrong
    declared = edition.language or config.target_language
    if primary_language(declared) != primary_language(config.target_language) and language_script(
        declared
    ) == language_script(config.target_language):
        # Same letters, another language (a French edition): only the page's own declaration tells.
        settings = settings_for(config)
        raise InputError(
            f"the translation is in {language_name(declared, settings)} ({declared}), not "
            f"{language_name(config.target_language, settings)} ({config.target_language})",
            path,
        )
    return edition


def _drafts(config: Config, blocks: list[str], quiet: bool) -> tuple[dict[str, str] | None, str]:
    """Machine drafts of every source sentence, and how the alignment was made (said in the table)."""
    from toolkit.translate.packages import load_translator

    try:
        translator = load_translator(config)
        sentences = sorted({sentence for unit in split_units(blocks, config.source_language) for sentence in unit})
        with progress_bar(len(sentences), "drafting for alignment", "sentence", quiet) as bar:
            drafts = translator.translate(sentences, on_sentences_done=bar.update)
    except ModelMissingError:
        pair = f"{config.source_language} -> {config.target_language}"
        return None, f"length, numbers, names and structure (no model for {pair}: install it for stronger evidence)"
    by_sentence = dict(zip(sentences, (draft.text for draft in drafts), strict=True))
    return by_sentence, f"machine drafts ({translator.description})"


def _shown(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _SHOWN_CHARACTERS else line[: _SHOWN_CHARACTERS - 1] + "…"


def report(
    alignment: Alignment,
    contexts: list[str],
    blocks: list[str],
    applied: AppliedAlignment,
    paragraphs: list[str],
    heading: str,
    explain: bool,
) -> str:
    aligned = [block for block in alignment.blocks if block.text]
    empty = [block for block in alignment.blocks if not block.text and not block.left_out]
    left_out = [block for block in alignment.blocks if block.left_out]
    untrusted = [block for block in aligned if not block.trusted]
    lowest = sorted(aligned, key=lambda block: block.score or 0.0)[:LOWEST_SCORES_SHOWN]
    rows = [
        ("sentence pairs trusted", f"{len(alignment.trusted_pairs)} of {len(alignment.pairs)}"),
        ("blocks aligned", f"{len(aligned)} of {len(alignment.blocks)}"),
        ("  marked low confidence", str(len(untrusted))),
        ("  written to the catalog", str(len(applied.written))),
        ("  already there", str(len(applied.unchanged))),
        ("  kept: a translator's work", str(len(applied.kept))),
        ("blocks left empty", str(len(empty))),
        ("blocks left out (low score)", str(len(left_out))),
        ("paragraphs unused", str(len(alignment.unused_paragraphs))),
        ("lowest scores", ", ".join(f"{contexts[block.block]} {block.score:.2f}" for block in lowest) or "-"),
    ]
    width = max(len(label) for label, _ in rows)
    lines = [heading, *(f"  {label:<{width}}  {value}" for label, value in rows)]
    for block in left_out:
        lines.append(f"left out: {contexts[block.block]} score {block.score:.2f}: {_shown(blocks[block.block])}")
    for block in untrusted:
        lines.append(f"untrusted: {contexts[block.block]} trust {block.trust:.2f}: {_shown(blocks[block.block])}")
    if alignment.pairs and len(alignment.trusted_pairs) < len(alignment.pairs) / 2:
        lines.append(
            "warning: most sentence pairs are not trusted: the translation may be of another article, or in another "
            "order; its pairs are written marked low confidence, to be checked"
        )
    for index in alignment.unused_paragraphs:
        lines.append(f"unused paragraph {index + 1}: {_shown(paragraphs[index])}")
    if explain:
        lines.append("links:")
        for link in alignment.links:
            where = contexts[alignment.source[link.source[0]].unit] if link.source else "-"
            source = " ".join(alignment.source[index].text for index in link.source)
            target = " ".join(alignment.target[index].text for index in link.target)
            shape = f"{len(link.source)}-{len(link.target)}"
            evidence = "; ".join(f"{finding.describe()} ({finding.cost:+.1f})" for finding in link.findings)
            trust = f" trust {link.trust:.2f}" if link.trust is not None else ""
            lines.append(f"  {where} {shape} score {link.score:.2f}{trust}: {_shown(source) or '-'}")
            lines.append(f"      -> {_shown(target) or '(no counterpart)'}")
            lines.append(f"      evidence: {evidence}")
    return "\n".join(lines)


def run(
    config: Config, article: str, article_path: Path, translation: Path, reviewed: bool, explain: bool, quiet: bool
) -> int:
    """Align `translation` into the catalog of `article`, an id or (as `article_path`) a source file."""
    glossary = tuple((term.source, term.target) for term in load_glossary(config.project_dir).terms)
    with project_lock(config.state_dir, "align"):
        cleaned = clean_article(config, article, article_path)
        edition = clean_translation(config, translation)
        path = catalog_path(config, cleaned.id)
        old, read = load_catalog(path, config.target_language)
        catalog = merge_catalog(old, cleaned, catalog_context(config))
        entries = [entry for entry in catalog if not entry.obsolete and entry.msgid]
        blocks = [entry.msgid for entry in entries]
        paragraphs = [text for text in [edition.title, *(block.text for block in edition.blocks)] if text.strip()]
        drafts, evidence = _drafts(config, blocks, quiet)
        alignment = align_document(blocks, paragraphs, config.source_language, config.target_language, glossary, drafts)
        contexts = [entry.msgctxt or "" for entry in entries]
        source = display_path(translation, config)
        aligned = {
            contexts[block.block]: AlignedText(block.text, block.score or 0.0, block.trust or 0.0)
            for block in alignment.blocks
            if block.text
        }
        applied = apply_alignment(catalog, aligned, source, reviewed)
        # The lock keeps out toolkit runs, not editors: a translator's save meanwhile is taken, as translate does.
        save_catalog(path, catalog, read, keep_outside_edits, config.target_language)
    heading = f"align: {display_path(path, config)} <- {source}, by {evidence}"
    click.echo(report(alignment, contexts, blocks, applied, paragraphs, heading, explain))
    return EXIT_OK
