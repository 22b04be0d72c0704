"""The catalogue of bad and hostile input (docs/input-errors.md), as files.

Small cases are committed under ``tests/fixtures/hostile/``; large or
binary ones (a 5 MB article, a truncated gzip, a binary file, a
3,000-word sentence, deeply nested JSON, a hostile file name) are made
here at test time so that the repository holds no big or binary blobs.
``CATALOGUE`` says, for every case, what the generator must do with it.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
HOSTILE_NAME = "[bold red]<img src=x onerror=alert(9)>.txt"


@dataclass(frozen=True)
class Case:
    """One kind of bad input: its file, what happens, and what the message says."""

    file: str
    outcome: str  # "error" (skipped), "warning" (built, with a message), "ok" (built silently), "ignored"
    message: str = ""  # a phrase the message must contain
    line: int | None = None  # for JSONL: the line the message names


CATALOGUE = [
    Case("no_date.txt", "error", "no date"),
    Case("impossible_date.txt", "error", "'2023-02-30' does not exist"),
    Case("md_impossible_date.md", "error", "'2023-02-30' does not exist"),
    Case("date_other_form.txt", "error", "'28 Oct 2022' is not in the form YYYY-MM-DD; if it means 28 October 2022, write 2022-10-28"),
    Case("future_date.txt", "error", "2999-01-01 is in the future"),
    Case("empty.txt", "error", "empty file"),
    Case("whitespace_only.txt", "error", "empty file (only whitespace)"),
    Case("binary_file.txt", "error", "binary file"),
    Case("cp1252.txt", "warning", "not UTF-8"),
    Case("utf8_bom.txt", "ok"),
    Case("utf16_bom.txt", "ok"),
    Case("crlf.txt", "ok"),
    Case("crlf_front_matter.md", "ok"),
    Case("huge_article.txt", "error", "over the 1,000,000-character limit"),
    Case("jsonl_one_broken_line.jsonl", "error", "not valid JSON", line=2),
    Case("jsonl_one_broken_line.jsonl", "error", "a JSON list, not an object", line=4),
    Case("jsonl_deep_nesting.jsonl", "error", "nested too deeply", line=2),
    Case("truncated.jsonl.gz", "error", "damaged or truncated"),
    Case("not_gzip.jsonl.gz", "error", "not a gzip file"),
    Case("duplicate_id_first.md", "ok"),
    Case("duplicate_id_second.md", "error", "duplicate id 'dup-1'"),
    Case("slug_collision_a.md", "ok"),
    Case("slug_collision_b.md", "ok"),
    Case("invalid_yaml.md", "error", "invalid YAML front matter (line 4)"),
    Case("yaml_python_tag.md", "error", "could not determine a constructor"),
    Case("yaml_alias_bomb.md", "error", "title must be text, got list"),
    Case("front_matter_not_mapping.md", "error", "front matter is a list, not a mapping"),
    Case("md_no_front_matter.md", "error", "no front matter"),
    Case("title_punctuation.md", "ok"),
    Case("id_traversal.md", "error", "id '../../etc/passwd' is not allowed"),
    Case("id_slash.jsonl", "error", "id 'news/2023/story' is not allowed", line=1),
    Case("id_slash.jsonl", "error", "id '/absolute' is not allowed", line=2),
    Case("field_wrong_type.jsonl", "error", "title must be text, got dict", line=1),
    Case("field_wrong_type.jsonl", "error", "text must be text, got int", line=2),
    Case("field_wrong_type.jsonl", "error", "date 20230525 is not in the form YYYY-MM-DD", line=3),
    Case("field_wrong_type.jsonl", "error", "id True is not allowed", line=4),
    Case("long_headline.md", "warning", "kept in full"),
    Case("title_only_symbols.md", "ok"),
    Case("non_latin_names.txt", "ok"),
    Case("markdown_syntax.txt", "ok"),
    Case("jinja_syntax.md", "ok"),
    Case("html_injection.md", "warning", "is not an http(s) address; left out"),
    Case("url_not_http.jsonl", "warning", "is not an http(s) address; left out", line=1),
    Case("control_characters.txt", "ok"),
    Case("one_long_sentence.txt", "ok"),
    Case("no_punctuation.txt", "ok"),
    Case("junk_only.txt", "error", "no text left after removing junk"),
    Case(HOSTILE_NAME, "ok"),
    Case("unknown_type.html", "ignored"),
]
"""Every case. Articles that build: one each, except the JSONL files' good lines listed in ``GOOD_LINES``."""

GOOD_LINES = {"jsonl_one_broken_line.jsonl": ["feed-ok-1", "feed-ok-2"], "truncated.jsonl.gz": None}
"""JSONL files some of whose lines build (None: the lines before the damage, counted at test time)."""


def one_long_sentence(words: int = 3000) -> str:
    """A single 3,000-word sentence of plausible news words, the same every time."""
    rng = random.Random(3000)
    vocabulary = ("the government said that officials in Brussels and Paris would meet again because the talks "
                  "on trade tariffs farm quotas and energy prices had stalled while ministers from Germany and "
                  "Italy argued over the budget and the central bank warned about inflation").split()
    out = ["Officials"] + [rng.choice(vocabulary) + ("," if rng.random() < 0.08 else "") for _ in range(words - 1)]
    return " ".join(out).rstrip(",") + "."


def write_generated(target: Path) -> None:
    """Write the large, binary and oddly named cases into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    (target / "binary_file.txt").write_bytes(png)
    paragraph = ("The committee in Geneva said on Monday that it had reviewed the report in full. "
                 "Members said they would publish their findings next month.\n\n")
    (target / "huge_article.txt").write_text("date 2023-06-01 " + paragraph * (5_000_000 // len(paragraph) + 1),
                                             encoding="utf-8")
    lines = [json.dumps({"id": f"gz-{i}", "date": f"2023-06-{i % 28 + 1:02d}",
                         "text": f"Story number {i} from the wire: officials in Madrid said on Monday that exports rose {i} percent."})
             for i in range(80)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)
    (target / "truncated.jsonl.gz").write_bytes(data[: len(data) // 2])
    (target / "one_long_sentence.txt").write_text("date 2023-06-02 " + one_long_sentence() + "\n", encoding="utf-8")
    nested = "[" * 100_000 + "]" * 100_000
    good = json.dumps({"id": "deep-ok", "date": "2023-06-03", "text": "Officials in Vienna said the good line before a hostile one still builds."})
    (target / "jsonl_deep_nesting.jsonl").write_text(good + "\n" + nested + "\n", encoding="utf-8")
    (target / HOSTILE_NAME).write_text(
        "date 2023-06-04 A file whose name holds markup: officials in Athens said on Monday it must build.\n",
        encoding="utf-8")


def hostile_seeds(target: Path) -> Path:
    """A seeds folder with every case of the catalogue: the committed files plus the generated ones."""
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns(".gitattributes", "__pycache__"), dirs_exist_ok=True)
    write_generated(target)
    return target
