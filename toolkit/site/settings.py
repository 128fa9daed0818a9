"""Every threshold and list of the site stage, each with the reason it has its value."""

from __future__ import annotations

from toolkit.catalog.entries import STATE_WORDS

# --- File names ---------------------------------------------------------------------------------------

# Long enough for any real article id, short enough that "<slug>.html" stays far below the 255-byte limit
# of a file name even when every character takes 2 bytes in UTF-8.
SLUG_MAX_CHARS = 100
# A changed or shortened id gets this many hex digits of its hash, so two ids never share a file.
SLUG_HASH_DIGITS = 8
# The name left when an id holds no letter or digit at all.
EMPTY_SLUG = "article"
# The page a missing address is answered with, by `toolkit serve` as by any web server set up for the site.
NOT_FOUND_PAGE = "404.html"

# --- Untrusted text -----------------------------------------------------------------------------------

# Inline markup a translator or a scraped page may use; every other tag is dropped, its text kept. <del> is kept
# as <s> is: text struck out, shown as any other, would say what the translator wrote was withdrawn; <ins> and
# <mark> are its pair and a highlight, <q> shows its quotation marks, <abbr> its expansion (its title, the one
# attribute kept besides a link's href): without them, the words stayed and what they said of them went.
ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "br", "code", "del", "em", "i", "ins", "mark", "q", "s", "strong", "sub", "sup"}
)
# Elements a browser shows apart from what is around them (blocks, list items, table cells, terms and their
# definitions): each of their tags is a space on the page, where, removed, the words on its two sides ran
# together ("<dt>term</dt><dd>meaning</dd>" was "termmeaning").
SHOWN_APART = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "optgroup",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Links may go to web pages, mail addresses and telephone numbers only (a tel: link hands its number to the
# reader's dialler; it loads and runs nothing): no javascript:, data:, or relative paths that would point into
# the site's own tree.
ALLOWED_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# An autolink ("<urn:isbn:...>") to any other scheme shows its address as text, except to these: pasted into
# the address bar, as a reader does with an address shown as text, they run or show what the text itself holds.
SCHEMES_NEVER_SHOWN = ("javascript:", "data:")
# Scraped links are not endorsements (nofollow), and the target must not reach back into the page.
LINK_REL = "noopener noreferrer nofollow"
# Removed with everything inside them, not just unwrapped: their text is code, styling or a fallback, never
# prose, and the HTML parser reads most of them as raw text (an <iframe>'s text shown would be markup).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "title",
        "textarea",
        "svg",
        "math",
        "iframe",
        "xmp",
        "noembed",
        "noframes",
    }
)
# Read by the HTML parser as raw text to the end of the document: it has no end tag.
UNENDING_TAG = "plaintext"

# --- Translation states -------------------------------------------------------------------------------

# The text label of every state that is not final: a reader must tell engine output from a person's unchecked
# text in words, not by colour alone. Reviewed text carries no label; untranslated text has a placeholder.
# The labels are the UI catalogs' msgids: each interface shows them in its own language.
STATE_LABELS = {state: STATE_WORDS[state][0].capitalize() for state in ("draft", "needs-review")}

# --- Languages ----------------------------------------------------------------------------------------

# Languages written without spaces between words whose names and terms are found wherever their letters stand
# in a row. No build of Pagefind (1.5) cuts Lao, Khmer and Myanmar into words: a sentence of theirs is one word to
# it, found only by its first letters. Its extended build cuts Chinese, Japanese and Thai by a dictionary, and a
# name inside a longer word of it (熊猫 in 大熊猫, 科技 in 高科技, เทพ in กรุงเทพ, ใหม่ in เชียงใหม่) is then no word
# of the index, found by no query; a dictionary also cuts names it does not hold where it likes (ICU:
# 王|明和|龚|正在). So each letter (with its marks: Thai's vowel and tone marks are marks) of their scripts
# (LETTER_SCRIPTS) is given to Pagefind as a word of its own, and so is each run of other letters and digits
# beside one (Mate60 of Mate60系列) (search.cut_letters), which site.js cuts a query into alike and searches for
# as a phrase; it matches letters in a row.
SEARCHED_BY_LETTER = frozenset({"th", "lo", "km", "my", "zh", "ja"})
LETTER_SCRIPTS = (
    (0x0E00, 0x0E7F),  # Thai
    (0x0E80, 0x0EFF),  # Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x19E0, 0x19FF),  # Khmer symbols
    (0x3005, 0x3005),  # 々, the ideographic iteration mark
    (0x3007, 0x3007),  # 〇, the ideographic zero
    (0x3041, 0x309A),  # hiragana and the combining voiced marks
    (0x309D, 0x309F),  # hiragana iteration marks and digraph
    (0x30A1, 0x30FA),  # katakana
    (0x30FC, 0x30FF),  # katakana's long vowel mark (ー), iteration marks and digraph
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA9E0, 0xA9FF),  # Myanmar extended-B
    (0xAA60, 0xAA7F),  # Myanmar extended-A
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # half-width katakana, with their voiced marks
    (0x20000, 0x2FA1F),  # CJK unified ideographs extensions B-F, compatibility ideographs supplement
    (0x30000, 0x323AF),  # CJK unified ideographs extensions G-H
)
# Languages whose texts write Latin letters and digits full-width (ＪＲ, Ｇ７, ２４時間) and katakana half-width
# (ｺﾝﾋﾞﾆ) as often as not: site.js looks a query up in their indexes in both widths, as Pagefind finds a word
# only in the width it was written in (a query in full-width forms is looked up narrowed in every language).
WRITTEN_IN_TWO_WIDTHS = frozenset({"ja", "ko", "zh"})
# Latin letters Unicode gives no decomposition into a letter and a mark, so that taking accents off (as Pagefind and
# site.js do for José and Jose) leaves them apart from the letter a reader without them types (Łódź and Lodz,
# Ørsted and Orsted, Đoković and Dokovic, Straße and Strasse): each as ICU's Latin-ASCII transliteration spells it.
# search_input gives Pagefind each word holding one also spelt so (a meta field it searches), and site.js (`fold`,
# the same table) takes the two spellings as one.
LATIN_LETTERS_SPELT_PLAIN = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŀ": "l",
    "ŧ": "t",
}
# Invisible characters web text holds inside words and readers never type there (Unicode format characters): a soft
# hyphen a page may break a long word at (inter&shy;national), a zero-width non-joiner between the parts of a
# Persian word (می‌خواهد) or a joiner, marks and embeddings of direction, word joiners, a byte order mark. Pagefind
# cuts a word at one, so the build gives it each word holding one also without it (render.plain_spellings) and
# site.js (`fold`, the same characters) reads the word without it. Not the zero-width space: Pagefind drops it,
# joining the word (commu\u200bnity is found as community).
UNSEEN_IN_WORDS = "\u00ad\u061c\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Languages written right to left (ISO 639 codes): their cells get dir="rtl" and sit on the right.
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
# The interface a site gets when neither of its languages has a UI catalog in toolkit/site/locales/.
FALLBACK_INTERFACE = "en"
# The CLDR locale each interface writes its dates in, when toolkit.toml's [site] date_locales does not say:
# British English puts the day first ("31 December 2021"), as the Arabic does ("31 ديسمبر 2021"); Modern
# Standard Arabic's month names are the transliterated ones. "ar_SY", "ar_LB" or "ar_JO" give the Levantine
# كانون الثاني, "ar_IQ" the Iraqi ones.
DATE_LOCALES = {"en": "en_GB", "ar": "ar"}
# The languages site.css draws with the Arabic face the site ships (static/fonts/; its :lang() rule), and the
# face's files every page of a site in one of them preloads: the letters in both weights, which the interface,
# titles and cells use. The letters are font-display: optional, never swapped in after the first paint (a
# swap rewraps lines and moves the page); the preload is what brings them in before it. A reader whose face
# is late (a slow phone's first page) reads that page in the fallback and the next ones, cached, in the face.
ARABIC_FACE_LANGUAGES = frozenset({"ar", "fa", "ur"})
ARABIC_FACE_PRELOADS = (
    "static/fonts/noto-naskh-arabic-letters-400.woff2",
    "static/fonts/noto-naskh-arabic-letters-700.woff2",
)

# --- Rendering ----------------------------------------------------------------------------------------

# Parsing and rendering 1,000 catalogs takes about 3 s of one core; two worker processes (the machine has
# two cores) halve it for a first or full build. Starting workers costs about 0.2 s, more than a few pages
# take, so a rebuild of fewer catalogs than this stays in the build's own process.
RENDER_WORKERS = 2
PARALLEL_RENDER_MIN = 64
# Catalogs handed to a worker at a time: few round trips, and still an even share for both workers.
RENDER_CHUNK = 16
# Chunks handed out and not yet written: enough that neither worker waits for the next, few enough that
# the rendered pages waiting to be written stay a few MB whatever the corpus size.
RENDER_IN_FLIGHT = 4 * RENDER_WORKERS

# The sitemap lists every article and is written in pieces of this many characters: big enough that writing
# and hashing it costs no more than one piece would, small against the whole list (about 100 bytes an article).
STREAM_CHUNK_CHARS = 1 << 16
# The Atom feed holds the newest articles only: readers poll it again and again, and the whole archive is
# on the index and in the sitemap.
FEED_ENTRIES = 50

# SQLite's page cache for each open manifest (its default is 2 MB): the build looks rows up by key and reads
# the summaries once in order, so a bigger cache buys nothing, while two of them at the default were most of
# what a 10,000-article build held beyond a 1,000-article one.
MANIFEST_CACHE_KIB = 256

# --- Search -------------------------------------------------------------------------------------------

# Pagefind cannot update an index in place, so a one-article change re-indexes the article's whole bundle: a
# bundle holds about this many articles (between half and all of it, the bundle count being a power of two)
# up to about 1,000 articles (16 bundles); at 64, re-indexing a bundle (128 pages, one per interface) takes
# about 0.8 s of CPU.
SEARCH_BUNDLE_ARTICLES = 64
# Past that, a bundle holds this times the square root of the archive's article count: every search fetches
# a little of every bundle, so their count must not grow as the archive does (64 bundles at 10,000 articles,
# 256 at 100,000), while a one-article rebuild grows only as the square root.
SEARCH_BUNDLE_GROWTH = 2
# The bundle count stays as it is while the average bundle holds more than a quarter and at most twice
# SEARCH_BUNDLE_ARTICLES: an archive that grows or shrinks across a power of two by an article or two does
# not re-index every bundle each time it crosses.
SEARCH_BUNDLE_SLACK = 2
# A shard of a bundle's word list (toolkit/site/word_list.py) holds about this many characters of JSON (a page's number
# counted as four): 0.6-0.8 kB gzip'd. A query's word loads the shard it is in, or the few its keys run over, in each
# bundle holding a page Pagefind gave: 16,384 made shards of 1.3-2.4 kB, and a query loaded twice the bytes.
WORD_SHARD_BYTES = 4_096
# Pagefind writes every UI it ships into each bundle; the search page drives Pagefind's own API (site.js)
# and uses none of them, so they (about 380 kB a bundle) are removed rather than published 16 times over.
PAGEFIND_UNUSED_FILES = (
    "pagefind-component-ui.css",
    "pagefind-component-ui.js",
    "pagefind-highlight.js",
    "pagefind-modular-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-ui.css",
    "pagefind-ui.js",
)
# Pagefind's engine (its script, its web worker and a WebAssembly build a language's stemmer), which it writes
# into every bundle, the same in each for one Pagefind version: the search page loads it from its first bundle
# alone (site.js; a merged bundle brings its index only), so only the first bundle keeps it, not 16 copies of
# 300 kB on a 1,000-article site (toolkit/site/search.py place_engine). Glob patterns.
PAGEFIND_ENGINE_FILES = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
# Pagefind reads its input (toolkit/site/search.py) from files, which live only until their bundle is indexed:
# made in a memory-backed folder where the system has one (Linux's tmpfs at /dev/shm), 2,000 of them cost about
# 0.15 s of CPU to make and remove, against 1.3 s on ext4 (what the disk's journal costs). At most this many bytes
# of input are kept there at once (the inputs of bundles waiting for Pagefind pile up while the rendering is
# ahead: 21 MB for 1,000 articles, 2 GB for 100,000); past it, and without such a folder, or when it is full, a
# bundle's input goes in the staging folder.
SEARCH_INPUT_MEMORY_FOLDER = "/dev/shm"
SEARCH_INPUT_MEMORY_BYTES = 256 * 1024 * 1024
# Under a control group's limit on memory (a container's, a systemd unit's) the input kept in memory is at most this
# share of what the group leaves when indexing starts: a memory-backed folder's files are the group's memory, which
# the kernel cannot take back as it takes back page cache (without swap), and past the limit it kills the build; the
# rest of the input goes in the staging folder, whose pages it can take back.
SEARCH_INPUT_GROUP_SHARE = 4
# Two Pagefind processes at a time: the machine has two cores, and each run is mostly one busy core.
PARALLEL_INDEXERS = 2
# A bundle takes Pagefind about a second (at most 2 x SEARCH_BUNDLE_ARTICLES articles, two pages each); a run
# still going after this is stuck, and the build stops with the site unchanged instead of hanging.
PAGEFIND_TIMEOUT_SECONDS = 300
# The address space a Pagefind run takes (its limit on memory is the build's, `ulimit -v`): below it, Pagefind
# aborts ("memory allocation of 15 bytes failed"), or fails to start its thread pool, or hangs with no word until
# PAGEFIND_TIMEOUT_SECONDS. Its threads are one a core. Measured on two cores with the seed site: it fails under
# 130 MB and works at 140 MB (`pagefind --site`), hangs at 84-86 MB (`--service`); these give 160 MB.
PAGEFIND_BASE_BYTES = 96 * 1024 * 1024
PAGEFIND_THREAD_BYTES = 32 * 1024 * 1024
# What a build holds resident in its control group (a container's or a systemd unit's limit on memory, which counts the
# pages every process of the group uses, not the address space mapped); past the limit the kernel killed the build
# (SIGKILL) without a word. Its own process, beyond what it held when the work started, BUILD_GROUP_BYTES (the
# rendering's modules and pages); each render worker it forks, RENDER_WORKER_GROUP_BYTES (the pages it writes of those
# it shares with the build); each Pagefind run PAGEFIND_GROUP_BYTES and PAGEFIND_GROUP_INPUT_TIMES the bytes of its
# bundle's input. Each is promised in one account of the group (limits.GroupLedger), beside what the group held when the
# build started and the search input kept in memory. A build starts only with room for itself and one Pagefind run of a
# small bundle; it forks only the workers there is room for (none: it renders the pages itself), and starts a Pagefind
# run only with room for it beside every promise (else it waits for the workers or a run to end). Each checked alone
# against what the group held, a Pagefind run started beside the workers, they and the build grew on, and the kernel
# killed a first build of 300 articles (bench/build.py's, 20 blocks; 8 MB steps) at 72 MB and once at 120, which now
# says one line up to 112 MB and works from 120. Measured on two cores in a cgroup v1 group, unlimited: the seed site
# held 20 MB when the work started, 31 MB when Pagefind started, 47-56 MB at most with its two runs together, and was
# killed at 30, 40 and 50 MB, once in two at 52, and worked from 54; 300 synthetic articles held 28 MB before forking
# the workers, 36 MB after, 49 MB a second on, 98-109 MB at most beside two Pagefind runs. A Pagefind run held at most
# 15 MB (resident, shared pages included) on the seeds' bundle, 25 MB on bundles of 135-232 kB of input (600 articles),
# 31 MB on 62-article bundles and 33 MB on 75-article ones (about 350 and 450 kB).
BUILD_GROUP_BYTES = 12 * 1024 * 1024
RENDER_WORKER_GROUP_BYTES = 24 * 1024 * 1024
PAGEFIND_GROUP_BYTES = 16 * 1024 * 1024
PAGEFIND_GROUP_INPUT_TIMES = 48

# --- Serve --------------------------------------------------------------------------------------------

# Polling mtimes needs no extra dependency; once a second is quick enough for a person saving a file.
POLL_SECONDS = 1.0
# While the first build runs, a request is answered 503 with this Retry-After and a page that reloads itself
# as often: the page asked for is shown about this soon after the build ends.
FIRST_BUILD_RETRY_SECONDS = 2
