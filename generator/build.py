"""The pipeline, top to bottom: ingest, clean, analyse, summarise, resolve, link, render.

``generate()`` reads like the data flow in DESIGN.md, one stage a line,
timing each stage for the benchmark. The per-article stages are cached by
content hash; the archive-level ones run on compact records.
"""

from __future__ import annotations

import dataclasses
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import analyse as analyse_stage
from . import executor as executor_module
from . import stages
from . import summarise as summarise_stage
from .analyse import Analyser, model_loaded_ahead
from .build_memory import Kept, fewer_collections
from .article_cache import Made, analyses_of, briefing_to_dict, clean_new, in_article_order, seen_before
from .cache import Cache, make_key, private_folder
from .config import Config
from .entities_overrides import load_overrides
from .executor import Executor
from .ingest import IngestResult, ingest
from .memo import Memo, derived_keys, key_prefix
from . import duplicates, permalinks
from . import stories as stories_module
from .link import linked_from, related_briefings, text_matrix_ahead, without_rows
from .models import Archive, Briefing, CleanArticle, Origin, Problem
from .quotes import speaker_key
from .render import RenderResult, render
from .resolve import Grouping, group_mentions, grouping_inputs, grouping_version, resolve
from .theme_files import SearchChoice
from .threads import threads
from .writer import build_lock

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a generate run did: counts, problems and the time of each stage."""

    articles: int = 0
    briefings: int = 0
    entities: int = 0
    entity_pages: int = 0
    folded: int = 0  # briefings folded into a newer version of their story (``duplicates``)
    analysed: int = 0
    cached: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the cache, not the input: --strict ignores them
    timings: dict[str, float] = field(default_factory=dict)
    render: RenderResult | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


def generate(config: Config, paths: list[Path] | None = None, jobs: int | Executor | None = None,
             progress: Progress | None = None, locked: bool = False, executor: Executor | None = None) -> BuildReport:
    """Generate ``content/`` (and the theme overrides) from the seeds.

    Args:
        config: the project's settings.
        paths: input files or folders instead of ``config.seeds``.
        jobs: the worker processes of every stage that fans out: an ``Executor`` (``executor.py``), or their
            number (default: ``config.jobs``).
        progress: called with a short message as each stage starts.
        locked: the caller holds the project's lock (``project_lock``) already.
        executor: the worker processes of every stage that fans out, instead of ``jobs``.
    """
    say = progress or (lambda message: None)
    report = BuildReport()
    executor = executor or executor_for(config, jobs)
    # A rebuild's few new articles are analysed where spaCy was loaded meanwhile; a first build (no memo yet)
    # analyses its articles in a pool of its own. That process ends with the per-article stages.
    ahead = model_loaded_ahead(config.model, executor if (config.cache_path / "memo").is_dir() else Executor())
    with project_lock(config, locked), fewer_collections() as set_aside:
        with ahead as analyse_few:
            say("reading articles")
            ingested, raw_keys, kept = read_articles(paths or config.seed_paths, config, report, executor, set_aside)
            prepared = prepare_briefings(ingested.articles, config, report, executor, say, kept.memo, analyse_few,
                                         raw_keys)
        executor.per_article_done()
        briefings, keys, stories, published = held_briefings(prepared, ingested.articles, raw_keys, config, report,
                                                             kept.memo)
        archive = build_archive(briefings, config, report, say, published, executor, kept.memo, keys, stories)
        say(f"writing {len(briefings)} briefings")
        with _timed(report, "render"):
            shown_keys = [key for b, key in zip(briefings, keys) if b.id not in archive.duplicate_of]
            report.render = render_archive(archive, config, executor, kept, shown_keys)
            kept.save()
        report.problems.extend(_left_alone(report.render))
    return report


def read_articles(seeds: list[Path], config: Config, report: BuildReport, executor: Executor,
                  set_aside: Callable[[], None]) -> tuple[IngestResult, list[str], Kept]:
    """Ingest the seeds (with each article's ``article_keys``) and load what the last build kept.

    On a large archive each takes about a second, so the seeds are read in a
    forked process while this one loads the memo. Loading it counts with
    clean, where per-article results are looked up; what it loaded is set
    aside before the collector runs again: its first run would otherwise walk every object (0.6 s).
    """
    with executor.background(lambda: _read(seeds, config), "read",
                             _seeds_size(seeds, executor.threshold("read"))) as read:
        with _timed(report, "clean"), executor_module.collector_paused():
            tables_key = make_key("tables", stages.version("tables"))
            kept = Kept(config, report.notes, tables_key, stages.version("terms"))
            set_aside()
        with _timed(report, "ingest"):
            ingested, raw_keys = read()
    report.problems.extend(ingested.problems)
    report.articles = len(ingested.articles)
    return ingested, raw_keys, kept


def held_briefings(prepared: Prepared, articles, raw_keys: list[str], config: Config, report: BuildReport,
                   memo: Memo) -> tuple[list[Briefing], list[str], dict[str, str], dict[str, list[str]]]:
    """The briefings the permalink record lets through (``permalinks.reconcile``), with their keys, the stories
    to record and the URLs published so far."""
    published, recorded = permalinks.load_all(config.root / permalinks.FILE)
    held = permalinks.reconcile(prepared.briefings, published, recorded, remembered_stories(articles, memo, raw_keys))
    report.problems.extend(held.problems)
    report.notes.extend(permalinks.recognised_notes(held, articles))
    report.briefings = len(held.briefings)
    return held.briefings, [prepared.keys[i] for i in held.kept], held.stories, published


def render_archive(archive: Archive, config: Config, executor: Executor, kept: Kept,
                   shown_keys: list[str]) -> RenderResult:
    """Render the archive (``render.render``), from and into what the last build kept: page fingerprints and
    each shown briefing's search words."""
    search = search_index_wanted(config)
    terms_keys = kept.terms_keys(shown_keys)
    terms = [kept.memo.get(key) for key in terms_keys] if search else None
    result = render(archive, config.docs_path, config.theme_path, config.latest_count,
                    site_url=config.site_url, site_name=config.site_name, site_description=config.site_description,
                    permalinks_path=config.root / permalinks.FILE, known=kept.page_fingerprints(), executor=executor,
                    search=search, terms=terms,
                    search_choice=SearchChoice(config.search, config.search_material_max_kb, config.offline),
                    directory_urls=config.directory_urls)
    kept.keep_page_fingerprints(result.fingerprints)
    for key, words in zip(terms_keys, result.terms):
        if words is not None:
            kept.memo.put(key, words)
    return result


def _left_alone(result: RenderResult) -> list[Problem]:
    """Warnings for the files render did not touch: not its own, or edited by hand since."""
    return [*(Problem(Origin(skipped), "exists and was not made by briefing; left as it is", "warning")
              for skipped in result.skipped),
            *(Problem(Origin(edited), "changed since briefing wrote it (by hand?); left as it is, "
                                      "and no longer updated: delete it to have it made again", "warning")
              for edited in result.edited)]


def briefings_for(articles, config: Config, report: BuildReport, jobs: int | Executor | None = None,
                  say: Progress = lambda m: None) -> list[Briefing]:
    """The briefings of ``prepare_briefings``, without the memo."""
    return prepare_briefings(articles, config, report, jobs, say).briefings


def executor_for(config: Config, jobs: int | Executor | None = None, spec: str | None = None) -> Executor:
    """The executor for ``jobs`` (an executor, a number of processes, or None: ``config.jobs``) and ``spec``
    (``--executor``, default ``config.executor``): local processes, or a Dask cluster for the per-article stages.

    Raises:
        ExecutorError: an unknown ``spec``, or a Dask cluster that cannot be used.
    """
    if isinstance(jobs, Executor):
        return jobs
    local = Executor.from_jobs(jobs if jobs is not None else config.jobs)
    spec = spec or config.executor
    if spec == "local":
        return local
    from .dask_executor import ExecutorError, connect, is_dask

    if not is_dask(spec):
        raise ExecutorError(f"unknown executor {spec!r}: use local, dask-local or dask://HOST:PORT")
    return connect(spec, local.workers)


@dataclass
class Prepared:
    """The per-article stages' briefings, each with the key of what it was made from (for per-briefing memos)."""

    briefings: list[Briefing]
    keys: list[str]


def prepare_briefings(articles, config: Config, report: BuildReport, jobs: int | Executor | None = None,
                      say: Progress = lambda m: None, memo: Memo | None = None,
                      analyse_few: Analyser | None = None, raw_keys: list[str] | None = None) -> Prepared:
    """Run the per-article stages (clean, analyse, summarise), reusing earlier results.

    An article seen before (same fields, same code, model and settings) is
    found by a hash of its raw fields (``article_keys``), in the memo first,
    then the cache, and not even cleaned again. The others are cleaned, then
    summarised unless their cleaned text's briefing is cached, and analysed
    first unless its analysis is. A few new texts go to ``analyse_few`` if
    given (``analyse.model_loaded_ahead``). ``raw_keys`` are the articles' keys if already made.
    """
    memo = memo or Memo(None)
    executor = executor_for(config, jobs)
    cache = Cache(config.cache_path / "cache.sqlite", report.notes)
    try:
        with _timed(report, "clean"):
            raw_keys = raw_keys if raw_keys is not None else article_keys(articles, config)
            remembered, made = seen_before(raw_keys, memo, cache)
            cleaned, cleaned_raw_keys = clean_new(articles, raw_keys, remembered, made, report.problems)
        briefing_keys = _briefings_of(cleaned, config, report, executor, say, cache, analyse_few, made)
        with _timed(report, "summarise"):
            cache.put_many(zip(cleaned_raw_keys, briefing_keys))
            made.key_of.update(zip(cleaned_raw_keys, briefing_keys))
            briefings, keys = in_article_order(articles, raw_keys, remembered, made, memo)
    finally:
        cache.close()
    # Every briefing not analysed now reused a cached analysis (and maybe its summary): the two counts add up.
    report.cached = max(0, len(briefings) - report.analysed)
    return Prepared(briefings, keys)


def _briefings_of(cleaned: list[CleanArticle], config: Config, report: BuildReport, executor: Executor, say: Progress,
                  cache: Cache, analyse_few: Analyser | None, made: Made) -> list[str]:
    """Each cleaned article's briefing key, its briefing cached or made now (analysed if its analysis is not
    cached) and added to ``made``."""
    model, analysis_version, summary_version, settings = _versions(config)
    analysis_keys = [make_key("analysis", analysis_version, model, c.text) for c in cleaned]
    briefing_keys = [make_key("briefing", summary_version, key, _article_fingerprint(c), settings)
                     for c, key in zip(cleaned, analysis_keys)]
    with _timed(report, "summarise"):
        made.briefings.update({**cache.get_many(briefing_keys), **made.briefings})
    missing = [i for i, key in enumerate(briefing_keys) if key not in made.briefings]
    with _timed(report, "analyse"):
        analyses = analyses_of([(analysis_keys[i], cleaned[i].text) for i in missing], config.model, executor, say,
                               cache, analyse_few)
    report.analysed = sum(analysis_keys[i] in analyses.fresh for i in missing)  # briefings (a text twice counts twice)
    with _timed(report, "summarise"):
        pairs = [(cleaned[i], analyses.get(analysis_keys[i])) for i in missing]
        summaries = summarise_stage.summarise_many(
            pairs, (config.summary_sentences, config.summary_words, config.key_points), executor)
        new_briefings = [(briefing_keys[i], briefing_to_dict(briefing)) for i, briefing in zip(missing, summaries)]
        made.briefings.update(new_briefings)
        cache.put_many(new_briefings)
    return briefing_keys


def build_archive(briefings: list[Briefing], config: Config, report: BuildReport,
                  say: Progress = lambda m: None, published: dict[str, list[str]] | None = None,
                  jobs: int | Executor | None = None, memo: Memo | None = None, keys: list[str] | None = None,
                  stories: dict[str, str] | None = None) -> Archive:
    """Run the archive-level stages: resolve entities, decide their pages, link briefings.

    ``published`` is the record of URLs already published (``permalinks.json``);
    by default it is read from the project (with its ``stories``, to record again). ``jobs``: an executor
    or a number of processes (default ``config.jobs``). With ``memo`` and the briefings' ``keys`` (``Prepared.keys``), their groupings are
    remembered by key. ``stories`` are the stories to record (``permalinks.reconcile``).
    """
    executor = executor_for(config, jobs)
    if published is None:
        published, recorded = permalinks.load_all(config.root / permalinks.FILE)
        stories = recorded if stories is None else stories
    say("resolving entities")
    with text_matrix_ahead(briefings, executor) as text_matrix:  # linking's word counts, made meanwhile on a spare core
        with _timed(report, "duplicates"):
            separate, problems = duplicates.load_separate(config.root)
            report.problems.extend(problems)
            folding = duplicates.find_duplicates(briefings, separate, remembered_shingles(briefings, memo, keys))
            shown = [b for b in briefings if b.id not in folding.duplicate_of]
            report.folded = len(folding.duplicate_of)
        with _timed(report, "resolve"):
            overrides, problems = load_overrides(config.entities_path)
            report.problems.extend(problems)
            layouts: dict[str, str] = {}
            made_from = grouping_keys(keys)
            entities, briefing_entities = resolve(briefings, overrides,
                                                  groupings(briefings, config, memo, made_from, report.notes),
                                                  remembered_name_slugs(memo), layouts)
            folded_entities = duplicates.fold_entities(entities, briefing_entities, folding.duplicate_of)
            quoted = {speaker_key(q.speaker, briefing_entities.get(b.id, []), entities) for b in shown for q in b.quotes}
            for entity in entities.values():
                entity.has_page = (
                    entity.type in ("person", "place", "organisation") and bool(entity.briefing_ids)
                    and (len(entity.briefing_ids) >= config.entity_page_min_briefings
                         or entity.mention_count >= config.entity_page_min_mentions
                         or entity.key in quoted)  # "Who said what" links a speaker to what else they said
                )
        report.entities = len(entities)
        report.entity_pages = sum(e.has_page for e in entities.values())
        say("linking related briefings")
        with _timed(report, "link"):
            text = text_matrix()
    with _timed(report, "link"):
        if folding.duplicate_of:  # the folded briefings' rows out of the text matrix made for all
            text = without_rows(text, [i for i, b in enumerate(briefings) if b.id in folding.duplicate_of])
        related = related_briefings(shown, briefing_entities, entities, config.related_count, executor, text)
        related = duplicates.without_near_copies(related, folding.near)
        back = linked_from(related, {b.id: b.date for b in shown})
        assigned = permalinks.assign(briefings, published, remembered_slugs(briefings, memo, keys))
        duplicates.fold_urls(assigned.paths, assigned.redirects, assigned.record, folding.duplicate_of)
    with _timed(report, "threads"):
        places = threads(shown, related, entities)
    by_id = {b.id: b for b in briefings}
    return Archive(briefings=shown, entities=entities, briefing_entities=briefing_entities,
                   related=related, urls=assigned.paths, threads=places, linked_from=back,
                   redirects=assigned.redirects, permalinks=assigned.record, stories=stories or {},
                   keys=dict(zip((b.id for b in briefings), made_from)) if made_from else {}, layouts=layouts,
                   duplicate_of=folding.duplicate_of, folded_entities=folded_entities,
                   versions={page: [by_id[i] for i in ids] for page, ids in folding.versions.items()})


def grouping_keys(keys: list[str] | None) -> list[str] | None:
    """Each briefing's key joined to its grouping's version, or None without keys: the grouping's memo key, and
    ``Archive.keys`` (with its layout, what fixes a briefing's entities' mentions, including what grouping reads
    besides the code: the gazetteer's packages and data)."""
    return derived_keys("grouping-of", grouping_version(), keys) if keys else None


def groupings(briefings: list[Briefing], config: Config, memo: Memo | None = None,
              keys: list[str] | None = None, notes: list[str] | None = None) -> list[Grouping]:
    """Each briefing's entity grouping (``resolve.group_mentions``), remembered or cached by what it reads.

    Grouping is most of resolve's work and depends on one briefing alone;
    kept, a rebuild after one new article groups that article only. The
    memo finds it by ``keys`` (``grouping_keys``), without hashing what grouping reads.
    """
    version = grouping_version()
    memo = memo or Memo(None)
    memo_keys = keys or [None] * len(briefings)
    result: list[Grouping | None] = [memo.get(key) if key else None for key in memo_keys]
    todo = [i for i, grouping in enumerate(result) if grouping is None]
    if not todo:
        return result
    cache_keys = {i: make_key("grouping", version, *grouping_inputs(briefings[i])) for i in todo}
    cache = Cache(config.cache_path / "cache.sqlite", notes)
    try:
        known = cache.get_many(cache_keys.values())
        fresh = []
        for i in todo:
            if cache_keys[i] in known:
                result[i] = Grouping.from_dict(known[cache_keys[i]])
            else:
                result[i] = group_mentions(briefings[i])
                fresh.append((cache_keys[i], result[i].to_dict()))
            if memo_keys[i]:
                memo.put(memo_keys[i], result[i])
        cache.put_many(fresh)
    finally:
        cache.close()
    return result


def remembered_slugs(briefings: list[Briefing], memo: Memo | None, keys: list[str] | None
                     ) -> list[tuple[str, str]] | None:
    """Each briefing's ``permalinks.slugs``, kept in the memo by the briefing's key: slugifying
    19,000 headlines again took a third of a second."""
    if memo is None or not keys:
        return None
    memo_keys = derived_keys("slugs-of", stages.version("slugs"), keys)
    return [memo.remembered(key, lambda b=briefing: permalinks.slugs(b))
            for briefing, key in zip(briefings, memo_keys, strict=True)]


def remembered_stories(articles, memo: Memo, keys: list[str]) -> dict[str, str]:
    """Each article's ``stories.sketch`` by its id, kept in the memo by the article's key."""
    memo_keys = derived_keys("story-of", stages.version("stories"), keys)
    return {a.id: memo.remembered(key, lambda a=a: stories_module.sketch(a.title, a.text))
            for a, key in zip(articles, memo_keys, strict=True)}


def remembered_shingles(briefings: list[Briefing], memo: Memo | None, keys: list[str] | None) -> list | None:
    """Each briefing's shingles kept by an earlier build (``None`` where not); those made now are kept after.

    Shingling every text again was two thirds of near-duplicate folding on a rebuild (3 s at 19,000 articles).
    """
    if memo is None or keys is None:
        return None
    shingle_keys = derived_keys("shingles-of", stages.version("shingles"), keys)
    known = [memo.get(key) for key in shingle_keys]
    missing = [i for i, found in enumerate(known) if found is None]
    for i in missing:
        known[i] = duplicates.shingles(briefings[i].text)
        memo.put(shingle_keys[i], known[i])
    return known


def remembered_name_slugs(memo: Memo | None) -> Callable[[str], str] | None:
    """``resolve.name_slug`` kept in the memo by name: slugifying 28,000 entity names took a fifth of a second."""
    if memo is None:
        return None
    from . import resolve as resolve_module

    prefix = key_prefix("name-slug", stages.version("name_slugs"))
    return lambda name: memo.remembered(prefix + name, lambda: resolve_module.name_slug(name))






def _read(seeds: list[Path], config: Config) -> tuple[IngestResult, list[str]]:
    """The seeds' articles and their ``article_keys``."""
    ingested = ingest(seeds, base=config.root, limits=config.ingest_limits)
    return ingested, article_keys(ingested.articles, config)


def _seeds_size(seeds: list[Path], enough: int) -> int:
    """The bytes of the seeds (files or folders); counting stops at ``enough``."""
    total = 0
    for seed in seeds:
        for path in seed.rglob("*") if seed.is_dir() else [seed]:
            try:
                total += path.stat().st_size if path.is_file() else 0
            except OSError:
                continue  # ingest reports it
            if total >= enough:
                return total
    return total


def article_keys(articles, config: Config) -> list[str]:
    """Each article's key: a hash of its raw fields, the analysis and summary code, the model and the settings."""
    model, analysis_version, summary_version, settings = _versions(config)
    return [make_key("article", summary_version, analysis_version, model, settings, _raw_fingerprint(a))
            for a in articles]


def _versions(config: Config) -> tuple[str, str, str, str]:
    """What per-article results depend on besides the article (``stages``): the model, the analysis' and
    the summary's code and data, the summary settings."""
    model = analyse_stage.model_version(config.model)
    return (stages.settings("analysis", config, model=model), stages.version("analysis"), stages.version("summary"),
            stages.settings("summary", config))


def _raw_fingerprint(article) -> str:
    """Every field of an input article that cleaning or summarising can read."""
    return "\x1d".join(f"{f.name}={getattr(article, f.name)!r}" for f in dataclasses.fields(article)
                        if f.name != "origin")


def _article_fingerprint(cleaned: CleanArticle) -> str:
    article = cleaned.article
    parts = [article.id, article.date.isoformat(), article.title or "", article.source or "", article.url or "",
             article.author or "", cleaned.dateline or "", cleaned.text,
             "\x1f".join(f"{c.text}\x1e{c.credit or ''}" for c in cleaned.captions)]
    return "\x1d".join(parts)






def project_lock(config: Config, locked: bool = False):
    """The project's build lock (``writer.build_lock``): one build at a time, from reading seeds to the site's
    swap; nothing if the caller holds it already (``locked``)."""
    private_folder(config.cache_path)
    return nullcontext() if locked else build_lock(config.cache_path / "build.lock")


def search_index_wanted(config: Config) -> bool:
    """Whether the generator writes the chunked search index: unless the site is set to Material's search."""
    from . import search

    return search.ALIASES.get(config.search, config.search) != "material"
