"""Issue 28: what a reader's software and a failing machine do with the site.

- Feeds: a reader renders an RSS ``<description>`` as HTML, so article text
  in it must arrive as text; checked by rendering each one in Chromium, as
  a reader does.
- ``site_name`` with ``<`` and ``&`` prints as text on every page, in the
  theme's partials too.
- A full disk (a small tmpfs mounted over content/, the cache or site/;
  mounting needs root, so these skip without it), a file-size limit
  (``RLIMIT_FSIZE`` set in the build's process, as ``ulimit -f`` does) and a
  read-only content/ (a read-only bind mount; ``chmod`` without root) give
  a message saying what happened and what to do, never a traceback, and
  leave the previous pages as they were.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, make_project
from generator.build import generate
from generator.site_build import mkdocs_build
from generator.config import load_config
from test_browser import browser  # noqa: F401  (shared Chromium fixture)

HOSTILE_SUMMARY = ("Officials in Madrid said on Monday that the page showed <img src=x onerror=alert(document.domain)> "
                   "and <b>bold</b> text after the attack.")
HOSTILE_SITE_NAME = "Trade & <img src=x onerror=alert(1)> Tariffs"


def cli(root: Path, *args: str, file_limit: int | None = None) -> subprocess.CompletedProcess:
    """The real command line; ``file_limit`` sets the largest file it may write, as ``ulimit -f`` does."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run([sys.executable, "-m", "generator", *args, "--jobs", "1", "--project", str(root)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          preexec_fn=limit if file_limit else None)


def pages(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def set_option(root: Path, old: str, new: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


# ---------------------------------------------------------------- feeds in a reader

@pytest.fixture(scope="module")
def hostile_feed(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("feed") / "archive")
    text = (HOSTILE_SUMMARY + " The ministry said the attack came from abroad and that it had restored the page "
            "within an hour. Police in Madrid are investigating the attack on the ministry.")
    record = {"id": "defaced-1", "date": "2023-05-01", "title": "Ministry site defaced", "text": text}
    (root / "seeds" / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = generate(load_config(root), jobs=1)
    assert not report.problems, report.problems
    return root / "content"


@pytest.mark.browser
def test_rss_descriptions_rendered_as_html_by_a_reader_show_article_markup_as_text_28(hostile_feed, browser):  # noqa: F811
    items = ET.parse(hostile_feed / "feed.xml").getroot().findall("./channel/item")
    descriptions = {item.findtext("guid"): item.findtext("description") for item in items}
    assert HOSTILE_SUMMARY in "".join(descriptions.values()).replace("&lt;", "<").replace("&gt;", ">")
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content("<html><body><div id='reader'></div></body></html>")
    for guid, description in descriptions.items():
        # What a reader does with a description: parse it as HTML and show it.
        shown = page.evaluate("""html => { const box = document.getElementById('reader'); box.innerHTML = html;
            return {text: box.textContent, elements: box.querySelectorAll('*').length}; }""", description)
        assert shown["elements"] == 0, (guid, description)
        if guid == "b/defaced-1/":
            assert shown["text"].startswith(HOSTILE_SUMMARY)
    page.wait_for_timeout(300)  # an onerror would have fired by now
    assert dialogs == []
    page.close()


def test_json_feed_carries_article_markup_as_plain_text_only_28(hostile_feed):
    feed = json.loads((hostile_feed / "feed.json").read_text(encoding="utf-8"))
    (item,) = [i for i in feed["items"] if i["id"] == "b/defaced-1/"]
    assert item["content_text"].startswith(HOSTILE_SUMMARY) and item["summary"] == item["content_text"]
    assert not any("content_html" in i for i in feed["items"])


# ---------------------------------------------------------------- site_name

@pytest.mark.slow
def test_a_site_name_with_markup_is_text_on_every_page_and_in_every_partial_28(tmp_path):
    root = make_project(tmp_path / "archive")
    set_option(root, "site_name: Briefing archive\n", f"site_name: '{HOSTILE_SITE_NAME}'\n")
    set_option(root, "docs_dir: content\n", "docs_dir: content\nsite_author: 'Desk \"<b>\" & co'\n")
    config = load_config(root)
    generate(config, jobs=1)
    mkdocs_build(config, jobs=1)
    html = {p: p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html")}
    assert len(html) > 10
    escaped = "Trade &amp; &lt;img src=x onerror=alert(1)&gt; Tariffs"
    for path, text in html.items():
        assert "<img src=x onerror" not in text, path
        assert "<b>" not in text, path  # site_author: escaped by the hook, wherever a theme prints it
        assert "&amp;amp;" not in text and "&amp;lt;img" not in text, path  # escaped once, not twice
    home = html[root / "site" / "index.html"]
    assert f"<title>{escaped}</title>" in home
    assert home.count(escaped) >= 4  # title, header logo and topic, navigation drawer (Material's partial)


# ---------------------------------------------------------------- a failing machine

@contextmanager
def small_disk(folder: Path, size_kb: int):
    """Mount a tmpfs of ``size_kb`` over ``folder``, holding what it held; needs root."""
    keep = folder.with_name(folder.name + ".kept")
    folder.mkdir(exist_ok=True)
    folder.rename(keep)
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        folder.rmdir()
        keep.rename(folder)
        pytest.skip(f"cannot mount a small tmpfs (needs root): {mounted.stderr.strip()}")
    try:
        shutil.copytree(keep, folder, dirs_exist_ok=True, symlinks=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()
        keep.rename(folder)


@contextmanager
def read_only(folder: Path):
    """Make ``folder`` read-only: a read-only bind mount as root (root writes through permissions), else chmod."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")] if p.is_dir()}
        for path in modes:
            path.chmod(0o555)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The seeds generated once; each test works on a copy (with its cache: no spaCy needed again)."""
    root = make_project(tmp_path_factory.mktemp("machine") / "archive")
    result = cli(root, "generate")
    assert result.returncode == 0, result.stderr[-2000:]
    return root


def copy_of(generated: Path, target: Path) -> Path:
    return Path(shutil.copytree(generated, target, symlinks=True))


def said_plainly(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-3000:]
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr[-3000:]


@pytest.mark.slow
def test_a_full_disk_under_content_is_a_message_and_the_previous_pages_stay_28(generated, tmp_path):
    root = copy_of(generated, tmp_path / "archive")
    before = pages(root / "content")
    used_kb = sum(-(-p.stat().st_size // 4096) * 4 for p in (root / "content").rglob("*") if p.is_file())
    set_option(root, "summary_sentences: 3", "summary_sentences: 1")  # every briefing page changes
    with small_disk(root / "content", used_kb + 16):  # tmpfs gives each file whole 4 KB pages
        result = cli(root, "generate")
        after = pages(root / "content")
    said_plainly(result, "Error: the disk is full: cannot write content/", "Nothing was lost",
                 "free some space on that disk and build again")
    assert after == before


@pytest.mark.slow
def test_a_full_disk_under_the_cache_is_a_message_28(generated, tmp_path):
    root = copy_of(generated, tmp_path / "archive")
    shutil.rmtree(root / ".briefing-cache")
    with small_disk(root / ".briefing-cache", 24):
        result = cli(root, "generate")
    said_plainly(result, "cannot write .briefing-cache/", ".briefing-cache/ only keeps earlier results",
                 "To go on:")


@pytest.mark.slow
def test_a_full_disk_under_site_is_a_message_28(generated, tmp_path):
    root = copy_of(generated, tmp_path / "archive")
    with small_disk(root / "site", 64):
        result = cli(root, "build")
    said_plainly(result, "Error: the disk is full: cannot write site/", "site/ may be incomplete until the next build")


@pytest.mark.slow
def test_a_file_size_limit_ulimit_f_is_a_message_naming_it_28(generated, tmp_path):
    root = copy_of(generated, tmp_path / "archive")
    shutil.rmtree(root / ".briefing-cache")
    result = cli(root, "generate", file_limit=40_000)
    said_plainly(result, "a file-size limit is set: ulimit -f 39, 40,000 bytes", "To go on:")


@pytest.mark.slow
def test_a_read_only_content_folder_is_a_message_and_nothing_changes_28(generated, tmp_path):
    root = copy_of(generated, tmp_path / "archive")
    before = pages(root / "content")
    set_option(root, "summary_sentences: 3", "summary_sentences: 1")
    with read_only(root / "content"):
        result = cli(root, "generate")
    said_plainly(result, "cannot write content/", "Nothing was lost", "To go on: make it")
    assert pages(root / "content") == before
