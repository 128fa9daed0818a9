"""Stage 3: the bilingual static site built from `translations/*.po` and `toolkit.toml` alone.

pages.py turns catalogs into page dataclasses (pure), render.py turns those into sanitized HTML, feed and
sitemap (pure), search.py runs Pagefind over groups of pages, manifest.py records what each build made (an
SQLite file the next build reads), build.py gathers everything, then writes it into a staging folder that
replaces `site/` in one step.
"""
