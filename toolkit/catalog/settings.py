"""Every threshold and list of the catalog stage, each with the reason it has its value."""

from __future__ import annotations

# --- Merge ---------------------------------------------------------------------------------------------

# translate-toolkit's pot2po and msgmerge both treat a source this similar as "the same text, edited":
# below it a carried-over translation would more often mislead the translator than help.
SIMILAR_SOURCE_RATIO = 0.75
# How many similarity scores a merge computes at once (8 bytes each): the changed paragraphs of a big article
# against its old ones, a block of the old ones at a time.
SIMILARITY_SCORES_AT_ONCE = 1_000_000
# Up to this many pairs of changed paragraphs and old entries, every pair is scored (3.5 s of CPU for a
# thousand paragraphs of 400 characters against a thousand); past it, each changed paragraph only against the
# old entries within NEARBY_PARAGRAPHS of three places on the page and those sharing one of its rarer words
# (the RARE_WORDS_LOOKED_UP words that fewest old entries hold, each held by RARE_WORD_PARAGRAPHS at most):
# 3,000 such paragraphs all edited, 29 s -> 0.6 s (merge._likely_similar_pairs).
SIMILARITY_PAIRS_SCORED = 1_000_000
NEARBY_PARAGRAPHS = 20
RARE_WORDS_LOOKED_UP = 3
RARE_WORD_PARAGRAPHS = 20

# --- Renamed sources (toolkit/catalog/renames.py) ------------------------------------------------------

# A new article of the same title as a catalog whose source is gone is that catalog's article renamed when at
# least this share of its blocks are word for word in the catalog: a retitled article's title alone says
# nothing, a same-titled one needs half its text to be the old one.
RENAMED_SHARED_BLOCKS = 0.5
# Renamed and retitled at once, only the text tells: most paragraphs word for word on both sides (of the
# longer of the two, so an excerpt of a long article, or a long article grown from a short one, is another
# article), and enough paragraphs that sharing them is no accident of boilerplate.
RETITLED_SHARED_BLOCKS = 0.8
RETITLED_MIN_BLOCKS = 3
# A catalog copied by hand to the new name (its paragraphs edited since, its old title deleted) is known by the
# old one's reviewed translations, source and translation word for word in it: at least RETITLED_MIN_BLOCKS of
# them, this share of the longer article's text by length (a few boilerplate lines translated alike in every
# article are a small part of it).
COPIED_SHARED_TEXT = 0.8

# --- Translation memory --------------------------------------------------------------------------------

# Below this a suggestion costs the translator more reading than it saves typing (pot2po offers from 0.75;
# sentences from other reports of the same story differ in names and numbers, so a little lower).
NEAR_MATCH_RATIO = 0.7
# More suggestions than this bury the entry under notes.
NEAR_MATCH_LIMIT = 3
# Near matches are looked up in an index of character trigrams (3 letters: long enough to be rare in Arabic,
# short enough that a changed word still leaves most of its neighbours' trigrams). Only entries sharing at
# least this Dice coefficient of trigrams with the new block, the best few dozen, are scored exactly: the
# matches within NEAR_MATCH_RATIO share at least 0.5 of their trigrams and rank in the first ten on
# bench/memory.py's corpus.
NEAR_MATCH_GRAM = 3
NEAR_MATCH_MIN_SHARED = 0.3
NEAR_MATCH_CANDIDATES = 40

# --- Saving drafts ------------------------------------------------------------------------------------

# Source characters per translate call between saves: big enough that the engine still fills its
# token-budget batches (a few dozen sentences), small enough that a kill loses under a minute of work.
CHUNK_SOURCE_CHARS = 6000
# Catalog writes are put on disk together at most this often (one flush of the disk for all of them): two
# fsyncs a file cost more than drafting the file on a Ray cluster (bench/cluster.py). One machine drafts a
# chunk in seconds, so its chunks are still written one by one; a kill loses at most this much more work.
WRITE_BACK_SECONDS = 1.0
# ... or, after a write-back that took longer than a tenth of that, ten times as long as it took: a catalog's
# save writes it whole, and the catalog of one big article (a live blog of 50,000 paragraphs: half a second a
# save) saved every second had the driver spend most of its time rewriting it while the engine waited.
WRITE_BACK_MAX_SHARE = 0.1
# ... and as soon as this many catalogs are due: a due catalog is held parsed until its write, and an engine
# that drafts faster than the disk is flushed (bench/scale.py's fake one, a big cluster) had every catalog of
# a second held at once (at 100,000 articles the catalog stage grew from 52 to 153 MB).
WRITE_BACK_CATALOGS = 100
# Objects made and not yet freed between two passes of Python's cycle collector while drafting (its default
# is 700): a pass walks what is in flight, whatever the threshold, so fewer passes cost less (bench/cluster.py:
# 61 -> 14 ms of the driver's CPU for 5,200 sentences at 5,000, 6 ms at 20,000); cycles wait that much longer.
DRAFTING_GC_THRESHOLD = 10_000

# --- Quality checks ------------------------------------------------------------------------------------

# Target length / source length in characters. English runs about 1.1-1.4x Arabic (Arabic omits short
# vowels and joins articles and prepositions) and 2-4x Chinese (one character is about a word); outside
# these bounds a sentence was most likely dropped, cut short or repeated.
LENGTH_RATIO_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("ar", "en"): (0.5, 3.0),
    ("zh", "en"): (1.0, 9.0),
}
DEFAULT_LENGTH_RATIO_BOUNDS = (0.3, 4.0)
# Short texts (a dateline, a two-word heading) vary too much in length to judge.
MIN_SOURCE_CHARS_FOR_RATIO = 25
# Repetition loops are found with the engine's own rule and thresholds (toolkit.translate.checks), so a
# human translation and a machine draft are judged alike.

# A sentence count this far off in both ways (at least this many more, and this many times as many) means
# sentences were dropped, run together or looped ("... . . . ."). A long Chinese sentence of comma-joined
# clauses often becomes two or three English ones: on 1,948 WMT21 drafts a limit of 2 flagged 11, mostly such.
SENTENCE_COUNT_MIN_DIFFERENCE = 3
SENTENCE_COUNT_RATIO = 3
# Latin-script words shorter than this in an Arabic or Chinese source are units and letters ("km", "a"),
# not names a translation must keep; so are words without a capital ("up主", internet slang).
MIN_LATIN_WORD_LETTERS = 2

# --- Summaries -----------------------------------------------------------------------------------------

# The rows of a closing table (`publish`): a screenful of an archive is all anyone reads there, and a row an
# article held until the table is printed grew the run with the archive; `toolkit status` lists every one.
SUMMARY_ROWS = 50
