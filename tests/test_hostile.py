"""Bad and hostile input, end to end: every case of the catalogue (docs/input-errors.md) built into a site.

One real ``python -m generator build`` over the whole catalogue; then each
case's decided behaviour is checked in its output: the message (naming the
file, and the line for JSONL), the article skipped or built, the rest of the
archive built, seeds and hand-written pages untouched, the same bytes from
a second build, and in Chromium, nothing from the input executed.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import html as htmllib
import http.server
import re
import shutil
import subprocess
import sys
import threading
import zlib
from pathlib import Path

import frontmatter
import pytest

from conftest import ROOT, make_project
from generator.ingest import id_from_name
from hostile_inputs import CATALOGUE, FIXTURES, GOOD_LINES, HOSTILE_NAME, hostile_seeds
from test_browser import QuietHandler, browser  # noqa: F401  (shared Chromium fixture)

pytestmark = pytest.mark.slow
HAND_WRITTEN = {"notes.md": "# My notes\n\nWritten by hand.\n", "b/crlf/index.html": "<p>my own page</p>\n"}
TIME_STAMPED = {"sitemap.xml", "sitemap.xml.gz"}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command line, as a user runs it (this checkout's generator)."""
    return subprocess.run([sys.executable, "-m", "generator", *args, "--project", str(root)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def tree(folder: Path, skip: set[str] = frozenset()) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in skip}


def hostile_project(target: Path) -> Path:
    root = make_project(target, seeds=False)
    hostile_seeds(root / "seeds")
    # Most hostile names occur in one file: a page for every name mentioned twice puts them on entity pages too.
    settings = root / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    assert "    entity_page_min_mentions: 4\n" in text
    settings.write_text(text.replace("    entity_page_min_mentions: 4\n", "    entity_page_min_mentions: 2\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The catalogue built once with ``briefing build``; hand-written pages placed first."""
    root = hostile_project(tmp_path_factory.mktemp("hostile") / "archive")
    for relpath, text in HAND_WRITTEN.items():
        (root / "content" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / relpath).write_text(text, encoding="utf-8")
    seeds_before = {k: hashlib.sha256(v).hexdigest() for k, v in tree(root / "seeds").items()}
    result = run(root, "build", "--jobs", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    return root, result.stderr, seeds_before


def messages(output: str) -> list[tuple[str, str, str]]:
    """(severity, origin, message) for every problem line the command printed."""
    found = []
    for line in output.splitlines():
        match = re.match(r"^(error|warning) (.+?): (.*)$", line)
        if match:
            found.append(match.groups())
    return found


def case_id(file: str) -> str:
    return id_from_name(re.sub(r"\.(txt|md|jsonl|jsonl\.gz|html)$", "", file))


def built_ids(root: Path) -> set[str]:
    """Ids of the briefing pages in content/ (read from their front matter)."""
    return {frontmatter.load(p)["briefing"]["id"] for p in (root / "content").glob("[0-9][0-9][0-9][0-9]/*/*/*.md")}


def lines_before_damage(path: Path) -> int:
    """Complete lines in a truncated gzip, counted with zlib directly (not with the code under test)."""
    data = zlib.decompressobj(wbits=31).decompress(path.read_bytes())
    return data.count(b"\n")


def test_catalogue_has_at_least_25_kinds_and_a_file_for_each(built):
    root, _, _ = built
    files = {case.file for case in CATALOGUE}
    assert len(files) >= 25
    for file in files:
        assert (root / "seeds" / file).is_file(), file
    committed = {p.name for p in FIXTURES.iterdir() if not p.name.startswith(".")}
    assert committed <= files, committed - files  # every committed fixture has a decided behaviour


@pytest.mark.parametrize("case", [c for c in CATALOGUE if c.outcome in ("error", "warning")],
                         ids=lambda c: f"{c.file}:{c.line or ''}")
def test_each_bad_input_gets_a_clear_message_naming_it(built, case):
    root, output, _ = built
    origin = f"seeds/{case.file}" + (f":{case.line}" if case.line else "")
    matching = [(sev, msg) for sev, where, msg in messages(output) if where == origin or
                (case.file.endswith(".gz") and where.startswith(f"seeds/{case.file}"))]
    assert any(sev == case.outcome and case.message in msg for sev, msg in matching), (origin, matching)


@pytest.mark.parametrize("case", [c for c in CATALOGUE if c.outcome in ("ok", "ignored")], ids=lambda c: c.file)
def test_good_and_odd_input_builds_silently(built, case):
    root, output, _ = built
    assert not [m for m in messages(output) if m[1].startswith(f"seeds/{case.file}")]
    ids = built_ids(root)
    if case.outcome == "ok" and not case.file.endswith(".md"):
        assert case_id(case.file) in ids
    if case.outcome == "ignored":
        assert case_id(case.file) not in ids


def test_bad_articles_are_skipped_and_the_rest_is_built(built):
    root, _, _ = built
    ids = built_ids(root)
    for case in CATALOGUE:
        if case.outcome == "error" and case.file.endswith(".txt"):
            assert case_id(case.file) not in ids, case.file
    assert {"dup-1", "collide-a", "collide-b", "symbols-only", "feed-ok-1", "feed-ok-2", "deep-ok", "url-js"} <= ids
    assert not {"feed-broken", "typed-1", "typed-2", "typed-3", "typed-5"} & ids
    good_gz = lines_before_damage(root / "seeds" / "truncated.jsonl.gz")
    assert 10 < good_gz < 80
    assert {f"gz-{i}" for i in range(good_gz)} <= ids and f"gz-{good_gz}" not in ids
    built_cases = {c.file for c in CATALOGUE if c.outcome in ("ok", "warning") and c.file not in GOOD_LINES
                   and not c.file.endswith(".jsonl")}
    assert len(ids) == len(built_cases) + good_gz + 4  # + feed-ok-1, feed-ok-2, deep-ok, url-js
    pages = list((root / "site").rglob("index.html"))
    assert len(pages) > len(ids)


def test_strict_turns_any_problem_into_a_failure(built, tmp_path):
    root, _, _ = built
    strict = run(root, "generate", "--strict", "--jobs", "1")
    assert strict.returncode != 0 and "--strict" in strict.stderr
    check = run(root, "check")
    assert check.returncode == 1 and "seeds/impossible_date.txt" in check.stderr
    clean = make_project(tmp_path / "clean", seeds=False)
    for case in CATALOGUE:
        if case.outcome == "ok" and (FIXTURES / case.file).is_file():
            shutil.copy(FIXTURES / case.file, clean / "seeds" / case.file)
    shutil.copytree(root / ".briefing-cache", clean / ".briefing-cache")
    assert run(clean, "generate", "--strict", "--jobs", "1").returncode == 0


def test_messages_quoting_markup_are_printed_as_text(built):
    _, output, _ = built
    assert "date '[/red] [bold]' is not in the form YYYY-MM-DD" in output
    assert "\x1b" not in output


def test_seeds_are_never_written(built):
    root, _, before = built
    after = {k: hashlib.sha256(v).hexdigest() for k, v in tree(root / "seeds").items()}
    assert after == before


def test_hand_written_pages_are_never_overwritten(built):
    root, output, _ = built
    for relpath, text in HAND_WRITTEN.items():
        assert (root / "content" / relpath).read_text(encoding="utf-8") == text
    assert (root / "content" / "about.md").read_text(encoding="utf-8").startswith("# About")
    assert ("warning", "b/crlf/index.html", "exists and was not made by briefing; left as it is") in messages(output)
    manifest = (root / "content" / ".briefing-manifest.json").read_text()
    assert "notes.md" not in manifest and "b/crlf/index.html" not in manifest


def test_encodings_and_line_ends_are_read_as_text(built):
    root, _, _ = built
    content = tree(root / "content")
    for name, data in content.items():
        assert b"\r" not in data and "\ufeff".encode() not in data and b"\x1b" not in data, name
    text = "\n".join(v.decode("utf-8") for v in content.values() if not v.startswith(b"<"))
    assert "The café owner in São Paulo said “prices rose 5% to €20”" in text
    assert "The Bank of Japan in Tokyo kept rates unchanged" in text
    assert "The red alert in Oslo was lifted on Monday" in text and "[31m" not in text and "pwned" not in text
    crlf = frontmatter.loads(next(v for k, v in content.items() if "rotterdam-traffic-falls" in k).decode())
    assert crlf["title"] == "Rotterdam traffic falls"
    assert re.search(r'<p id="p2">(?:<a class="briefing-anchor"[^>]*></a>)?Shipping lines', crlf.content)


def test_page_addresses_stay_unique_short_and_ascii(built):
    root, _, _ = built
    same_day = sorted(p.name for p in (root / "content" / "2023" / "05" / "12").glob("*.md"))
    assert same_day == ["oil-prices-rise-collide-b.md", "oil-prices-rise.md"]
    assert [p.name for p in (root / "content" / "2023" / "05" / "29").glob("*.md")] == ["symbols-only.md"]
    for page in (root / "content").rglob("*.md"):
        rel = page.relative_to(root / "content").as_posix()
        assert rel.isascii() and len(page.name) <= 255 and ".." not in rel, rel
    (long_page,) = (root / "content" / "2023" / "05" / "16").glob("*.md")
    assert len(long_page.stem) <= 80
    title = frontmatter.load(long_page)["title"]
    assert len(title) > 300 and title.startswith("Parliament approves the long-delayed budget")


def test_titles_with_yaml_and_markdown_punctuation_survive_exactly(built):
    root, _, _ = built
    (page,) = (root / "content" / "2023" / "05" / "14").glob("*.md")
    post = frontmatter.load(page)
    assert post["title"] == 'Talks: a "new" #deal for C# devs, O\'Brien says'
    html = (root / "site" / page.relative_to(root / "content").with_suffix("") / "index.html").read_text()
    h1 = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html).group(1)
    assert "<" not in h1 and htmllib.unescape(h1) == post["title"]


def test_names_in_other_scripts_keep_their_letters_and_get_ascii_slugs(built):
    root, _, _ = built
    (page,) = (root / "content" / "2023" / "05" / "17").glob("*.md")
    post = frontmatter.load(page)
    assert "Зеленський" in post.content and "中华人民共和国外交部" in post.content and "בנימין נתניהו" in post.content
    names = {item["name"]: item["url"] for group in post["briefing"]["entities"] for item in group["items"]}
    assert names.get("Recep Tayyip Erdoğan") == "entities/recep-tayyip-erdogan/"
    entity = frontmatter.load(root / "content" / "entities" / "recep-tayyip-erdogan.md")
    assert entity["title"] == "Recep Tayyip Erdoğan"


def test_template_syntax_in_text_is_never_evaluated(built):
    root, _, _ = built
    (page,) = (root / "content" / "2023" / "05" / "19").glob("*.md")
    html = (root / "site" / page.relative_to(root / "content").with_suffix("") / "index.html").read_text()
    assert "{% include &#34;/etc/passwd&#34; %}" in html or "{% include &quot;/etc/passwd&quot; %}" in html
    assert "{{ 7*7 }}" in html
    assert "{{ config.site_name }}" in frontmatter.load(page)["title"]
    assert "root:" not in html


def test_markdown_syntax_in_text_makes_no_structure(built):
    root, _, _ = built
    (page,) = (root / "content" / "2023" / "05" / "18").glob("*.md")
    html = (root / "site" / page.relative_to(root / "content").with_suffix("") / "index.html").read_text()
    article = html[html.index('<article'):html.index('</article>')]
    text = article[article.index('<div class="briefing-text"'):]
    parts = [text[:text.index("</div>")]]
    for section in ('id="summary"', 'id="key-points"'):
        start = article.index(section)
        parts.append(article[start:article.index("<h2", start + 1)])
    assert "# Breaking: markets tumble" in parts[0] and "&gt; Quoted block" in parts[0]
    for tag in ("<table", "<hr", "<blockquote", "<ol", "<strong", "<em>", "<code", "<img", "<h3"):
        for part in parts:
            assert tag not in part, tag
    assert article.count("<h1") == 1
    assert "javascript:" not in "".join(re.findall(r'(?:href|src)="([^"]*)"', html))
    assert "[link](javascript:alert(1))" in html


def test_the_same_input_gives_the_same_bytes(built, tmp_path):
    root, _, _ = built
    twin = hostile_project(tmp_path / "twin")
    for relpath, text in HAND_WRITTEN.items():
        (twin / "content" / relpath).parent.mkdir(parents=True, exist_ok=True)
        (twin / "content" / relpath).write_text(text, encoding="utf-8")
    fresh = run(twin, "build", "--jobs", "1")  # its own empty cache: analysed afresh
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    assert tree(twin / "content") == tree(root / "content")
    assert tree(twin / "site", TIME_STAMPED) == tree(root / "site", TIME_STAMPED)
    again = run(twin, "build", "--jobs", "1")  # from the cache, over its own output
    assert again.returncode == 0
    assert tree(twin / "content") == tree(root / "content")
    assert tree(twin / "site", TIME_STAMPED) == tree(root / "site", TIME_STAMPED)


# --- Nothing executed: every page in a real browser --------------------------------------------

@pytest.fixture(scope="module")
def server(built):
    handler = functools.partial(QuietHandler, directory=str(built[0] / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


INJECTED = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) bad.push(`${el.tagName} ${name}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
          && /^\\s*(javascript|vbscript|data:text\\/html)/i.test(attr.value)) bad.push(`${el.tagName} ${name}=${attr.value}`);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed, frame, base, meta[http-equiv], svg[onload], form'))
    if (!(el.tagName === 'FORM' && el.closest('.md-header'))) bad.push(el.tagName);  // Material's search and palette forms
  for (const el of document.querySelectorAll('img')) if (!el.closest('.md-header, .md-footer')) bad.push('IMG ' + el.getAttribute('src'));
  for (const el of document.querySelectorAll('script')) if (/alert|onerror/.test(el.textContent)) bad.push('SCRIPT');
  for (const el of document.querySelectorAll('a')) if (/^\\s*javascript:/i.test(el.href)) bad.push('A ' + el.href);
  return bad;
}"""


def site_pages(root: Path) -> list[str]:
    site = root / "site"
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


@pytest.mark.browser
def test_no_page_of_the_hostile_site_runs_anything(built, server, browser):
    root, _, _ = built
    pages = site_pages(root)
    assert len(pages) > 100
    dialogs: list[str] = []
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    problems = {}
    for rel in pages:
        page.goto(f"{server}/{rel}", wait_until="load")
        if 'http-equiv="refresh"' in (root / "site" / rel).read_text(encoding="utf-8"):  # a short link
            page.wait_for_url(re.compile(r"/\d{4}/\d\d/\d\d/"), timeout=10_000)
            page.wait_for_load_state("load")
        found = page.evaluate(INJECTED)
        if found:
            problems[rel] = found
    context.close()
    assert not dialogs, dialogs
    assert not problems, problems


@pytest.mark.browser
def test_hostile_text_lands_as_text_everywhere(built, server, browser):
    root, _, _ = built
    (md,) = (root / "content" / "2023" / "05" / "20").glob("*.md")
    post = frontmatter.load(md)
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/{md.relative_to(root / 'content').with_suffix('').as_posix()}/")
    title = post["title"]
    assert "onerror=alert('title-img')" in title
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == title
    assert page.title() == f"{title} - Briefing archive"
    assert page.locator("[data-md-component=header-topic]").inner_text().strip() == title
    description = page.locator("meta[name=description]").get_attribute("content")
    assert "<script>alert('body')</script>" in description
    meta = page.locator("p.briefing-meta").inner_text()
    assert "<iframe src=javascript:alert('source')></iframe>" in meta and "<b onmouseover=alert('dateline')>GENEVA</b>" in meta
    article = page.locator(".briefing-text").inner_text()
    assert "<img src=x onerror=\"alert('img')\">" in article and "<iframe src=\"javascript:alert('iframe')\"></iframe>" in article
    assert "<img src=x onerror=alert('caption')>" in page.locator(".briefing-captions").inner_text()
    assert "Geneva" in page.locator("aside.briefing-sidebar").inner_text()
    page.goto(f"{server}/")
    for _ in _search_each(page):
        pass
    assert "onerror" in page.locator(".md-search-result").inner_text()
    assert not dialogs, dialogs
    page.close()


@pytest.mark.browser
def test_hostile_text_lands_as_text_in_the_chunked_search(built, browser, tmp_path):  # noqa: F811
    """The same archive with the chunked index (large archives' search): results are built from text nodes."""
    root = tmp_path / "chunked"
    shutil.copytree(built[0], root, ignore=shutil.ignore_patterns("site"))
    settings = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "    search: auto\n" in settings, "mkdocs.yml lost its search setting"
    (root / "mkdocs.yml").write_text(settings.replace("    search: auto\n", "    search: chunked\n"), encoding="utf-8")
    result = run(root, "build", "--jobs", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "chunked-search.js" in (root / "site" / "index.html").read_text(encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/")
        for query in _search_each(page):
            assert page.locator(".md-search-result mark").count() > 0, query
            if query == "onerror":
                assert "onerror=alert('title-img')" in page.locator(".md-search-result").inner_text()
        assert not dialogs, dialogs
    finally:
        page.close()
        httpd.shutdown()


def _search_each(page, queries=("onerror", "script alert", "javascript")):
    """Type each query into the search box; yield it once its results show and nothing was injected."""
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    for query in queries:
        search.fill("")
        search.press_sequentially(query, delay=30)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.wait_for_timeout(300)
        assert not page.evaluate(INJECTED), query
        yield query
