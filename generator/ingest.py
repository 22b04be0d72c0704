"""Read input files into ``Article`` records; the only stage that reads input.

Three forms are accepted, found recursively in sorted order so that a build
is deterministic:

- ``.txt``: optional leading whitespace, ``date YYYY-MM-DD``, then the text
  (which may start on the same line);
- ``.md``/``.markdown``: YAML front matter with ``date`` (required) and
  ``title``, ``id``, ``source``, ``url``, ``author``, ``dateline``; the body is the text;
- ``.jsonl``/``.jsonl.gz``: one JSON object a line with ``date`` and ``text``
  and the same optional fields; other fields are ignored. A line without an
  ``id`` gets ``<file>-<hash of its date, title and text>``: lines added,
  removed or reordered around it never change it (``line_id``).

A bad file or line becomes a ``Problem`` naming it; the rest still loads.
Every kind of bad input and what happens to it is listed in
``docs/input-errors.md``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import frontmatter
import yaml

from .clean import ANSI_ESCAPE
from .models import Article, Origin, Problem
from .seed_files import find_files

TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz")
OPTIONAL_FIELDS = ("title", "source", "url", "author", "dateline")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*")
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0c\x1b")  # what a text file hardly has
MAX_BYTES = 20_000_000
"""A .txt or .md file larger than this is refused before it is read."""
MAX_LINE_BYTES = 10_000_000
"""A JSONL line longer than this is refused without being parsed."""
MAX_TEXT_CHARS = 1_000_000
"""An article longer than this is refused: spaCy's own default ``max_length``; real articles are far shorter."""
LONG_TITLE_CHARS = 300
"""A given headline longer than this is kept, with a warning (usually body text scraped into the title)."""
FUTURE_TOLERANCE = dt.timedelta(days=1)
"""Dates up to a day after today are accepted (time zones); later ones are refused."""
OTHER_DATE_FORMS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y",
                    "%d %b, %Y", "%d %B, %Y", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
"""Unambiguous non-ISO forms: never accepted, only used to suggest the ISO date in the message."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
"""A lone surrogate (JSON's ``"\\ud800"``) is no character: it cannot be written as UTF-8 anywhere."""
MIN_YEAR = 1000
"""Earlier dates are refused: a typo (``0023`` for ``2023``) and no four-digit year for the page address."""
TIME = re.compile(r"[T ](.+)")


@dataclass(frozen=True)
class Limits:
    """Per-file caps and link policy, from ``extra.briefing`` (``Config.ingest_limits``)."""

    max_bytes: int = 200_000_000
    """A JSONL file (decompressed) is read up to this many bytes."""
    max_articles: int = 100_000
    """A JSONL file is read up to this many lines."""
    follow_outside: bool = False
    """Read files that symbolic links in a seed folder lead to outside it."""


@dataclass
class IngestResult:
    """Articles read, in input order, and the problems met on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def ingest(paths: Iterable[Path], base: Path | None = None, today: dt.date | None = None,
           limits: Limits | None = None) -> IngestResult:
    """Read every article under ``paths`` (files or folders, searched recursively).

    Args:
        paths: files or folders to read.
        base: paths in messages are shown relative to this folder when they are inside it.
        today: the date after which (plus a day) an article's date is refused as in the future.
        limits: caps on one file's size and articles, and whether links out of a folder are followed.

    Returns:
        The articles, with duplicate ids dropped after the first, and the problems.
    """
    result = IngestResult()
    seen: dict[str, Origin] = {}
    latest = (today or dt.date.today()) + FUTURE_TOLERANCE
    for path in discover(paths, result.problems, base, limits):
        display = _display(path, base)
        result.problems.extend(_name_warning(path, display))
        for item in read_file(path, display, limits):
            if isinstance(item, Article) and item.date > latest:
                item = Problem(item.origin, f"date {item.date.isoformat()} is in the future (after {latest.isoformat()}); "
                                            "check the date")
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


def discover(paths: Iterable[Path], problems: list[Problem], base: Path | None = None,
             limits: Limits | None = None) -> list[Path]:
    """List input files under ``paths`` in a stable order, skipping hidden ones; each file not read is a problem."""
    follow = (limits or Limits()).follow_outside
    return find_files(paths, problems, lambda p: _display(p, base), lambda p: _kind(p) is not None, follow)


def read_file(path: Path, display: str | None = None, limits: Limits | None = None) -> Iterator[Article | Problem]:
    """Yield the articles (or problems) in one input file."""
    display = display or _display(path, None)
    kind = _kind(path)
    if kind is None:
        yield Problem(Origin(display), "unknown input type (expected .txt, .md, .jsonl or .jsonl.gz)")
        return
    if kind == "jsonl":
        yield from _read_jsonl(path, display, limits or Limits())
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Problem(Origin(display), f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit")
            return
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
    """Decode bytes as UTF-8 (BOM allowed), falling back to cp1252 with a warning.

    UTF-16 with a byte-order mark (what some Windows editors save as
    "Unicode") is read as such; other bytes with NULs or mostly control
    characters are a binary file, refused rather than turned into junk text.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16").replace("\r\n", "\n").replace("\r", "\n"), None
        except UnicodeDecodeError:
            return None, Problem(origin, "starts with a UTF-16 byte-order mark but is not valid UTF-16")
    if b"\x00" in raw:
        return None, Problem(origin, "binary file (contains NUL bytes), not text")
    head = raw[:4096]
    if head and len(head) - len(head.translate(None, CONTROL_BYTES)) > len(head) // 10:
        return None, Problem(origin, "binary file (mostly control bytes), not text")
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
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("no date: give 'date' as YYYY-MM-DD")
    if not isinstance(value, str):
        raise ValueError(f"date {value!r} is not in the form YYYY-MM-DD")
    text = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?", text)
    if not match:
        suggestion = suggest_iso(text)
        hint = f"; if it means {suggestion:%-d %B %Y}, write {suggestion.isoformat()}" if suggestion else ""
        raise ValueError(f"date {text!r} is not in the form YYYY-MM-DD{hint}")
    try:
        date = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise ValueError(f"date {text!r} does not exist") from None
    if date.year < MIN_YEAR:
        raise ValueError(f"date {text!r} is before the year {MIN_YEAR}; check the date")
    time = TIME.fullmatch(text, 10)
    if time:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"date {text!r}: the time {time[1]!r} does not exist; "
                             "write YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    return date


def suggest_iso(text: str) -> dt.date | None:
    """The date an unambiguous non-ISO form (``28 Oct 2022``) names, for a helpful message."""
    for form in OTHER_DATE_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


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


def line_id(stem: str, record: dict) -> str:
    """The permanent id of a JSONL line without one: its file's name and a hash of what the line says.

    Numbering lines would shift every id after a line inserted above them,
    and each old link would then show the story below its own. A line whose
    text is later corrected gets a new id here; ``permalinks`` recognises it
    as the same story and keeps its published id.
    """
    fields = "\x1f".join(str(record.get(name) or "") for name in ("date", "title", "text"))
    digest = hashlib.blake2b(fields.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return f"{id_from_name(stem)[:115]}-{digest}"


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
    """``path`` for messages and ``extract``: relative to ``base`` if inside it; bytes that are not UTF-8 as ``\\xNN``."""
    shown = str(path)
    if base is not None:
        for inside, folder in ((os.path.abspath(path), os.path.abspath(base)),  # a link named as itself
                               (str(Path(path).parent.resolve() / Path(path).name), str(base.resolve()))):
            if inside.startswith(folder.rstrip(os.sep) + os.sep):
                shown = inside[len(folder.rstrip(os.sep)) + 1:]
                break
    return os.fsencode(shown).decode("utf-8", "backslashreplace") if SURROGATE.search(shown) else shown


def _name_warning(path: Path, display: str) -> list[Problem]:
    """A warning for a file name that is not UTF-8 (the file is read; its name cannot be shown or written as is)."""
    if not SURROGATE.search(path.name):
        return []
    return [Problem(Origin(display), "file name is not UTF-8 (shown with \\x escapes); read, but rename it in UTF-8",
                    "warning")]


def _read_text(text: str, path: Path, display: str) -> Iterator[Article | Problem]:
    origin = Origin(display)
    match = SEED_HEADER.match(text)
    if not match:
        if not text:
            yield Problem(origin, "empty file")
        elif not text.strip():
            yield Problem(origin, "empty file (only whitespace)")
        else:
            yield Problem(origin, "no date: a .txt article must start with a line 'date YYYY-MM-DD'")
        return
    try:
        date = parse_date(match[1])
    except ValueError as exc:
        yield Problem(origin, _whole_date_message(text, match.start(1)) or str(exc))
        return
    body = text[match.end():]
    if not body.strip():
        yield Problem(origin, "no text after the date")
        return
    if len(body) > MAX_TEXT_CHARS:
        yield _too_long(origin, len(body))
        return
    yield Article(id=id_from_name(_stem(path)), date=date, text=body, origin=origin)


def _whole_date_message(text: str, start: int) -> str | None:
    """A message for a header date written in words (``date 28 Oct 2022``), which spans several tokens."""
    words = text[start:].split("\n", 1)[0].split()[:4]
    for n in range(len(words), 1, -1):
        candidate = " ".join(words[:n])
        suggestion = suggest_iso(candidate)
        if suggestion:
            return (f"date {candidate!r} is not in the form YYYY-MM-DD; "
                    f"if it means {suggestion:%-d %B %Y}, write {suggestion.isoformat()}")
    return None


def _too_long(origin: Origin, length: int) -> Problem:
    return Problem(origin, f"text is {length:,} characters, over the {MAX_TEXT_CHARS:,}-character limit for one article")


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay text so that every date goes through ``parse_date``."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterHandler(frontmatter.YAMLHandler):
    def load(self, fm: str, **kwargs: object):
        return yaml.load(fm, Loader=_FrontMatterLoader)


def _read_markdown(text: str, path: Path, display: str) -> Iterator[Article | Problem]:
    origin = Origin(display)
    handler = _FrontMatterHandler()
    if not handler.detect(text):
        yield Problem(origin, "no front matter: a .md article must start with '---', a YAML block with 'date', and '---'")
        return
    try:
        fm, content = handler.split(text)
        meta = handler.load(fm)
    except yaml.YAMLError as exc:
        where = f" (line {exc.problem_mark.line + 1})" if getattr(exc, "problem_mark", None) else ""
        yield Problem(origin, f"invalid YAML front matter{where}: {_first_line(exc)}")
        return
    except (ValueError, RecursionError) as exc:
        yield Problem(origin, f"unreadable front matter: {_first_line(exc)}")
        return
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        yield Problem(origin, f"front matter is a {type(meta).__name__}, not a mapping of fields such as 'date: YYYY-MM-DD'")
        return
    yield from _with_warnings(meta, content, origin, id_from_name(_stem(path)))


def _read_jsonl(path: Path, display: str, limits: Limits) -> Iterator[Article | Problem]:
    stem = _stem(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    number = 0
    copies: dict[str, int] = {}
    try:
        handle = opener(path, "rb")
    except OSError as exc:  # not "damaged": the file is fine, the builder may not read it
        yield Problem(Origin(display), f"cannot read: {exc.strerror or exc}")
        return
    try:
        with handle:
            for number, raw in enumerate(_lines(handle, limits.max_bytes), start=1):
                origin = Origin(display, number)
                over = _over_limit(handle, number, limits)
                if over:
                    yield Problem(origin, f"{over}; the {number - 1:,} line(s) before were read, the rest was not")
                    return
                if raw is None:
                    yield Problem(origin, f"line is over the {MAX_LINE_BYTES:,}-byte limit; skipped")
                    continue
                if not raw.strip():
                    continue
                text, problem = decode(raw, origin)
                if problem:
                    yield problem
                    if text is None:
                        continue
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    yield Problem(origin, f"not valid JSON: {_first_line(exc)}")
                    continue
                except RecursionError:
                    yield Problem(origin, "not valid JSON: nested too deeply")
                    continue
                if not isinstance(record, dict):
                    yield Problem(origin, f"a JSON {type(record).__name__}, not an object with 'date' and 'text'")
                    continue
                fallback = line_id(stem, record)
                copies[fallback] = copies.get(fallback, 0) + 1  # the same line again: numbered, as before
                fallback += f"-{copies[fallback]}" if copies[fallback] > 1 else ""
                yield from _with_warnings(record, record.get("text"), origin, fallback)
    except gzip.BadGzipFile as exc:
        yield Problem(Origin(display), f"not a gzip file ({_first_line(exc)}); name it .jsonl if it is not compressed")
    except (OSError, EOFError, zlib.error) as exc:
        where = Origin(display, number + 1 if number else None)
        yield Problem(where, f"cannot read further, the file is damaged or truncated ({_first_line(exc)}); "
                             f"the {number} line(s) before were read")


def _over_limit(handle, number: int, limits: Limits) -> str | None:
    """What makes a JSONL file too big to read further at line ``number`` (a bomb: a few KB of gzip, gigabytes)."""
    if number > limits.max_articles:
        return (f"more than {limits.max_articles:,} lines, the limit for one file "
                "(extra.briefing.max_file_articles)")
    if handle.tell() > limits.max_bytes:
        return (f"more than {limits.max_bytes // 1_000_000:,} MB decompressed, the limit for one file "
                "(extra.briefing.max_file_mb)")
    return None


def _lines(handle, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary file, with ``None`` for a line over ``MAX_LINE_BYTES`` (never held whole; skipping one
    stops past ``max_bytes``, where the caller stops reading)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n") and handle.tell() <= max_bytes:
                line = handle.readline(1 << 20)
            yield None
            continue
        yield line


def _article(meta: dict, text: object, origin: Origin, fallback_id: str) -> Article | Problem:
    """Check one record's fields; return the article, or the error that keeps it out."""
    return _with_warnings(meta, text, origin, fallback_id)[-1]


def _with_warnings(meta: dict, text: object, origin: Origin, fallback_id: str) -> list[Article | Problem]:
    """Check one record's fields; return its warnings and the article, or the one error."""
    result = _check_record(meta, text, origin, fallback_id)
    return result if isinstance(result, list) else [result]


def _check_record(meta: dict, text: object, origin: Origin, fallback_id: str) -> list[Article | Problem] | Problem:
    try:
        date = parse_date(meta.get("date"))
    except ValueError as exc:
        return Problem(origin, str(exc))
    if text is not None and not isinstance(text, str):
        return Problem(origin, f"text must be text, got {type(text).__name__}")
    if not text or not text.strip():
        return Problem(origin, "no text")
    if len(text) > MAX_TEXT_CHARS:
        return _too_long(origin, len(text))
    warnings: list[Problem] = []
    text = _whole_characters(text, "text", origin, warnings)
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
        value = _whole_characters(str(value), name, origin, warnings)
        value = " ".join(CONTROL.sub(" ", ANSI_ESCAPE.sub("", unicodedata.normalize("NFC", value))).split())
        if value:
            optional[name] = value
    url = optional.get("url")
    if url is not None and not re.match(r"(?i)https?://[^\s/]", url):
        del optional["url"]
        warnings.append(Problem(origin, f"url {url!r} is not an http(s) address; left out", "warning"))
    title = optional.get("title")
    if title is not None and len(title) > LONG_TITLE_CHARS:
        warnings.append(Problem(origin, f"title is {len(title):,} characters long (over {LONG_TITLE_CHARS}); "
                                        "kept in full, the page address uses its first words", "warning"))
    article = Article(id=article_id, date=date, text=text.replace("\r\n", "\n"), origin=origin, **optional)
    return [*warnings, article]


def _whole_characters(value: str, name: str, origin: Origin, warnings: list[Problem]) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (with a warning): it cannot be stored or written."""
    found = None if value.isascii() else SURROGATE.search(value)  # isascii: a C scan, most fields are ASCII
    if not found:
        return value
    warnings.append(Problem(origin, f"{name} holds a lone surrogate ({found[0].encode('unicode_escape').decode()}), "
                                    "which is no character; replaced by \N{REPLACEMENT CHARACTER}", "warning"))
    return SURROGATE.sub("\N{REPLACEMENT CHARACTER}", value)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
