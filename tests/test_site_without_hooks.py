"""The generated content/ and theme make a correct site with a builder that runs none of this project's hooks.

Zensical, Material's successor, runs no MkDocs hooks; so the generator writes
the site's choices into what it generates (``theme_files.py``) and the hooks
only make builds faster. Each site here is built by a plain ``mkdocs build``
in a subprocess: mkdocs.yml names no hooks, so none run.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.build import generate
from generator.config import load_config
from generator.theme_files import (SEARCH_PARTIAL, SearchChoice, generated_page_bytes, theme_files,
                                  written_engine)

from tests.conftest import make_project
from tests.linkcheck import check_site

CHROMIUM = "/usr/bin/chromium"
HOSTILE_SITE_NAME = "Trade & <img src=x onerror=alert(1)> Tariffs"
ESCAPED_SITE_NAME = "Trade &amp; &lt;img src=x onerror=alert(1)&gt; Tariffs"



def _set(root: Path, old: str, new: str) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _plain_build(root: Path, offline: bool = False) -> Path:
    """Generate (the seeds are analysed once, then read from the copied cache) and run ``mkdocs build``, no hooks."""
    env = {**os.environ, "BRIEFING_OFFLINE": "true" if offline else "false", "NO_MKDOCS_2_WARNING": "1"}
    saved = os.environ.get("BRIEFING_OFFLINE")
    os.environ["BRIEFING_OFFLINE"] = env["BRIEFING_OFFLINE"]
    try:
        report = generate(load_config(root), jobs=1)
    finally:
        os.environ.pop("BRIEFING_OFFLINE") if saved is None else os.environ.__setitem__("BRIEFING_OFFLINE", saved)
    assert not report.errors, report.errors
    assert "hooks" not in (root / "mkdocs.yml").read_text(encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return root / "site"


def test_the_generator_reads_an_offline_build_from_mkdocs_yml_as_mkdocs_does(tmp_path, monkeypatch):
    root = make_project(tmp_path / "archive", seeds=False)
    monkeypatch.delenv("BRIEFING_OFFLINE", raising=False)
    assert not load_config(root).offline  # enabled: !ENV [BRIEFING_OFFLINE, false]
    monkeypatch.setenv("BRIEFING_OFFLINE", "true")
    assert load_config(root).offline
    monkeypatch.setenv("BRIEFING_OFFLINE", "false")
    assert not load_config(root).offline
    assert load_config(root).directory_urls  # the URL form the generator's links follow
    _set(root, "  - offline:\n      enabled: !ENV [BRIEFING_OFFLINE, false]\n", "  - material/offline\n")
    assert load_config(root).offline  # a plugin listed without options is on
    assert not load_config(root).directory_urls  # it turns directory URLs off
    _set(root, "  - material/offline\n", "")
    _set(root, "use_directory_urls: true\n", "use_directory_urls: false\n")
    assert not load_config(root).offline and not load_config(root).directory_urls


def test_the_theme_gets_the_search_box_of_the_engine_the_pages_call_for(tmp_path):
    docs = tmp_path / "content"
    (docs / "2024").mkdir(parents=True)
    (docs / "2024" / "a.md").write_text("word " * 600, encoding="utf-8")  # 3 KB of page text
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "b.md").write_text("word " * 6000, encoding="utf-8")  # not a page
    assert SearchChoice("auto", 2).engine(docs) == "chunked"
    assert SearchChoice("auto", 4).engine(docs) == "material"
    assert SearchChoice("chunked", 200, offline=True).engine(docs) == "material"  # file:// cannot fetch the index
    assert SearchChoice("lunr", 200).engine(docs) == "material"  # MkDocs reports the bad setting
    # The generator's own pages already past the limit: a large archive's folder is not walked.
    assert SearchChoice("auto", 2).engine(tmp_path / "not-read", known_bytes=3 * 1024) == "chunked"
    assert generated_page_bytes({"a.md": ["f1", 100], "feed.json": ["f2", 999], "b.md": ["f3", 50]}, {"b.md"}) == 100
    chunked, material = theme_files("chunked"), theme_files("material")
    assert b"chunked-search.js" in chunked[SEARCH_PARTIAL] and b"chunked-search.js" not in material[SEARCH_PARTIAL]
    script = chunked["assets/javascripts/chunked-search.js"]
    version = hashlib.blake2b(script, digest_size=6).hexdigest()
    assert f"chunked-search.js' | url }}}}?v={version}\"".encode() in chunked[SEARCH_PARTIAL]  # a new script, a new URL
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / SEARCH_PARTIAL).write_bytes(chunked[SEARCH_PARTIAL])
    assert written_engine(overrides) == "chunked"
    (overrides / SEARCH_PARTIAL).write_bytes(material[SEARCH_PARTIAL] + b"<!-- edited -->")
    assert written_engine(overrides) is None and written_engine(tmp_path / "nowhere") is None


@pytest.fixture(scope="module")
def seeds_project(tmp_path_factory) -> Path:
    """The seed project with a site name full of markup, generated once (its cache serves the variants)."""
    root = make_project(tmp_path_factory.mktemp("no-hooks") / "seeds")
    _set(root, "site_name: Briefing archive\n", f"site_name: '{HOSTILE_SITE_NAME}'\n")
    generate(load_config(root), jobs=1)
    return root


def _variant(seeds_project: Path, name: str, search: str | None = None) -> Path:
    root = seeds_project.parent / name
    shutil.copytree(seeds_project, root, ignore=shutil.ignore_patterns("site", "overrides"))
    if search:
        _set(root, "    search: auto\n", f"    search: {search}\n")
    return root


def _pages(site: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}


def _site_name_is_text(pages: dict[Path, str]) -> None:
    assert len(pages) > 10
    for path, text in pages.items():
        assert "<img src=x onerror" not in text, path
        assert "&amp;amp;" not in text and "&amp;lt;img" not in text, path  # escaped once, not twice


@pytest.mark.slow
def test_without_hooks_the_seed_site_has_material_search_and_no_raw_site_name(seeds_project):
    site = _plain_build(_variant(seeds_project, "default"))
    pages = _pages(site)
    _site_name_is_text(pages)
    home = pages[site / "index.html"]
    assert f"<title>{ESCAPED_SITE_NAME}</title>" in home
    assert home.count(ESCAPED_SITE_NAME) >= 4  # title, header logo and topic, the navigation drawer (Material's)
    assert 'data-md-component="search-query"' in home and "chunked-search.js" not in home
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("Wagner" in doc["text"] for doc in index["docs"])
    errors, stats = check_site(site)
    assert not errors and stats["pages"] > 10, errors[:10]


@pytest.fixture(scope="module")
def chunked_site(seeds_project) -> Path:
    return _plain_build(_variant(seeds_project, "chunked", search="chunked"))


@pytest.mark.slow
def test_without_hooks_a_chunked_site_wires_its_search_box_to_the_chunked_index(chunked_site):
    pages = _pages(chunked_site)
    _site_name_is_text(pages)
    home = pages[chunked_site / "index.html"]
    assert 'data-briefing-search="chunked"' in home and "chunked-search.js" in home
    assert 'data-md-component="search-query"' not in home
    assert (chunked_site / "assets" / "javascripts" / "chunked-search.js").is_file()
    index = json.loads((chunked_site / "search-index" / "index.json").read_text(encoding="utf-8"))
    assert index["docs"] > 2 and index["shards"]
    errors, _ = check_site(chunked_site)
    assert not errors, errors[:10]


@pytest.mark.slow
@pytest.mark.browser
def test_without_hooks_a_chunked_site_answers_a_query_in_chromium(chunked_site):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(chunked_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially("bakhmut", delay=40)
            page.locator(".md-search-result__item").first.wait_for(timeout=30_000)
            results = page.locator(".md-search-result__item h1").all_inner_texts()
            assert any("Bakhmut" in title for title in results), results
            browser.close()
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def offline_site(seeds_project) -> Path:
    return _plain_build(_variant(seeds_project, "offline", search="chunked"), offline=True)


@pytest.mark.slow
def test_without_hooks_an_offline_site_searches_with_materials_offline_index(offline_site):
    """The chunked index cannot be fetched from file://: the generator writes Material's box for an offline build."""
    pages = _pages(offline_site)
    _site_name_is_text(pages)
    home = pages[offline_site / "index.html"]
    assert 'data-md-component="search-query"' in home and "chunked-search.js" not in home
    assert (offline_site / "search" / "search_index.js").is_file()  # Material's offline index: a script, read from file://
    assert not (offline_site / "entities" / "index" / "index.html").exists()  # no directory URLs


@pytest.mark.slow
def test_without_hooks_an_offline_sites_links_resolve_to_files(offline_site):
    """The generator writes its HTML blocks' links (entity links, map dots, lists, redirect stubs) in the offline
    build's URL form, and the theme its permalink: each names a file, as a browser reading a folder needs."""
    errors, stats = check_site(offline_site)
    assert not errors and stats["redirects"] == 2 and stats["anchors"] > 10, errors[:10]
    folders = [(path, href) for path, text in _pages(offline_site).items() if path.name != "404.html"
               for href in re.findall(r'href="([^"#:]*/)(?:#[^"]*)?"', text)]
    assert not folders, folders[:10]  # from file://, a link to a folder opens a listing, not its index.html


@pytest.mark.slow
@pytest.mark.browser
def test_without_hooks_an_offline_site_is_read_from_its_folder_in_chromium(offline_site):
    """From file://, with no server and no hook: the article's entity links, the strip, the sidebar, a map dot and
    the permanent link each open their page, and Material's offline search answers."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    briefing = next(offline_site.glob("2022/10/28/*.html")).as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for link, width in ((".briefing-text a.briefing-entity", 1280), ("aside.briefing-sidebar a", 1280),
                            ("figure a[aria-label]", 1280), (".briefing-strip a:not(.briefing-strip-all)", 400)):
            page.set_viewport_size({"width": width, "height": 900})  # the strip shows on a phone
            page.goto(briefing)
            target = page.locator(link).first
            label = target.get_attribute("aria-label")  # a map dot: "Bakhmut: 3"
            name = label.rsplit(":", 1)[0] if label else target.inner_text()
            target.click()
            page.wait_for_load_state()
            assert page.url.startswith(offline_site.as_uri() + "/entities/") and page.url.endswith(".html"), link
            assert page.locator("h1").first.inner_text().startswith(name), (link, name)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(briefing)
        page.locator("footer a.briefing-permalink, .briefing-cite a.briefing-permalink").first.click()
        page.wait_for_url(briefing, timeout=10_000)  # the short link's stub sends the reader back to the page
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Wagner", delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        assert not errors, errors
        browser.close()
