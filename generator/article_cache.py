"""The per-article stages' results kept between builds, and how a build finds them again.

An article seen before is found by its raw key (``build.article_keys``):
as an object in the memo, else as its briefing key and briefing in the
cache. Only the others are cleaned; an analysis or a briefing already in
the cache (by a hash of the cleaned text, ``build.prepare_briefings``) is
not made again. Briefings are cached as JSON-ready data (``briefing_to_dict``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Callable

from . import analyse as analyse_stage
from .analyse import Analyser
from .executor import Executor
from .cache import Cache
from .clean import clean
from .memo import Memo
from .models import (Analysis, Briefing, Caption, CleanArticle, DateRef, Figure, Mention, Origin, Problem, Quote,
                     ResultRow, Ticker)


@dataclass
class Made:
    """Briefings made before, as the cache keeps them: each article's briefing key by raw key, and each
    briefing (``briefing_to_dict``) by briefing key."""

    key_of: dict[str, str]
    briefings: dict[str, dict]

    def get(self, raw_key: str) -> dict | None:
        key = self.key_of.get(raw_key)
        return self.briefings.get(key) if key is not None else None


def seen_before(raw_keys: list[str], memo: Memo, cache: Cache) -> tuple[dict[str, Briefing], Made]:
    """The briefings of articles seen before: in the memo (as objects, by raw key), else in the cache."""
    remembered = {raw: found for raw in raw_keys if (found := memo.get(raw)) is not None}
    seen = cache.get_many(raw for raw in raw_keys if raw not in remembered)
    known_briefings = cache.get_many(str(k) for k in seen.values())
    return remembered, Made({raw: key for raw, key in seen.items() if key in known_briefings}, known_briefings)


def clean_new(articles, raw_keys: list[str], remembered: dict[str, Briefing], made: Made, problems: list[Problem]
              ) -> tuple[list[CleanArticle], list[str]]:
    """Clean the articles not seen before; report those with no text left. Returns them with their raw keys."""
    cleaned: list[CleanArticle] = []
    cleaned_raw_keys: list[str] = []
    for article, raw_key in zip(articles, raw_keys):
        if raw_key in made.key_of or raw_key in remembered:
            continue
        result = clean(article)
        if not result.paragraphs:
            problems.append(Problem(article.origin, "no text left after removing junk and captions; skipped"))
            continue
        cleaned.append(result)
        cleaned_raw_keys.append(raw_key)
    return cleaned, cleaned_raw_keys


@dataclass
class Analyses:
    """The analyses of the texts to summarise: made now (``fresh``) or from the cache (``cached``, as dicts)."""

    fresh: dict[str, Analysis]
    cached: dict[str, dict]

    def get(self, key: str) -> Analysis:
        return self.fresh[key] if key in self.fresh else analyse_stage.from_dict(self.cached[key])


def analyses_of(texts: list[tuple[str, str]], model: str, executor: Executor, say: Callable[[str], None], cache: Cache,
                analyse_few: Analyser | None) -> Analyses:
    """The analyses of ``(analysis key, text)``: cached, or made now with spaCy (and cached)."""
    cached = cache.get_many(key for key, _ in texts)
    todo = list(dict((key, text) for key, text in texts if key not in cached).items())
    if todo:
        say(f"analysing {len(todo)} articles with spaCy")
    if analyse_few is not None and not executor.fans_out("analyse", len(todo)):
        fresh = dict(analyse_few(todo)) if todo else {}  # in the process that loaded spaCy meanwhile
    else:
        fresh = dict(analyse_stage.analyse(todo, model, executor))
    cache.put_many((key, analyse_stage.to_dict(a)) for key, a in fresh.items())
    return Analyses(fresh, cached)


def in_article_order(articles, raw_keys: list[str], remembered: dict[str, Briefing], made: Made, memo: Memo
                      ) -> tuple[list[Briefing], list[str]]:
    """Each article's briefing (none for an article with no text left) and its raw key, in article order.

    A briefing read from the cache is remembered in the memo. The memo's
    objects are handed out as they are, not copied (copying 19,000 would
    cost a warm rebuild): only their ``origin``, which is not part of their
    key, is set to this build's; an article twice gets a copy for its second origin.
    """
    briefings, keys = [], []
    handed_out: set[int] = set()
    for article, raw_key in zip(articles, raw_keys):
        briefing = remembered.get(raw_key)
        if briefing is None:
            data = made.get(raw_key)
            if data is None:
                continue  # no text left after cleaning (reported above)
            briefing = briefing_from_dict(data)
            memo.put(raw_key, briefing)
        elif id(briefing) in handed_out:  # the same article twice: each copy keeps its own origin
            briefing = dataclasses.replace(briefing)
        handed_out.add(id(briefing))
        briefing.origin = article.origin
        briefings.append(briefing)
        keys.append(raw_key)
    return briefings, keys


def briefing_to_dict(briefing: Briefing) -> dict:
    """A briefing as JSON-ready data (for the cache and ``extract``)."""
    data = dataclasses.asdict(briefing)
    data["date"] = briefing.date.isoformat()
    data["origin"] = [briefing.origin.path, briefing.origin.line]
    data["mentions"] = [[m.text, m.start, m.end, m.label] for m in briefing.mentions]
    data["captions"] = [[c.text, c.credit] for c in briefing.captions]
    return data


def briefing_from_dict(data: dict) -> Briefing:
    """Inverse of ``briefing_to_dict``."""
    values = dict(data)
    values["date"] = dt.date.fromisoformat(data["date"])
    values["origin"] = Origin(*data["origin"])
    values["mentions"] = [Mention(*m) for m in data["mentions"]]
    values["captions"] = [Caption(*c) for c in data["captions"]]
    values["sentences"] = [tuple(s) for s in data["sentences"]]
    values["quotes"] = [Quote(**q) for q in data.get("quotes", [])]
    values["figures"] = [Figure(**f) for f in data.get("figures", [])]
    values["dates"] = [DateRef(**d) for d in data.get("dates", [])]
    values["tickers"] = [Ticker(**t) for t in data.get("tickers", [])]
    values["results"] = [ResultRow(**r) for r in data.get("results", [])]
    return Briefing(**values)
