"""MkDocs hooks: the generator's HTML blocks go through Python-Markdown whole, not tag by tag.

Every part of a generated page that holds article text or a long list
(the article, summary, key points, related briefings, lists of briefings
and entities, maps, charts) is an HTML block its template writes, every
piece of text autoescaped. To find where an HTML block ends,
Python-Markdown parses it tag by tag with Python's ``html.parser``; as
Markdown lists, the same parts cost twenty inline patterns per item. The
templates mark these blocks with two comment lines; this hook adds a
Markdown preprocessor that stores each marked block as it is, the way
Python-Markdown stores any raw HTML, so the HTML written is the same.

Only a convenience: without the hook (another builder, plain ``mkdocs``),
the markers are ordinary HTML comments and the blocks are parsed as usual.
Article text cannot forge a marker: its ``<`` is escaped. Loaded outside
the package by ``briefing build`` and ``briefing serve``.
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

START = "<!-- briefing: raw html -->"
END = "<!-- briefing: end raw html -->"
# After whitespace normalisation (30), before Python-Markdown's own HTML block parser (20).
PRIORITY = 25


class _StoreMarked(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if START not in lines:
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == START:
                    block = []
                else:
                    out.append(line)
            elif line == END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # no end marker: leave the lines to the HTML parser
            out += [START, *block]
        return out


class RawHtmlExtension(Extension):
    """Python-Markdown extension: store the blocks between ``START`` and ``END`` lines as raw HTML."""

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_StoreMarked(md), "briefing_raw_html", PRIORITY)


def on_config(config):
    config.markdown_extensions.append(RawHtmlExtension())
    return config
