"""Search at scale: Material's index for small archives, Pagefind's chunks for large ones.

The large case is a real 1,000-article slice of the Reuters corpus built end
to end, searched in Chromium: a query must return the right briefing and
download less than 300 KB.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from generator.build import generate, mkdocs_build
from generator.config import load_config
from generator.search import choose_engine

from tests.conftest import corpus_slice, make_project

CHROMIUM = "/usr/bin/chromium"
SEARCH_BUDGET = 300 * 1024


def test_auto_engine_follows_the_size_of_the_text():
    assert choose_engine("auto", 50 * 1024, 200) == "material"
    assert choose_engine("auto", 201 * 1024, 200) == "pagefind"
    assert choose_engine("material", 10**9, 200) == "material"
    assert choose_engine("pagefind", 10, 200) == "pagefind"
    with pytest.raises(ValueError, match="extra.briefing.search"):
        choose_engine("lunr", 10, 200)


def test_seed_site_keeps_material_search(seed_site):
    site = seed_site / "site"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("Wagner" in doc["text"] for doc in index["docs"])
    assert not (site / "pagefind").exists()
    assert 'data-md-component="search-query"' in (site / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    """1,000 Reuters articles built end to end with the default settings (search: auto)."""
    root = make_project(tmp_path_factory.mktemp("corpus-site") / "archive", seeds=False)
    records = corpus_slice(1000)
    with open(root / "seeds" / "reuters.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    config = load_config(root)
    report = generate(config, jobs=2)
    assert report.briefings > 900, report.problems[:5]
    mk_config = mkdocs_build(config)
    assert mk_config.extra["briefing_search"] == "pagefind"
    return root


@pytest.fixture(scope="module")
def corpus_server(corpus_site):
    """The corpus site served over HTTP (Pagefind's script and wasm need it): its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(corpus_site / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def _titles(root: Path) -> dict[Path, str]:
    return {page: frontmatter.load(page)["title"] for page in (root / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md")}


def _title_words(titles) -> Counter:
    """How many headlines each word of 7 letters or more is in (lower-cased)."""
    return Counter(w for title in titles for w in {w.lower() for w in re.findall(r"[A-Za-z]{7,}", title)})


def _rare_title_word(root: Path) -> tuple[str, str]:
    """A word found in exactly one briefing headline, and that headline: a query with one right answer."""
    titles = _titles(root)
    words = _title_words(titles.values())
    for page, title in sorted(titles.items()):
        for word in re.findall(r"[A-Za-z]{7,}", title):
            if words[word.lower()] == 1:
                return word.lower(), title
    pytest.fail("no headline word unique to one briefing")


@pytest.mark.slow
def test_large_site_uses_pagefind_and_small_briefing_pages(corpus_site):
    site = corpus_site / "site"
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    briefings = len(list((corpus_site / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md")))
    assert entry["languages"]["en"]["page_count"] == briefings  # briefing pages only
    index = site / "search" / "search_index.json"
    assert index.stat().st_size < 1024  # Material's index is left empty
    # Only the headline and the article are indexed, not the summary, lists and sidebar that repeat them.
    fragments = [json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
                 for f in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))[:50]]
    assert len(fragments) == 50
    for fragment in fragments:
        source = corpus_site / "content" / (fragment["url"].strip("/") + ".md")
        post = frontmatter.load(source)
        assert fragment["meta"]["title"] == post["title"]
        assert fragment["content"].startswith(post["title"])
        assert "Related briefings" not in fragment["content"] and "Key points" not in fragment["content"]



@pytest.mark.slow
@pytest.mark.browser
def test_pagefind_query_finds_the_right_briefing_within_budget(corpus_site, corpus_server):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    word, title = _rare_title_word(corpus_site)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(corpus_server)
        page.wait_for_load_state("networkidle")
        fetched = []
        page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(word, delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        results = page.locator(".md-search-result__item h1").all_inner_texts()
        assert title in results, (word, title, results)
        meta = page.locator(".md-search-result__meta").inner_text()
        assert re.match(r"\d+ matching document", meta), meta
        downloaded = sum(size for _, size in fetched)
        assert downloaded < SEARCH_BUDGET, sorted(fetched, key=lambda f: -f[1])[:5]
        assert not any(url.endswith("search_index.json") and size > 1024 for url, size in fetched)
        # Following the result opens the briefing.
        page.locator(".md-search-result__item a", has_text=title).first.click()
        page.wait_for_load_state()
        assert page.locator("h1").first.inner_text().startswith(title)
        browser.close()


@pytest.mark.slow
@pytest.mark.browser
def test_typing_a_query_fetches_only_the_index_chunk_of_its_word(corpus_site, corpus_server):
    """Pagefind's index is in chunks by alphabetical word range. Typed letter by letter, a query must not
    fetch the chunk of every prefix on the way ("s", "se", "sec"...): the word chosen sorts late among the
    words of its initial, so its chunk is not its first letter's."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    words = _title_words(_titles(corpus_site).values())
    initial = Counter(w[0] for w in words).most_common(1)[0][0]
    word = max(w for w, n in words.items() if n == 1 and w[0] == initial)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(corpus_server)
        page.wait_for_load_state("networkidle")
        chunks = []
        page.on("requestfinished", lambda r: chunks.append(r.url) if r.url.endswith(".pf_index") else None)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(word, delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        assert len(chunks) == 1, (word, chunks)
        browser.close()
