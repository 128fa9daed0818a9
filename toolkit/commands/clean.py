"""`toolkit clean`: print clean articles as text, JSON or Markdown; explain removals on stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

from toolkit.catalog.entries import counted
from toolkit.clean.pipeline import clean_stream, display_path, expand_paths
from toolkit.clean.sources import is_html_source, source_files
from toolkit.config import Config
from toolkit.errors import EXIT_FAILURE, EXIT_OK, ConfigError, InputError, shown_path
from toolkit.model import Article
from toolkit.progress import progress_bar
from toolkit.scripts import for_terminal
from toolkit.store.files import is_folder, real_path


def article_json(article: Article) -> dict:
    """The command's JSON shape: exactly the keys the issue names."""
    return {
        "id": article.id,
        "source": article.source,
        "title": article.title,
        "date": article.date,
        "byline": article.byline,
        "attribution": list(article.attribution),
        "blocks": [{"kind": block.kind, "text": block.text} for block in article.blocks],
        "removed": [{"line": removed.line, "text": removed.text, "rule": removed.rule} for removed in article.removed],
    }


def article_text(article: Article) -> str:
    return "\n\n".join([article.title, *(block.text for block in article.blocks)]) + "\n"


def _yaml_value(value: str | None) -> str:
    # JSON strings are valid YAML double-quoted scalars, so any text (colons, quotes) is safe.
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


# Markdown reads these anywhere in a line as emphasis, code, links and images, and Markdown sites pass HTML
# through: scraped text escapes the first, and writes < > & as entities (Python-Markdown escapes no "<" by
# backslash; CommonMark and it both read an entity as text). A line's last "#" too: a heading's closing hashes
# are not its text.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]]|#$)")
_HTML_SIGNIFICANT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# At a line's start: a heading or a list item (escapes both Python-Markdown and CommonMark take), a setext
# heading's underline, a table row or a fence (characters Python-Markdown has no escape for: written as
# character references, which both read as text).
_MARKDOWN_LINE_START = re.compile(r"^(?:(#|[-+])|(\d+)(?=[.)])|([=|~]))")


def _escaped_start(start: re.Match[str]) -> str:
    marker, number, unescapable = start.groups()
    if marker:
        return "\\" + marker
    return number + "\\" if number else f"&#{ord(unescapable)};"


def _markdown_lines(text: str) -> list[str]:
    """Scraped text as Markdown lines that render as that text, nothing more (see _MARKDOWN_INLINE). Each line
    loses the white space around it: an indented line is a code block, two spaces at its end a line break."""
    return [
        _MARKDOWN_LINE_START.sub(
            _escaped_start, _MARKDOWN_INLINE.sub(r"\\\1", line.strip().translate(_HTML_SIGNIFICANT))
        )
        for line in text.split("\n")
    ]


def _markdown_text(text: str) -> str:
    return "\n".join(_markdown_lines(text))


def _markdown_line(text: str) -> str:
    """Scraped text for a heading or an emphasis, which one line holds: its lines joined."""
    return " ".join(line for line in _markdown_lines(text) if line)


def article_markdown(article: Article) -> str:
    front = [
        "---",
        f"title: {_yaml_value(article.title)}",
        f"date: {_yaml_value(article.date)}",
        f"byline: {_yaml_value(article.byline)}",
        f"outlet: {_yaml_value(article.outlet)}",
    ]
    if article.attribution:
        front.append("attribution:")
        front.extend(f"  - {_yaml_value(item)}" for item in article.attribution)
    else:
        front.append("attribution: []")
    front += [f"source: {_yaml_value(article.source)}", "---", "", f"# {_markdown_line(article.title)}"]
    body = []
    for block in article.blocks:
        if block.kind == "heading":
            body.append(f"## {_markdown_line(block.text)}")
        elif block.kind == "lead":
            body.append("\n".join(f"> {line}".rstrip() for line in _markdown_lines(block.text)))
        elif block.kind == "caption":
            body.append(f"*{_markdown_line(block.text)}*")
        elif block.kind == "code":
            body.append(_fenced(block.text))
        else:
            body.append(_markdown_text(block.text))
    return "\n".join(front) + "\n\n" + "\n\n".join(body) + "\n"


def _fenced(code: str) -> str:
    """A code block as Markdown fences it: with more backticks than any run of them in the code."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{code}\n{fence}"


def explanation(article: Article, shown_source: str) -> str:
    # An HTML page's lines are the blocks its extractor found, numbered in page order.
    unit = "block" if is_html_source(article.source) else "line"
    left_out = sum(1 for removed in article.removed if removed.path)
    removed = len(article.removed) - left_out
    kept = counted(len(article.blocks), "block")
    summary = f"{shown_source}: {kept} kept, {counted(removed, unit)} removed"
    if unit == "block":
        summary += f", {counted(left_out, 'page block')} left out by the extractor"
    lines = [summary]
    for field in ("title", "date", "byline", "outlet", "attribution"):
        value = getattr(article, field)
        where = article.provenance.get(field)
        if value and where:
            shown = "; ".join(value) if isinstance(value, list) else value
            lines.append(f"  {field}: {shown!r} from {where}")
        elif not value:
            lines.append(f"  {field}: not found")
    for removed in article.removed:
        where = f"page line {removed.line} {removed.path}" if removed.path else f"{unit} {removed.line}"
        lines.append(f"  {where}: removed by {removed.rule}: {for_terminal(removed.text)}")
    return "\n".join(lines)


def render(articles: list[Article], output_format: str, several: bool) -> str:
    if output_format == "json":
        data = [article_json(article) for article in articles]
        return json.dumps(data if several else data[0], ensure_ascii=False, indent=2) + "\n"
    if output_format == "markdown":  # each article opens with its front matter, which names its source
        return "\n".join(article_markdown(article) for article in articles)
    if several:  # as `head` and `tail` head each of several files: a title alone looks like one more paragraph
        return "\n".join(f"==> {shown_path(article.source)} <==\n{article_text(article)}" for article in articles)
    return article_text(articles[0])


def run(config: Config, paths: list[Path], output_format: str, explain: bool) -> int:
    # The project folder given (`toolkit clean .` in it) stands for its articles, source/: read as a folder of
    # sources, it was "no source files", each of its folders named with "move its files up", out of source/.
    paths = [config.source_dir if real_path(path) == config.project_dir else path for path in paths]
    # Files are read once and cleaned once: two steps per file, shown on a terminal only.
    files = expand_paths(paths)[0] if paths else source_files(config)
    # A source named as the run read it, as its errors name it (the path given, or source/'s in the project),
    # not as its article records it (relative to the project).
    read_as = {display_path(path, config): path for path in files}

    def shown_source(source: str) -> str:
        return shown_path(read_as.get(source, source))

    with progress_bar(2 * len(files), "cleaning", "step") as bar:
        # The page text an extractor left out is shown by --explain and listed in the JSON's removed lines.
        wanted = explain or output_format == "json"
        cleaning = clean_stream(config, paths or None, on_file=bar.update, with_left_out=wanted)
        articles = list(cleaning.articles)
    errors = cleaning.errors
    for passed_over in cleaning.passed_over:
        click.echo(f"toolkit: warning: {passed_over}", err=True)
    if not articles and not errors:
        where = ", ".join(str(path) for path in paths) if paths else config.source_dir
        raise InputError("no source files (.txt, .html, .htm, .mhtml, ...) to clean", where)
    several = not paths or len(paths) > 1 or any(is_folder(path) for path in paths)
    if not several and errors:
        raise errors[0]
    if articles:
        click.echo(render(articles, output_format, several), nl=False)
    for article in articles:
        for warning in article.warnings:
            click.echo(f"toolkit: warning: {shown_source(article.source)}: {warning}", err=True)
        if explain:
            click.echo(explanation(article, shown_source(article.source)), err=True)
    for warning in cleaning.same_articles.warnings(lambda source: read_as.get(source, source)):
        click.echo(f"toolkit: warning: {warning}", err=True)
    for error in errors:
        click.echo(f"toolkit: {error}", err=True)
    if several:
        # The setting all sources fail by (a wrong source_language) is no file that failed.
        failures = [error for error in errors if not isinstance(error, ConfigError)]
        summary = f"toolkit: cleaned {len(articles)} of {len(articles) + len(failures)} files"
        if failures:
            failed = ", ".join(shown_path(error.path) if error.path else str(error) for error in failures)
            summary += f"; {len(failures)} failed: {failed}"
        click.echo(summary, err=True)
    return EXIT_FAILURE if errors else EXIT_OK
