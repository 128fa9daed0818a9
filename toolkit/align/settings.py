"""Every weight, threshold and word list of the aligner, each with the reason it has its value.

Costs are in nats (negative log-probabilities), so the length model, the link priors and the evidence add up.
The values were set on the TICO-19 Arabic-English development documents of `bench/align.py` and are meant
for any language pair: nothing here names a document.
"""

from __future__ import annotations

# --- Links ---------------------------------------------------------------------------------------------------

# (source sentences, target sentences) -> prior probability. Gale and Church's 1993 estimates for 1-1, 2-1
# and 2-2, with the rarer wider links added: a translation mostly keeps the sentence structure, sometimes
# joins or splits two sentences, rarely three. A news edition drops or adds a sentence (an editor's note, a
# "read more" line, a paragraph the other desk cut) four times as often as Gale and Church's parliamentary
# proceedings did (their 1-0 and 0-1 share together was 0.0099): 0.971 -> 0.976 of blocks right on the
# development set, which has one such line per document.
LINK_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.02,
    (0, 1): 0.02,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
    (3, 1): 0.004,
    (1, 3): 0.004,
}

# --- Length (Gale-Church) --------------------------------------------------------------------------------

# Variance of a target length per source character, once lengths are put in the same unit by the document's
# own length ratio. Gale and Church measured 6.8 for English-French-German; Arabic-English and Chinese-English
# vary more, and a too-narrow model forces merges where a sentence was dropped.
LENGTH_VARIANCE = 9.0
GALE_CHURCH_VARIANCE = 6.8  # their own value, for the length-only baseline
GALE_CHURCH_GAP_PRIOR = 0.0099 / 2  # their 1-0 and 0-1 priors, for the baseline too
# A length probability never counts as certain nor as impossible: evidence can still overturn it.
LENGTH_COST_CAP = 12.0

# --- Evidence without a model ----------------------------------------------------------------------------

# Per anchor shared by both sides (the same number, month, Latin-script term, glossary term, name) and per
# anchor on one side only. A number is rarely lost in translation (number words are read too), so a number on
# one side only weighs as much against a link as sharing one weighs for it; a capitalised English word with
# no Arabic counterpart is often a translated name ("World Health Organization"), so weighs little.
ANCHOR_MATCH_BONUS = {"number": 1.5, "month": 1.0, "term": 1.2, "glossary": 1.5, "name": 1.0, "loanword": 1.0}
ANCHOR_MISS_COST = {"number": 2.0, "month": 0.8, "term": 0.5, "glossary": 0.8, "name": 0.3, "loanword": 0.0}
# Which side's unmatched anchors count against a link. Latin-script terms in the source must reappear, but every
# word of an English target is Latin-script; every Arabic word has a consonant skeleton, but a capitalised
# English name should have its counterpart in the source (or be translated, hence the small cost).
ANCHOR_MISSES_COUNTED = {
    "number": ("source", "target"),
    "month": ("source", "target"),
    "glossary": ("source", "target"),
    "term": ("source",),
    "name": ("target",),
    "loanword": (),
}
# Quotation marks or brackets on one side only: translators keep direct speech and asides.
STRUCTURE_MISS_COST = 0.7
STRUCTURE_MATCH_BONUS = 0.3

# --- Evidence with a model (Bleualign's idea) -------------------------------------------------------------

# Each sentence of a link costs DRAFT_WEIGHT * (1 - chrF) between the machine draft of its source side and
# its target side. A dropped or added sentence costs what a link with chrF DRAFT_FLOOR would: below it,
# leaving a sentence out is cheaper than pairing it. chrF of a draft with its true counterpart is mostly
# 0.35-0.8, with an unrelated sentence 0.1-0.2.
DRAFT_WEIGHT = 12.0
DRAFT_FLOOR = 0.2
# With the draft's evidence the length model and the link priors only break ties.
LENGTH_WEIGHT_WITH_DRAFTS = 0.3
PRIOR_WEIGHT_WITH_DRAFTS = 0.3
CHRF_ORDER = 6  # character n-grams 1..6, as chrF
CHRF_BETA = 2.0  # recall weighs twice precision, as chrF

# --- Document structure -------------------------------------------------------------------------------------

# A link that starts a source block but not a target paragraph (or the reverse): paragraph breaks usually
# fall in the same places, but an edition may merge or split paragraphs.
BOUNDARY_MISMATCH_COST = 1.0
# A link whose source sentences come from two blocks gives one block's text to another: almost never right.
CROSS_BLOCK_COST = 6.0
# A link whose target sentences come from two paragraphs: an edition that split a paragraph, or a paragraph
# of its own (an editor's note) glued to a neighbour's translation; length decides between them.
CROSS_PARAGRAPH_COST = 1.0
# A dropped or added sentence that is a whole block or paragraph on its own (an editor's note, a "read more"
# line, a paragraph the other edition left out) is the usual case; one dropped from inside a paragraph is not.
PARTIAL_GAP_COST = 1.5

# --- Search ------------------------------------------------------------------------------------------------

# Documents up to this many sentence pairs (a news article of up to 80 sentences a side) are searched whole.
# Longer ones within a band BAND_RADIUS sentences to either side of where the two sides meet: the chain of
# anchors they share, and between anchors the line on which their characters advance together. The cells grow
# with the longer side, not with the product of the two (a band as wide as the difference in sentence counts
# made a 1,500-block article against a 3,000-paragraph text take 136 s and 2.3 GB). On the TICO-19 documents
# joined into one (bench/align.py --uneven, 1,539 blocks) 6 and 8 give as many blocks their translation as that
# band 218 sentences wide did, 4 six fewer; 8 leaves a margin for documents that drift more between anchors.
FULL_SEARCH_CELLS = 6_400
BAND_RADIUS = 8
# An anchor found in more sentences than this on either side (a number every paragraph repeats, a common
# word's consonants) says nothing about where the two sides meet. Below it, every pairing of its sentences is
# a candidate and the chain keeps the ones that agree with the others: a page that repeats a passage a dozen
# times is still anchored (2 lost the 20 paragraphs of a passage in a page that repeats it 13 times).
CHAIN_ANCHOR_OCCURRENCES = 16
# The length model's ratio of target to source characters is the whole documents'. When one side has a
# section the other lacks, that ratio is off everywhere: when the median over the anchored sentence pairs (at
# least RATIO_CHAIN_PAIRS of them) differs from it more than RATIO_DISAGREEMENT times, the median is taken.
# (The anchored pairs' median runs about 3% above the whole documents' ratio on TICO-19: sentences with numbers
# and names are longer in English.)
RATIO_CHAIN_PAIRS = 10
RATIO_DISAGREEMENT = 1.5
# Spans of sentences whose summed evidence the search keeps at once: more than a band's rows and columns
# (each up to 3 sentences long) ever ask for again.
SPANS_CACHED = 1_024

# --- Trust (toolkit/align/trust.py) ------------------------------------------------------------------------

# The search chooses, among the sentences near where the sides meet, the pairing whose lengths fit best: so
# even a chance pairing fits better than two sentences drawn at random. Length evidence counts only beyond this
# share of what an exact fit would earn: where sentence lengths vary little (as in the Chinese-English bench
# documents), a fit earns little, and so does the search's choice. A fixed 0.5 nats (on TICO-19 the pairs of a
# reversed translation get 0.4 on average, true pairs 0.9) left 94 of the 166 true Chinese-English pairs
# without a model trusted, this share 127, the Arabic-English figures within a few pairs (LEFT_OUT_EVIDENCE -1).
CHANCE_LENGTH_FIT = 0.4
# The share of true pairs whose length the translator chose freely (a clause added, a phrase cut): their length
# is as likely as a chance pairing's, so a length far from the model's counts at most log(this) against a pair,
# not the normal tail's -10 nats (true Arabic-English pairs of the documents trust is tuned on, bench/align.py
# --disorder "tune", deviate 1.26 times as much on average as their median implies: a heavier tail). True pairs
# untrusted at 0 / 0.05 / 0.1: Arabic-English in order 10 / 6 / 6 of 774, a third moved 13 / 8 / 7 of 449,
# Chinese-English in order 6 / 3 / 1 of 167; wrong pairs trusted of the shuffled 17 / 17 / 17 of 378 and
# 3 / 3 / 4 of 145.
LENGTH_FREE_SHARE = 0.05
# Nats against a pair per anchor on one side only: log(how often a true pair has such a miss / how often a chance
# pairing has), counted on the documents trust is tuned on (bench/align.py --disorder, "tune", 1-1 pairs). The
# search's costs (ANCHOR_MISS_COST) are set to place links, not to tell a translation from chance: a month on one
# side only cost 0.8 there, a Latin-script term 0.5, and a chance pairing lost one of them 7 and 47 times as often
# as a true pair (Arabic-English: months missing 0.017 a true pair, 0.117 a wrong one; terms 0.001 and 0.047;
# numbers 0.069 and 0.584, Chinese-English 0.028 and 0.619). Names go unmatched as often in true pairs as in wrong
# ones (0.73 and 0.67 a pair: a name is often translated), but at 0 more wrong pairs are trusted (shuffled 14 ->
# 20 of 378), so they keep the search's 0.3. Wrong pairs trusted of the shuffled, with the search's costs and with
# these: 17 and 14 of 378; true pairs untrusted 50 and 51 of 174, elsewhere unchanged.
TRUST_MISS_EVIDENCE = {"number": 2.0, "month": 1.9, "term": 3.0, "glossary": 0.8, "name": 0.3, "loanword": 0.0}
# A pair and another that share a rare anchor, their targets exchanged: when both would say more for themselves
# (their anchors and lengths as trust weighs them, a pair's own at worst 0), the pair's target is likely the other's
# translation, and SWAP_WEIGHT nats per nat of gain beyond SWAP_SLACK count against the pair alone. Not in the
# chain: there they took the trust of true pairs beside a shuffled one (tune set's shuffled documents, true pairs
# untrusted 60 -> 66 of 183). bench/align.py --disorder, wrong pairs trusted, with true pairs untrusted unchanged in
# every set and order, Chinese-English too: tune shuffled 13 -> 11 of 361, reversed 12 -> 10 of 510; held out
# shuffled 27 -> 25 of 371, news shuffled 7 -> 6 of 108. Slack 1 trusts one wrong pair fewer on the tune set but
# untrusts true pairs whose only flaw is a number on one side (两国 "Russia and Ukraine"): exchanged with a pair
# missing the same number, both lose a miss.
SWAP_WEIGHT = 2.0
SWAP_SLACK = 2.0
# A machine draft's chrF against the target, as evidence that a pair translates: TRUST_DRAFT_WEIGHT nats per
# sentence pair for each unit of chrF above TRUST_DRAFT_NEUTRAL, against below it. The search's DRAFT_FLOOR (0.2)
# is where pairing two sentences costs what leaving them out does, not where a translation and a chance pairing
# are alike: the chance pairings the search makes are the best fits near them, chrF 0.21-0.28 (the quartiles
# 0.21 and 0.25 of the 78 wrong pairs of bench/align.py --disorder's Chinese-English "tune" documents with the
# model's drafts), true pairs 0.30 at their 2nd percentile, 0.45 at their 10th. Wrong pairs trusted of the
# shuffled / reversed / another's translations, with the search's floor and weight (0.2, 12) 9/13, 3/30, 1/35;
# (0.3, 12) 7, 2, 0; (0.3, 36) 4, 1, 0, true pairs untrusted 1 of 74 shuffled, none of 180 in order.
TRUST_DRAFT_NEUTRAL = 0.3
TRUST_DRAFT_WEIGHT = 36.0
# A shared anchor counts log(1 / the share of a side's sentences holding it); a short document is read as if
# it had this many sentences, so that one shared number in a one-sentence document is still evidence.
CHANCE_MIN_SENTENCES = 10
# Lower bounds of the spread of the target's sentence lengths (log characters) and of the length variance a
# document's own pairs show: a document of sentences all of one length would otherwise make every fit certain.
MIN_LENGTH_SPREAD = 0.2
MIN_LENGTH_VARIANCE = 0.5
# The chance that the pair after a translating pair translates too (and that one after a chance pairing is a
# chance pairing): moved or foreign text comes in stretches. Figures below: `bench/align.py --disorder`'s 73
# TICO-19 documents (1,539 blocks), wrong pairs trusted. 0.9 trusted 53 of 1,018 wrong pairs of reversed
# translations and 10 of 1,022 of other articles, 0.95 30 and 2, each keeping 98-99% of true pairs trusted
# (LEFT_OUT_EVIDENCE -1).
TRUST_PERSISTENCE = 0.95
# The chance that the first pair translates, before its evidence: most files given to `toolkit align` are the
# article's translation, so a pair without evidence either way, among others without, is trusted.
TRUST_PRIOR = 0.8
# A sentence the search left out counts this much against the pairs around it: a translation drops or adds
# one now and then, a stretch in another order is mostly left out. Without it, a chance pairing among left-out
# sentences takes the trust of pairs far away. Wrong pairs trusted of shuffled / a third moved: 217 / 90 of
# 749 / 262 at 0, 88 / 27 at -1, 59 / 23 at -1.5, 44 / 20 at -2; true pairs in order 1,510, 1,507, 1,506,
# 1,505 of 1,524 (Chinese-English without a model 129, 127, 119, 113 of 166).
LEFT_OUT_EVIDENCE = -1.5
# A pair trusted less than this is marked: noted with its trust as the catalog notes confidence, shown as low
# confidence on the site, and listed by the command.
MIN_TRUST = 0.5

# --- Results -----------------------------------------------------------------------------------------------

# A link whose score (0-1) is below this is not written into the catalog, and is listed instead.
MIN_LINK_SCORE = 0.2
# The lowest scores the command's table shows.
LOWEST_SCORES_SHOWN = 5

# --- Dates -------------------------------------------------------------------------------------------------

# Month names by language -> month number. Arabic has two calendars of names in use: the Egyptian/Gulf
# (يناير ...) and the Levantine/Iraqi (كانون الثاني ...). English "May" counts only beside a number.
MONTHS: dict[str, dict[str, int]] = {
    "en": {
        name: number
        for number, names in enumerate(
            [
                ("January", "Jan"),
                ("February", "Feb"),
                ("March", "Mar"),
                ("April", "Apr"),
                ("May",),
                ("June", "Jun"),
                ("July", "Jul"),
                ("August", "Aug"),
                ("September", "Sep", "Sept"),
                ("October", "Oct"),
                ("November", "Nov"),
                ("December", "Dec"),
            ],
            start=1,
        )
        for name in names
    },
    "ar": {
        name: number
        for number, names in enumerate(
            [
                ("يناير", "كانون الثاني"),
                ("فبراير", "شباط"),
                ("مارس", "آذار"),
                ("أبريل", "ابريل", "إبريل", "نيسان"),
                ("مايو", "أيار"),
                ("يونيو", "يونيه", "حزيران"),
                ("يوليو", "يوليه", "تموز"),
                ("أغسطس", "اغسطس", "آب"),
                ("سبتمبر", "أيلول"),
                ("أكتوبر", "اكتوبر", "تشرين الأول"),
                ("نوفمبر", "تشرين الثاني"),
                ("ديسمبر", "كانون الأول"),
            ],
            start=1,
        )
        for name in names
    },
}
# An English month name that is also a common word counts only next to a number ("May 5", "5 May").
AMBIGUOUS_MONTHS = frozenset({"May", "Mar", "Jun", "Sep", "Dec"})
# Arabic letters that attach to the front of a word: and, by/with, for, like.
ARABIC_PREFIXES = ("و", "ب", "ل", "ف", "ك", "وب", "ول", "وف")

# --- Number words ------------------------------------------------------------------------------------------

# English number words (toolkit/numbers.py's) read as no number: "one" is far more often a pronoun ("one of the").
ENGLISH_NOT_NUMBERS = frozenset({"one"})
ENGLISH_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
HAN_PERCENT = "百分"  # 百分之五 five percent, 百分点 a percentage point: the 百 is not a hundred
# Chinese numerals (in Han characters or digits) that are no quantity a translation writes as a number, as the
# English "one" is left out: a lone 一 ("a", and in words: 一些 some, 进一步 further, 一度 for a time) but for the
# first of a month (一日, 一号); one before
# 月, a month (九月 September, read as a month); one after 第, an ordinal (第三季度 the third quarter: English
# ordinals are not read), or after 周 or 星期, a weekday (周五 Friday). On bench/data/zh_en, 15 of its 60 true pairs
# had a number on one side only, 10 of them for these.
HAN_LONE_NOT_NUMBERS = frozenset({"一"})
HAN_DAY_MARKS = ("日", "号")
HAN_NOT_NUMBERS_BEFORE = ("月",)
HAN_NOT_NUMBERS_AFTER = ("第", "周", "星期", "礼拜")

# --- Input --------------------------------------------------------------------------------------------------

# A translation whose letters are less than this share in the target language's script is the wrong file
# (the source article again, another language): refused with one line rather than aligned into nonsense.
WRONG_LANGUAGE_SHARE = 0.5

# --- Names across scripts -------------------------------------------------------------------------------------

# A name written in Arabic letters and in Latin ones ("بنغلاديش", "Bangladesh") keeps its consonants. Both
# are reduced to a skeleton of broad consonant classes: vowels, h, w and y go (Arabic writes long vowels with
# و and ي, English spells them many ways), letters one script tells apart and the other does not share a class
# (ص س ش ز and s, sh, z; ق ك خ and k, c, q, kh), doubled letters count once. Skeletons shorter than
# NAME_MIN_CONSONANTS match too much by chance.
ARABIC_CONSONANTS = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "g", "غ": "g", "گ": "g", "خ": "k", "ق": "k",
    "ك": "k", "د": "d", "ذ": "d", "ض": "d", "ظ": "d", "ر": "r", "ز": "s", "س": "s", "ش": "s", "ص": "s",
    "چ": "s", "ف": "f", "ڤ": "f", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
LATIN_DIGRAPHS = (("sh", "s"), ("ch", "s"), ("th", "t"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("ck", "k"))
LATIN_CONSONANTS = {
    "b": "b", "p": "b", "t": "t", "g": "g", "j": "g", "k": "k", "c": "k", "q": "k", "x": "k", "d": "d",
    "r": "r", "s": "s", "z": "s", "f": "f", "v": "f", "l": "l", "m": "m", "n": "n",
}  # fmt: skip
NAME_MIN_CONSONANTS = 3
# A lower-case word must be longer to count: three consonants match an Arabic root by chance too often.
LOANWORD_MIN_CONSONANTS = 4
