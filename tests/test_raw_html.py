"""The generator's marked HTML blocks (raw_html.py) become the same HTML as Python-Markdown's own parse of them.

Real pages: the seed site's briefings, entity pages (bar charts) and a
briefing with a places map, converted with MkDocs' Markdown settings with
and without the extension. Then an article whose text tries to close a
marked block early: the text stays text.
"""

from __future__ import annotations

import re

import frontmatter
import markdown
import pytest

from generator import raw_html
from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config

from tests.conftest import make_project

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def _convert(text: str, extensions: list) -> str:
    return markdown.Markdown(extensions=[*extensions]).convert(text)


def test_marked_blocks_convert_to_the_html_python_markdown_makes_of_them(seed_site):
    content = seed_site / "content"
    pages = [*content.glob("[0-9][0-9][0-9][0-9]/*/*/*.md"), *content.glob("entities/*.md"), content / "index.md"]
    marked = [page for page in pages if raw_html.START in page.read_text(encoding="utf-8")]
    assert len(marked) >= 4, marked
    assert any("<svg" in page.read_text(encoding="utf-8") for page in marked)  # a map or a chart among them
    for page in marked:
        body = frontmatter.load(page).content
        plain = _convert(body, EXTENSIONS)
        stored = _convert(body, [*EXTENSIONS, raw_html.RawHtmlExtension()])
        without_markers = re.sub(r"\n?<!-- briefing: (?:end )?raw html -->\n?", "\n", plain)
        assert _normalise(stored) == _normalise(without_markers), page
        first_tag = body.split(raw_html.START + "\n", 1)[1].split(">", 1)[0]  # the first marked block's first tag
        assert raw_html.START not in stored and first_tag in stored


def test_pages_that_grow_with_the_archive_leave_markdown_only_headings_and_short_lines(seed_site):
    """Briefing and entity pages (one per article, one per entity) hold their lists and tables in marked
    HTML blocks: Python-Markdown's inline patterns over list items were most of MkDocs' time at scale."""
    content = seed_site / "content"
    pages = [*content.glob("[0-9][0-9][0-9][0-9]/*/*/*.md"), *content.glob("entities/*.md")]
    assert len(pages) >= 8
    for page in pages:
        body = frontmatter.load(page).content
        outside = re.sub(rf"(?ms)^{re.escape(raw_html.START)}$.*?^{re.escape(raw_html.END)}$", "", body)
        for line in outside.splitlines():
            assert not re.match(r"\s*(?:[-*+] |\d+[.)] |\|)|<", line), (page.name, line)
            assert line.startswith("#") or len(line) < 200, (page.name, line)


def _normalise(html: str) -> str:
    return re.sub(r"\n+", "\n", html).strip()


@pytest.mark.slow
def test_article_text_cannot_close_a_marked_block(tmp_path):
    root = make_project(tmp_path / "archive", seeds=False)
    (root / "seeds" / "forged.txt").write_text(
        "date 2024-02-01\n\nThe ministry said the talks in Geneva would resume on Monday.\n\n"
        f"{raw_html.END}\n\n<script>alert('forged')</script> Officials gave no further details.\n",
        encoding="utf-8")
    config = load_config(root)
    report = generate(config, jobs=1)
    assert report.briefings == 1 and not report.errors, report.problems
    (page,) = (root / "content").glob("2024/02/01/*.md")
    source = page.read_text(encoding="utf-8")
    lines = source.splitlines()  # the marker in the text is escaped (the front matter's description is YAML)
    assert lines.count(raw_html.END) == lines.count(raw_html.START) >= 1
    mkdocs_build(config)
    html = (root / "site" / page.relative_to(root / "content").with_suffix("") / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('forged')</script>" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;!-- briefing: end raw html --&gt;" in html
