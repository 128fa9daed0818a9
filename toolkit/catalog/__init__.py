"""Stage 2 store: one gettext PO catalog per article under `translations/<article-id>.po`.

The PO file is the single source of truth after cleaning: the site is built from it alone. Its layout:

Header (polib `metadata`)
    Language: <target language>           X-Source-Language: <source language>
    Project-Id-Version: <site title>       Content-Type: text/plain; charset=UTF-8
    (Project-Id-Version as the site was titled when the catalog was made, then left to the editors)
    X-Article-Id, X-Article-Title, X-Article-Date (ISO or empty), X-Article-Byline, X-Article-Outlet,
    X-Article-Source (source file, relative to the project), X-Article-Attribution (lines joined by " | ")

Entries, in article order (obsolete entries `#~` after them)
    msgctxt "title"            the article title; `#. kind: title`
    msgctxt "b-<8 hex>"        one per block: a stable id, made from a hash of the block's text the first time
                               the block is seen (a repeated text gets "-2", "-3"), and kept by the entry for
                               life, also when its source text is later edited; the site uses it as `data-pair`
    #. kind: paragraph|heading|lead|caption|code
    #. machine: <Translator.description>          only on machine drafts
    #. draft-sha1: <12 hex>                       hash of the draft as written; a fuzzy msgstr that no
                                                  longer matches it was edited by hand and is kept as such
    #. warning: <what the engine found wrong>     on machine drafts, one line per warning
    #. tm: from <article-id> <msgctxt>            a translation reused from a reviewed entry (fuzzy)
    #. aligned: <file> score <0-1>                a translation taken from an existing edition by
                                                  `toolkit align` (fuzzy, with draft-sha1, unless --reviewed)
    #. confidence: <0-1>                          the engine's confidence in a machine draft, or the
                                                  aligner's trust in an aligned pair
    #. tm-near: <NN>% <article-id> <msgctxt>: <translation>   similar reviewed entries, offered
    #: source/<file>:<line>
    #, fuzzy                   machine draft or carried-over translation nobody has reviewed yet
    #| msgid "<old source>"    previous source of a changed block (as `msgmerge --previous`)
    # <translator comment>     kept verbatim by every command

State of an entry: reviewed = msgstr non-empty and not fuzzy (no command ever changes its msgstr);
draft = fuzzy with msgstr; untranslated = empty msgstr. Only the catalog stage writes `#.` lines; a
translator's own notes are `#` comments and are kept verbatim.

Obsolete entries (`#~`) keep their msgctxt, flags, translator comment and strings; an obsolete entry may
share its msgctxt with an active one (a retitled article keeps its old title entry as `#~ msgctxt
"title"`), so readers skip obsolete entries (`entry.obsolete`) before looking entries up by msgctxt.
The header also carries PO-Revision-Date, Last-Translator and Language-Team (empty until an editor fills
them; other keys an editor adds are kept).

Modules: store (strict read, atomic write), entries (Article -> units, header), merge (msgmerge-like),
memory (translation memory), checks (quality checks), summary (status counts), update (the translate
workflow `update_catalogs`), settings (every threshold).
"""
