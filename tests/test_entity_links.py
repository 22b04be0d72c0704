"""``body_segments`` never changes the text and links each entity once, whatever the offsets (property tests)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.entity_pages import body_segments, relative_url
from generator.models import Briefing, BriefingEntity, EntityMention, Origin

paragraphs = st.lists(st.text(alphabet="ab <&>\"'", min_size=1, max_size=30).map(str.strip).filter(bool),
                      min_size=1, max_size=4)


@settings(deadline=None)  # a shared CI machine can stall any single example
@given(paragraphs, st.lists(st.tuples(st.integers(0, 130), st.integers(1, 12)), max_size=8))
def test_pieces_rebuild_each_paragraph_and_link_each_entity_at_most_once(paras, spans):
    text = "\n\n".join(paras)
    refs = [BriefingEntity(f"k{i}", [EntityMention(text[s:s + n], s, s + n)]) for i, (s, n) in enumerate(spans)
            if s + n <= len(text)]
    briefing = Briefing(id="x", date=dt.date(2023, 1, 1), title="x", title_generated=False, text=text,
                        paragraphs=paras, sentences=[], mentions=[], summary=[], key_points=[], word_count=1,
                        reading_minutes=1, origin=Origin("x"))
    urls = {ref.key: f"entities/{ref.key}/" for ref in refs}
    body = body_segments(briefing, refs, urls, "2023/01/01/x/")
    assert ["".join(t for t, _ in pieces) for pieces in body] == paras
    hrefs = [h for pieces in body for _, h in pieces if h]
    assert len(hrefs) == len(set(hrefs)) and all(h.startswith("../../../../entities/") for h in hrefs)


def test_relative_url_between_directory_urls():
    assert relative_url("entities/bakhmut/", "2022/10/28/story/") == "../../../../entities/bakhmut/"
    assert relative_url("entities/bakhmut/", "entities/russia/") == "../bakhmut/"
