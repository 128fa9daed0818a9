"""What an article should look like as a catalog: header metadata and one unit per title and block.

Pure: the units carry no ids. Ids are given out by `merge`, which alone knows which entries already exist.
The layout these functions produce is the contract in `toolkit/catalog/__init__.py`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import polib

from toolkit.errors import CatalogError, shown_value
from toolkit.model import Article, article_text_key
from toolkit.scripts import for_terminal, language_name, primary_language, same_language

TITLE_CONTEXT = "title"
BLOCK_ID_PREFIX = "b-"
BLOCK_ID_HASH_LENGTH = 8  # 32 bits: collisions within one article are resolved by "-2", "-3" anyway

# Extracted-comment (`#.`) line prefixes. The catalog stage writes every `#.` line; translators write `#`.
KIND_NOTE = "kind: "
MACHINE_NOTE = "machine: "
WARNING_NOTE = "warning: "
# The hash of the engine's output as written: a fuzzy draft whose msgstr no longer matches it was edited by
# a translator, and is then human work that no run may throw away.
DRAFT_HASH_NOTE = "draft-sha1: "
DRAFT_HASH_LENGTH = 12
# The engine's confidence in a draft, 0-1 (toolkit/translate/confidence.py), or the aligner's trust in an
# aligned pair (toolkit/align/trust.py): low values deserve a look first.
CONFIDENCE_NOTE = "confidence: "
# A glossary term the source uses, and the translation the project requires for it: "glossary: بوتين = Putin".
GLOSSARY_NOTE = "glossary: "
# Every note that describes a machine draft; they go together when the draft goes.
MACHINE_NOTES = (MACHINE_NOTE, CONFIDENCE_NOTE, WARNING_NOTE, DRAFT_HASH_NOTE)
MEMORY_NOTE = "tm: from "
# A translation taken from an existing edition by `toolkit align`: "aligned: <file> score <0-1>", its trust
# noted as a confidence.
ALIGNED_NOTE = "aligned: "
NEAR_MATCH_NOTE = "tm-near: "

# Plural forms are never used by the site, but Poedit and msgfmt expect the target language's rule: written when a
# catalog is made, then the translators' like the fields below (msgmerge keeps a catalog's own; Weblate writes
# English's as "plural=n != 1;"), so a translator's rule is never rewritten.
PLURAL_FORMS_FIELD = "Plural-Forms"
_PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
# How gettext reads the number of plural forms from Plural-Forms: "nplurals=", spaces, then decimal digits, of
# which msgfmt --check takes 1 and more (a count of more than nine digits is no language's).
_NPLURALS = re.compile(r"nplurals=\s*0*([1-9][0-9]{0,8})(?![0-9])")


def plural_count(metadata: dict[str, str]) -> int | None:
    """The number of plural forms the header's Plural-Forms gives each plural entry (msgstr[0] to msgstr[N-1]);
    None when it names none msgfmt --check accepts."""
    found = _NPLURALS.search(metadata.get(PLURAL_FORMS_FIELD, ""))
    return int(found.group(1)) if found else None


# The header of an article's date, as `clean` finds it: ISO 8601, a day or a time of day with or without its zone.
DATE_HEADER = "X-Article-Date"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?")


def article_moment(date: str) -> datetime | None:
    """The instant an article's date names, or None when it names none: text of another shape ("31/31/2021", a
    Hijri date, other digits than ASCII's), a day no calendar has (2023-02-30, year 0), a time whose UTC falls
    outside years 1-9999. The site shows a date that names none as written, marked unverified, and `check`
    names it."""
    if not _ISO_DATE.fullmatch(date):
        return None
    try:
        moment = datetime.fromisoformat(date.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment.astimezone(timezone.utc)
    except ValueError:  # shaped like a date but not one, e.g. 2022-02-30
        return None
    except OverflowError:  # a real date whose UTC time falls outside years 1-9999, e.g. 0001-01-01T00:00+14:00
        return None
    return moment


# Header keys that belong to the translator's editor (Poedit fills them on save); present but empty until
# then, because `msgfmt -c` warns about a header without them.
EDITOR_METADATA = {"PO-Revision-Date": "", "Last-Translator": "", "Language-Team": ""}
# gettext's name of the package a catalog belongs to: written once, as the site's title, when the catalog is
# made, then left to its editors like the fields above. Following the title would rewrite every catalog
# when the site is retitled (churn in git, "changed on disk" in every translator's open editor).
PROJECT_ID_FIELD = "Project-Id-Version"
EDITORS_FIELDS = frozenset({*EDITOR_METADATA, PROJECT_ID_FIELD, PLURAL_FORMS_FIELD})


@dataclass(frozen=True)
class CatalogContext:
    """Project-wide values every article's header carries."""

    project: str
    source_language: str
    target_language: str


@dataclass(frozen=True)
class SourceUnit:
    """One entry-to-be: the title (context "title") or a block (context None until merge gives it an id)."""

    context: str | None
    kind: str
    text: str
    reference: str  # `#:` occurrence, "source/file.txt:12", or "" when the block has no line


# Characters a PO string cannot carry safely: line separators other than "\n" (polib splits on them when it
# parses, so they would cut an entry in two) become spaces; other control characters (NUL, ESC, C1) go.
_LINE_SEPARATORS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def catalog_text(text: str) -> str:
    """The text as a catalog entry stores it: trimmed, only "\n" breaking lines, no control characters."""
    return _CONTROL_CHARACTERS.sub("", _LINE_SEPARATORS.sub(" ", text)).strip()


def source_units(article: Article) -> list[SourceUnit]:
    """The title, then every block in article order; empty texts have nothing to translate."""
    source = article.source
    units = [SourceUnit(TITLE_CONTEXT, "title", catalog_text(article.title), source)]
    for block in article.blocks:
        text = catalog_text(block.text)
        if not text:
            continue
        reference = f"{source}:{block.line}" if block.line is not None else source
        units.append(SourceUnit(None, block.kind, text, reference))
    return [unit for unit in units if unit.text]


def occurrences(reference: str) -> list[tuple[str, str]]:
    """A unit's reference as the entry's `#:` occurrences: none for a path with white space in it."""
    if not reference or any(character.isspace() for character in reference):
        # `#:` is whitespace-separated: a path with a space would read back as two references.
        return []
    file, _, line = reference.rpartition(":") if ":" in reference else (reference, "", "")
    return [(file, line)]


def _header_value(value: str | None) -> str:
    # A header value is one line of `Key: value`; a newline inside would start a bogus key.
    return " ".join(catalog_text(value or "").split())


# The article's own address, when its source page gave one; only then is the header written.
URL_HEADER = "X-Article-Url"
SOURCE_HEADER = "X-Article-Source"  # the source file the catalog was made from, as the project names it


LANGUAGE_FIELD = "Language"


def _is_target(language: str, target_language: str) -> bool:
    """Whether a header's Language names the target language: by a code of it, whatever region or variant
    ("en_GB"), or by its name in English or in itself, as some editors write it ("English", "english (UK)",
    "العربية")."""
    if same_language(language, target_language):
        return True
    name = language.split("(")[0].strip().casefold()
    names = (language_name(target_language), language_name(target_language, target_language))
    return name in {known.casefold() for known in names}


def kept_language(old: dict[str, str], target_language: str) -> str | None:
    """The catalog's own Language when it names the target language, kept as its translators set it (en_GB is
    not rewritten as en); None when empty, and the target is written."""
    language = old.get(LANGUAGE_FIELD, "").strip()
    return old[LANGUAGE_FIELD] if language and _is_target(language, target_language) else None


def foreign_language_error(metadata: dict[str, str], path: Path, target_language: str) -> CatalogError | None:
    """A catalog whose header names another language than the project's target (copied from another project, a
    Weblate component of another language): never rewritten as the target's, nor published as it; the
    commands skip and name it, the build keeps its page from before, as for a catalog that does not parse."""
    language = metadata.get(LANGUAGE_FIELD, "").strip()
    if not language or _is_target(language, target_language):
        return None
    # A code CLDR does not know is its own name: shown as the terminal may be given it, so that a line end in
    # the header's value (a field line without its colon joins the one above) does not split the message.
    named, target_named = (for_terminal(language_name(primary_language(code))) for code in (language, target_language))
    return CatalogError(
        f"its header says Language: {shown_value(language)} ({named}), not the project's target_language "
        f"{target_language} ({target_named}): if its translations are in {target_named}, set Language to "
        f"{target_language}; else move it out of translations/. It is left as it is until then",
        path,
    )


def made_metadata(context: CatalogContext) -> dict[str, str]:
    """The header keys a new catalog gets and its editors own from then on; missing, they are added again."""
    metadata = {**EDITOR_METADATA, PROJECT_ID_FIELD: _header_value(context.project)}
    if plural_forms := _PLURAL_FORMS.get(context.target_language):
        metadata[PLURAL_FORMS_FIELD] = plural_forms
    return metadata


def article_metadata(article: Article, context: CatalogContext) -> dict[str, str]:
    """The header keys the catalog stage owns; other keys (Last-Translator, X-Generator...) are the editor's."""
    metadata = {
        LANGUAGE_FIELD: context.target_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": context.source_language,
        "X-Article-Id": article.id,
        "X-Article-Title": _header_value(article.title),
        DATE_HEADER: _header_value(article.date),
        "X-Article-Byline": _header_value(article.byline),
        "X-Article-Outlet": _header_value(article.outlet),
        SOURCE_HEADER: _header_value(article.source),
        "X-Article-Attribution": " | ".join(_header_value(line) for line in article.attribution),
    }
    if article.url:
        metadata[URL_HEADER] = _header_value(article.url)
    return metadata


# What the header says about entry states. Catalogs written before said a reviewed entry is never changed,
# which merging contradicts (an edited source marks its translation fuzzy): that text is replaced on merge.
_OLD_STATE_EXPLANATION = (
    "Machine drafts are marked fuzzy: correct the English, then remove the fuzzy flag.\n"
    "An entry without the fuzzy flag is reviewed and no toolkit command changes it."
)
STATE_EXPLANATION = (
    "Each entry is reviewed (a translation without the fuzzy flag), a machine draft\n"
    "(fuzzy, written by the engine), needs review (fuzzy, a person's or the\n"
    "translation memory's text to check again) or untranslated (empty); the title\n"
    "counts like any block. Correct a draft, then remove the fuzzy flag. No command\n"
    "rewrites a reviewed translation; when its source paragraph changes it is kept,\n"
    "marked fuzzy, with the old source in #| lines."
)


def header_comment(article: Article, context: CatalogContext) -> str:
    return (
        f"{context.project}: {article.id} ({context.source_language} -> {context.target_language}).\n"
        f"{STATE_EXPLANATION}"
    )


def updated_header_comment(comment: str) -> str:
    """A catalog's header comment with the toolkit's outdated state explanation replaced; the rest is kept."""
    return comment.replace(_OLD_STATE_EXPLANATION, STATE_EXPLANATION)


def new_block_id(text: str, taken: set[str]) -> str:
    """A stable id from the text's hash; a second block with the same text gets "-2", and so on."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:BLOCK_ID_HASH_LENGTH]
    base = f"{BLOCK_ID_PREFIX}{digest}"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# Every note the toolkit writes starts with one of these. A `#.` line that starts with none of them, under such a
# note, is the rest of that note: a writer that wraps comments broke it (polib's save() at its wrapwidth, and
# the scripts and tools built on it, break as textwrap does: at a space, which is dropped, or after a word's
# hyphen). gettext writes every `#.` line as it stands.
TOOLKIT_NOTES = (KIND_NOTE, *MACHINE_NOTES, GLOSSARY_NOTE, MEMORY_NOTE, ALIGNED_NOTE, NEAR_MATCH_NOTE)
# textwrap's break after a hyphen: two letters (or a letter, hyphen, letter) and the hyphen before it, a letter
# (a hyphen, a letter) after it.
_BROKEN_AFTER_HYPHEN = re.compile(r"(?:[^\d\W]{2}|[^\d\W]-[^\d\W])-\Z")
_LETTERS_AFTER_HYPHEN = re.compile(r"[^\d\W]-?[^\d\W]")


def _opens_toolkit_note(line: str) -> bool:
    """Whether a `#.` line opens one of the toolkit's notes: its prefix, or as much of it as a break at one of
    its spaces left on the line ("draft-sha1:", "tm: from")."""
    return line.startswith(TOOLKIT_NOTES) or any(prefix.startswith(f"{line} ") for prefix in TOOLKIT_NOTES)


def note_lines(entry: polib.POEntry) -> list[str]:
    """The entry's `#.` notes, one string each, however a writer broke the toolkit's over lines (TOOLKIT_NOTES):
    a note is read, replaced and dropped whole, never leaving the end of a line behind. Blank lines are none."""
    notes: list[str] = []
    continued = False  # whether the last note is the toolkit's, which a wrapped line continues
    for line in entry.comment.split("\n"):
        if not line.strip():
            continued = False
        elif continued and not _opens_toolkit_note(line):
            hyphen = _BROKEN_AFTER_HYPHEN.search(notes[-1]) and _LETTERS_AFTER_HYPHEN.match(line)
            notes[-1] += line if hyphen else f" {line}"
        else:
            notes.append(line)
            continued = _opens_toolkit_note(line)
    return notes


def notes_with_prefix(entry: polib.POEntry, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in note_lines(entry) if line.startswith(prefix)]


def set_notes(entry: polib.POEntry, notes: list[str]) -> None:
    """Give the entry these notes, one `#.` line each; an entry that has them already keeps its lines as they
    are (wrapped by the writer that saved it), so that a rewrite with nothing to change gives them back."""
    if notes != note_lines(entry):
        entry.comment = "\n".join(notes)


# A `#:` reference's line number as ASCII digits, as many as a line number can have: int() takes other scripts'
# digits ("٣") and refuses superscripts ("²", which isdigit() passes) and numbers of more than 4,300 digits, so a
# hand-edited reference of either kind ended the build in a traceback.
_LINE_NUMBER = re.compile(r"[0-9]{1,18}")


def occurrence_line(line: str) -> int | None:
    """The line number of a reference's line part ("12" of "source/a.txt:12"); None if it is none."""
    return int(line) if _LINE_NUMBER.fullmatch(line) else None


def source_line(entry: polib.POEntry) -> int | None:
    """The source line the entry's first reference with a line number names; None without one (`#:` lines
    dropped by `msgcat --no-location`, or written without numbers by `--add-location=file`)."""
    return next((number for _, line in entry.occurrences if (number := occurrence_line(line)) is not None), None)


def msgid_order(entry: polib.POEntry) -> tuple[str, bool, str]:
    """msgcat --sort-output's order: by msgid, then msgctxt (none first), code point by code point (strcmp
    on UTF-8)."""
    return (entry.msgid, entry.msgctxt is not None, entry.msgctxt or "")


def translation(entry: polib.POEntry) -> str:
    """The entry's translation, as every state, count, check and page reads it: msgstr, or for a plural entry
    (another tool's: the toolkit writes none) its first form, the one that answers msgid. gettext's rule: a
    plural entry is translated when its first form is (msgfmt --statistics), and `#, fuzzy` is written on it
    only then."""
    if entry.msgid_plural:
        return entry.msgstr_plural[min(entry.msgstr_plural)] if entry.msgstr_plural else ""
    return entry.msgstr


def set_translation(entry: polib.POEntry, text: str) -> None:
    """Give the entry its translation where `translation` reads it (a plural entry's other forms are kept)."""
    if entry.msgid_plural:
        entry.msgstr_plural[min(entry.msgstr_plural, default=0)] = text
    else:
        entry.msgstr = text


# An entry's previous source (`#|` lines): its context, text and plural text, as one. gettext reads no `#| msgctxt`
# without its `#| msgid` after it (msgcat, msgfmt and Poedit refuse the whole file), so the three are set, kept
# and cleared together.
PreviousSource = tuple[str | None, str | None, str | None]
NO_PREVIOUS_SOURCE: PreviousSource = (None, None, None)


def previous_source(entry: polib.POEntry) -> PreviousSource:
    return entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural


def source_of(entry: polib.POEntry) -> PreviousSource:
    """The entry's source as msgmerge --previous writes it as the previous source of the entry it becomes:
    `#| msgctxt` whenever the entry has a context, though the context stays the same."""
    return entry.msgctxt, entry.msgid, entry.msgid_plural or None


def set_previous_source(entry: polib.POEntry, previous: PreviousSource) -> None:
    entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = previous


def is_reviewed(entry: polib.POEntry) -> bool:
    return bool(translation(entry)) and "fuzzy" not in entry.flags


def draft_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:DRAFT_HASH_LENGTH]


def is_machine_draft(entry: polib.POEntry) -> bool:
    """Fuzzy engine output nobody has touched: safe to replace when its source changes."""
    text = translation(entry)
    if not text or "fuzzy" not in entry.flags or not notes_with_prefix(entry, MACHINE_NOTE):
        return False
    hashes = notes_with_prefix(entry, DRAFT_HASH_NOTE)
    return not hashes or hashes[0] == draft_hash(text)


def is_untouched_alignment(entry: polib.POEntry) -> bool:
    """A translation `toolkit align` wrote and nobody has edited since."""
    hashes = notes_with_prefix(entry, DRAFT_HASH_NOTE)
    return bool(notes_with_prefix(entry, ALIGNED_NOTE)) and bool(hashes) and hashes[0] == draft_hash(translation(entry))


def is_machine_written(entry: polib.POEntry) -> bool:
    """A translation a machine wrote, the engine's draft or `toolkit align`'s, that nobody has edited since."""
    return is_machine_draft(entry) or is_untouched_alignment(entry)


def confidence_of(entry: polib.POEntry) -> float | None:
    """The confidence noted on an untouched machine draft (the engine's) or alignment (the aligner's trust);
    None for any other entry or a note that is not a number (a hand edit)."""
    if not is_machine_written(entry):
        return None
    for note in notes_with_prefix(entry, CONFIDENCE_NOTE):
        try:
            value = float(note)
        except ValueError:
            return None
        return value if 0.0 <= value <= 1.0 else None
    return None


def is_pending(entry: polib.POEntry) -> bool:
    return not entry.obsolete and not translation(entry) and bool(entry.msgid)


# The four states of an entry, one vocabulary for every screen (status, publish, check, the site, the header
# above): keys as the site's labels and CSS use them, and the words people read, singular and plural.
EntryState = Literal["reviewed", "draft", "needs-review", "untranslated"]
STATE_WORDS: dict[EntryState, tuple[str, str]] = {
    "reviewed": ("reviewed", "reviewed"),
    "draft": ("machine draft", "machine drafts"),
    "needs-review": ("needs review", "need review"),
    "untranslated": ("untranslated", "untranslated"),
}


def entry_state(entry: polib.POEntry) -> EntryState:
    """The one rule for an entry's state: no text is untranslated; text without the fuzzy flag is reviewed;
    fuzzy text is a machine draft while the engine's output is untouched, else it needs review."""
    if not translation(entry):
        return "untranslated"
    if is_reviewed(entry):
        return "reviewed"
    return "draft" if is_machine_draft(entry) else "needs-review"


def review_reason(entry: polib.POEntry) -> str:
    """Why an entry that needs review does, in the words `toolkit status --needs-review` lists it with."""
    if entry.previous_msgid:
        return "source changed (its old text in #| lines)"
    if notes := notes_with_prefix(entry, MEMORY_NOTE):
        return f"from the memory ({notes[0]})"
    if notes_with_prefix(entry, ALIGNED_NOTE):
        return "aligned"
    if notes_with_prefix(entry, MACHINE_NOTE):
        return "machine draft edited, still fuzzy"
    return "marked fuzzy"


def counted_entries(catalog: Iterable[polib.POEntry]) -> list[polib.POEntry]:
    """What every count covers: the title and each block; obsolete entries and the header are not counted."""
    return [entry for entry in catalog if not entry.obsolete and entry.msgid]


def title_entry(catalog: Iterable[polib.POEntry]) -> polib.POEntry | None:
    """The live entry that holds the article's title, if the catalog has one."""
    return next((entry for entry in catalog if entry.msgctxt == TITLE_CONTEXT and not entry.obsolete), None)


def catalog_text_key(catalog: Iterable[polib.POEntry]) -> int | None:
    """`Article.text_key` of the article the catalog holds, from its live entries (None: it holds no title)."""
    entries = counted_entries(catalog)
    title = title_entry(entries)
    if title is None:
        return None
    texts = (
        entry.msgid for entry in entries if entry is not title and "caption" not in notes_with_prefix(entry, KIND_NOTE)
    )
    return article_text_key(title.msgid, texts)


def former_titles(catalog: Iterable[polib.POEntry]) -> tuple[str, ...]:
    """The titles the article had before, as a merge leaves them: the title's previous text (#| msgid) and
    obsolete title entries. A renamed and retitled article is found by them (toolkit/catalog/renames.py)."""
    titles = []
    for entry in catalog:
        if entry.msgctxt == TITLE_CONTEXT and entry.msgid:
            if entry.obsolete:
                titles.append(entry.msgid)
            elif entry.previous_msgid:
                titles.append(entry.previous_msgid)
    return tuple(dict.fromkeys(titles))


@dataclass(frozen=True)
class StateCounts:
    reviewed: int = 0
    drafts: int = 0  # machine drafts
    needs_review: int = 0
    untranslated: int = 0

    @property
    def entries(self) -> int:
        return self.reviewed + self.drafts + self.needs_review + self.untranslated

    def __add__(self, other: StateCounts) -> StateCounts:
        return StateCounts(
            self.reviewed + other.reviewed,
            self.drafts + other.drafts,
            self.needs_review + other.needs_review,
            self.untranslated + other.untranslated,
        )

    def of(self, state: EntryState) -> int:
        return {"reviewed": self.reviewed, "draft": self.drafts, "needs-review": self.needs_review}.get(
            state, self.untranslated
        )


def state_counts(catalog: Iterable[polib.POEntry]) -> StateCounts:
    states = [entry_state(entry) for entry in counted_entries(catalog)]
    return StateCounts(
        states.count("reviewed"), states.count("draft"), states.count("needs-review"), states.count("untranslated")
    )


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """ "1 block", "2 blocks": a count in plain English."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def state_phrase(counts: StateCounts, separator: str = ", ") -> str:
    """ "11 reviewed, 1 machine draft, 0 need review, 0 untranslated": the four states in their order."""
    return separator.join(counted(counts.of(state), *STATE_WORDS[state]) for state in STATE_WORDS)


def set_fuzzy(entry: polib.POEntry, fuzzy: bool) -> None:
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if not fuzzy:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
