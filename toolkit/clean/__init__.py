"""Stage 1: scraped text or HTML in, an Article out, with every removed line explained."""
