"""Clean scraped Arabic news, draft English translations into PO catalogs, publish a bilingual site."""

__version__ = "0.1.0"
