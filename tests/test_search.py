"""Search at scale: Material's index for small archives, the chunked index (search_index.py) for large ones.

The large case is a real 1,000-article slice of the Reuters corpus built end
to end, searched in Chromium: a query must return the right briefing and
download less than 300 KB. What a query can fetch is also checked not to
grow with the archive, on index builds of real slices of two sizes.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections import Counter
from pathlib import Path

import frontmatter
import pytest

from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from generator import search_index
from generator.search import choose_engine

from tests.conftest import corpus_slice, make_project

CHROMIUM = "/usr/bin/chromium"
SEARCH_BUDGET = 300 * 1024


def test_auto_engine_follows_the_size_of_the_text():
    assert choose_engine("auto", 50 * 1024, 200) == "material"
    assert choose_engine("auto", 201 * 1024, 200) == "chunked"
    assert choose_engine("material", 10**9, 200) == "material"
    assert choose_engine("chunked", 10, 200) == "chunked"
    assert choose_engine("pagefind", 10, 200) == "chunked"  # the chunked engine's name in earlier versions
    with pytest.raises(ValueError, match="extra.briefing.search"):
        choose_engine("lunr", 10, 200)


def test_a_briefings_words_come_packed_and_unpack_to_weighted_words():
    record = corpus_slice(1)[0]
    title, text = "Wheat exports rise", record["text"]
    pairs = search_index.term_pairs(search_index.document_terms(title, text))
    words = [word for word, _ in pairs]
    assert words == sorted(set(words)) and len(words) > 20
    assert all(1 <= weight <= 255 for _, weight in pairs)
    weights = dict(pairs)
    assert "wheat" in weights and "the" not in weights  # stop words are left out
    in_title = dict(search_index.term_pairs(search_index.document_terms(title, "")))
    assert set(in_title) == {"wheat", "export", "rise"}  # plurals folded
    assert search_index.term_pairs(search_index.document_terms("", "")) == []


def test_seed_site_keeps_material_search(seed_site):
    site = seed_site / "site"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("Wagner" in doc["text"] for doc in index["docs"])
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search-query"' in home and "chunked-search.js" not in home


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
    assert mk_config.extra["briefing_search"] == "chunked"
    return root


@pytest.fixture(scope="module")
def corpus_server(corpus_site):
    """The corpus site served over HTTP (a browser does not fetch the index's files from file://): its base URL."""

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
def test_large_site_uses_the_chunked_index_of_every_briefing(corpus_site):
    site = corpus_site / "site"
    assert (site / "search" / "search_index.json").stat().st_size < 1024  # Material's index is left empty
    folder = site / search_index.FOLDER
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    titles = {"/".join(page.relative_to(corpus_site / "content").with_suffix("").parts) + "/": title
              for page, title in _titles(corpus_site).items()}
    docs, entities = _listed(folder, "d", index["group"]), _listed(folder, "e", index["group"])
    assert (len(docs), len(docs) + len(entities), index["format"]) == (index["briefings"], index["docs"], 2)
    assert {url: title for url, title, *_ in docs.values()} == titles  # every briefing once, under its headline
    entity_pages = {"/".join(page.relative_to(corpus_site / "content").with_suffix("").parts) + "/":
                    frontmatter.load(page)["title"] for page in (corpus_site / "content" / "entities").glob("*.md")
                    if page.name != "index.md"}
    assert {url: name for url, name, *_ in entities.values()} == entity_pages  # and every entity page, by name
    dates = [docs[number][2] for number in sorted(docs)]
    assert dates == sorted(dates)  # a newer briefing has a higher number
    # Each headline word leads to its briefing: in the shard that holds the word, or in a later page of it.
    shards = [json.loads((folder / "s" / f"{key}.json").read_text(encoding="utf-8")) for _, key in index["shards"]]
    assert [shard[0][0] for shard in shards] == [first for first, _ in index["shards"]]
    words = {entry[0]: entry for shard in shards for entry in shard}
    assert list(words) == sorted(words)  # shards hold words in order, so a prefix finds them
    for number, (url, title, *_) in sorted(docs.items())[::37]:
        for word, _ in search_index.term_pairs(search_index.document_terms(title, "")):
            _, count, postings, *more = words[word]
            pages = [postings] + [json.loads((folder / "p" / f"{key}.json").read_text(encoding="utf-8"))
                                  for key in (more[0] if more else [])]
            found = [value for page in pages for value in page[::2]]
            assert len(found) == count and number in found, (title, word)


def _listed(folder: Path, kind: str, group: int) -> dict[int, list]:
    """The documents of the index's ``d`` (briefings) or ``e`` (entities) files, by their slot."""
    found = {}
    for path in (folder / kind).glob("*.json"):
        for place, doc in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            if doc is not None:
                found[int(path.stem) * group + place] = doc
    return found


def _index_docs(records: list[dict]) -> list[search_index.SearchDoc]:
    return [search_index.SearchDoc(f"{record['id']}/", record.get("title") or "", record["date"],
                                   record["text"][:300],
                                   search_index.document_terms(record.get("title") or "", record["text"]))
            for record in records]


@pytest.mark.parametrize("added", [False, True])
def test_one_briefing_more_or_less_changes_only_the_index_files_of_its_own_words(added):
    """A rebuild after one new (or one folded) briefing rewrites the files holding its words and its slot,
    not the index: every other briefing keeps its number, and a shard or page of postings without its words
    keeps its bytes (and its name, so browsers keep it cached). The briefing is from the middle of the
    archive's dates, the case where numbering briefings by their rank shifted every later one."""
    docs = _index_docs(corpus_slice(1500))
    by_date = sorted(range(len(docs)), key=lambda i: docs[i].date)
    middle = next(i for i in by_date[len(docs) // 2:] if len(search_index.term_pairs(docs[i].terms)) > 80)
    one = docs[middle]
    fewer = search_index.build(docs[:middle] + docs[middle + 1:])
    every = search_index.build(docs)
    before, after = (fewer, every) if added else (every, fewer)
    changed = {path for path in set(before) | set(after) if before.get(path) != after.get(path)}
    changed.discard(f"{search_index.FOLDER}/index.json")
    words = {word for word, _ in search_index.term_pairs(one.terms)}
    kinds = Counter(path.split("/")[1] for path in changed)
    # Each of its words changes at most its own entry's shard, and the page of postings it lands on (two new
    # files, at most, for the old and the new name of each); its slot's file of briefings changes.
    assert kinds["s"] + kinds["p"] <= 4 * len(words), kinds
    assert kinds["d"] <= 2 and not kinds["e"], kinds
    old_numbers = _numbers_by_url(before)
    new_numbers = _numbers_by_url(after)
    moved = [url for url in set(old_numbers) & set(new_numbers) if old_numbers[url] != new_numbers[url]]
    assert len(moved) <= 3, moved  # only a neighbour in its day's run of full slots, if any
    for path in changed:
        if path.split("/")[1] in "sp" and path in after:
            assert any(f'"{word}"' in after[path] for word in words) or path.split("/")[1] == "p", path


def _numbers_by_url(files: dict[str, str]) -> dict[str, int]:
    index = json.loads(files[f"{search_index.FOLDER}/index.json"])
    numbers = {}
    for path, text in files.items():
        if path.startswith(f"{search_index.FOLDER}/d/"):
            group = int(path.rsplit("/", 1)[1].removesuffix(".json"))
            for place, doc in enumerate(json.loads(text)):
                if doc is not None:
                    numbers[doc[0]] = group * index["group"] + place
    return numbers


@pytest.mark.slow
def test_what_a_query_fetches_does_not_grow_with_the_archive():
    """Index builds of 1,000 and 8,000 real articles: the files one query fetches (the table of contents, a
    shard per word, a file per briefing shown) stay as small, although the archive is eight times larger."""
    largest = {}
    for count in (1000, 8000):
        docs = [search_index.SearchDoc(f"{i}/", record.get("title") or "", record["date"], record["text"][:300],
                                       search_index.document_terms(record.get("title") or "", record["text"]))
                for i, record in enumerate(corpus_slice(count))]
        files = search_index.build(docs)
        size = {kind: max(len(text.encode("utf-8")) for path, text in files.items()
                          if path.startswith(f"{search_index.FOLDER}/{kind}/")) for kind in ("s", "d")}
        size["index"] = len(files[f"{search_index.FOLDER}/index.json"].encode("utf-8"))
        largest[count] = size
    small, large = largest[1000], largest[8000]
    assert large["s"] <= search_index.SHARD_MAX, largest
    assert large["d"] < small["d"] * 1.25, largest
    # The table of contents lists the shards: it grows with the vocabulary, far slower than the archive.
    assert large["index"] < small["index"] * 4, largest
    # A three-word query's worst case: the table of contents, two shards a word, ten files of briefings.
    assert large["index"] + 6 * large["s"] + 10 * large["d"] < SEARCH_BUDGET, largest


@pytest.mark.slow
@pytest.mark.browser
def test_query_finds_the_right_briefing_within_budget(corpus_site, corpus_server):
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
def test_typing_a_query_fetches_only_the_shards_of_its_last_word(corpus_site, corpus_server):
    """Typed letter by letter, a query must not fetch the shard of every prefix on the way ("s", "se",
    "sec"...): the word chosen sorts late among the words of its initial, so its shard is not its first
    letter's. A plural typed finds its singular in a headline, and the words are marked in the results."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    titles = _titles(corpus_site)
    words = _title_words(titles.values())
    initial = Counter(w[0] for w in words).most_common(1)[0][0]
    word = max(w for w, n in words.items() if n == 1 and w[0] == initial and search_index.stem(w + "s") == w)
    title = next(t for t in titles.values() if word in t.lower())

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(corpus_server)
        page.wait_for_load_state("networkidle")
        shards = []
        page.on("requestfinished", lambda r: shards.append(r.url) if "/search-index/s/" in r.url else None)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(word.upper() + "s ", delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        assert len(shards) == 1, (word, shards)
        results = page.locator(".md-search-result__item h1").all_inner_texts()
        assert title in results[:3], (word, results)
        heading = page.locator(".md-search-result__item h1", has_text=title).first
        assert heading.locator("mark").first.inner_text().lower() == word
        browser.close()


@pytest.mark.slow
@pytest.mark.browser
def test_more_results_pages_through_a_common_word(corpus_site, corpus_server):
    """A common word's shard holds its best postings; "More results" fetches the rest, page by page."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    folder = corpus_site / "content" / search_index.FOLDER
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    entries = [entry for _, key in index["shards"]
               for entry in json.loads((folder / "s" / f"{key}.json").read_text(encoding="utf-8"))]
    word, count = next((entry[0], entry[1]) for entry in sorted(entries, key=lambda e: -e[1])
                       if entry[0].isalpha() and len(entry[0]) > 3 and search_index.stem(entry[0]) == entry[0])
    assert count > index["first"] + 10

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(corpus_server)
        pages = []
        page.on("requestfinished", lambda r: pages.append(r.url) if "/search-index/p/" in r.url else None)
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially(word + " ", delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
        assert page.locator(".md-search-result__meta").inner_text().startswith(f"{count:,} matching")
        shown = 10
        while shown <= index["first"]:
            page.locator(".briefing-search-more button").click()
            shown += 10
            page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item').length >= {shown}")
        links = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        assert len(links) == len(set(links)) == shown
        assert len(pages) == 1, pages  # the word's second page of postings, fetched once it was needed
        browser.close()


def _named_entities(root: Path, count: int = 3) -> list[tuple[str, str, str]]:
    """The most mentioned entities with an alias of their own (a plain word no other entity is called):
    ``(name, alias, url)``. Names of one-letter words other than initials (``U.S.``) are left out: the
    index drops those."""
    entities = json.loads((root / "content" / "entities.json").read_text(encoding="utf-8"))["entities"]
    called = Counter(a.casefold() for e in entities for a in {e["name"], *e["aliases"]})
    chosen = []
    for e in sorted(entities, key=lambda e: (-len(e["briefings"]), e["name"])):
        aliases = [a for a in e["aliases"] if a != e["name"] and re.fullmatch(r"[A-Za-z]{4,}", a)
                   and called[a.casefold()] == 1 and e.get("url")]
        if aliases and all(len(word) > 1 for word in re.findall(r"\w+", search_index.INITIALS.sub("", e["name"]))):
            chosen.append((e["name"], aliases[0], e["url"]))
        if len(chosen) == count:
            break
    return chosen


@pytest.mark.slow
@pytest.mark.browser
def test_an_entity_name_or_alias_finds_its_entity_page_first_in_the_chunked_index(corpus_site, corpus_server):
    from playwright.sync_api import sync_playwright

    chosen = _named_entities(corpus_site)
    assert len(chosen) == 3 and chosen[0][0] == "U.S.", chosen  # the archive's most mentioned, by its initials
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(corpus_server)
        search = page.locator("input.md-search__input")
        for name, alias, url in chosen:
            for query in (name, alias):
                search.click()
                search.fill("")
                search.press_sequentially(query, delay=20)
                page.wait_for_timeout(1200)
                first = page.locator(".md-search-result__item a").first
                assert first.evaluate("a => a.href") == corpus_server + url, (query, url)
                assert first.locator("h1").inner_text() == name
        browser.close()


@pytest.mark.slow
@pytest.mark.browser
def test_briefings_of_the_1000_article_site_read_on_a_phone(corpus_site, corpus_server):
    """On this module's 1,000-article site (its fixture is built once here): at 390 px, a briefing's
    who-and-where strip is in the first 1,000 px, the site's sections are a tap away, and no map label
    is under 10 px or covers another."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(corpus_site / "content").with_suffix("").as_posix() + "/"
                   for p in (corpus_site / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md"))
    sample = pages[::len(pages) // 12][:12] + ["places/"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        strips = 0
        for path in sample:
            page.goto(corpus_server + path)
            nav = page.get_by_role("navigation", name="Site sections")
            assert nav.get_by_role("link", name="Entities", exact=True).is_visible(), path
            if page.locator(".briefing-strip").count():
                box = page.locator(".briefing-strip").bounding_box()
                assert box["y"] + box["height"] <= 1000, path
                strips += 1
            for svg in page.locator("figure.briefing-map svg").all():
                labels = svg.evaluate("""svg => { const k = svg.getScreenCTM().a;
                    return [...svg.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect();
                        return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * k, r.left, r.top, r.right, r.bottom]; }); }""")
                assert all(size >= 10 for _, size, *_ in labels), (path, labels)
                for i, a in enumerate(labels):
                    for b in labels[i + 1:]:
                        assert a[4] <= b[2] + 0.5 or b[4] <= a[2] + 0.5 or a[5] <= b[3] + 0.5 or b[5] <= a[3] + 0.5, \
                            (path, a[0], b[0])
        assert strips >= 8
        browser.close()


def test_initials_with_dots_are_one_word_of_the_index():
    """``U.S.`` is two one-letter words, which the index drops: it is also indexed as ``u.s``."""
    words = dict(search_index.term_pairs(search_index.document_terms("U.S. and U.K. in trade talks", "J.P. Morgan said")))
    assert {"u.s", "u.k", "j.p", "trade", "talk", "morgan"} <= set(words)
    assert "s" not in words and "u" not in words
