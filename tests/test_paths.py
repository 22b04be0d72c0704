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


@given(src=source)
def test_url_of_is_the_url_mkdocs_gives_the_page(src):
    """A page named like ``retail-price-index.md`` is an ordinary page, not its folder's index."""
    from mkdocs.structure.files import File

    expected = File(src, "/docs", "/site", use_directory_urls=True).url
    assert url_of(src) == ("" if expected == "./" else expected)


@given(target=source, start=source)
def test_page_href_leads_from_one_page_to_the_other(target, start):
    """Followed from ``start``'s URL, the link lands on ``target``'s URL (what a browser does)."""
    from urllib.parse import urljoin

    base = "http://site/" + url_of(start)
    assert urljoin(base, page_href(target, start)) == "http://site/" + url_of(target)
