"""Read input files into ``Article`` records; the only stage that reads input.

Three forms are accepted, found recursively in sorted order so that a build
is deterministic:

- ``.txt``: optional leading whitespace, ``date YYYY-MM-DD``, then the text
  (which may start on the same line);
- ``.md``/``.markdown``: YAML front matter with ``date`` (required) and
  ``title``, ``id``, ``source``, ``url``, ``author``, ``dateline``; the body is the text;
- ``.jsonl``/``.jsonl.gz``: one JSON object a line with ``date`` and ``text``
  and the same optional fields; other fields are ignored.

A bad file or line becomes a ``Problem`` naming it; the rest still loads.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import frontmatter
import yaml

from .models import Article, Origin, Problem

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
OPTIONAL_FIELDS = ("title", "source", "url", "author", "dateline")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
MAX_BYTES = 20_000_000


@dataclass
class IngestResult:
    """Articles read, in input order, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def ingest(paths: Iterable[Path], base: Path | None = None) -> IngestResult:
    """Read every article under ``paths`` (files or folders, searched recursively).

    Args:
        paths: files or folders to read.
        base: paths in messages are shown relative to this folder when they are inside it.

    Returns:
        The articles, with duplicate ids dropped after the first, and the problems.
    """
    result = IngestResult()
    seen: dict[str, Origin] = {}
    for path in discover(paths, result.problems, base):
        for item in read_file(path, _display(path, base)):
            if isinstance(item, Problem):
                result.problems.append(item)
            elif item.id in seen:
                result.problems.append(
                    Problem(item.origin, f"duplicate id {item.id!r} (first used by {seen[item.id]}); skipped")
                )
            else:
                seen[item.id] = item.origin
                result.articles.append(item)
    return result


def discover(paths: Iterable[Path], problems: list[Problem], base: Path | None = None) -> list[Path]:
    """List input files under ``paths`` in a stable order, skipping hidden ones."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
                and _kind(p) is not None
            )
        else:
            problems.append(Problem(Origin(_display(path, base)), "no such file or folder"))
    return found


def read_file(path: Path, display: str | None = None) -> Iterator[Article | Problem]:
    """Yield the articles (or problems) in one input file."""
    display = display or str(path)
    kind = _kind(path)
    if kind is None:
        yield Problem(Origin(display), "unknown input type (expected .txt, .md, .jsonl or .jsonl.gz)")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, display)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield Problem(Origin(display), f"cannot read: {exc.strerror or exc}")
        return
    text, problem = decode(raw, Origin(display))
    if problem:
        yield problem
        if text is None:
            return
    reader = _read_text if kind == "txt" else _read_markdown
    yield from reader(text, path, display)


def decode(raw: bytes, origin: Origin) -> tuple[str | None, Problem | None]:
    """Decode bytes as UTF-8 (BOM allowed), falling back to cp1252 with a warning."""
    if len(raw) > MAX_BYTES:
        return None, Problem(origin, f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit")
    if b"\x00" in raw:
        return None, Problem(origin, "binary file (contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"), None
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        warning = Problem(origin, f"not UTF-8 (byte {exc.start}); read as Windows-1252", "warning")
        return text.replace("\r\n", "\n").replace("\r", "\n"), warning


def parse_date(value: object) -> dt.date:
    """Parse an ISO date (``YYYY-MM-DD``, or a datetime starting with one).

    Raises:
        ValueError: with a message that says what was expected.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing date")
    text = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?", text)
    if not match:
        raise ValueError(f"date {text!r} is not in the form YYYY-MM-DD")
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"date {text!r} does not exist") from None


def check_id(value: object) -> str:
    """Return a given id if it is safe in a URL and a file name.

    Raises:
        ValueError: the id has characters other than letters, digits, ``.``, ``_`` and ``-``.
    """
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    if not ID_PATTERN.match(text) or ".." in text:
        raise ValueError(
            f"id {value!r} is not allowed: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )
    return text.lower()


def id_from_name(name: str) -> str:
    """Derive a permanent id from a file name (never from its text)."""
    derived = re.sub(r"[^a-z0-9._-]+", "-", name.lower()).strip("-._")
    return derived[:128] or "article"


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(MARKDOWN_SUFFIXES):
        return "md"
    if name.endswith(TEXT_SUFFIXES):
        return "txt"
    return None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl", ".markdown", ".md", ".txt"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _display(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return str(Path(path).resolve().relative_to(base.resolve()))
        except ValueError:
            pass
    return str(path)


def _read_text(text: str, path: Path, display: str) -> Iterator[Article | Problem]:
    origin = Origin(display)
    match = SEED_HEADER.match(text)
    if not match:
        if not text.strip():
            yield Problem(origin, "empty file")
        else:
            yield Problem(origin, "no date: a .txt article must start with a line 'date YYYY-MM-DD'")
        return
    try:
        date = parse_date(match[1])
    except ValueError as exc:
        yield Problem(origin, str(exc))
        return
    body = text[match.end():]
    if not body.strip():
        yield Problem(origin, "no text after the date")
        return
    yield Article(id=id_from_name(_stem(path)), date=date, text=body, origin=origin)


def _read_markdown(text: str, path: Path, display: str) -> Iterator[Article | Problem]:
    origin = Origin(display)
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        yield Problem(origin, f"invalid YAML front matter: {_first_line(exc)}")
        return
    except Exception as exc:  # python-frontmatter raises plain errors for odd fences
        yield Problem(origin, f"unreadable front matter: {_first_line(exc)}")
        return
    yield _article(dict(post.metadata), post.content, origin, id_from_name(_stem(path)))


def _read_jsonl(path: Path, display: str) -> Iterator[Article | Problem]:
    stem = _stem(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    try:
        with opener(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                origin = Origin(display, number)
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield Problem(origin, f"not a JSON object: {_first_line(exc)}")
                    continue
                if not isinstance(record, dict):
                    yield Problem(origin, "not a JSON object")
                    continue
                yield _article(record, record.get("text"), origin, f"{id_from_name(stem)}-{number}")
    except (OSError, EOFError, zlib.error) as exc:
        yield Problem(Origin(display, number + 1 if number else None), f"cannot read further: {_first_line(exc)}")


def _article(meta: dict, text: object, origin: Origin, fallback_id: str) -> Article | Problem:
    try:
        date = parse_date(meta.get("date"))
    except ValueError as exc:
        return Problem(origin, str(exc))
    if not isinstance(text, str) or not text.strip():
        return Problem(origin, "no text")
    try:
        article_id = check_id(meta["id"]) if meta.get("id") not in (None, "") else fallback_id
    except ValueError as exc:
        return Problem(origin, str(exc))
    optional = {}
    for name in OPTIONAL_FIELDS:
        value = meta.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            return Problem(origin, f"{name} must be text, got {type(value).__name__}")
        optional[name] = " ".join(str(value).split())
    return Article(id=article_id, date=date, text=text.replace("\r\n", "\n"), origin=origin, **optional)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
