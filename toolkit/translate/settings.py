"""Every threshold and word list of the translation engine, each with the reason it has its value."""

from __future__ import annotations

# --- Sentence length -------------------------------------------------------------------------------------

# OPUS-MT/Argos models were trained on sentences of up to about 150 SentencePiece tokens; longer inputs
# come out shortened or garbled, so a longer sentence is split at clause marks before translation.
MAX_SENTENCE_TOKENS = 150

# Clause marks a too-long sentence may be split after. Latin comma, semicolon and colon only before a space
# ("1,000" and "10:30" stay whole); Arabic comma and semicolon, and the Chinese full-width comma,
# enumeration comma, semicolon and colon, wherever they stand.
SPACED_CLAUSE_MARKS = ",;:"
CLAUSE_MARKS = "،؛，、；："

# --- Sentence ends -------------------------------------------------------------------------------------

# Marks that end a sentence when followed by a space (or a line end) in space-separated scripts.
LATIN_SENTENCE_ENDS = ".!?…"
# Arabic adds its own question mark; its comma "،" is deliberately absent (it joins clauses).
ARABIC_SENTENCE_ENDS = ".!?…؟"
# Chinese and Japanese full stops need no following space; ASCII ! and ? appear in mixed text.
HAN_SENTENCE_ENDS = "。！？!?"
# Closing quotes and brackets stay with the sentence they close (”」 after 。 belongs to the quote).
SENTENCE_CLOSERS = "\"'”’»」』）)]›"

# Words whose final period is part of the word, not a sentence end. Lower-case, without the period.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    # د. doctor, م. engineer or "AD" after a year, أ. professor/Mr., ص. page, ج. part/volume, ق. century,
    # هـ. Hijri year, ت. telephone, ش. street, س. hour, ق.م. BC (its inner part "ق.م").
    "ar": frozenset({"د", "م", "أ", "ا", "ص", "ج", "ق", "هـ", "ه", "ت", "ش", "س", "ق.م", "ب", "ط"}),
    "en": frozenset(
        {
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "st",
            "sen",
            "rep",
            "gov",
            "gen",
            "col",
            "lt",
            "sgt",
            "capt",
            "jr",
            "sr",
            "inc",
            "ltd",
            "co",
            "corp",
            "no",
            "vs",
            "e.g",
            "i.e",
            "jan",
            "feb",
            "mar",
            "apr",
            "jun",
            "jul",
            "aug",
            "sep",
            "sept",
            "oct",
            "nov",
            "dec",
            "u.s",
            "u.k",
            "u.n",
            "a.m",
            "p.m",
        }
    ),
}

# --- Batching and decoding -----------------------------------------------------------------------------

# Source tokens per CTranslate2 batch, padding included. Measured with bench/translate.py on two cores:
# 256-2048 are within noise of each other; smaller batches keep both workers busy to the end of the
# queue, pad less and report progress more often.
BATCH_TOKEN_BUDGET = 512

# Batches queued per CTranslate2 worker: enough that no worker waits, few enough that Ctrl-C stops a run
# within seconds (queued batches are finished before the process can exit).
BATCHES_IN_FLIGHT_PER_WORKER = 2

# A translation may be longer than its source: on bench/data/zh_en.zh the model's English takes up to 2.6x
# the SentencePiece tokens of the Chinese (mean 1.3), most for the shortest inputs. The decoding limit is
# scaled from the longest input of each batch, with slack for short ones, so no real output is ever cut
# (CTranslate2's default cuts at 256), while a repetition loop still stops in bounded time.
DECODING_LENGTH_RATIO = 3
DECODING_LENGTH_SLACK = 16

# Argos decodes with this length penalty; kept so drafts match what argostranslate would produce.
LENGTH_PENALTY = 0.2

# --- Output checks ---------------------------------------------------------------------------------------

# A word sequence of up to this many words repeated back to back at least LOOP_MIN_REPEATS times is a
# decoder loop ("the the the", "in the city, in the city, in the city"); natural text repeats twice at most.
LOOP_MAX_NGRAM = 8
LOOP_MIN_REPEATS = 3

# Share of letters in the source language's script above which an output counts as left untranslated.
# Any share above zero: a target-language draft should hold no Arabic or Han letters at all.
UNTRANSLATED_SCRIPT_SHARE = 0.0

# --- Package index ---------------------------------------------------------------------------------------

# Seconds to wait for the Argos package index or a package download before giving up: offline, a user
# should learn at once that `--from FILE` is the way, not after minutes of retries.
NETWORK_TIMEOUT_SECONDS = 10

# What a package's model translates when it is installed, before it is put in place: its model and vocabulary
# each load even when they do not fit together (a vocabulary cut short), and only turning the model's output
# into words tells. Digits and Latin letters are in every Argos package's tokenizer; a few tokens out are
# milliseconds.
TRIAL_TEXT = "2024 Hello"
TRIAL_DECODING_LENGTH = 8

# The share of a package tokenizer's pieces its model's vocabulary may lack. A tokenizer and a model trained
# together agree but for a few pieces the training text never used (35 of 32000 in Argos's zh->en 1.9); one from
# another package loads, and translates every sentence into garbage.
FOREIGN_PIECES_SHARE = 0.05
# The least share of a package model's vocabulary its tokenizer's pieces make up: half in zh->en 1.9, whose
# vocabulary also holds the English pieces of its target side, all of it where the source has a vocabulary of its
# own. A small tokenizer (one trained on other text) has pieces the vocabulary knows, cut text as the model never
# saw it, and fails this instead. Far under what a package's own can make up (a source side of 8,000 pieces beside
# a target side of 32,000 is a fifth): a package refused is a language pair no one can translate, and packages of
# pairs not at hand here (ar->en) cannot be tried.
TOKENIZER_VOCABULARY_SHARE = 0.05

# --- Ray cluster -------------------------------------------------------------------------------------------

# Seconds to open a connection to the cluster's head: as for the package index, an unreachable address is
# reported at once (Ray on its own keeps retrying for minutes).
CLUSTER_CONNECT_TIMEOUT_SECONDS = 10

# Seconds for every worker to start and load the package: a Ray worker process starts in a few seconds and
# an Argos model loads in under one, but a busy node or a first start on a fresh node takes longer.
CLUSTER_START_TIMEOUT_SECONDS = 120

# Ray's object store for `--cluster local`: it holds the package's model files once (about 100 MB for an
# Argos package) and the batches in flight; Ray's own default, 30% of the memory, is far more than needed.
LOCAL_OBJECT_STORE_BYTES = 512 * 1024 * 1024

# The address space a driver of a Ray cluster (`translate --cluster`) takes beyond what it held before connecting,
# under a limit on memory (`ulimit -v`): past it, ray.init died by SIGABRT (gRPC's or Ray's threads not started)
# or hung, with no word of the limit. Ray's own, RAY_DRIVER_BYTES; the object store of the driver's node, which it
# maps whole; the package's model files RAY_DRIVER_MODEL_COPIES times over (read, then put in the store).
# Measured with the zh->en package (84 MB of model files) on a local one-node cluster, importing Ray done (116 MB):
# ray.init took the store and 216 MB (a 150 MB store: +368 MB, a 600 MB one: +807 MB), starting the workers 318 MB
# more at its peak; the run failed at ulimit -v 792 MB and worked from 800 MB (150 MB store). On a loaded machine
# (CI's four test processes beside it) the same run failed at 800 MB as well, out of memory, in 4 of 4 tries:
# Ray's own are counted with one allocator arena (64 MB) to spare.
RAY_DRIVER_BYTES = 280 * 1024 * 1024
RAY_DRIVER_MODEL_COPIES = 4
# The room asking the head for its object store's size takes (gRPC's threads, Ray imported): it answered with 75 MB
# left, and died by SIGABRT with 55 MB.
RAY_STORE_QUESTION_BYTES = 96 * 1024 * 1024
# The limit on memory (`ulimit -v`) each process of a Ray cluster `--cluster local` starts gets whole, and the
# workers among them need to load the package's model beside Ray's own threads, each with an allocator arena of its
# own (64 MB of address space apiece): measured with the zh->en package on two cores, the run hung at 1,400 MB
# (stopped after 150 s), said memory ran out loading the model after 130 s at 2,000 MB, and worked from 2,200 MB.
RAY_LOCAL_PROCESS_BYTES = 2200 * 1024 * 1024
# What a run of `translate --cluster` holds resident in its control group (a container's, a systemd unit's limit on
# memory, which counts the pages used, not the address space mapped) beyond what it held checking, Ray imported: the
# driver RAY_DRIVER_GROUP_BYTES and the package's model files RAY_GROUP_MODEL_COPIES times over; for `--cluster local`,
# whose processes are all in the group, Ray's own (GCS, raylet, agents) RAY_LOCAL_SERVICES_GROUP_BYTES, and each
# worker RAY_WORKER_GROUP_BYTES and the model as many times. Past the limit the kernel killed the driver (SIGKILL)
# with no word, or a worker, and the run blamed the package. Measured with the zh->en package (84 MB of model files)
# in a cgroup v1 group, 39-57 MB in use when checking: a driver of a head outside the group died at 280 MB and worked
# from 296; `local` with two workers died at 940, at 960 once in two, and worked at 952 and from 970; unlimited it
# peaked at 703, 998 and 1,267 MB with one, two and three workers. A worker is counted to that peak, as a run just
# past the limit is killed in one try and not the next. Asked for 1,017 MB with two workers, a run on a loaded
# machine (CI's four test processes beside it) had a worker killed as it started, in 2 of about 10 runs: Ray's own
# are counted with room for that, and two workers are refused below about 1,130 MB.
RAY_DRIVER_GROUP_BYTES = 88 * 1024 * 1024
RAY_GROUP_MODEL_COPIES = 2
RAY_LOCAL_SERVICES_GROUP_BYTES = 256 * 1024 * 1024
RAY_WORKER_GROUP_BYTES = 112 * 1024 * 1024

# Batches a worker of the cluster gets in one actor call at most, when the workers keep ahead of the driver (the
# pool groups them only then): Ray's call and fetch cost the driver about 0.9 ms of CPU a call, 0.25 ms a batch in
# groups of 4 and 0.17 ms in groups of 8 (36-sentence batches, 2 cores, load 12-16); beyond 8 little is left to
# save and a group's results wait longer for its last batch.
MAX_BATCHES_PER_CALL = 8

# --- Memory ------------------------------------------------------------------------------------------------

# The address space translating with a package's model takes in this process, beyond what the process held
# before, under a limit on memory (`ulimit -v`), below which a run is refused before the model loads: there
# CTranslate2's worker threads fail allocations in native code, and the run died by SIGSEGV or SIGABRT with no word,
# or a word of the C library's. Above it a run succeeds, or says in one line that memory ran out translating
# (mkl_malloc's failure, caught). The engine's libraries and what it allocates beside the model take
# ENGINE_LIBRARY_BYTES; the model its files' size twice over (read, then laid out for the device); each worker thread
# its stack, WORKER_THREAD_BYTES (under a limit all threads share one allocator arena, limits.share_one_arena).
# Measured with the zh->en package (79 MB model.bin) on two cores, `ulimit -v` in 8 MB steps, the refusal off, the
# process at 60-63 MB when it checks: runs of 4, 54, 260, 780 and 2,340 entries died without a word at 256-272,
# 256-272, 280-288, 280-296 and at 296 MB, and none above 296 MB; they succeeded from 296, 360, 488 MB (the bigger
# ones, on past 344 MB, said memory ran out). These give 248 MB, refused below 312 MB: 16 MB above the last death,
# and 8-16 MB where the smallest run would have worked. (Calibrated before on 78 entries at 382 MB, it refused
# below 448 MB runs that worked from 296.) Under a control group's limit on memory (a container's, a systemd unit's:
# it counts what is resident, not what is mapped) the same need is checked against what the group leaves, and past
# it the kernel kills the run (SIGKILL) without a word: in 8 MB steps, one article died at 152 MB and worked from
# 160, twenty (80 entries) died at 256 and worked from 300; refused below 288 MB with 30 MB in use. What is resident
# grows with a long run (at most 273 MB for 80 entries, 430 MB for 700, 512 MB for 2,100), and past the refusal
# such a run is still killed.
ENGINE_LIBRARY_BYTES = 58 * 1024 * 1024
WORKER_THREAD_BYTES = 16 * 1024 * 1024
# What a batch adds to that, a token of its sentences a hypothesis of the beam, on the engine's translator that runs it:
# each of the engine's translators (a thread of CTranslate2's, or a worker of `--cluster local`) runs a batch at a time
# and keeps what its largest took for the next, so the engine holds at most this for the largest batches it ran, one a
# translator, whatever is in flight. A batch goes to the model only when the group has room for what it adds to those,
# else the run stops in one line once the batches in flight are back, what it drafted saved. Traced in the real command
# (120 articles, 600 entries, beam 4, the zh->en package, two translators, a cgroup v1 group): its first two batches
# (342 and 113 tokens), together on a fresh engine, took 210 MB (115 KB a token and hypothesis), its first four (921
# tokens) 299 MB (81 KB); the engine then kept 141-218 MB, which the next batches reused: one of 121 tokens took 1 MB
# more, one of 345 beside what a batch of 113 had left 117 MB, two of 341 and 53 tokens 77 MB. bench/batch_memory.py
# found 21-37 KB for four batches together because they came after two batches whose memory the engine kept; alone, on a
# fresh engine, batches of 95, 182-217 and 366 tokens took 80, 81-85 and 112-113 KB. Counted as batches in flight at 116
# KB, each in full beside what the engine kept (in use already), the run was stopped at 450 and 470 MB though it peaks
# at 438-450 MB, and killed at 350 MB (its first two batches let through, 135 MB in use): 128 KB, 11% over the first two
# batches, counts this run at 480-495 MB. Swept from 330 to 560 MB, before: killed at 350, stopped at 400-470,
# done from 500; now: stopped at 330-480, done from 496, never killed.
BATCH_TOKEN_BYTES = 128 * 1024
