"""Jinja2 filters that make untrusted text safe inside HTML blocks, Markdown and front matter.

Article text must never become live HTML, Markdown structure or template
code. The template environment autoescapes HTML by default; these filters
put text on one line (HTML blocks), add what Markdown needs on top (the few
lines that are Markdown, such as headings), and turn front-matter dicts
into YAML.
"""

from __future__ import annotations

import re

import yaml
from markupsafe import Markup, escape

# Python-Markdown's backslash-escapable characters, with the tables extension's "|" and "#"
# (an ATX heading drops trailing "#"s: "C#" would lose its "#" in a headline).
_ALWAYS = re.compile(r"([\\`*_{}\[\]()|#])")
_LINE_START = re.compile(r"^(\s*)([#>+\-])")
_BANG = re.compile(r"!(?=\\\[)")


def html_line(value: object) -> Markup:
    """Escape text for one line of an HTML block: HTML-escaped, whitespace runs made one space."""
    raw = value.unescape() if isinstance(value, Markup) else str(value if value is not None else "")
    return Markup(escape(" ".join(raw.split())))


def markdown_inline(value: object) -> Markup:
    """Escape text for one line of Markdown: HTML-escaped, Markdown syntax neutralised."""
    text = str(html_line(value))
    text = _ALWAYS.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)
    text = _BANG.sub(r"\\!", text)
    return Markup(text)


# libyaml's emitter writes the same YAML as PyYAML's own, five times faster: front matter
# was the largest cost of rendering.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def to_yaml(value: object) -> Markup:
    """Serialise front matter; YAML quoting keeps every value a plain string."""
    return Markup(yaml.dump(value, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=10_000,
                            default_flow_style=False))
