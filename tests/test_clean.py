from generator.clean import clean, split_paragraphs
from generator.ingest import ingest


def _seed(seed_dir, prefix):
    return next(a for a in ingest([seed_dir]).articles if a.id.startswith(prefix))


def test_clean_removes_scraper_junk_entirely(seed_dir):
    result = clean(_seed(seed_dir, "000"))
    text = result.text
    for junk in ("[[", "]]", "An error occurred", "Email address", "Sign up"):
        assert junk not in text
    assert result.paragraphs[0].startswith("Russian soldiers are slowly edging closer")
    assert any("An error occurred" in r for r in result.removed)


def test_clean_takes_captions_out_of_the_body(seed_dir):
    result = clean(_seed(seed_dir, "000"))
    assert [c.credit for c in result.captions] == ["AP", "AP", "AP"]
    assert result.captions[0].text == "Ukrainian soldiers fire a mortar in the front line near Bakhmut"
    assert "(AP)" not in result.text
    # Real sentences that mention a place in brackets are not captions.
    assert any("(0.6 miles)" in p for p in result.paragraphs)


def test_clean_pulls_the_dateline(seed_dir):
    result = clean(_seed(seed_dir, "004"))
    assert result.dateline == "NEAR CHASIV YAR, Ukraine"
    assert result.paragraphs[0].startswith("Russian forces carried out relentless attacks on Bakhmut")


def test_clean_joins_hard_wrapped_wire_text(corpus_path):
    from tests.conftest import corpus_slice
    from generator.ingest import _article
    from generator.models import Origin

    record = corpus_slice(1)[0]
    article = _article(record, record["text"], Origin("corpus", 1), "x")
    result = clean(article)
    assert result.paragraphs[0].startswith("Showers continued throughout the week in the Bahia cocoa zone")
    assert "\n" not in result.paragraphs[0]
    assert result.paragraphs[1] == "The dry period means the temporao will be late this year."


def test_split_paragraphs_keeps_long_lines_apart():
    long_a = "A" * 120 + "."
    long_b = "B" * 120 + "."
    assert split_paragraphs(f"{long_a}\n{long_b}") == [long_a, long_b]
