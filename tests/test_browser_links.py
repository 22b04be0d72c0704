"""The seed site served under a sub-path (/repo/, as GitHub project pages are), in Chromium.

Follows a short link, a related link and a thread link, and fails on any
request that leaves /repo/ or any response that is an error.
"""

import functools
import http.server
import threading

import pytest

from test_browser import CHROMIUM, QuietHandler, browser  # noqa: F401  (shared fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def subpath_server(seed_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    (root / "repo").symlink_to(seed_site / "site", target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_short_related_and_thread_links_work_under_a_sub_path(browser, subpath_server):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    bad = []
    page.on("response", lambda r: bad.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("request", lambda r: bad.append(("outside /repo/", r.url)) if r.url.startswith(subpath_server) and not r.url.startswith(f"{subpath_server}/repo/") else None)

    page.goto(f"{subpath_server}/repo/b/000_4d44e1a7d75e83ce/#p2")
    page.wait_for_url("**/repo/2022/10/28/**")
    assert page.url.endswith("#p2")  # the redirect keeps a paragraph anchor
    assert "Bakhmut" in page.locator("h1").inner_text()
    older_url = page.url.split("#")[0]

    page.locator("h2#related-briefings + ul a").first.click()
    page.wait_for_url("**/repo/2023/03/02/**")
    assert "Bakhmut" in page.locator("h1").inner_text()

    page.locator("a.briefing-thread-previous").click()
    page.wait_for_url(older_url)
    page.locator("a.briefing-thread-next").click()
    page.wait_for_url("**/repo/2023/03/02/**")

    copy = page.locator("section.briefing-cite button[data-permalink]")
    assert copy.get_attribute("data-clipboard-text") == f"{subpath_server}/repo/b/004_7e97a3f5f0aae28d/"
    page.locator("section.briefing-cite summary", has_text="BibTeX").click()
    assert page.locator("#briefing-cite-bibtex").inner_text().startswith("@misc{briefing-004_7e97a3f5f0aae28d,")

    page.goto(f"{subpath_server}/repo/timeline/")
    page.locator("article a", has_text="Russian forces").first.click()
    page.wait_for_url("**/repo/2023/03/02/**")
    assert not bad, bad
    page.close()
