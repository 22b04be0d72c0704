"""paths.relpath must give exactly what posixpath.relpath gives, for any relative path."""

import posixpath

import pytest
from hypothesis import given, strategies as st

from generator.paths import relpath

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
