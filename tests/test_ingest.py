import datetime as dt
import gzip
import hashlib
import json

from generator.ingest import check_id, ingest, parse_date
import pytest


def test_ingest_reads_both_seeds_with_dates_and_file_ids(seed_dir):
    result = ingest([seed_dir])
    assert not result.problems
    by_id = {a.id: a for a in result.articles}
    assert set(by_id) == {"000_4d44e1a7d75e83ce", "004_7e97a3f5f0aae28d"}
    assert by_id["000_4d44e1a7d75e83ce"].date == dt.date(2022, 10, 28)
    assert by_id["004_7e97a3f5f0aae28d"].date == dt.date(2023, 3, 2)
    # The text continues on the date line, and the header itself is gone.
    assert by_id["004_7e97a3f5f0aae28d"].text.startswith("NEAR CHASIV YAR, Ukraine - Russian forces")
    assert not by_id["000_4d44e1a7d75e83ce"].text.lstrip().startswith("date")
    assert all(a.title is None for a in result.articles)


def test_ingest_markdown_front_matter(tmp_path):
    (tmp_path / "story.md").write_text(
        '---\ndate: 2023-05-01\ntitle: "Talks: a \\"new\\" #deal"\nid: talks-1\nsource: Example News\n---\nBody text here.\n',
        encoding="utf-8",
    )
    (article,) = ingest([tmp_path]).articles
    assert article.id == "talks-1"
    assert article.title == 'Talks: a "new" #deal'
    assert article.source == "Example News"
    assert article.date == dt.date(2023, 5, 1)
    assert article.text.strip() == "Body text here."


def test_ingest_markdown_without_id_uses_file_name(tmp_path):
    (tmp_path / "Some Story.md").write_text("---\ndate: 2023-05-01\n---\nBody.\n", encoding="utf-8")
    (article,) = ingest([tmp_path]).articles
    assert article.id == "some-story"


def test_ingest_jsonl_gz_from_the_corpus(tmp_path, corpus_path):
    with gzip.open(corpus_path, "rt", encoding="utf-8") as src:
        lines = [next(src) for _ in range(5)]
    path = tmp_path / "slice.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    result = ingest([path])
    assert [a.id for a in result.articles] == [json.loads(l)["id"] for l in lines]
    first = result.articles[0]
    assert first.title == json.loads(lines[0])["title"]
    assert first.dateline == json.loads(lines[0])["dateline"]
    assert first.source == "Reuters"


def test_ingest_jsonl_minimal_records_and_a_broken_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"date": "2023-01-02", "text": "First story."}\n'
        "{broken\n"
        '{"id": "x-2", "date": "2023-01-03", "text": "Second story.", "extra": [1, 2]}\n',
        encoding="utf-8",
    )
    result = ingest([path])
    # an id-less line is named by its file and a hash of its date, title and text (separated by \x1f)
    expected = "feed-" + hashlib.blake2b("2023-01-02\x1f\x1fFirst story.".encode(), digest_size=6).hexdigest()
    assert [a.id for a in result.articles] == [expected, "x-2"]
    (problem,) = result.problems
    assert problem.origin.line == 2 and "feed.jsonl" in problem.origin.path


@pytest.mark.parametrize("content, message", [
    ("no header at all", "no date"),
    ("date 2023-02-30 text", "does not exist"),
    ("date 28 Oct 2022 text", "YYYY-MM-DD"),
    ("", "empty"),
])
def test_ingest_bad_txt_names_the_file_and_the_problem(tmp_path, content, message):
    (tmp_path / "bad.txt").write_text(content, encoding="utf-8")
    (tmp_path / "good.txt").write_text("date 2023-01-01 A good story.", encoding="utf-8")
    result = ingest([tmp_path])
    assert [a.id for a in result.articles] == ["good"]
    (problem,) = result.problems
    assert problem.origin.path.endswith("bad.txt") and message in problem.message


def test_duplicate_ids_keep_the_first(tmp_path):
    (tmp_path / "a.md").write_text("---\ndate: 2023-01-01\nid: same\n---\nOne.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndate: 2023-01-02\nid: same\n---\nTwo.\n", encoding="utf-8")
    result = ingest([tmp_path])
    assert [a.text.strip() for a in result.articles] == ["One."]
    assert "duplicate id" in result.problems[0].message


def test_unsafe_ids_are_rejected():
    for bad in ("../etc", "a/b", "", ".hidden"):
        with pytest.raises(ValueError):
            check_id(bad)
    assert check_id("Reuters-12") == "reuters-12"


def test_parse_date_accepts_iso_datetimes():
    assert parse_date("2023-03-02T10:00:00Z") == dt.date(2023, 3, 2)


def test_future_dates_are_refused_after_a_day_of_grace(tmp_path):
    for name, date in (("today", "2024-03-10"), ("tomorrow", "2024-03-11"), ("later", "2024-03-12")):
        (tmp_path / f"{name}.txt").write_text(f"date {date} Officials said on Sunday the talks went well.", encoding="utf-8")
    result = ingest([tmp_path], today=dt.date(2024, 3, 10))
    assert sorted(a.id for a in result.articles) == ["today", "tomorrow"]
    (problem,) = result.problems
    assert problem.origin.path.endswith("later.txt")
    assert "2024-03-12 is in the future (after 2024-03-11)" in problem.message


@pytest.mark.parametrize("written, iso", [("28 Oct 2022", "2022-10-28"), ("October 28, 2022", "2022-10-28"),
                                          ("2022/10/28", "2022-10-28")])
def test_dates_in_other_forms_are_refused_with_the_iso_date_to_write(written, iso):
    with pytest.raises(ValueError, match=f"write {iso}"):
        parse_date(written)


def test_ambiguous_dates_get_no_suggestion():
    with pytest.raises(ValueError) as info:
        parse_date("03/04/2022")
    assert "write" not in str(info.value)


def test_an_over_long_jsonl_line_is_skipped_without_reading_it_whole(tmp_path, monkeypatch):
    import generator.ingest as ingest_module

    monkeypatch.setattr(ingest_module, "MAX_LINE_BYTES", 200)
    path = tmp_path / "feed.jsonl"
    long = json.dumps({"date": "2023-01-02", "text": "word " * 100})
    path.write_text('{"date": "2023-01-02", "text": "Short one."}\n' + long + "\n"
                    + '{"date": "2023-01-03", "text": "Short two."}\n', encoding="utf-8")
    result = ingest([path])
    assert [a.text for a in result.articles] == ["Short one.", "Short two."]
    (problem,) = result.problems
    assert problem.origin.line == 2 and "over the 200-byte limit" in problem.message


def test_utf16_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "win.txt").write_bytes("date 2023-01-02 Zürich said “yes”.\r\n".encode("utf-16"))
    (article,) = ingest([tmp_path]).articles
    assert article.text.strip() == "Zürich said “yes”."


def test_front_matter_dates_are_checked_like_any_other(tmp_path):
    (tmp_path / "a.md").write_text("---\ndate: 2023-02-30\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ndate: 2023-02-03\n---\nBody.\n", encoding="utf-8")
    result = ingest([tmp_path])
    assert [a.date for a in result.articles] == [dt.date(2023, 2, 3)]
    assert "'2023-02-30' does not exist" in result.problems[0].message


def test_control_bytes_without_nuls_are_a_binary_file_but_tabs_and_form_feeds_are_text(tmp_path):
    (tmp_path / "noise.txt").write_bytes(b"date 2022-10-01\n" + bytes(range(1, 32)) * 40)
    (tmp_path / "tabs.txt").write_bytes(b"date 2022-10-01\n" + b"A\ttabbed\x0cline of text.\r\n" * 40)
    result = ingest([tmp_path])
    assert [a.id for a in result.articles] == ["tabs"]
    assert [(p.origin.path, p.message) for p in result.problems] == [
        (str(tmp_path / "noise.txt"), "binary file (mostly control bytes), not text")]


def test_the_same_id_less_line_twice_in_a_feed_is_read_twice_with_ids_that_do_not_move(tmp_path):
    line = '{"date": "2023-05-02", "title": "Kenya raises fuel prices", "text": "Pump prices rose by 3 shillings."}\n'
    other = '{"date": "2023-05-03", "text": "Norway\'s wealth fund returned 5.9 percent in the quarter."}\n'
    path = tmp_path / "wire.jsonl"
    path.write_text(line + line + other, encoding="utf-8")
    first = [a.id for a in ingest([path]).articles]
    path.write_text(other + line + line, encoding="utf-8")
    second = [a.id for a in ingest([path]).articles]
    assert len(set(first)) == 3 and first[1] == first[0] + "-2"
    assert second == [first[2], first[0], first[1]]
