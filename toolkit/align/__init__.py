"""Align an existing translation (an English edition, a translator's earlier file) with an article's blocks.

Pure core, in the order data flows: `evidence` (what two sentences share without a model: length, numbers in
any digit system, month names, Latin-script terms, quotes and brackets, glossary terms; and with a model, the
chrF of a machine draft against a candidate), `search` (one dynamic-programming pass over every sentence of
the document: 1-1, 1-2, 2-1, 1-0, 0-1 and wider links), `document` (blocks and paragraphs -> sentences ->
links -> one translation per source block, unused paragraphs, scores), `entries` (the alignment into a PO
catalog under the merge rules: a reviewed or hand-edited msgstr is never replaced). The project's glossary.csv
is read by `toolkit.catalog.glossary`, as for every command. Thresholds and word lists live in `settings`.
The command is `toolkit.commands.align`.
"""
