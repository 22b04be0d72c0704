"""paths.relpath must give exactly what posixpath.relpath gives, for any relative path."""

import posixpath

import pytest
from hypothesis import given, strategies as st

from generator.paths import page_href, relpath, url_of

part = st.sampled_from(["a", "b", "2022", "10", "entities", "opec", "index.md", "x.md", ".", "..", ""])
path = st.lists(part, max_size=6).map("/".join)


@given(target=path, start=path)
def test_relpath_matches_the_standard_library(target, start):
    if not target:
        with pytest.raises(ValueError):
            posixpath.relpath(target, start)
        with pytest.raises(ValueError):
            relpath(target, start)
        return
    assert relpath(target, start) == posixpath.relpath(target, start)


def test_relpath_on_real_site_paths():
    assert relpath("entities/opec/", "1987/03/02/opec-meets") == "../../../../entities/opec"
    assert relpath("1987/03/02/other", "1987/03/02/opec-meets") == "../other"
    assert relpath("timeline/1987/03.md", ".") == "timeline/1987/03.md"
    assert relpath("a/b", "a/b") == "."


name = st.sampled_from(["index", "retail-price-index", "index-fund", "opec", "2022", "a-z", "x"])
source = st.lists(name, min_size=1, max_size=4).map(lambda parts: "/".join(parts) + ".md")
stub = st.lists(name, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + "/index.html")  # a redirect stub


@given(src=st.one_of(source, stub), directory_urls=st.booleans())
def test_url_of_is_the_url_mkdocs_gives_the_file_in_either_url_form(src, directory_urls):
    """A page named like ``retail-price-index.md`` is an ordinary page, not its folder's index; without directory
    URLs (an offline build) a page is its own ``.html`` file, and a stub keeps its name."""
    from mkdocs.structure.files import File

    expected = File(src, "/docs", "/site", use_directory_urls=directory_urls).url
    assert url_of(src, directory_urls) == ("" if expected == "./" else expected)


def test_url_of_without_directory_urls_names_the_files_mkdocs_writes():
    assert url_of("entities/opec.md", directory_urls=False) == "entities/opec.html"
    assert url_of("index.md", directory_urls=False) == "index.html"
    assert url_of("entities/index.md", directory_urls=False) == "entities/index.html"
    assert url_of("b/1987-0001/index.html", directory_urls=False) == "b/1987-0001/index.html"
    assert url_of("b/1987-0001/index.html") == "b/1987-0001/"


@given(target=source, start=st.one_of(source, stub), directory_urls=st.booleans())
def test_page_href_leads_from_one_page_to_the_other(target, start, directory_urls):
    """Followed from ``start``'s URL, the link lands on ``target``'s URL (what a browser does), in either URL form."""
    from urllib.parse import urljoin

    base = "http://site/" + url_of(start, directory_urls)
    assert urljoin(base, page_href(target, start, directory_urls)) == "http://site/" + url_of(target, directory_urls)


def test_page_href_from_a_briefing_in_an_offline_build_names_the_entity_pages_file():
    src = "2022/10/28/russian-soldiers-edging-closer-to-seize-bakhmut.md"
    assert page_href("entities/opec.md", src) == "../../../../entities/opec/"
    assert page_href("entities/opec.md", src, directory_urls=False) == "../../../entities/opec.html"
    assert page_href("index.md", "b/1987-0001/index.html", directory_urls=False) == "../../index.html"
    assert page_href("timeline/1987/03.md#d1987-03-02", "timeline.md", directory_urls=False) \
        == "timeline/1987/03.html#d1987-03-02"
