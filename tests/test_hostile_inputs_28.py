"""Odd but valid, or bad, input that used to crash a whole build or vanish without a word (issue 28).

Each input here once gave a traceback and no site, or was skipped in
silence so that ``--strict`` passed. Now each is one message naming the
file (and line) and the rest of the archive is built; valid input simply
builds. The unreadable cases need a user the permissions apply to: run as
root, the test reads them in a forked process that has become ``nobody``.
"""

from __future__ import annotations

import datetime as dt
import encodings.cp1252  # noqa: F401  (loaded before a fork drops to a user who cannot read the stdlib)
import encodings.latin_1  # noqa: F401
import encodings.utf_16  # noqa: F401
import encodings.utf_8_sig  # noqa: F401
import gzip
import json
import os
import pickle
import tempfile
import threading
import time
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import make_project
from generator.build import generate
from generator.cli import cli
from generator.config import load_config
from generator.dates import find_dates
from generator.entities_overrides import load_overrides
from generator import ingest as ingest_module
from generator.ingest import ingest
from generator.models import Kind, Mention
from test_hostile import messages, run

NOBODY = 65534
GOOD = "Officials in Madrid said on Monday that exports rose 4 percent in April, the trade ministry reported."


def problems(result) -> list[tuple[str, str, str]]:
    return [(p.severity, str(p.origin), p.message) for p in result.problems]


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


# ---------------------------------------------------------------- one build over every input that used to crash it

@pytest.fixture(scope="module")
def crash_inputs(tmp_path_factory):
    """The seeds, plus each input that used to crash the build, built once with ``briefing build``; then ``check``."""
    root = make_project(tmp_path_factory.mktemp("crashes") / "archive")
    seeds = root / "seeds"
    write_jsonl(seeds / "surrogates.jsonl", [{"date": "2023-05-01", "title": "Exports \ud800 rise", "source": "Wire \udc00",
                                              "author": "A. Writer \ud801", "text": GOOD}])
    (seeds / "surrogate_title.md").write_text(
        '---\ndate: 2023-05-02\ntitle: "Imports \\ud800 fall"\n---\n'
        "Officials in Lisbon said on Tuesday that imports fell 2 percent in April.\n", encoding="utf-8")
    (seeds / os.fsdecode(b"caf\xe9-report.txt")).write_text(
        "date 2023-05-03 Officials in Vienna said on Wednesday that cafe sales rose in April.\n", encoding="utf-8")
    (seeds / "year_one.txt").write_text("date 0001-01-01 Officials said yesterday that the harvest was good.\n",
                                        encoding="utf-8")
    (root / "entities.yml").write_text("merge:\n  Kyiv: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    built = run(root, "build", "--jobs", "1")
    checked = run(root, "check")
    return root, built, checked


@pytest.mark.slow
def test_lone_surrogates_in_jsonl_title_source_and_author_are_replaced_with_a_warning_28(crash_inputs):
    root, built, _ = crash_inputs
    assert built.returncode == 0 and "Traceback" not in built.stderr, built.stderr[-3000:]
    said = messages(built.stderr)
    for field, escape in (("title", "\\ud800"), ("source", "\\udc00"), ("author", "\\ud801")):
        assert ("warning", "seeds/surrogates.jsonl:1",
                f"{field} holds a lone surrogate ({escape}), which is no character; replaced by \ufffd") in said
    (page,) = (root / "content" / "2023" / "05" / "01").glob("*.md")
    assert "Exports \ufffd rise" in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_lone_surrogate_in_a_front_matter_title_is_replaced_with_a_warning_28(crash_inputs):
    root, built, _ = crash_inputs
    assert ("warning", "seeds/surrogate_title.md",
            "title holds a lone surrogate (\\ud800), which is no character; replaced by \ufffd") in messages(built.stderr)
    assert list((root / "content" / "2023" / "05" / "02").glob("*.md"))


@pytest.mark.slow
def test_a_seed_file_name_that_is_not_utf8_is_built_and_named_with_escapes_28(crash_inputs):
    root, built, _ = crash_inputs
    assert ("warning", "seeds/caf\\xe9-report.txt",
            "file name is not UTF-8 (shown with \\x escapes); read, but rename it in UTF-8") in messages(built.stderr)
    assert list((root / "content" / "2023" / "05" / "03").glob("*.md"))


@pytest.mark.slow
def test_a_date_before_the_year_1000_is_refused_naming_the_file_28(crash_inputs):
    root, built, _ = crash_inputs
    assert ("error", "seeds/year_one.txt",
            "date '0001-01-01' is before the year 1000; check the date") in messages(built.stderr)
    assert not (root / "content" / "1").exists()


@pytest.mark.slow
def test_entities_yml_nested_a_thousand_deep_is_a_message_and_the_rest_is_built_28(crash_inputs):
    root, built, _ = crash_inputs
    assert ("error", str(root / "entities.yml"),
            "invalid YAML, nested too deeply; entity overrides ignored") in messages(built.stderr)
    assert (root / "site" / "index.html").is_file() and list((root / "content" / "2022" / "10" / "28").glob("*.md"))


@pytest.mark.slow
def test_check_reports_what_build_would_reject_28(crash_inputs):
    _, built, checked = crash_inputs
    assert checked.returncode == 1 and "Traceback" not in checked.stderr, checked.stderr[-3000:]
    assert set(messages(checked.stderr)) == set(messages(built.stderr))


# ---------------------------------------------------------------- valid input that crashed, and dates

def test_an_archive_where_no_entity_with_a_page_is_in_two_briefings_builds_28(tmp_path):
    root = make_project(tmp_path / "archive", seeds=False)
    (root / "seeds" / "lisbon.txt").write_text(
        "date 2023-05-01 Lisbon port workers went on strike on Monday. Lisbon officials said the strike in Lisbon "
        "would last a week, and shipping lines said Lisbon cargo would wait.\n", encoding="utf-8")
    (root / "seeds" / "oslo.txt").write_text(
        "date 2023-05-02 Oslo opened a new library on Tuesday. Oslo city officials said Oslo readers had waited "
        "years, and the mayor of Oslo called it a gift.\n", encoding="utf-8")
    report = generate(load_config(root), jobs=1)
    assert not report.problems and report.briefings == 2 and report.entity_pages >= 2
    assert report.render is not None and (root / "content" / "entities" / "oslo.md").is_file()


def test_a_relative_date_overflowing_from_the_first_or_last_year_is_left_out_28():
    for text, today in (("yesterday", dt.date(1, 1, 1)), ("last week", dt.date(1, 1, 2)), ("tomorrow", dt.date(9999, 12, 31)),
                        ("next year", dt.date(9999, 6, 1)), ("two years ago", dt.date(1, 6, 1))):
        body = f"Officials said {text} that the harvest was good."
        mention = Mention(text, body.index(text), body.index(text) + len(text), Kind.DATE)
        assert find_dates(body, [(0, len(body))], [mention], today) == []


def test_a_time_of_99_99_is_refused_with_a_message_28(tmp_path):
    write_jsonl(tmp_path / "feed.jsonl", [{"date": "2023-05-14T99:99", "text": GOOD},
                                          {"date": "2023-05-14T10:30:00Z", "text": GOOD + " Again."}])
    result = ingest([tmp_path], base=tmp_path)
    assert problems(result) == [("error", "feed.jsonl:1", "date '2023-05-14T99:99': the time '99:99' does not exist; "
                                                         "write YYYY-MM-DD or YYYY-MM-DDTHH:MM")]
    assert [a.date for a in result.articles] == [dt.date(2023, 5, 14)]


def test_the_summary_counts_add_up_when_only_the_summaries_are_made_again_28(project):
    generate(load_config(project), jobs=1)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("summary_sentences: 3", "summary_sentences: 2"),
                      encoding="utf-8")
    report = generate(load_config(project), jobs=1)  # analyses from the cache, summaries made again
    assert report.briefings == 2 and (report.analysed, report.cached) == (0, 2)


# ---------------------------------------------------------------- caps on what one file may hold

def test_two_hundred_mib_of_gzipped_newlines_stop_at_the_line_cap_at_once_28(tmp_path):
    path = tmp_path / "newlines.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(json.dumps({"id": "first", "date": "2023-05-01", "text": GOOD}).encode() + b"\n")
        for _ in range(200):
            out.write(b"\n" * (1 << 20))
    assert path.stat().st_size < 300_000
    start = time.perf_counter()
    result = ingest([path], base=tmp_path)
    assert time.perf_counter() - start < 10
    assert [a.id for a in result.articles] == ["first"]
    assert problems(result) == [("error", "newlines.jsonl.gz:100001",
                                 "more than 100,000 lines, the limit for one file (extra.briefing.max_file_articles); "
                                 "the 100,000 line(s) before were read, the rest was not")]


def test_the_caps_on_one_file_are_set_in_mkdocs_yml_and_name_the_file_28(tmp_path):
    root = make_project(tmp_path / "archive", seeds=False)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    latest_count: 20\n", "    latest_count: 20\n    max_file_mb: 1\n    max_file_articles: 50\n"), encoding="utf-8")
    limits = load_config(root).ingest_limits
    assert (limits.max_bytes, limits.max_articles) == (1_000_000, 50)
    many = root / "seeds" / "many.jsonl"
    write_jsonl(many, [{"id": f"a-{i}", "date": "2023-05-01", "text": GOOD} for i in range(60)])
    big = root / "seeds" / "big.jsonl"
    write_jsonl(big, [{"id": f"b-{i}", "date": "2023-05-01", "text": GOOD + " " + "x" * 100_000} for i in range(20)])
    result = ingest([root / "seeds"], base=root, limits=limits)
    said = problems(result)
    assert said[0][:2] == ("error", "seeds/big.jsonl:10") and "more than 1 MB decompressed" in said[0][2]
    assert "extra.briefing.max_file_mb" in said[0][2] and "the 9 line(s) before were read" in said[0][2]
    assert said[1][:2] == ("error", "seeds/many.jsonl:51") and "extra.briefing.max_file_articles" in said[1][2]
    assert len(result.articles) == 9 + 50


# ---------------------------------------------------------------- seeds that cannot be read are named

def as_nobody(function):
    """Run ``function()`` as an unprivileged user (forked, when root); return its result."""
    if os.geteuid() != 0:
        return function()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (child)
        os.close(read)
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            data = pickle.dumps(("ok", function()))
        except BaseException:
            data = pickle.dumps(("failed", traceback.format_exc()))
        with os.fdopen(write, "wb") as handle:
            handle.write(data)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as handle:
        status, value = pickle.loads(handle.read())
    os.waitpid(pid, 0)
    assert status == "ok", value
    return value


@pytest.fixture
def unreadable_seeds():
    """Seeds with a folder and a JSONL file nobody but their owner may read, in a folder others can enter."""
    with tempfile.TemporaryDirectory(prefix="briefing-28-") as folder:
        root = make_project(Path(folder) / "archive")
        seeds = root / "seeds"
        (seeds / "locked").mkdir()
        (seeds / "locked" / "story.txt").write_text(f"date 2023-05-01 {GOOD}\n", encoding="utf-8")
        write_jsonl(seeds / "feed.jsonl", [{"date": "2023-05-02", "text": GOOD}])
        for path in (Path(folder), root, seeds, *seeds.iterdir(), root / "mkdocs.yml"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        (seeds / "locked").chmod(0)
        (seeds / "feed.jsonl").chmod(0)
        yield root


def test_an_unreadable_seed_folder_is_named_and_strict_check_fails_28(unreadable_seeds):
    root = unreadable_seeds
    result = as_nobody(lambda: problems(ingest([root / "seeds"], base=root)))
    assert ("error", "seeds/locked",
            "cannot read this folder (Permission denied); the articles in it were not read") in result
    code, output = as_nobody(lambda: (lambda r: (r.exit_code, r.output))(
        CliRunner().invoke(cli, ["check", "--strict", "--project", str(root)])))
    assert code == 1 and "error seeds/locked: cannot read this folder" in output


def test_an_unreadable_jsonl_file_is_called_unreadable_not_damaged_28(unreadable_seeds):
    root = unreadable_seeds
    result = as_nobody(lambda: problems(ingest([root / "seeds"], base=root)))
    assert ("error", "seeds/feed.jsonl", "cannot read: Permission denied") in result
    assert not any("damaged" in message for _, _, message in result)


def test_a_dangling_symlink_among_the_seeds_is_named_28(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "story.txt").write_text(f"date 2023-05-01 {GOOD}\n", encoding="utf-8")
    (tmp_path / "seeds" / "moved.txt").symlink_to("archive/moved.txt")
    result = ingest([tmp_path / "seeds"], base=tmp_path)
    assert problems(result) == [("error", "seeds/moved.txt", "dangling symbolic link (to 'archive/moved.txt'); not read")]
    assert [a.id for a in result.articles] == ["story"]


def test_a_symlink_leading_outside_the_seeds_is_reported_and_followed_only_when_allowed_28(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.txt").write_text(f"date 2023-05-01 {GOOD}\n", encoding="utf-8")
    root = make_project(tmp_path / "archive", seeds=False)
    (root / "seeds" / "private.txt").symlink_to(outside / "private.txt")
    (root / "seeds" / "more").symlink_to(outside)
    refused = ingest([root / "seeds"], base=root)
    assert not refused.articles
    assert [(s, o) for s, o, _ in problems(refused)] == [("error", "seeds/more"), ("error", "seeds/private.txt")]
    assert all("outside seeds; not read (set extra.briefing.follow_links_outside_seeds: true" in m
               for _, _, m in problems(refused))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    latest_count: 20\n", "    latest_count: 20\n    follow_links_outside_seeds: true\n"), encoding="utf-8")
    followed = ingest([root / "seeds"], base=root, limits=load_config(root).ingest_limits)
    assert [a.origin.path for a in followed.articles] == ["seeds/more/private.txt"]
    assert ingest_module.Limits().follow_outside is False


@pytest.mark.slow
def test_strict_build_fails_on_a_seed_it_did_not_read_28(tmp_path):
    root = make_project(tmp_path / "archive")
    (root / "seeds" / "gone.txt").symlink_to("nowhere.txt")
    result = run(root, "build", "--strict", "--jobs", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("error", "seeds/gone.txt", "dangling symbolic link (to 'nowhere.txt'); not read") in messages(result.stderr)


def test_a_named_pipe_among_the_seeds_is_named_not_waited_on_28(tmp_path):
    (tmp_path / "story.txt").write_text(f"date 2023-05-01 {GOOD}\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait for a writer for ever
    found: list = []
    reader = threading.Thread(target=lambda: found.append(ingest([tmp_path], base=tmp_path)), daemon=True)
    reader.start()
    reader.join(30)
    assert found, "ingest waited on the named pipe"
    assert problems(found[0]) == [("error", "pipe.txt", "not a regular file (a named pipe, socket or device); not read")]
    assert [a.id for a in found[0].articles] == ["story"]


def test_one_endless_gzipped_line_stops_at_the_size_cap_28(tmp_path):
    path = tmp_path / "endless.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(json.dumps({"id": "first", "date": "2023-05-01", "text": GOOD}).encode() + b"\n")
        for _ in range(40):
            out.write(b" " * (1 << 20))  # one line of 40 MiB, no newline
    result = ingest([path], base=tmp_path, limits=ingest_module.Limits(max_bytes=20_000_000))
    assert [a.id for a in result.articles] == ["first"]
    assert [(s, o) for s, o, _ in problems(result)] == [("error", "endless.jsonl.gz:2")]
    assert "more than 20 MB decompressed" in problems(result)[0][2]


def test_a_lone_surrogate_in_entities_yml_is_a_message_and_the_overrides_are_ignored_28(tmp_path):
    path = tmp_path / "entities.yml"
    path.write_text('rename:\n  Ukraine: "Ukr\\ud800aine"\n', encoding="utf-8")
    overrides, said = load_overrides(path)
    assert not overrides.rename
    assert [(str(p.origin), p.message) for p in said] == [
        (str(path), "'Ukr\\ud800aine' holds a lone surrogate, which is no character; entity overrides ignored")]
